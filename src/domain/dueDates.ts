// When a bill is due, from dated supplier rules per customer kind (the rules change by decree, so they are data).
import {
  addMonths,
  comparePeriods,
  dayOfPeriod,
  inForceAt,
  periodOf,
  type IsoDate,
  type Period,
} from './periods.js';

/** 'person' is a residential customer (физлицо), 'organisation' a business one (юрлицо / ИП), as in the database. */
export type CustomerKind = 'person' | 'organisation';

/** Bills for periods from `fromPeriod` on are due on `dueDay` of the month `monthOffset` months after the period. */
export interface DueDayRule {
  customerKind: CustomerKind;
  fromPeriod: Period;
  dueDay: number;
  /** Default 1: the month after the billed period. */
  monthOffset?: number;
}

/**
 * Residential: the 10th of the next month, from February 2026 bills the 15th. Business: the final
 * settlement of a month on the 18th of the next month (the advances are in advance.ts).
 */
export const DEFAULT_DUE_RULES: readonly DueDayRule[] = [
  { customerKind: 'person', fromPeriod: '2000-01', dueDay: 10 },
  { customerKind: 'person', fromPeriod: '2026-02', dueDay: 15 },
  { customerKind: 'organisation', fromPeriod: '2000-01', dueDay: 18 },
];

export class NoDueRuleError extends RangeError {
  constructor(
    readonly customerKind: CustomerKind,
    readonly period: Period,
  ) {
    super(`no due-day rule for ${customerKind} bills of ${period}`);
    this.name = 'NoDueRuleError';
  }
}

/** The rule in force for the period: the one with the latest fromPeriod not after it. */
export function dueRuleFor(
  kind: CustomerKind,
  period: Period,
  rules: readonly DueDayRule[] = DEFAULT_DUE_RULES,
): DueDayRule {
  const best = inForceAt(
    rules.filter((r) => r.customerKind === kind),
    (r) => r.fromPeriod,
    period,
    comparePeriods,
  );
  if (!best) throw new NoDueRuleError(kind, period);
  return best;
}

/** dueDateFor('person', '2026-01') = '2026-02-10'; dueDateFor('person', '2026-02') = '2026-03-15'. */
export function dueDateFor(
  kind: CustomerKind,
  period: Period,
  rules: readonly DueDayRule[] = DEFAULT_DUE_RULES,
): IsoDate {
  const rule = dueRuleFor(kind, period, rules);
  return dayOfPeriod(addMonths(period, rule.monthOffset ?? 1), rule.dueDay);
}

/** A bill's due date: the one it states, else the rule's for its billed month ('YYYY-MM-DD' period). */
export function billDueDate(
  bill: { dueDate: IsoDate | null; period: string },
  kind: CustomerKind,
  rules: readonly DueDayRule[] = DEFAULT_DUE_RULES,
): IsoDate {
  return bill.dueDate ?? dueDateFor(kind, periodOf(bill.period), rules);
}
