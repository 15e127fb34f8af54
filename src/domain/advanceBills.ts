// Paid / unpaid / overdue of each business advance bill, read off the payment allocation of the advance
// schedule (scheduleObligations), and how the balance of a company splits by due date.
import type { Kopecks } from './money.js';
import { compareDates, type IsoDate } from './periods.js';
import type { PenaltyObligation } from './penaltyLedger.js';

/** 'YYYY-MM' of a period written either way ('YYYY-MM' or 'YYYY-MM-01'). */
const monthOf = (period: string) => period.slice(0, 7);

export type AdvanceBillStatus = 'paid' | 'unpaid' | 'overdue';

/** An issued advance bill (счёт на оплату): what it asks for and by when. */
export interface AdvanceBillInput {
  id: number;
  /** Billing month, 'YYYY-MM-01' or 'YYYY-MM'. */
  period: string;
  dueDate: IsoDate | null;
  amountKop: Kopecks;
}

export interface AdvanceBillState {
  billId: number;
  /** null: the schedule has no instalment this bill asks for (no contracted volume, no history). */
  status: AdvanceBillStatus | null;
  /** What the allocation gave the instalment by `asOf` (never above the bill's amount). */
  paidKop: Kopecks;
  outstandingKop: Kopecks;
  dueDate: IsoDate | null;
}

/**
 * Each advance bill's state as of `asOf`. A bill asks for one instalment of the schedule: the
 * advance obligation of its month due on its due date (else the month's advance of the same rank:
 * the first bill of a month is the first instalment). The money that reached that instalment is the
 * allocation's (payments pay the schedule oldest due date first), so the cabinet never recounts it:
 * paid in full → 'paid'; otherwise 'overdue' once its due date has passed, else 'unpaid'.
 */
export function advanceBillStates(
  bills: readonly AdvanceBillInput[],
  obligations: readonly PenaltyObligation[],
  asOf: IsoDate,
): AdvanceBillState[] {
  const advancesOf = new Map<string, PenaltyObligation[]>();
  for (const o of obligations) {
    if (o.kind !== 'advance' || o.period === null) continue;
    const p = monthOf(o.period);
    advancesOf.set(p, [...(advancesOf.get(p) ?? []), o]);
  }
  const billsOf = new Map<string, AdvanceBillInput[]>();
  for (const b of [...bills].sort((x, y) => compareDates(x.dueDate ?? x.period, y.dueDate ?? y.period))) {
    const p = monthOf(b.period);
    billsOf.set(p, [...(billsOf.get(p) ?? []), b]);
  }
  return bills.map((b) => {
    const p = monthOf(b.period);
    const candidates = advancesOf.get(p) ?? [];
    const o =
      candidates.find((c) => b.dueDate !== null && c.dueDate === b.dueDate) ??
      candidates[(billsOf.get(p) ?? []).indexOf(b)];
    if (!o)
      return { billId: b.id, status: null, paidKop: 0, outstandingKop: b.amountKop, dueDate: b.dueDate };
    const reached = o.payments
      .filter((x) => compareDates(x.date, asOf) <= 0)
      .reduce((s, x) => s + x.amountKop, 0);
    const paidKop = Math.min(reached, b.amountKop);
    const dueDate = b.dueDate ?? o.dueDate;
    const status: AdvanceBillStatus =
      reached >= o.amountKop || paidKop >= b.amountKop
        ? 'paid'
        : compareDates(dueDate, asOf) < 0
          ? 'overdue'
          : 'unpaid';
    return { billId: b.id, status, paidKop, outstandingKop: b.amountKop - paidKop, dueDate };
  });
}

/** A company's balance by due date, beside the recommended payment (what the state page leads with). */
export interface BalanceByDueDate {
  /** The balance as of today (+ debt, − overpayment), penalties apart: the one figure every page shows. */
  balanceKop: Kopecks;
  /** The part of the debt whose due date has passed. */
  overdueKop: Kopecks;
  /** The rest of the debt: billed, not yet due (the last month's final settlement). */
  notYetDueKop: Kopecks;
  /**
   * Advances of a month whose invoice is not issued yet that are overdue beyond the balance: the
   * schedule counts them from their due dates, the balance only once the month's invoice charges them.
   */
  overdueAdvancesKop: Kopecks;
  /** The recommended payment and its date (overdue + what falls due by then). */
  recommendedKop: Kopecks;
  recommendedBy: IsoDate | null;
  /** What the recommended payment adds to the overdue part: the instalments due by recommendedBy. */
  recommendedDueSoonKop: Kopecks;
}

/**
 * Splits the balance (the statement's, as every page shows it) by the advance schedule's debt at the
 * date (what fell due before it, DOMAIN.md "Business advance schedule"): up to that much of the debt
 * is overdue, the rest is not yet due; what the schedule has overdue beyond the debt is advances the
 * balance does not hold yet. The recommended payment is the schedule's; its excess over the overdue
 * part is what falls due by its date.
 */
export function balanceByDueDate(
  balanceKop: Kopecks,
  schedule: { debtKop: Kopecks; recommendedKop: Kopecks; recommendedBy: IsoDate | null },
): BalanceByDueDate {
  const debt = Math.max(0, balanceKop);
  const scheduleOverdue = Math.max(0, schedule.debtKop);
  const overdueKop = Math.min(debt, scheduleOverdue);
  return {
    balanceKop,
    overdueKop,
    notYetDueKop: debt - overdueKop,
    overdueAdvancesKop: scheduleOverdue - overdueKop,
    recommendedKop: schedule.recommendedKop,
    recommendedBy: schedule.recommendedBy,
    recommendedDueSoonKop: Math.max(0, schedule.recommendedKop - scheduleOverdue),
  };
}
