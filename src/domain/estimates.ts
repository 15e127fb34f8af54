// What a reading would cost and what a zone usually uses: the expected charge of a volume at today's
// rates (with tiers), and a meter zone's usual monthly consumption taken from its readings.
import {
  compareDecimal,
  decimalToPlain,
  divDecimal,
  mulDecimal,
  subDecimal,
  type DecimalInput,
} from './decimal.js';
import { mulRound, sumKop, vatIncluded, type Kopecks } from './money.js';
import { daysBetween, type IsoDate } from './periods.js';
import { tieredVolumes } from './volumes.js';

export interface ZoneRate {
  tier: number;
  tierLimit: string | null;
  price: string;
}

export interface ChargeLine {
  /** 1-based tier; a plan without tiers has one line. */
  tier: number;
  volume: string;
  price: string;
  amountKop: Kopecks;
}

export interface ExpectedCharge {
  lines: ChargeLine[];
  amountKop: Kopecks;
  /** VAT inside amountKop (the price includes it, as bill lines do); 0 without VAT. */
  vatKop: Kopecks;
}

/**
 * What a zone's volume costs at the given rates: each tier is a line rounded half up to the
 * kopeck, as on the bill (DOMAIN.md "Money", "Volumes" tiers). Null when the zone has no rate.
 */
export function expectedCharge(
  volume: DecimalInput,
  rates: readonly ZoneRate[],
  vatPercent: DecimalInput = '0',
): ExpectedCharge | null {
  if (rates.length === 0) return null;
  const sorted = [...rates].sort((a, b) => a.tier - b.tier);
  const limits = sorted
    .slice(0, -1)
    .map((r) => r.tierLimit)
    .filter((l): l is string => l !== null);
  // a plan whose tiers lack limits is priced at its first tier rather than guessed
  const parts =
    limits.length === sorted.length - 1 ? tieredVolumes(volume, limits) : [decimalToPlain(volume)];
  const lines: ChargeLine[] = [];
  parts.forEach((part, i) => {
    const rate = sorted[i]!;
    if (i > 0 && compareDecimal(part, '0') === 0) return;
    lines.push({ tier: rate.tier, volume: part, price: rate.price, amountKop: mulRound(part, rate.price) });
  });
  const amountKop = sumKop(lines.map((l) => l.amountKop));
  return {
    lines,
    amountKop,
    vatKop: compareDecimal(vatPercent, '0') > 0 ? vatIncluded(amountKop, vatPercent) : 0,
  };
}

export interface DatedValue {
  date: IsoDate;
  value: string;
  rollover: boolean;
}

/**
 * A zone's average monthly consumption (billed units per 30 days) from its own readings, for
 * when too few months have been billed yet: the advance between the oldest and the newest
 * reading of the window, spread over the days between them. Needs at least `minDays` between
 * them; a rollover inside the window makes the span unusable (null) rather than negative.
 */
export function averageFromReadings(
  readings: readonly DatedValue[],
  ratio: DecimalInput,
  minDays = 60,
): string | null {
  if (readings.length < 2) return null;
  const sorted = [...readings].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const first = sorted[0]!;
  const last = sorted[sorted.length - 1]!;
  if (sorted.slice(1).some((r) => r.rollover)) return null;
  const days = daysBetween(first.date, last.date);
  if (days < minDays) return null;
  const advance = subDecimal(last.value, first.value);
  if (advance.units < 0n) return null;
  return decimalToPlain(divDecimal(mulDecimal(advance, ratio, 30n), BigInt(days), 3));
}
