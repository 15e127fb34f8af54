// Business advance schedule (retail market rules p. 82): instalments within the month, the rest after, and what is due at a date.
import { decimalToPlain, type DecimalInput } from './decimal.js';
import { assertKopecks, mulRound, percentOf, type Kopecks } from './money.js';
import {
  addMonths,
  compareDates,
  comparePeriods,
  dayOfPeriod,
  inForceAt,
  type IsoDate,
  type Period,
} from './periods.js';
import type { DatedAmount, OpeningBalance } from './balance.js';

export interface AdvanceInstalment {
  /** Share of the month's basis cost, in %. */
  percent: DecimalInput;
  day: number;
  /** 0: the month itself. */
  monthOffset: number;
}

export interface AdvanceRules {
  instalments: readonly AdvanceInstalment[];
  /** When the rest (actual cost − the advances) is due. */
  final: { day: number; monthOffset: number };
}

/** The schedule for months from `fromPeriod` on, until the next set (advance_rules). */
export interface AdvanceRuleSet extends AdvanceRules {
  fromPeriod: Period;
}

export class NoAdvanceRulesError extends RangeError {
  constructor(readonly period: Period) {
    super(`no advance rules for ${period}`);
    this.name = 'NoAdvanceRulesError';
  }
}

/**
 * The schedule of a month: the set in force on its first day (the latest fromPeriod not after it).
 * It governs all of the month's items, the final settlement in the next month included: a month is
 * contracted and paid for under one schedule, and a new one starts with the month it is dated.
 */
export function advanceRulesFor(period: Period, sets: readonly AdvanceRuleSet[]): AdvanceRules {
  const best = inForceAt(sets, (s) => s.fromPeriod, period, comparePeriods);
  if (!best) throw new NoAdvanceRulesError(period);
  return { instalments: best.instalments, final: best.final };
}

/**
 * What the advances of a month are computed from: the contracted volume's cost, or without a
 * contracted volume last month's volume at the month's price; 0 when neither is known.
 */
export function advanceBasisKop(input: {
  contractedVolume: DecimalInput | null;
  lastMonthVolume: DecimalInput | null;
  /** Price per unit, VAT included (advances are paid with VAT). */
  price: DecimalInput;
}): { basisKop: Kopecks; basis: 'contracted' | 'last_month' | 'none' } {
  if (input.contractedVolume !== null)
    return { basisKop: mulRound(input.contractedVolume, input.price), basis: 'contracted' };
  if (input.lastMonthVolume !== null)
    return { basisKop: mulRound(input.lastMonthVolume, input.price), basis: 'last_month' };
  return { basisKop: 0, basis: 'none' };
}

export interface MonthCharges {
  period: Period;
  /** Cost the advances are a share of (advanceBasisKop). */
  basisKop: Kopecks;
  /** The month's actual cost (its invoice), null until it is issued. */
  actualKop: Kopecks | null;
}

export interface ScheduleItem {
  period: Period;
  kind: 'advance' | 'final';
  dueDate: IsoDate;
  /** This item alone: an instalment, or the rest (actual − advances; negative when the advances were too much). */
  amountKop: Kopecks;
  /** An instalment's share of the basis in % (as the rules give it); null for the final settlement. */
  percent: string | null;
  /** What the month counts for in the debt once this item is due: Σ instalments so far, or the actual cost. */
  cumulativeKop: Kopecks;
}

/**
 * The items of one month: each instalment rounded half up on its own, then the final settlement
 * (only once the actual cost is known). Items are in due-date order.
 */
export function advanceSchedule(month: MonthCharges, rules: AdvanceRules): ScheduleItem[] {
  assertKopecks(month.basisKop, 'basis');
  const items: ScheduleItem[] = [];
  let cumulative = 0;
  for (const inst of rules.instalments) {
    const amount = percentOf(month.basisKop, inst.percent);
    cumulative += amount;
    items.push({
      period: month.period,
      kind: 'advance',
      dueDate: dayOfPeriod(addMonths(month.period, inst.monthOffset), inst.day),
      amountKop: amount,
      percent: decimalToPlain(inst.percent),
      cumulativeKop: cumulative,
    });
  }
  if (month.actualKop !== null) {
    assertKopecks(month.actualKop, 'actual');
    items.push({
      period: month.period,
      kind: 'final',
      dueDate: dayOfPeriod(addMonths(month.period, rules.final.monthOffset), rules.final.day),
      amountKop: month.actualKop - cumulative,
      percent: null,
      cumulativeKop: month.actualKop,
    });
  }
  return items.sort((a, b) => compareDates(a.dueDate, b.dueDate));
}

/** What a month counts for at `date`: the cumulative amount of its last item due strictly before the date. */
function monthDueBefore(
  items: readonly ScheduleItem[],
  date: IsoDate,
  inclusive: boolean,
): { kop: Kopecks; item: ScheduleItem | null } {
  let best: ScheduleItem | null = null;
  for (const it of items) {
    const c = compareDates(it.dueDate, date);
    if (c < 0 || (inclusive && c === 0)) best = it;
  }
  return { kop: best?.cumulativeKop ?? 0, item: best };
}

export interface DebtDue {
  /** + debt, − overpayment. */
  debtKop: Kopecks;
  /** Opening + what the months count for. */
  dueKop: Kopecks;
  paidKop: Kopecks;
  /** Per month, the item it counts by at the date (null: nothing due yet). */
  counted: { period: Period; item: ScheduleItem | null; kop: Kopecks }[];
}

function paidBy(opening: OpeningBalance, payments: readonly DatedAmount[], date: IsoDate): Kopecks {
  let paid = 0;
  for (const p of payments) {
    if (compareDates(p.date, opening.date) >= 0 && compareDates(p.date, date) <= 0)
      paid += assertKopecks(p.amountKop);
  }
  return paid;
}

function dueAt(
  opening: OpeningBalance,
  months: readonly MonthCharges[],
  date: IsoDate,
  rules: readonly AdvanceRuleSet[],
  inclusive: boolean,
) {
  const counted = months.map((m) => {
    const { kop, item } = monthDueBefore(
      advanceSchedule(m, advanceRulesFor(m.period, rules)),
      date,
      inclusive,
    );
    return { period: m.period, item, kop };
  });
  return { counted, dueKop: assertKopecks(opening.amountKop) + counted.reduce((s, c) => s + c.kop, 0) };
}

/**
 * Current debt at `date` (seed 003 §4.2): opening + for each month what has fallen due before the
 * date − payments from the opening to the date inclusive. An item counts from the day after its
 * due date (on the 10th the first advance can still be paid in time; from the 11th it is debt);
 * once the final date has passed the month counts by its actual cost instead of its advances.
 * Each month follows the rule set in force for it (advanceRulesFor).
 */
export function debtDueAt(
  opening: OpeningBalance,
  months: readonly MonthCharges[],
  payments: readonly DatedAmount[],
  date: IsoDate,
  rules: readonly AdvanceRuleSet[],
): DebtDue {
  const { counted, dueKop } = dueAt(opening, months, date, rules, false);
  const paidKop = paidBy(opening, payments, date);
  return { debtKop: dueKop - paidKop, dueKop, paidKop, counted };
}

/**
 * Recommended payment at `date`: what will be due by the next due date (today included) minus
 * what has been paid, never below 0. Without any due date ahead it is the current debt (≥ 0).
 */
export function recommendedPayment(
  opening: OpeningBalance,
  months: readonly MonthCharges[],
  payments: readonly DatedAmount[],
  date: IsoDate,
  rules: readonly AdvanceRuleSet[],
): { amountKop: Kopecks; dueDate: IsoDate | null } {
  let next: IsoDate | null = null;
  for (const m of months) {
    for (const it of advanceSchedule(m, advanceRulesFor(m.period, rules))) {
      if (compareDates(it.dueDate, date) >= 0 && (next === null || compareDates(it.dueDate, next) < 0))
        next = it.dueDate;
    }
  }
  const paid = paidBy(opening, payments, date);
  const due =
    next === null
      ? dueAt(opening, months, date, rules, false).dueKop
      : dueAt(opening, months, next, rules, true).dueKop;
  return { amountKop: Math.max(0, due - paid), dueDate: next };
}
