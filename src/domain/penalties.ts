// Penalties (пени) on overdue bills: residential per Housing Code art. 155 p. 14, business per electricity law art. 37.
import { decimalToString, pow10, roundDiv, toDecimal, type DecimalInput } from './decimal.js';
import type { CustomerKind } from './dueDates.js';
import { assertKopecks, type Kopecks } from './money.js';
import {
  addDays,
  compareDates,
  daysBetween,
  inForceAt,
  isDateWithin,
  minDate,
  type IsoDate,
} from './periods.js';

/** Key rate of the Bank of Russia in force from `from` until the next entry. */
export interface KeyRate {
  from: IsoDate;
  percent: DecimalInput;
}

/** A dated cap on the rate used for penalties (the housing moratorium: 9.5 % for households). */
export interface RateCap {
  customerKind: CustomerKind;
  from: IsoDate;
  to: IsoDate;
  percent: DecimalInput;
}

/** From overdue day `fromDay` (day 1 = the day after the due date) penalties run at 1/`divisor` of the rate a day. */
export interface PenaltyTier {
  fromDay: number;
  divisor: number;
}

/** Days before the first tier are free. */
export interface PenaltyRules {
  tiers: readonly PenaltyTier[];
}

/** The tiers of a customer kind for bills falling due from `from` on, until the next set (penalty_rules). */
export interface PenaltyRuleSet extends PenaltyRules {
  customerKind: CustomerKind;
  from: IsoDate;
}

export class NoPenaltyRulesError extends RangeError {
  constructor(
    readonly customerKind: CustomerKind,
    readonly dueDate: IsoDate,
  ) {
    super(`no penalty rules for ${customerKind} bills due on ${dueDate}`);
    this.name = 'NoPenaltyRulesError';
  }
}

/**
 * The rules a bill's penalty follows: the set of its customer kind in force on its due date (the
 * latest `from` not after it), for all of its overdue days. The law that governs a late payment is
 * the one in force when the payment fell due: a new set applies to bills falling due from its
 * date on and never re-prices an older bill, even for overdue days after the change.
 */
export function penaltyRulesFor(
  kind: CustomerKind,
  dueDate: IsoDate,
  sets: readonly PenaltyRuleSet[],
): PenaltyRules {
  const best = inForceAt(
    sets.filter((s) => s.customerKind === kind),
    (s) => s.from,
    dueDate,
    compareDates,
  );
  if (!best) throw new NoPenaltyRulesError(kind, dueDate);
  return { tiers: best.tiers };
}

export class NoKeyRateError extends RangeError {
  constructor(readonly date: IsoDate) {
    super(`no key rate known for ${date}`);
    this.name = 'NoKeyRateError';
  }
}

export function keyRateOn(date: IsoDate, keyRates: readonly KeyRate[]): DecimalInput {
  const best = inForceAt(keyRates, (r) => r.from, date, compareDates);
  if (!best) throw new NoKeyRateError(date);
  return best.percent;
}

/** The rate penalties use for money paid on `date`: the key rate that day, capped by any cap in force for the kind. */
export function penaltyRateOn(
  date: IsoDate,
  kind: CustomerKind,
  keyRates: readonly KeyRate[],
  caps: readonly RateCap[],
): string {
  let rate = toDecimal(keyRateOn(date, keyRates));
  for (const c of caps) {
    if (c.customerKind !== kind || !isDateWithin(date, c.from, c.to)) continue;
    const cap = toDecimal(c.percent);
    // compare without floats: scale both to the larger scale
    const s = Math.max(cap.scale, rate.scale);
    if (cap.units * pow10(s - cap.scale) < rate.units * pow10(s - rate.scale)) rate = cap;
  }
  return decimalToString(rate);
}

export interface PenaltyInput {
  kind: CustomerKind;
  /** The bill's amount; nothing accrues on a non-positive amount. */
  amountKop: Kopecks;
  dueDate: IsoDate;
  /** Money that reached this bill (its allocations), in any order. */
  payments: readonly { date: IsoDate; amountKop: Kopecks }[];
  /** The day the figure is for ("as of today"): unpaid money accrues up to it inclusive, at its rate. */
  asOf: IsoDate;
  keyRates: readonly KeyRate[];
  caps: readonly RateCap[];
  /** The tiers the bill follows (penaltyRulesFor its kind and due date). */
  rules: PenaltyRules;
}

export interface PenaltySegment {
  /** First and last overdue day of the segment (inclusive). */
  from: IsoDate;
  to: IsoDate;
  days: number;
  /** The part of the debt this segment is about. */
  baseKop: Kopecks;
  /** When that part was paid; null: still unpaid at asOf. */
  paidOn: IsoDate | null;
  /** Rate in % a year used (the key rate on the payment day / asOf, capped). */
  ratePercent: string;
  divisor: number;
  /** baseKop × rate × days / divisor / 100, in roubles, for display (rounded to the kopeck). */
  amount: string;
}

export interface PenaltyResult {
  /** The penalty for the bill, rounded half up to the kopeck once, from the exact sum of the segments. */
  penaltyKop: Kopecks;
  segments: PenaltySegment[];
}

interface Fraction {
  num: bigint;
  den: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a === 0n ? 1n : a;
}

function addFraction(x: Fraction, y: Fraction): Fraction {
  const num = x.num * y.den + y.num * x.den;
  const den = x.den * y.den;
  const g = gcd(num, den);
  return { num: num / g, den: den / g };
}

/**
 * The penalty on one bill. The debt is cut into parts by the payments that reached it after the
 * due date; each part accrues from the day after the due date up to its payment day inclusive
 * (the unpaid rest up to asOf inclusive), at the rate of that day (the law ties the rate to the
 * day of payment), over the tiers of the rules. Payments on or before the due date just lower
 * the debt; payments after asOf are not known yet.
 *
 * Rounding: segments are summed exactly (as fractions) and the bill's total is rounded half up
 * to the kopeck once; the per-segment `amount` is for display only.
 */
export function penaltyFor(input: PenaltyInput): PenaltyResult {
  const { kind, dueDate, asOf, keyRates, caps, rules } = input;
  assertKopecks(input.amountKop, 'bill amount');
  const tiers = [...rules.tiers].sort((a, b) => a.fromDay - b.fromDay);
  for (const t of tiers) {
    if (!Number.isInteger(t.fromDay) || t.fromDay < 1 || !Number.isInteger(t.divisor) || t.divisor < 1) {
      throw new RangeError(`bad penalty tier ${JSON.stringify(t)}`);
    }
  }
  if (input.amountKop <= 0 || compareDates(asOf, dueDate) <= 0) return { penaltyKop: 0, segments: [] };

  let unpaid = input.amountKop;
  const parts: { baseKop: Kopecks; end: IsoDate; paidOn: IsoDate | null }[] = [];
  const payments = [...input.payments]
    .map((p) => ({ date: p.date, amountKop: assertKopecks(p.amountKop, 'payment') }))
    .filter((p) => p.amountKop > 0 && compareDates(p.date, asOf) <= 0)
    .sort((a, b) => compareDates(a.date, b.date));
  for (const p of payments) {
    if (unpaid === 0) break;
    const part = Math.min(p.amountKop, unpaid);
    unpaid -= part;
    if (compareDates(p.date, dueDate) > 0) parts.push({ baseKop: part, end: p.date, paidOn: p.date });
  }
  if (unpaid > 0) parts.push({ baseKop: unpaid, end: asOf, paidOn: null });

  let total: Fraction = { num: 0n, den: 1n };
  const segments: PenaltySegment[] = [];
  for (const part of parts) {
    const overdueDays = daysBetween(dueDate, part.end);
    const rate = penaltyRateOn(part.end, kind, keyRates, caps);
    const r = toDecimal(rate);
    tiers.forEach((tier, i) => {
      const next = tiers[i + 1];
      const first = tier.fromDay;
      const last = Math.min(next ? next.fromDay - 1 : overdueDays, overdueDays);
      if (last < first) return;
      const days = last - first + 1;
      // base (kop) × rate% × days / divisor / 100 → kopecks
      const seg: Fraction = {
        num: BigInt(part.baseKop) * r.units * BigInt(days),
        den: pow10(r.scale) * 100n * BigInt(tier.divisor),
      };
      total = addFraction(total, seg);
      segments.push({
        from: addDays(dueDate, first),
        to: minDate(addDays(dueDate, last), part.end),
        days,
        baseKop: part.baseKop,
        paidOn: part.paidOn,
        ratePercent: rate,
        divisor: tier.divisor,
        amount: decimalToString({ units: roundDiv(seg.num, seg.den), scale: 2 }),
      });
    });
  }
  return { penaltyKop: Number(roundDiv(total.num, total.den)), segments };
}

export interface BillForPenalty {
  id: string;
  amountKop: Kopecks;
  dueDate: IsoDate;
}

/** Penalties of several bills of one customer, each rounded on its own (penalties are shown apart from charges). */
export function penaltiesFor(input: {
  kind: CustomerKind;
  bills: readonly BillForPenalty[];
  /** Allocations of payments to the bills (allocatePayments(...).allocations). */
  allocations: readonly { billId: string; date: IsoDate; amountKop: Kopecks }[];
  asOf: IsoDate;
  keyRates: readonly KeyRate[];
  caps: readonly RateCap[];
  /** Every dated set; each bill follows the one in force on its due date. */
  rules: readonly PenaltyRuleSet[];
}): { totalKop: Kopecks; bills: { billId: string; penaltyKop: Kopecks }[] } {
  const out = input.bills.map((b) => ({
    billId: b.id,
    penaltyKop: penaltyFor({
      kind: input.kind,
      amountKop: b.amountKop,
      dueDate: b.dueDate,
      payments: input.allocations.filter((a) => a.billId === b.id),
      asOf: input.asOf,
      keyRates: input.keyRates,
      caps: input.caps,
      rules: penaltyRulesFor(input.kind, b.dueDate, input.rules),
    }).penaltyKop,
  }));
  return { totalKop: out.reduce((s, b) => s + b.penaltyKop, 0), bills: out };
}
