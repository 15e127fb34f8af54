// Balance (сальдо) at a date and a period's statement: opening + billed − paid, positive debt, negative overpayment.
import { assertKopecks, type Kopecks } from './money.js';
import { compareDates, type IsoDate } from './periods.js';

/** Anything with a date and an amount: a bill (its amount) or a payment. */
export interface DatedAmount {
  date: IsoDate;
  amountKop: Kopecks;
}

/** The balance at the start of `date` (entries of that day come after it). */
export interface OpeningBalance {
  date: IsoDate;
  amountKop: Kopecks;
}

function openingOf(opening: OpeningBalance | Kopecks): OpeningBalance | null {
  return typeof opening === 'number' ? null : opening;
}

function openingAmount(opening: OpeningBalance | Kopecks): Kopecks {
  return assertKopecks(typeof opening === 'number' ? opening : opening.amountKop, 'opening balance');
}

function counts(entryDate: IsoDate, opening: OpeningBalance | null, date: IsoDate): boolean {
  if (compareDates(entryDate, date) > 0) return false;
  return !opening || compareDates(entryDate, opening.date) >= 0;
}

/**
 * Balance at the end of `date` = opening + everything billed with date ≤ t − payments with
 * date ≤ t. With a dated opening, entries before its date are already in it and are skipped;
 * asking for a date before the opening is an error (the history is not known).
 */
export function balanceAt(
  opening: OpeningBalance | Kopecks,
  bills: readonly DatedAmount[],
  payments: readonly DatedAmount[],
  date: IsoDate,
): Kopecks {
  const o = openingOf(opening);
  if (o && compareDates(date, o.date) < 0)
    throw new RangeError(`balance asked for ${date}, before the opening ${o.date}`);
  let total = openingAmount(opening);
  for (const b of bills) if (counts(b.date, o, date)) total += assertKopecks(b.amountKop, 'bill');
  for (const p of payments) if (counts(p.date, o, date)) total -= assertKopecks(p.amountKop, 'payment');
  return assertKopecks(total, 'balance');
}

/**
 * balanceAt per grouping key (account, contract, supplier, service…): `keyOf` names the group of
 * each bill and payment. A payment split across contracts is passed as its parts (for example
 * the allocations and the unallocated rest from allocatePayments). Keys only in `openings` appear too.
 */
export function balancesAt<B extends DatedAmount, P extends DatedAmount>(
  openings: Readonly<Record<string, Kopecks>>,
  bills: readonly B[],
  payments: readonly P[],
  date: IsoDate,
  keyOf: { bill: (b: B) => string; payment: (p: P) => string },
): Record<string, Kopecks> {
  const out: Record<string, Kopecks> = {};
  for (const [k, v] of Object.entries(openings)) out[k] = assertKopecks(v, 'opening balance');
  for (const b of bills) {
    if (compareDates(b.date, date) > 0) continue;
    const k = keyOf.bill(b);
    out[k] = assertKopecks((out[k] ?? 0) + b.amountKop, 'balance');
  }
  for (const p of payments) {
    if (compareDates(p.date, date) > 0) continue;
    const k = keyOf.payment(p);
    out[k] = assertKopecks((out[k] ?? 0) - p.amountKop, 'balance');
  }
  return out;
}

/** A bill as a statement shows it: its amount is charged − benefit + adjustment. */
export interface StatementBill {
  date: IsoDate;
  chargedKop: Kopecks;
  benefitKop?: Kopecks;
  adjustmentKop?: Kopecks;
}

export interface PeriodStatement {
  debtAtStartKop: Kopecks;
  paidKop: Kopecks;
  chargedKop: Kopecks;
  benefitKop: Kopecks;
  /** Списано (−) / доначислено (+). */
  adjustmentKop: Kopecks;
  debtAtEndKop: Kopecks;
}

/** charged − benefit + adjustment. */
export function billAmount(b: Omit<StatementBill, 'date'>): Kopecks {
  return assertKopecks(b.chargedKop - (b.benefitKop ?? 0) + (b.adjustmentKop ?? 0), 'bill amount');
}

/**
 * The lines of a residential bill for a period [from, to]: debt at start − paid + charged −
 * benefit ± adjustment = debt at end (seed 002: 37 806.72 − 4.00 + 3 304.84 = 41 107.56).
 */
export function periodStatement(
  opening: OpeningBalance | Kopecks,
  bills: readonly StatementBill[],
  payments: readonly DatedAmount[],
  from: IsoDate,
  to: IsoDate,
): PeriodStatement {
  const o = openingOf(opening);
  if (compareDates(from, to) > 0) throw new RangeError(`empty statement period ${from}..${to}`);
  const inPeriod = (d: IsoDate) =>
    compareDates(d, from) >= 0 && compareDates(d, to) <= 0 && (!o || compareDates(d, o.date) >= 0);
  const before = (d: IsoDate) => compareDates(d, from) < 0 && (!o || compareDates(d, o.date) >= 0);
  if (o && compareDates(from, o.date) < 0)
    throw new RangeError(`statement from ${from}, before the opening ${o.date}`);
  let start = openingAmount(opening);
  for (const b of bills) if (before(b.date)) start += billAmount(b);
  for (const p of payments) if (before(p.date)) start -= p.amountKop;
  const s: PeriodStatement = {
    debtAtStartKop: start,
    paidKop: 0,
    chargedKop: 0,
    benefitKop: 0,
    adjustmentKop: 0,
    debtAtEndKop: 0,
  };
  for (const b of bills) {
    if (!inPeriod(b.date)) continue;
    s.chargedKop += assertKopecks(b.chargedKop);
    s.benefitKop += assertKopecks(b.benefitKop ?? 0);
    s.adjustmentKop += assertKopecks(b.adjustmentKop ?? 0);
  }
  for (const p of payments) if (inPeriod(p.date)) s.paidKop += assertKopecks(p.amountKop);
  s.debtAtEndKop = assertKopecks(
    s.debtAtStartKop - s.paidKop + s.chargedKop - s.benefitKop + s.adjustmentKop,
    'debt at end',
  );
  return s;
}
