// Charge lines of one service of one account for one period (zones, tariff changes inside the month, tiers, benefit, VAT) and corrections.
import {
  compareDecimal,
  decimalToPlain,
  divDecimal,
  isZeroDecimal,
  normalizeDecimal,
  subDecimal,
  sumDecimals,
  toDecimal,
  type Decimal,
  type DecimalInput,
} from './decimal.js';
import { mulRound, percentOf, vatIncluded, type Kopecks } from './money.js';
import {
  addDays,
  compareDates,
  daysBetween,
  daysInMonth,
  firstDayOf,
  inForceAt,
  lastDayOf,
  type IsoDate,
  type Period,
} from './periods.js';
import { tieredVolumes, type VolumeMethod, type Zone } from './volumes.js';

/** One row of a tariff plan's rate history: in force from `from` until the next row of the same zone and tier. */
export interface TariffRate {
  from: IsoDate;
  zone: Zone;
  /** 1 unless the region has tiered residential volumes. */
  tier?: number;
  /** Upper bound of this tier's monthly volume; null / absent for the last tier. */
  tierLimit?: DecimalInput | null;
  price: DecimalInput;
}

/**
 * The VAT split out of a line. Prices are stored VAT-inclusive (docs/dataset.md), so charged =
 * round(q × p) whatever the rate, and the VAT inside it is round(charged × r / (100 + r)) at the
 * rate of the billed month (vatOfMonth).
 */
export interface VatRule {
  percent: DecimalInput;
}

export interface ChargeInput {
  period: Period;
  unit: string;
  method: VolumeMethod | 'manual';
  /** The month's volume per zone. */
  volumes: readonly { zone: Zone; quantity: DecimalInput }[];
  /** The plan's whole rate history (rows of other periods are ignored). */
  rates: readonly TariffRate[];
  /** Share of the charge covered by a benefit (меры социальной поддержки), in %. */
  benefitPercent?: DecimalInput | null;
  /** Business VAT split out of the VAT-inclusive price; null / absent: not split. */
  vat?: VatRule | null;
  /** Decimals of a volume split by days (default 3); the last part takes the remainder so the parts add up exactly. */
  prorationDecimals?: number;
}

export interface ChargeLine {
  zone: Zone;
  tier: number | null;
  unit: string;
  /** Exact decimal string. */
  quantity: string;
  tariff: string;
  /** The days of the period this line's price covers (inclusive). */
  from: IsoDate;
  to: IsoDate;
  /** What the customer owes for the line, VAT included where VAT applies. */
  chargedKop: Kopecks;
  benefitKop: Kopecks;
  adjustmentKop: Kopecks;
  /** The VAT inside chargedKop. */
  vatKop: Kopecks;
  method: VolumeMethod | 'manual';
}

export class NoTariffError extends RangeError {
  constructor(
    readonly zone: Zone,
    readonly date: IsoDate,
  ) {
    super(`no tariff for zone ${zone} on ${date}`);
    this.name = 'NoTariffError';
  }
}

/** The rate rows (one per tier) of a zone in force on a date. */
export function ratesOn(rates: readonly TariffRate[], zone: Zone, date: IsoDate): TariffRate[] {
  const byTier = new Map<number, TariffRate>();
  for (const r of rates) {
    if (r.zone !== zone || compareDates(r.from, date) > 0) continue;
    const tier = r.tier ?? 1;
    const cur = byTier.get(tier);
    if (!cur || compareDates(r.from, cur.from) > 0) byTier.set(tier, r);
  }
  if (byTier.size === 0) throw new NoTariffError(zone, date);
  return [...byTier.entries()].sort((a, b) => a[0] - b[0]).map(([, r]) => r);
}

/** Parts of the period with one set of prices for the zone: a rate starting inside the month cuts it. */
export function priceSegments(
  rates: readonly TariffRate[],
  zone: Zone,
  period: Period,
): { from: IsoDate; to: IsoDate; days: number; rates: TariffRate[] }[] {
  const first = firstDayOf(period);
  const last = lastDayOf(period);
  const cuts = [
    ...new Set(
      rates
        .filter((r) => r.zone === zone && compareDates(r.from, first) > 0 && compareDates(r.from, last) <= 0)
        .map((r) => r.from),
    ),
  ].sort(compareDates);
  const starts = [first, ...cuts];
  return starts.map((from, i) => {
    const next = starts[i + 1];
    const to = next ? addDays(next, -1) : last;
    return { from, to, days: daysBetween(from, to) + 1, rates: ratesOn(rates, zone, from) };
  });
}

/**
 * Splits a volume over day counts: each part = volume × days / total rounded half up to
 * `decimals`, the last part = volume − the others, so the parts add up to the volume exactly.
 */
export function prorateByDays(volume: DecimalInput, days: readonly number[], decimals: number): Decimal[] {
  const total = days.reduce((s, d) => s + d, 0);
  if (days.length === 0 || total <= 0) throw new RangeError('nothing to prorate over');
  const v = toDecimal(volume);
  const scale = Math.max(decimals, v.scale);
  const parts: Decimal[] = [];
  days.forEach((d, i) => {
    if (i === days.length - 1) parts.push(subDecimal(v, sumDecimals(parts)));
    else parts.push(divDecimal({ units: v.units * BigInt(d), scale: v.scale }, BigInt(total), scale));
  });
  return parts;
}

function tierLimits(rows: readonly TariffRate[]): Decimal[] {
  // each tier's upper bound, except the last tier's
  return rows.slice(0, -1).map((r) => {
    if (r.tierLimit === null || r.tierLimit === undefined)
      throw new RangeError(`tier ${r.tier ?? 1} of zone ${r.zone} has no limit`);
    return toDecimal(r.tierLimit);
  });
}

function lineAmounts(
  quantity: Decimal,
  price: DecimalInput,
  benefitPercent: DecimalInput | null,
  vat: VatRule | null,
) {
  const charged = mulRound(quantity, price);
  const vatKop = vat ? vatIncluded(charged, vat.percent) : 0;
  const benefit = benefitPercent === null ? 0 : percentOf(charged, benefitPercent);
  return { chargedKop: charged, vatKop, benefitKop: benefit };
}

/**
 * The charge lines of one service for one period. Per zone:
 * 1. tiers: the month's volume is split by the tier limits in force on the period's last day
 *    (limits are monthly, so they are not prorated);
 * 2. a rate that starts inside the month cuts it into segments; each tier volume is split over
 *    the segments by days (prorateByDays: rounded to `prorationDecimals`, remainder on the last
 *    segment, so quantities add up exactly to the metered volume);
 * 3. each (segment, tier) line: charged = round half up(quantity × price) — once per line, and
 *    the bill total is the sum of the lines; benefit and VAT are rounded per line from charged.
 * Lines with zero quantity are left out, except that a zone always keeps one line.
 */
export function chargeLines(input: ChargeInput): ChargeLine[] {
  const decimals = input.prorationDecimals ?? 3;
  const benefit = input.benefitPercent ?? null;
  const vat = input.vat ?? null;
  if (benefit !== null && (compareDecimal(benefit, 0n) < 0 || compareDecimal(benefit, 100n) > 0)) {
    throw new RangeError(`benefit percent out of range: ${decimalToPlain(benefit)}`);
  }
  const out: ChargeLine[] = [];
  for (const zv of input.volumes) {
    const volume = toDecimal(zv.quantity);
    if (volume.units < 0n) throw new RangeError(`negative volume for zone ${zv.zone}`);
    const segments = priceSegments(input.rates, zv.zone, input.period);
    const tierRows = ratesOn(input.rates, zv.zone, lastDayOf(input.period));
    const tierVolumes = tieredVolumes(volume, tierLimits(tierRows)).map(toDecimal);
    const zoneLines: ChargeLine[] = [];
    tierVolumes.forEach((tv, t) => {
      const tier = tierRows[t]?.tier ?? 1;
      const parts = prorateByDays(
        tv,
        segments.map((s) => s.days),
        decimals,
      );
      segments.forEach((seg, i) => {
        const row = seg.rates.find((r) => (r.tier ?? 1) === tier);
        if (!row) throw new NoTariffError(zv.zone, seg.from);
        const quantity = parts[i] ?? { units: 0n, scale: 0 };
        zoneLines.push({
          zone: zv.zone,
          tier: tierRows.length > 1 ? tier : null,
          unit: input.unit,
          quantity: decimalToPlain(quantity),
          tariff: decimalToPlain(row.price),
          from: seg.from,
          to: seg.to,
          ...lineAmounts(quantity, row.price, benefit, vat),
          adjustmentKop: 0,
          method: input.method,
        });
      });
    });
    const nonZero = zoneLines.filter((l) => !isZeroDecimal(l.quantity));
    out.push(...(nonZero.length > 0 ? nonZero : zoneLines.slice(0, 1)));
  }
  return out;
}

/** A line as stored on an issued bill, enough to compare with a recalculation. */
export interface CorrectableLine {
  service?: string | null;
  zone: Zone | null;
  tier?: number | null;
  unit?: string | null;
  quantity: string | null;
  tariff: string | null;
  chargedKop: Kopecks;
  benefitKop: Kopecks;
  adjustmentKop?: Kopecks;
  vatKop: Kopecks;
  method?: VolumeMethod | 'manual' | null;
}

export interface CorrectionLine {
  service: string | null;
  zone: Zone | null;
  tier: number | null;
  unit: string | null;
  tariff: string | null;
  /** recalculated − issued, exact (negative where the volume goes down). */
  quantity: string;
  chargedKop: Kopecks;
  benefitKop: Kopecks;
  adjustmentKop: Kopecks;
  vatKop: Kopecks;
  method: VolumeMethod | 'manual' | null;
}

function lineKey(l: CorrectableLine): string {
  return JSON.stringify([
    l.service ?? null,
    l.zone,
    l.tier ?? null,
    l.unit ?? null,
    l.tariff === null ? null : decimalToPlain(normalizeDecimal(l.tariff)),
  ]);
}

/**
 * What a correction bill must carry so that issued + correction = recalculated: per (service,
 * zone, tier, unit, tariff) the differences, negative where it reduces. An issued bill is never
 * edited. Lines whose differences are all zero are left out, so correcting a period with the same
 * result gives nothing. A changed tariff shows as a full reversal of the old line and a new line.
 */
export function correctionLines(
  issued: readonly CorrectableLine[],
  recalculated: readonly CorrectableLine[],
): CorrectionLine[] {
  type Acc = { line: CorrectionLine; quantity: Decimal };
  const acc = new Map<string, Acc>();
  const add = (l: CorrectableLine, sign: 1 | -1) => {
    const key = lineKey(l);
    let a = acc.get(key);
    if (!a) {
      a = {
        line: {
          service: l.service ?? null,
          zone: l.zone,
          tier: l.tier ?? null,
          unit: l.unit ?? null,
          tariff: l.tariff === null ? null : decimalToPlain(l.tariff),
          quantity: '0',
          chargedKop: 0,
          benefitKop: 0,
          adjustmentKop: 0,
          vatKop: 0,
          method: l.method ?? null,
        },
        quantity: { units: 0n, scale: 0 },
      };
      acc.set(key, a);
    }
    if (sign === 1 && l.method) a.line.method = l.method;
    const q = l.quantity === null ? { units: 0n, scale: 0 } : toDecimal(l.quantity);
    a.quantity = sign === 1 ? sumDecimals([a.quantity, q]) : subDecimal(a.quantity, q);
    a.line.chargedKop += sign * l.chargedKop;
    a.line.benefitKop += sign * l.benefitKop;
    a.line.adjustmentKop += sign * (l.adjustmentKop ?? 0);
    a.line.vatKop += sign * l.vatKop;
  };
  for (const l of issued) add(l, -1);
  for (const l of recalculated) add(l, 1);
  const out: CorrectionLine[] = [];
  for (const { line, quantity } of acc.values()) {
    const changed =
      !isZeroDecimal(quantity) ||
      line.chargedKop !== 0 ||
      line.benefitKop !== 0 ||
      line.adjustmentKop !== 0 ||
      line.vatKop !== 0;
    if (changed) out.push({ ...line, quantity: decimalToPlain(quantity) });
  }
  return out;
}

/** Totals of lines: what the bill asks for is charged − benefit + adjustment. */
export function lineTotals(
  lines: readonly Pick<ChargeLine, 'chargedKop' | 'benefitKop' | 'adjustmentKop' | 'vatKop'>[],
): {
  chargedKop: Kopecks;
  benefitKop: Kopecks;
  adjustmentKop: Kopecks;
  vatKop: Kopecks;
  amountKop: Kopecks;
  /** charged − VAT: the amount without VAT for the invoice. */
  withoutVatKop: Kopecks;
} {
  const t = { chargedKop: 0, benefitKop: 0, adjustmentKop: 0, vatKop: 0 };
  for (const l of lines) {
    t.chargedKop += l.chargedKop;
    t.benefitKop += l.benefitKop;
    t.adjustmentKop += l.adjustmentKop;
    t.vatKop += l.vatKop;
  }
  return {
    ...t,
    amountKop: t.chargedKop - t.benefitKop + t.adjustmentKop,
    withoutVatKop: t.chargedKop - t.vatKop,
  };
}

/** Days of the month a segment covers, as a share for display ("14/30"). */
export function segmentShare(seg: { from: IsoDate; to: IsoDate }, period: Period): string {
  return `${daysBetween(seg.from, seg.to) + 1}/${daysInMonth(period)}`;
}

/** A VAT rate in force from `from` (the rate changes by law, so it is data). */
export interface VatRate {
  from: IsoDate;
  percent: DecimalInput;
}

/** 20 % since 2019; 22 % from 2026-01-01 (Federal Law 425-FZ of 28.11.2025). */
export const DEFAULT_VAT_RATES: readonly VatRate[] = [
  { from: '2004-01-01', percent: '18' },
  { from: '2019-01-01', percent: '20' },
  { from: '2026-01-01', percent: '22' },
];

/** The VAT rate in force on a day; null when no stored rate reaches back that far. */
export function vatPercentOn(date: IsoDate, rates: readonly VatRate[]): string | null {
  const best = inForceAt(rates, (r) => r.from, date, compareDates);
  return best ? decimalToPlain(best.percent) : null;
}

/**
 * The VAT rate of a month's supply: the one in force on its last day (the day of supply), as the
 * billing run adds it, the advances count it and the invoice prints it.
 */
export function vatOfMonth(period: Period, rates: readonly VatRate[]): string | null {
  return vatPercentOn(lastDayOf(period), rates);
}
