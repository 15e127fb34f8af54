// When what is owed falls due: the overdue part and the next due date with what to pay by then (the overview's balance card).
import { assertKopecks, type Kopecks } from './money.js';
import { compareDates, type IsoDate } from './periods.js';
import { billDueDate, type CustomerKind, type DueDayRule } from './dueDates.js';
import type { AccountStatement } from './statement.js';

/** An unpaid obligation: a bill's outstanding amount (or an instalment) and the day it is due. */
export interface DueObligation {
  outstandingKop: Kopecks;
  dueDate: IsoDate;
}

export interface DueSummary {
  asOf: IsoDate;
  /** Outstanding after its due date (penalties apart). */
  overdueKop: Kopecks;
  /** The next due date of something outstanding, today included; null when nothing is ahead. */
  dueBy: IsoDate | null;
  /** What to pay by `dueBy` to be behind on nothing: the overdue part and what falls due by then. */
  dueByKop: Kopecks;
}

/**
 * dueSummary([{ 500, '2026-11-10' }, { 300, '2026-12-10' }], '2026-12-06') = overdue 500, 800 by
 * 10.12.2026. An obligation is overdue from the day after its due date (the due date itself is in time).
 */
export function dueSummary(obligations: readonly DueObligation[], asOf: IsoDate): DueSummary {
  let overdueKop = 0;
  let dueBy: IsoDate | null = null;
  for (const o of obligations) {
    if (o.outstandingKop <= 0) continue;
    if (compareDates(o.dueDate, asOf) < 0) overdueKop += assertKopecks(o.outstandingKop, 'overdue');
    else if (dueBy === null || compareDates(o.dueDate, dueBy) < 0) dueBy = o.dueDate;
  }
  let dueByKop = overdueKop;
  if (dueBy !== null)
    for (const o of obligations)
      if (o.outstandingKop > 0 && compareDates(o.dueDate, asOf) >= 0 && compareDates(o.dueDate, dueBy) <= 0)
        dueByKop += o.outstandingKop;
  return { asOf, overdueKop, dueBy, dueByKop };
}

/**
 * A household's unpaid obligations: each bill's outstanding amount (advance bills apart) by its due
 * date, and the unpaid opening balance, due before the history starts.
 */
export function unpaidBills(
  st: AccountStatement,
  kind: CustomerKind,
  rules: readonly DueDayRule[],
): DueObligation[] {
  const out: DueObligation[] = st.bills
    .filter((b) => b.type !== 'advance' && b.outstandingKop > 0)
    .map((b) => ({ outstandingKop: b.outstandingKop, dueDate: billDueDate(b, kind, rules) }));
  if (st.openingOutstandingKop > 0)
    out.push({ outstandingKop: st.openingOutstandingKop, dueDate: st.openingDate ?? '0001-01-01' });
  return out;
}
