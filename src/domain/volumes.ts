// Consumed volumes: by meter (with rollover and transformer ratio), by average, by normative, and split into tiers.
import {
  addDecimal,
  compareDecimal,
  decimalToPlain,
  divDecimal,
  maxDecimal,
  minDecimal,
  mulDecimal,
  pow10,
  subDecimal,
  sumDecimals,
  toDecimal,
  type Decimal,
  type DecimalInput,
} from './decimal.js';
import { comparePeriods, type Period } from './periods.js';

/** Time-of-day zone of a register: single rate T, or T1/T2/T3 (which label is which zone is per meter). */
export type Zone = 'T' | 'T1' | 'T2' | 'T3';

/** How a period's volume was found; estimated volumes are never shown as customer readings. */
export type VolumeMethod = 'meter' | 'average' | 'norm';

/**
 * Supplier settings for estimating a period without a usable reading (DOMAIN.md "Volumes"):
 * average over up to `averageWindowMonths` billed months, at least `averageMinMonths` of them,
 * for at most `averageMaxPeriods` periods in a row; then the normative.
 */
export interface EstimationRules {
  averageWindowMonths: number;
  averageMinMonths: number;
  averageMaxPeriods: number;
  /** Decimals the average volume is rounded to (half up). */
  averageDecimals: number;
}

export const DEFAULT_ESTIMATION_RULES: EstimationRules = {
  averageWindowMonths: 12,
  averageMinMonths: 3,
  averageMaxPeriods: 3,
  averageDecimals: 2,
};

/**
 * Register advance between two readings, in register units. When the register passed through
 * zero (N integer digits), it is current + 10^N − previous: 5 digits, 99850 → 00120 = 270.
 * Throws when current < previous and rollover is not claimed: callers refuse such readings first.
 */
export function registerAdvance(
  previous: DecimalInput,
  current: DecimalInput,
  digits: number,
  rollover = false,
): Decimal {
  const diff = subDecimal(current, previous);
  if (!rollover) {
    if (diff.units < 0n) throw new RangeError('current reading is lower than the previous one');
    return diff;
  }
  return rolloverAdvance(previous, current, digits);
}

/** current + 10^digits − previous: the advance of a register that passed through zero. */
export function rolloverAdvance(previous: DecimalInput, current: DecimalInput, digits: number): Decimal {
  if (!Number.isInteger(digits) || digits < 1) throw new RangeError(`bad digit capacity: ${digits}`);
  if (compareDecimal(current, previous) >= 0)
    throw new RangeError('no rollover: current is not lower than previous');
  return subDecimal(addDecimal(current, { units: pow10(digits), scale: 0 }), previous);
}

export interface RegisterReadingPair {
  zone: Zone;
  previous: string;
  current: string;
  /** The customer confirmed the register passed through zero. */
  rollover?: boolean;
}

export interface ZoneVolume {
  zone: Zone;
  /** Register advance (current − previous, or the rollover formula), exact decimal string. */
  advance: string;
  /** advance × transformer ratio: what is billed, exact decimal string. */
  volume: string;
}

/** Volume of a meter per zone: Σ registers (this reading − previous billed) × transformer ratio, each zone apart. */
export function meterVolumes(
  meter: { digits: number; ratio: DecimalInput },
  registers: readonly RegisterReadingPair[],
): ZoneVolume[] {
  return registers.map((r) => {
    const advance = registerAdvance(r.previous, r.current, meter.digits, r.rollover ?? false);
    return {
      zone: r.zone,
      advance: decimalToPlain(advance),
      volume: decimalToPlain(mulDecimal(advance, meter.ratio)),
    };
  });
}

export interface BilledMonth {
  period: Period;
  volume: string;
  method: VolumeMethod;
}

/**
 * The average monthly volume of a meter before `period`: over the most recent
 * `averageWindowMonths` months billed by meter reading (estimated months would feed estimates
 * on estimates), null when fewer than `averageMinMonths` such months exist.
 */
export function averageMonthlyVolume(
  history: readonly BilledMonth[],
  period: Period,
  rules: EstimationRules = DEFAULT_ESTIMATION_RULES,
): { volume: string; months: number } | null {
  const usable = history
    .filter((h) => h.method === 'meter' && comparePeriods(h.period, period) < 0)
    .sort((a, b) => comparePeriods(b.period, a.period))
    .slice(0, rules.averageWindowMonths);
  if (usable.length < rules.averageMinMonths || usable.length === 0) return null;
  const total = sumDecimals(usable.map((h) => h.volume));
  const avg = divDecimal(total, BigInt(usable.length), rules.averageDecimals);
  return { volume: decimalToPlain(avg), months: usable.length };
}

export type NormBasis =
  { kind: 'per_resident'; residents: number } | { kind: 'per_area'; area: DecimalInput };

/** Normative monthly volume: norm × residents, or norm × area in m². Exact. */
export function normativeVolume(norm: DecimalInput, basis: NormBasis): string {
  if (basis.kind === 'per_resident') {
    if (!Number.isInteger(basis.residents) || basis.residents < 0)
      throw new RangeError(`bad residents: ${basis.residents}`);
    return decimalToPlain(mulDecimal(norm, BigInt(basis.residents)));
  }
  return decimalToPlain(mulDecimal(norm, basis.area));
}

export interface MethodSituation {
  /** A usable reading exists for the period. */
  hasReading: boolean;
  /** The meter's verification date has passed (its readings are not used). */
  verificationExpired: boolean;
  /**
   * How many periods in a row right before this one were billed without a reading (by average,
   * then by normative): once the average has run out the service stays on the normative until a
   * usable reading arrives.
   */
  estimatedPeriodsInRow: number;
  /** averageMonthlyVolume(...) for the meter, or null when there is not enough history. */
  average: { volume: string } | null;
}

export type MethodDecision =
  | { method: 'meter' }
  | { method: 'average'; volume: string }
  | { method: 'norm'; reason: 'no_history' | 'average_exhausted' };

/**
 * Which method bills a metered period: the reading when there is one and the meter is verified;
 * otherwise the average for up to `averageMaxPeriods` periods in a row; then the normative.
 */
export function volumeMethodFor(
  s: MethodSituation,
  rules: EstimationRules = DEFAULT_ESTIMATION_RULES,
): MethodDecision {
  if (s.hasReading && !s.verificationExpired) return { method: 'meter' };
  if (s.estimatedPeriodsInRow >= rules.averageMaxPeriods)
    return { method: 'norm', reason: 'average_exhausted' };
  if (s.average === null) return { method: 'norm', reason: 'no_history' };
  return { method: 'average', volume: s.average.volume };
}

/**
 * Splits a volume into tiers by ascending upper limits [L1, L2, …]:
 * V1 = min(V, L1), V2 = min(max(V − L1, 0), L2 − L1), …, Vlast = max(V − Llast, 0).
 * Returns limits.length + 1 exact decimal strings that add up to V.
 */
export function tieredVolumes(volume: DecimalInput, limits: readonly DecimalInput[]): string[] {
  const v = toDecimal(volume);
  if (v.units < 0n) throw new RangeError('negative volume cannot be split into tiers');
  const out: string[] = [];
  let lower: Decimal = { units: 0n, scale: 0 };
  for (const limit of limits) {
    const l = toDecimal(limit);
    if (compareDecimal(l, lower) < 0) throw new RangeError('tier limits must ascend');
    const part = minDecimal(maxDecimal(subDecimal(v, lower), 0n), subDecimal(l, lower));
    out.push(decimalToPlain(part));
    lower = l;
  }
  out.push(decimalToPlain(maxDecimal(subDecimal(v, lower), 0n)));
  return out;
}
