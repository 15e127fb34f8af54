// The penalty ledger of an account: what accrues on each overdue obligation as of a date, what the
// bills have carried so far, what the next bill carries, and what is owed with the balance.
// One code path for the cabinet, the billing run, the receipts and the demo data (docs/penalties.md).
import { allocatePayments, type AllocationBill } from './allocation.js';
import type { DatedAmount } from './balance.js';
import { billDueDate, type CustomerKind, type DueDayRule } from './dueDates.js';
import type { Kopecks } from './money.js';
import {
  NoKeyRateError,
  NoPenaltyRulesError,
  penaltyFor,
  penaltyRulesFor,
  type KeyRate,
  type PenaltyRuleSet,
  type PenaltySegment,
  type RateCap,
} from './penalties.js';
import { compareDates, maxDate, type IsoDate } from './periods.js';
import type { AccountStatement } from './statement.js';
import type { ScheduleItem } from './advance.js';

/** Money owed by a due date, with the money that reached it (after the due date it accrues penalties). */
export interface PenaltyObligation {
  /** What the customer sees: a bill's number, or "аванс 30 % за ноябрь 2026". */
  label: string;
  billId: number | null;
  period: string | null;
  kind: 'bill' | 'advance' | 'final';
  amountKop: Kopecks;
  dueDate: IsoDate;
  /** When money reached this obligation (never before it existed) and how much. */
  payments: readonly DatedAmount[];
}

/** The reference data penalties are computed from (all dated tables). */
export interface PenaltyReference {
  keyRates: readonly KeyRate[];
  caps: readonly RateCap[];
  rules: readonly PenaltyRuleSet[];
}

export interface AccruedPenalty extends PenaltyObligation {
  penaltyKop: Kopecks;
  segments: PenaltySegment[];
}

export interface PenaltyAccrual {
  asOf: IsoDate;
  kind: CustomerKind;
  /** Σ of the obligations' penalties, each rounded on its own. */
  totalKop: Kopecks;
  items: AccruedPenalty[];
  /** Obligations whose penalty needs a key rate older than the stored history (not guessed). */
  withoutKeyRate: string[];
  /** Obligations due before the first stored penalty rules of the kind. */
  withoutRules: string[];
}

/**
 * The obligations of a statement's bills (charging documents only; advance bills are requests, see
 * scheduleObligations): each bill's amount less what corrections credited, due on its stored due
 * date or by the dated due-day rule, with the payments the allocation gave it. Money that came
 * before the bill was issued reached it on the bill's date.
 */
export function billObligations(
  st: AccountStatement,
  kind: CustomerKind,
  dueRules: readonly DueDayRule[],
): PenaltyObligation[] {
  const out: PenaltyObligation[] = [];
  for (const b of st.bills) {
    if (b.type === 'advance') continue;
    const amount = b.amountKop - b.creditedKop;
    if (amount <= 0) continue;
    out.push({
      label: b.number,
      billId: b.id,
      period: b.period,
      kind: 'bill',
      amountKop: amount,
      dueDate: billDueDate(b, kind, dueRules),
      payments: b.payments.map((p) => ({ date: maxDate(p.date, b.date), amountKop: p.amountKop })),
    });
  }
  return out;
}

/**
 * The obligations of a business advance schedule (retail market rules p. 82: advances are payments
 * due by a date like any other): every instalment and final settlement of the months, paid by the
 * payments oldest due date first (a payment ahead of a due date waits for it). A final settlement
 * below zero (the advances were more than the month cost) is a credit to the next obligations.
 */
export function scheduleObligations(
  items: readonly ScheduleItem[],
  payments: readonly DatedAmount[],
  label: (it: ScheduleItem) => string,
): PenaltyObligation[] {
  const sorted = [...items]
    .filter((it) => it.amountKop !== 0)
    .sort(
      (a, b) => compareDates(a.dueDate, b.dueDate) || (a.kind === b.kind ? 0 : a.kind === 'advance' ? -1 : 1),
    );
  const bills: AllocationBill[] = sorted.map((it, i) => ({
    id: String(i),
    date: it.dueDate,
    amountKop: it.amountKop,
  }));
  const result = allocatePayments(
    bills,
    payments.map((p, i) => ({ id: `p${i}`, date: p.date, amountKop: p.amountKop })),
  );
  return sorted.flatMap((it, i) =>
    it.amountKop > 0
      ? [
          {
            label: label(it),
            billId: null,
            period: it.period,
            kind: it.kind,
            amountKop: it.amountKop,
            dueDate: it.dueDate,
            payments: result.allocations
              .filter((a) => a.billId === String(i) && a.source === 'payment')
              .map((a) => ({ date: a.date, amountKop: a.amountKop })),
          },
        ]
      : [],
  );
}

/**
 * Penalties accrued on the obligations as of `asOf` (DOMAIN.md "Penalties"): each obligation on its
 * own, by the rules in force on its due date, rounded half up to the kopeck once.
 */
export function accruePenalties(
  obligations: readonly PenaltyObligation[],
  kind: CustomerKind,
  ref: PenaltyReference,
  asOf: IsoDate,
): PenaltyAccrual {
  const items: AccruedPenalty[] = [];
  const withoutKeyRate: string[] = [];
  const withoutRules: string[] = [];
  for (const o of obligations) {
    let r: ReturnType<typeof penaltyFor>;
    try {
      r = penaltyFor({
        kind,
        amountKop: o.amountKop,
        dueDate: o.dueDate,
        payments: o.payments,
        asOf,
        keyRates: ref.keyRates,
        caps: ref.caps,
        rules: penaltyRulesFor(kind, o.dueDate, ref.rules),
      });
    } catch (e) {
      if (e instanceof NoPenaltyRulesError) withoutRules.push(o.label);
      else if (e instanceof NoKeyRateError) withoutKeyRate.push(o.label);
      else throw e;
      continue;
    }
    if (r.penaltyKop > 0) items.push({ ...o, penaltyKop: r.penaltyKop, segments: r.segments });
  }
  return {
    asOf,
    kind,
    totalKop: items.reduce((s, it) => s + it.penaltyKop, 0),
    items,
    withoutKeyRate,
    withoutRules,
  };
}

/**
 * What a new bill carries as its own penalty line ("в т.ч. пени"): the penalties accrued by its
 * date less what the earlier bills already carried, never below 0 (the key rate of the day may
 * re-price an unpaid debt downwards; the next bill then carries nothing until accrual catches up).
 */
export function penaltyToBill(accruedKop: Kopecks, billedBeforeKop: Kopecks): Kopecks {
  return Math.max(0, accruedKop - billedBeforeKop);
}

/** Σ of the penalty lines of the bills dated on or before `date` (charging documents). */
export function penaltiesBilledBy(
  bills: readonly { date: IsoDate; penaltyKop: Kopecks; type: string }[],
  date: IsoDate,
): Kopecks {
  return bills
    .filter((b) => b.type !== 'advance' && compareDates(b.date, date) <= 0)
    .reduce((s, b) => s + b.penaltyKop, 0);
}

export interface AmountOwed {
  asOf: IsoDate;
  /** opening + Σ charged − Σ paid: + debt, − overpayment (penalties apart). */
  balanceKop: Kopecks;
  /** Penalties accrued as of the date. */
  penaltyKop: Kopecks;
  /** What to pay now: balance + penalties, nothing when an overpayment covers both. */
  toPayKop: Kopecks;
  /** The overpayment left once the penalties are covered (0 while anything is owed). */
  creditKop: Kopecks;
}

/**
 * What is owed at a date. Payments pay bills (principal) by the allocation rules and never
 * penalties while an issued bill is unpaid; only money no bill needs (an overpayment) stands
 * against the penalties. So the amount to pay is the balance plus the penalties, never below 0.
 */
export function amountOwed(balanceKop: Kopecks, penaltyKop: Kopecks, asOf: IsoDate): AmountOwed {
  const total = balanceKop + penaltyKop;
  return { asOf, balanceKop, penaltyKop, toPayKop: Math.max(0, total), creditKop: Math.max(0, -total) };
}
