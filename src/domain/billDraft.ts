// One account's bill for a period, drafted from the batch's rows with the rules of billing, volumes
// and corrections; the rows' shapes are declared here, and the billing repository reads and writes them.
import {
  chargeLines,
  correctionLines,
  NoTariffError,
  type ChargeLine,
  type CorrectableLine,
  type TariffRate,
  type VatRule,
} from './billing.js';
import {
  addDecimal,
  compareDecimal,
  decimalToPlain,
  negateDecimal,
  subDecimal,
  toDecimal,
  type Decimal,
} from './decimal.js';
import { dueDateFor, type CustomerKind, type DueDayRule } from './dueDates.js';
import { sumKop, type Kopecks } from './money.js';
import { addMonths, compareDates, periodOf, type IsoDate, type Period } from './periods.js';
import {
  averageMonthlyVolume,
  meterVolumes,
  normativeVolume,
  volumeMethodFor,
  type BilledMonth,
  type EstimationRules,
  type VolumeMethod,
  type Zone,
} from './volumes.js';

export interface AccountInputRow {
  id: number;
  number: string;
  supplier_id: number;
  customer_kind: CustomerKind;
  area: string | null;
  residents: number;
}

export interface ServiceInputRow {
  id: number;
  account_id: number;
  contract_id: number;
  supplier_id: number;
  code: string;
  kind: string;
  name: string;
  unit: string;
  method: 'meter' | 'norm_per_resident' | 'norm_per_area';
  zones: string[];
  tariff_plan_id: number | null;
  norm: string | null;
}

export interface RegisterInputRow {
  account_id: number;
  service_id: number;
  meter_id: number;
  digits: number;
  ratio: string;
  verification_due: string | null;
  register_id: number;
  zone: string;
}

export interface ReadingInputRow {
  register_id: number;
  id: number;
  date: string;
  value: string;
  /** Current readings only: some reading in the span claims the register passed through zero. */
  rollover?: boolean;
  /** Previous readings only: the month whose bill used it ('YYYY-MM'). */
  billed_period?: string;
}

export interface HistoryRow {
  account_id: number;
  service_id: number;
  zone: string | null;
  period: string;
  method: string | null;
  quantity: string;
}

export interface IssuedBillRow {
  id: number;
  account_id: number;
  supplier_id: number;
  contract_id: number | null;
  number: string;
  type: 'bill' | 'invoice' | 'correction' | 'advance';
  corrects_bill_id: number | null;
  /** The run that issued it; null for a bill or correction entered or imported by hand. */
  billing_run_id: number | null;
}

export interface IssuedLineRow {
  bill_id: number;
  service_id: number | null;
  supplier_id: number;
  zone: string | null;
  tier: number | null;
  method: string | null;
  unit: string | null;
  description: string | null;
  quantity: string | null;
  tariff: string | null;
  charged_kop: number;
  vat_kop: number;
  benefit_kop: number;
}

export interface BenefitRow {
  account_id: number;
  service_id: number | null;
  name: string;
  percent: string;
}

export interface NewBill {
  account_id: number;
  supplier_id: number;
  contract_id: number | null;
  number: string;
  date: string;
  period: string;
  type: 'bill' | 'invoice' | 'correction';
  due_date: string | null;
  corrects_bill_id: number | null;
}

export interface NewLine {
  /** The bill's number: lines are tied to the bills actually inserted. */
  bill_number: string;
  service_id: number | null;
  supplier_id: number;
  zone: string | null;
  tier: number | null;
  description: string | null;
  unit: string | null;
  method: 'meter' | 'average' | 'norm' | 'manual' | null;
  quantity: string | null;
  tariff: string | null;
  charged_kop: number;
  vat_kop: number;
  /** The VAT rate applied (null: none). */
  vat_percent: string | null;
  benefit_kop: number;
  /** Penalties accrued since the last bill (a line of its own, never mixed into charged). */
  penalty_kop?: number;
  meter_id: number | null;
  reading_prev: string | null;
  reading_curr: string | null;
  position: number;
}

export interface BilledRegister {
  bill_number: string;
  register_id: number;
  /** Every accepted reading of the register up to this date becomes billed. */
  upto: string;
}

/** What is the same for every account of a supplier's run. */
export interface PeriodContext {
  period: Period;
  /** The date printed on the bills (the day of the run in the supplier's zone). */
  billDate: IsoDate;
  dueRules: readonly DueDayRule[];
  estimation: EstimationRules;
  /** Rate history per tariff plan id. */
  rates: ReadonlyMap<number, readonly TariffRate[]>;
  /**
   * The VAT rate in force on the billed month's last day (vat_rates), split out of the
   * VAT-inclusive prices of business lines; null when the supplier charges no VAT.
   */
  vatPercent: string | null;
}

/** One account's rows from the batch. */
export interface AccountInput {
  account: AccountInputRow;
  services: ServiceInputRow[];
  registers: RegisterInputRow[];
  previous: Map<number, ReadingInputRow>;
  first: Map<number, ReadingInputRow>;
  current: Map<number, ReadingInputRow>;
  history: HistoryRow[];
  benefits: BenefitRow[];
  issued: IssuedBillRow[];
  issuedLines: IssuedLineRow[];
}

export type Problem = 'no_services' | 'no_tariff' | 'no_norm' | 'no_area' | 'nothing_issued';

export interface AccountDraft {
  bill: NewBill;
  lines: NewLine[];
  billed: BilledRegister[];
  /** One entry per billed service: how its volume was found. */
  methods: VolumeMethod[];
  amountKop: Kopecks;
}

export type AccountResult =
  { ok: true; draft: AccountDraft | null } | { ok: false; problem: Problem; detail: string };

interface ServiceCharge {
  service: ServiceInputRow;
  method: VolumeMethod;
  lines: ChargeLine[];
  /** Per zone, the readings shown on the first line of the zone (one meter only). */
  readings: Map<Zone, { meterId: number; prev: string; curr: string }>;
  billed: { registerId: number; upto: IsoDate }[];
  /** Per zone, what months billed without readings charged since the previous reading (taken off its volume). */
  offsets: Map<Zone, Offset>;
  /** The VAT rate split out of the lines' VAT-inclusive prices; null without VAT. */
  vatPercent: string | null;
}

interface Offset {
  volume: Decimal;
  months: Period[];
}

class BillingProblem extends Error {
  constructor(
    readonly problem: Problem,
    detail: string,
  ) {
    super(detail);
  }
}

const ZONE_NAMES: Record<Zone, string> = { T: '', T1: 'день (T1)', T2: 'ночь (T2)', T3: 'T3' };
const METHOD_NAMES: Record<VolumeMethod, string> = {
  meter: '',
  average: 'по среднему',
  norm: 'по нормативу',
};

/** A metered service's volume per zone from its meters, or null when some meter has no usable reading. */
function meteredVolumes(
  service: ServiceInputRow,
  input: AccountInput,
): {
  volumes: Map<Zone, Decimal>;
  readings: ServiceCharge['readings'];
  billed: ServiceCharge['billed'];
  since: Period | null;
} | null {
  const regs = input.registers.filter((r) => r.service_id === service.id);
  // the latest month a previous reading was billed in; null when some register starts from its first reading
  let since: Period | null = null;
  let fromFirst = false;
  if (regs.length === 0) return null;
  const byMeter = new Map<number, RegisterInputRow[]>();
  for (const r of regs) byMeter.set(r.meter_id, [...(byMeter.get(r.meter_id) ?? []), r]);
  const volumes = new Map<Zone, Decimal>();
  const readings: ServiceCharge['readings'] = new Map();
  const billed: ServiceCharge['billed'] = [];
  for (const [meterId, meterRegs] of byMeter) {
    const pairs: { zone: Zone; previous: string; current: string; rollover: boolean }[] = [];
    for (const r of meterRegs) {
      const curr = input.current.get(r.register_id);
      const billedPrev = input.previous.get(r.register_id);
      const prev = billedPrev ?? input.first.get(r.register_id);
      if (billedPrev?.billed_period === undefined) fromFirst = true;
      else if (since === null || billedPrev.billed_period > since) since = billedPrev.billed_period;
      if (!curr || !prev || curr.id === prev.id || compareDates(curr.date, prev.date) <= 0) return null;
      // a reading taken after the verification date has passed is not used: the meter is estimated
      if (r.verification_due !== null && compareDates(r.verification_due, curr.date) < 0) return null;
      const lower = compareDecimal(curr.value, prev.value) < 0;
      // a lower reading counts only when the customer confirmed the rollover; otherwise the meter is estimated
      if (lower && !curr.rollover) return null;
      pairs.push({ zone: r.zone as Zone, previous: prev.value, current: curr.value, rollover: lower });
      billed.push({ registerId: r.register_id, upto: curr.date });
    }
    const first = meterRegs[0]!;
    for (const v of meterVolumes({ digits: first.digits, ratio: first.ratio }, pairs)) {
      volumes.set(v.zone, addDecimal(volumes.get(v.zone) ?? { units: 0n, scale: 0 }, v.volume));
    }
    if (byMeter.size === 1)
      for (const p of pairs) readings.set(p.zone, { meterId, prev: p.previous, curr: p.current });
  }
  return { volumes, readings, billed, since: fromFirst ? null : since };
}

/**
 * The volumes charged by average or normative for the months after `since` and before the period,
 * per zone: the reading now billed measures them too, so they are taken off its volume (and when
 * they were more than was used, the difference is given back).
 */
function estimatedSince(
  service: ServiceInputRow,
  input: AccountInput,
  since: Period,
  period: Period,
): Map<Zone, Offset> {
  const mainZone = (service.zones[0] ?? 'T') as Zone;
  const out = new Map<Zone, Offset>();
  for (const h of input.history) {
    if (h.service_id !== service.id || (h.method !== 'average' && h.method !== 'norm')) continue;
    if (h.period <= since || h.period >= period) continue;
    const zone = (h.zone ?? mainZone) as Zone;
    const o = out.get(zone) ?? { volume: { units: 0n, scale: 0 }, months: [] };
    o.volume = addDecimal(o.volume, h.quantity);
    if (!o.months.includes(h.period)) o.months.push(h.period);
    out.set(zone, o);
  }
  for (const o of out.values()) o.months.sort();
  return out;
}

function normVolume(service: ServiceInputRow, account: AccountInputRow): string {
  if (service.norm === null) throw new BillingProblem('no_norm', `услуга ${service.code}: нет норматива`);
  if (service.method === 'norm_per_area') {
    if (account.area === null)
      throw new BillingProblem('no_area', `услуга ${service.code}: не указана площадь`);
    return normativeVolume(service.norm, { kind: 'per_area', area: account.area });
  }
  return normativeVolume(service.norm, { kind: 'per_resident', residents: account.residents });
}

function serviceVolumes(
  service: ServiceInputRow,
  input: AccountInput,
  ctx: PeriodContext,
): {
  method: VolumeMethod;
  volumes: Map<Zone, Decimal>;
  readings: ServiceCharge['readings'];
  billed: ServiceCharge['billed'];
  offsets: ServiceCharge['offsets'];
} {
  const zones = service.zones as Zone[];
  const mainZone = zones[0] ?? 'T';
  if (service.method !== 'meter') {
    return {
      method: 'norm',
      volumes: new Map([[mainZone, toDecimal(normVolume(service, input.account))]]),
      readings: new Map(),
      billed: [],
      offsets: new Map(),
    };
  }
  const metered = meteredVolumes(service, input);
  if (metered) {
    const offsets =
      metered.since === null
        ? new Map<Zone, Offset>()
        : estimatedSince(service, input, metered.since, ctx.period);
    return {
      method: 'meter',
      volumes: metered.volumes,
      readings: metered.readings,
      billed: metered.billed,
      offsets,
    };
  }

  // no usable reading: the average of the billed months (while allowed), then the normative
  const history = input.history.filter((h) => h.service_id === service.id);
  // periods in a row billed by an estimate: average months and the normative months after them
  // (counting only the average would go back to it after one normative month)
  let inRow = 0;
  for (let p = addMonths(ctx.period, -1); ; p = addMonths(p, -1)) {
    const months = history.filter((h) => h.period === p);
    if (months.length === 0 || !months.some((h) => h.method === 'average' || h.method === 'norm')) break;
    inRow++;
  }
  const averages = new Map<Zone, string>();
  for (const zone of zones) {
    const months: BilledMonth[] = [];
    const byPeriod = new Map<Period, { volume: Decimal; method: VolumeMethod }>();
    for (const h of history) {
      if ((h.zone ?? mainZone) !== zone) continue;
      const method = (h.method === 'average' || h.method === 'norm' ? h.method : 'meter') as VolumeMethod;
      const cur = byPeriod.get(h.period);
      byPeriod.set(h.period, {
        volume: addDecimal(cur?.volume ?? { units: 0n, scale: 0 }, h.quantity),
        method: cur && cur.method !== 'meter' ? cur.method : method,
      });
    }
    for (const [period, v] of byPeriod)
      months.push({ period, volume: decimalToPlain(v.volume), method: v.method });
    const avg = averageMonthlyVolume(months, ctx.period, ctx.estimation);
    if (avg) averages.set(zone, avg.volume);
  }
  const allZones = zones.every((z) => averages.has(z));
  const decision = volumeMethodFor(
    {
      hasReading: false,
      verificationExpired: false,
      estimatedPeriodsInRow: inRow,
      average: allZones ? { volume: '0' } : null,
    },
    ctx.estimation,
  );
  if (decision.method === 'average') {
    return {
      method: 'average',
      volumes: new Map(zones.map((z) => [z, toDecimal(averages.get(z)!)])),
      readings: new Map(),
      billed: [],
      offsets: new Map(),
    };
  }
  return {
    method: 'norm',
    volumes: new Map([[mainZone, toDecimal(normVolume(service, input.account))]]),
    readings: new Map(),
    billed: [],
    offsets: new Map(),
  };
}

/** A line of what was charged too much, given back: every quantity and amount with the opposite sign. */
function negated(l: ChargeLine): ChargeLine {
  return {
    ...l,
    quantity: decimalToPlain(negateDecimal(l.quantity)),
    chargedKop: -l.chargedKop,
    benefitKop: -l.benefitKop,
    vatKop: -l.vatKop,
  };
}

function benefitPercent(service: ServiceInputRow, benefits: readonly BenefitRow[]): Decimal | null {
  const own = benefits.filter((b) => b.service_id === null || b.service_id === service.id);
  if (own.length === 0) return null;
  let total: Decimal = { units: 0n, scale: 0 };
  for (const b of own) total = addDecimal(total, b.percent);
  return compareDecimal(total, 100n) > 0 ? toDecimal('100') : total;
}

/** Business lines show the VAT inside their price at the month's rate; residential ones do not split it (DOMAIN.md). */
function vatRule(kind: CustomerKind, ctx: PeriodContext): VatRule | null {
  if (kind === 'organisation' && ctx.vatPercent !== null && compareDecimal(ctx.vatPercent, 0n) > 0)
    return { percent: ctx.vatPercent };
  return null;
}

function chargeService(service: ServiceInputRow, input: AccountInput, ctx: PeriodContext): ServiceCharge {
  if (service.tariff_plan_id === null)
    throw new BillingProblem('no_tariff', `услуга ${service.code}: не назначен тариф`);
  const rates = ctx.rates.get(service.tariff_plan_id) ?? [];
  const v = serviceVolumes(service, input, ctx);
  try {
    const vat = vatRule(input.account.customer_kind, ctx);
    const vatPercent = vat ? decimalToPlain(vat.percent) : null;
    const charge = (volumes: { zone: Zone; quantity: Decimal }[]) =>
      chargeLines({
        period: ctx.period,
        unit: service.unit,
        method: v.method,
        volumes,
        rates,
        benefitPercent: benefitPercent(service, input.benefits),
        vat,
      });
    if (v.offsets.size === 0) {
      const lines = charge([...v.volumes].map(([zone, quantity]) => ({ zone, quantity })));
      return {
        service,
        method: v.method,
        lines,
        readings: v.readings,
        billed: v.billed,
        offsets: v.offsets,
        vatPercent,
      };
    }
    // the measured volume less what the estimated months charged, zone by zone; a negative rest is given back
    const lines: ChargeLine[] = [];
    for (const [zone, measured] of v.volumes) {
      const net = subDecimal(measured, v.offsets.get(zone)?.volume ?? 0n);
      if (compareDecimal(net, 0n) >= 0) lines.push(...charge([{ zone, quantity: net }]));
      else lines.push(...charge([{ zone, quantity: negateDecimal(net) }]).map(negated));
    }
    return {
      service,
      method: v.method,
      lines,
      readings: v.readings,
      billed: v.billed,
      offsets: v.offsets,
      vatPercent,
    };
  } catch (e) {
    if (e instanceof NoTariffError)
      throw new BillingProblem('no_tariff', `услуга ${service.code}: нет тарифа зоны ${e.zone} на ${e.date}`);
    throw e;
  }
}

function describe(
  service: ServiceInputRow,
  l: { zone: Zone | null; tier: number | null; method: VolumeMethod | 'manual' | null },
  split: string | null,
): string {
  const parts = [service.name];
  if (l.zone && ZONE_NAMES[l.zone]) parts.push(ZONE_NAMES[l.zone]);
  if (l.tier !== null) parts.push(`${l.tier}-й диапазон`);
  if (l.method && l.method !== 'manual' && METHOD_NAMES[l.method]) parts.push(METHOD_NAMES[l.method]);
  if (split) parts.push(split);
  return parts.join(', ');
}

/**
 * A line's charge and benefit as stored: benefit_kop cannot be negative, so a benefit taken back (a
 * refund line, a smaller benefit in a correction) is folded into the charge; the amount is the same.
 */
function storedAmounts(l: { chargedKop: Kopecks; benefitKop: Kopecks }): {
  charged_kop: Kopecks;
  benefit_kop: Kopecks;
} {
  const benefit = Math.max(l.benefitKop, 0);
  return { charged_kop: l.chargedKop - (l.benefitKop - benefit), benefit_kop: benefit };
}

function monthName(p: Period): string {
  return `${p.slice(5, 7)}.${p.slice(0, 4)}`;
}

/** "за вычетом 330 кВт·ч, начисленных без показаний за 06.2026–09.2026" */
function offsetNote(o: Offset, unit: string): string {
  const first = o.months[0]!;
  const last = o.months[o.months.length - 1]!;
  const months = first === last ? monthName(first) : `${monthName(first)}–${monthName(last)}`;
  return `за вычетом ${decimalToPlain(o.volume).replace('.', ',')} ${unit}, начисленных без показаний за ${months}`;
}

function shortDate(d: IsoDate): string {
  return `${d.slice(8, 10)}.${d.slice(5, 7)}`;
}

function billNumber(account: AccountInputRow, period: Period): string {
  return `${account.number}-${period.replace('-', '')}`;
}

/** The bill (or invoice) of one account for the period; null when it has nothing to bill. */
export function draftBill(input: AccountInput, ctx: PeriodContext): AccountResult {
  const { account } = input;
  if (input.services.length === 0)
    return { ok: false, problem: 'no_services', detail: 'нет действующих услуг' };
  let charges: ServiceCharge[];
  try {
    charges = input.services.map((s) => chargeService(s, input, ctx));
  } catch (e) {
    if (e instanceof BillingProblem) return { ok: false, problem: e.problem, detail: e.message };
    throw e;
  }
  if (input.issued.length > 0) return correctionDraft(input, ctx, charges);

  const number = billNumber(account, ctx.period);
  const lines: NewLine[] = [];
  for (const c of charges) {
    const segmented =
      new Set(c.lines.map((l) => `${l.zone}:${l.from}`)).size > new Set(c.lines.map((l) => l.zone)).size;
    const shown = new Set<Zone>();
    for (const l of c.lines) {
      const r = shown.has(l.zone) ? undefined : c.readings.get(l.zone);
      shown.add(l.zone);
      const offset = c.offsets.get(l.zone);
      const split = segmented ? `с ${shortDate(l.from)} по ${shortDate(l.to)}` : null;
      lines.push({
        bill_number: number,
        service_id: c.service.id,
        supplier_id: c.service.supplier_id,
        zone: l.zone,
        tier: l.tier,
        description: describe(
          c.service,
          l,
          offset ? [split, offsetNote(offset, l.unit)].filter((x) => x !== null).join(', ') : split,
        ),
        unit: l.unit,
        method: l.method,
        quantity: l.quantity,
        tariff: l.tariff,
        ...storedAmounts(l),
        vat_kop: l.vatKop,
        vat_percent: c.vatPercent,
        meter_id: r?.meterId ?? null,
        reading_prev: r?.prev ?? null,
        reading_curr: r?.curr ?? null,
        position: lines.length,
      });
    }
  }
  const contracts = new Set(input.services.map((s) => s.contract_id));
  const kind = account.customer_kind;
  return {
    ok: true,
    draft: {
      bill: {
        account_id: account.id,
        supplier_id: account.supplier_id,
        contract_id: contracts.size === 1 ? [...contracts][0]! : null,
        number,
        date: ctx.billDate,
        period: `${ctx.period}-01`,
        type: kind === 'organisation' ? 'invoice' : 'bill',
        due_date: dueDateFor(kind, ctx.period, ctx.dueRules),
        corrects_bill_id: null,
      },
      lines,
      billed: charges.flatMap((c) =>
        c.billed.map((b) => ({ bill_number: number, register_id: b.registerId, upto: b.upto })),
      ),
      methods: charges.map((c) => c.method),
      amountKop: sumKop(lines.map((l) => l.charged_kop - l.benefit_kop)),
    },
  };
}

/** Recalculating an issued period: a correction bill with the differences (issued + corrections + this = recalculated). */
function correctionDraft(input: AccountInput, ctx: PeriodContext, charges: ServiceCharge[]): AccountResult {
  const original = input.issued.find((b) => b.type === 'bill' || b.type === 'invoice');
  if (!original) return { ok: false, problem: 'nothing_issued', detail: 'нет выставленного счёта за период' };
  const chain = input.issued.filter((b) => b.id === original.id || b.corrects_bill_id === original.id);
  // what the recalculation compares with: the bill and the corrections runs issued. A correction
  // entered or imported by hand (an inspection act, a court decision) is not derived from readings
  // and tariffs, so it stays on top: recalculating must not undo it
  const chainIds = new Set(
    chain.filter((b) => b.id === original.id || b.billing_run_id !== null).map((b) => b.id),
  );
  // a stored line without a zone (an imported one) is its service's single zone, as the run writes it
  const mainZone = new Map(input.services.map((s) => [s.id, (s.zones[0] ?? 'T') as Zone]));
  const issued: CorrectableLine[] = input.issuedLines
    .filter((l) => chainIds.has(l.bill_id))
    .map((l) => ({
      service: l.service_id === null ? null : String(l.service_id),
      zone: (l.zone ?? (l.service_id === null ? null : (mainZone.get(l.service_id) ?? null))) as Zone | null,
      tier: l.tier,
      unit: l.unit,
      quantity: l.quantity,
      tariff: l.tariff,
      chargedKop: l.charged_kop,
      benefitKop: l.benefit_kop,
      vatKop: l.vat_kop,
      method: (l.method ?? null) as CorrectableLine['method'],
    }));
  const recalculated: CorrectableLine[] = charges.flatMap((c) =>
    c.lines.map((l) => ({
      service: String(c.service.id),
      zone: l.zone,
      tier: l.tier,
      unit: l.unit,
      quantity: l.quantity,
      tariff: l.tariff,
      chargedKop: l.chargedKop,
      benefitKop: l.benefitKop,
      vatKop: l.vatKop,
      method: l.method,
    })),
  );
  const diff = correctionLines(issued, recalculated);
  if (diff.length === 0) return { ok: true, draft: null };
  const corrections = chain.filter((b) => b.type === 'correction').length;
  const number = `${original.number}-К${corrections + 1}`;
  const servicesById = new Map(input.services.map((s) => [String(s.id), s]));
  const vatOf = new Map(charges.map((c) => [String(c.service.id), c.vatPercent]));
  const lines: NewLine[] = diff.map((l, i) => {
    const service = l.service === null ? undefined : servicesById.get(l.service);
    return {
      bill_number: number,
      service_id: l.service === null ? null : Number(l.service),
      supplier_id: service?.supplier_id ?? original.supplier_id,
      zone: l.zone,
      tier: l.tier,
      description: `Корректировка: ${service ? describe(service, { zone: l.zone, tier: l.tier, method: l.method }, null) : 'начисление'}`,
      unit: l.unit,
      method: l.method,
      quantity: l.quantity,
      tariff: l.tariff,
      ...storedAmounts(l),
      vat_kop: l.vatKop,
      vat_percent: l.service === null ? null : (vatOf.get(l.service) ?? null),
      meter_id: null,
      reading_prev: null,
      reading_curr: null,
      position: i,
    };
  });
  return {
    ok: true,
    draft: {
      bill: {
        account_id: input.account.id,
        supplier_id: original.supplier_id,
        contract_id: original.contract_id,
        number,
        date: ctx.billDate,
        period: `${ctx.period}-01`,
        type: 'correction',
        // due as a bill of the month it is issued in: a correction of March issued in November is
        // not overdue (nor accruing penalties) from April
        due_date: dueDateFor(input.account.customer_kind, periodOf(ctx.billDate), ctx.dueRules),
        corrects_bill_id: original.id,
      },
      lines,
      billed: charges.flatMap((c) =>
        c.billed.map((b) => ({ bill_number: number, register_id: b.registerId, upto: b.upto })),
      ),
      methods: charges.map((c) => c.method),
      amountKop: sumKop(lines.map((l) => l.charged_kop - l.benefit_kop)),
    },
  };
}
