// Reconciliation act (акт сверки) for a period: opening, operations as debit / credit, turnovers, closing and in whose favour.
import { assertKopecks, type Kopecks } from './money.js';
import { compareDates, type IsoDate } from './periods.js';
import { formatAmount, formatDate } from './format.js';

export interface ReconciliationOperation {
  date: IsoDate;
  /** How the row is named: "Счёт-фактура № 123 от 31.05.2016", "Поступление платежа от 25.05.2016". */
  document: string;
  /** Bills, invoices and corrections go to the debit (a reducing correction is negative); payments to the credit. */
  kind: 'bill' | 'invoice' | 'correction' | 'advance' | 'payment';
  amountKop: Kopecks;
  /** The bill (invoice, correction) the row stands for, so the page can offer its scan; none for a payment. */
  billId?: number;
}

export type Side = 'debit' | 'credit' | 'none';
export type InFavourOf = 'supplier' | 'customer' | 'none';

export interface ReconciliationRow {
  date: IsoDate;
  document: string;
  kind: ReconciliationOperation['kind'];
  debitKop: Kopecks | null;
  creditKop: Kopecks | null;
  billId?: number;
}

export interface ReconciliationAct {
  from: IsoDate;
  to: IsoDate;
  /** + the customer owes, − overpayment; `openingSide` says which column shows it (as a positive figure). */
  openingKop: Kopecks;
  openingSide: Side;
  rows: ReconciliationRow[];
  debitTurnoverKop: Kopecks;
  creditTurnoverKop: Kopecks;
  /** opening + debit − credit. */
  closingKop: Kopecks;
  closingSide: Side;
  /** Debt in favour of the supplier (the customer owes) or of the customer (overpayment). */
  inFavourOf: InFavourOf;
}

function sideOf(kop: Kopecks): Side {
  return kop > 0 ? 'debit' : kop < 0 ? 'credit' : 'none';
}

/**
 * Builds the act for [from, to], both inclusive. `openingKop` is the balance before all the
 * given operations: those dated before `from` are folded into the opening, those after `to`
 * left out, so callers may pass either the whole history or just the period. Rows keep date
 * order (the given order on the same day).
 */
export function reconciliationAct(input: {
  openingKop: Kopecks;
  operations: readonly ReconciliationOperation[];
  from: IsoDate;
  to: IsoDate;
}): ReconciliationAct {
  const { from, to } = input;
  if (compareDates(from, to) > 0) throw new RangeError(`empty reconciliation period ${from}..${to}`);
  let opening = assertKopecks(input.openingKop, 'opening');
  const signed = (op: ReconciliationOperation) => (op.kind === 'payment' ? -op.amountKop : op.amountKop);
  const rows: ReconciliationRow[] = [];
  let debit = 0;
  let credit = 0;
  const ordered = input.operations
    .map((op, i) => ({ op, i }))
    .sort((a, b) => compareDates(a.op.date, b.op.date) || a.i - b.i)
    .map((x) => x.op);
  for (const op of ordered) {
    assertKopecks(op.amountKop, op.document);
    if (op.kind === 'payment' && op.amountKop < 0) throw new RangeError(`negative payment: ${op.document}`);
    if (compareDates(op.date, from) < 0) {
      opening += signed(op);
      continue;
    }
    if (compareDates(op.date, to) > 0) continue;
    if (op.kind === 'payment') {
      credit += op.amountKop;
      rows.push({
        date: op.date,
        document: op.document,
        kind: op.kind,
        debitKop: null,
        creditKop: op.amountKop,
      });
    } else {
      debit += op.amountKop;
      rows.push({
        date: op.date,
        document: op.document,
        kind: op.kind,
        debitKop: op.amountKop,
        creditKop: null,
        ...(op.billId === undefined ? {} : { billId: op.billId }),
      });
    }
  }
  const closing = assertKopecks(opening + debit - credit, 'closing');
  return {
    from,
    to,
    openingKop: opening,
    openingSide: sideOf(opening),
    rows,
    debitTurnoverKop: debit,
    creditTurnoverKop: credit,
    closingKop: closing,
    closingSide: sideOf(closing),
    inFavourOf: closing > 0 ? 'supplier' : closing < 0 ? 'customer' : 'none',
  };
}

/**
 * The closing sentence of the act: "На 01.08.2016 задолженность в пользу ООО «ТЭК-Энерго»
 * составляет 512 007,01 руб." (the figure is the absolute value; the side names the party).
 */
export function reconciliationSentence(
  act: ReconciliationAct,
  parties: { supplier: string; customer: string },
): string {
  if (act.inFavourOf === 'none') return `На ${formatDate(act.to)} задолженность отсутствует.`;
  const party = act.inFavourOf === 'supplier' ? parties.supplier : parties.customer;
  return `На ${formatDate(act.to)} задолженность в пользу ${party} составляет ${formatAmount(Math.abs(act.closingKop))} руб.`;
}

/** The act as the page and the PDF show it: the act with its parties, contracts and closing sentence. */
export interface ActParty {
  name: string;
  inn: string | null;
  kpp: string | null;
}

export interface ReconciliationView extends ReconciliationAct {
  accountNumber: string;
  supplier: ActParty;
  customer: ActParty;
  contracts: { number: string; date: string | null }[];
  /** "На 01.08.2016 задолженность в пользу … составляет … руб." */
  sentence: string;
  /** The requested start when it lies before the account's known history (the act starts at the opening then). */
  requestedFrom: IsoDate;
}
