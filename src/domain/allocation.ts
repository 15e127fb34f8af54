// Allocation of payments to bills (разноска): named bill or contract first, then the oldest debt, overpayment carried forward.
import { assertKopecks, type Kopecks } from './money.js';
import { compareDates, type IsoDate } from './periods.js';

export interface AllocationBill {
  id: string;
  /** The bill's date: from it on the bill can take money. */
  date: IsoDate;
  /** What the bill asks for (charged − benefit + adjustment). A negative amount is a reducing correction: a credit. */
  amountKop: Kopecks;
  contract?: string | null;
  /** For a correction: the bill it corrects; its credit goes there first. */
  corrects?: string | null;
}

export interface PaymentTarget {
  billId?: string | null;
  contract?: string | null;
  amountKop: Kopecks;
}

export interface AllocationPayment {
  id: string;
  date: IsoDate;
  amountKop: Kopecks;
  /** Where the payer said the money goes (e.g. one ЕПД payment split across contracts). */
  targets?: readonly PaymentTarget[];
}

export interface Allocation {
  /** The payment's id, or the reducing correction's bill id when source is 'correction'. */
  paymentId: string;
  source: 'payment' | 'correction';
  billId: string;
  amountKop: Kopecks;
  /** When the money reached the bill: the later of the payment's and the bill's dates. */
  date: IsoDate;
  /** When the money came in. */
  paymentDate: IsoDate;
  contract: string | null;
}

export interface BillState {
  id: string;
  amountKop: Kopecks;
  paidKop: Kopecks;
  outstandingKop: Kopecks;
  /** The day the last kopeck arrived, null while anything is outstanding (and for non-positive bills). */
  paidInFullOn: IsoDate | null;
}

export interface UnallocatedCredit {
  paymentId: string;
  source: 'payment' | 'correction';
  paymentDate: IsoDate;
  /** The contract the money is kept for, null for a general overpayment. */
  contract: string | null;
  /** A bill named by the payer that has not been issued (yet). */
  billId: string | null;
  amountKop: Kopecks;
}

export interface AllocationResult {
  bills: BillState[];
  allocations: Allocation[];
  unallocated: UnallocatedCredit[];
  /** Σ unallocated: the overpayment carried forward. */
  unallocatedKop: Kopecks;
}

interface OpenBill {
  bill: AllocationBill;
  order: number;
  paid: Kopecks;
  paidInFullOn: IsoDate | null;
}

interface PoolEntry {
  paymentId: string;
  source: 'payment' | 'correction';
  paymentDate: IsoDate;
  contract: string | null;
  billId: string | null;
  remaining: Kopecks;
}

type Event =
  | { kind: 'bill'; date: IsoDate; order: number; bill: AllocationBill }
  | {
      kind: 'credit';
      date: IsoDate;
      order: number;
      credit: Omit<PoolEntry, 'remaining' | 'contract' | 'billId'>;
      amount: Kopecks;
      targets: readonly PaymentTarget[];
    };

/**
 * Replays bills and payments in date order (bills first on the same day, so a payment made the
 * day a bill is issued pays it; otherwise in the order given):
 * - a payment's targets go first: a named bill, then the oldest outstanding bills of a named
 *   contract; what a target cannot place stays reserved for that contract (or named bill);
 * - the untargeted rest pays the oldest outstanding bills first (by date, then the order given);
 * - what is left is an overpayment, applied to later bills as they appear, oldest money first:
 *   money reserved for the bill, then for its contract, then general overpayment;
 * - a negative bill (a reducing correction) is a credit like a payment, aimed at the bill it
 *   corrects, else its contract.
 * Never allocates more than a payment holds nor more than a bill asks.
 */
export function allocatePayments(
  bills: readonly AllocationBill[],
  payments: readonly AllocationPayment[],
  opts: { asOf?: IsoDate } = {},
): AllocationResult {
  const asOf = opts.asOf;
  const events: Event[] = [];
  bills.forEach((bill, i) => {
    assertKopecks(bill.amountKop, `bill ${bill.id}`);
    if (asOf && compareDates(bill.date, asOf) > 0) return;
    if (bill.amountKop >= 0) {
      events.push({ kind: 'bill', date: bill.date, order: i, bill });
    } else {
      const targets: PaymentTarget[] = bill.corrects
        ? [{ billId: bill.corrects, contract: bill.contract ?? null, amountKop: -bill.amountKop }]
        : bill.contract
          ? [{ contract: bill.contract, amountKop: -bill.amountKop }]
          : [];
      events.push({
        kind: 'credit',
        date: bill.date,
        order: bills.length + payments.length + i,
        credit: { paymentId: bill.id, source: 'correction', paymentDate: bill.date },
        amount: -bill.amountKop,
        targets,
      });
    }
  });
  payments.forEach((p, i) => {
    assertKopecks(p.amountKop, `payment ${p.id}`);
    if (p.amountKop < 0) throw new RangeError(`payment ${p.id} is negative`);
    if (asOf && compareDates(p.date, asOf) > 0) return;
    events.push({
      kind: 'credit',
      date: p.date,
      order: bills.length + i,
      credit: { paymentId: p.id, source: 'payment', paymentDate: p.date },
      amount: p.amountKop,
      targets: p.targets ?? [],
    });
  });
  events.sort((a, b) => {
    const byDate = compareDates(a.date, b.date);
    if (byDate !== 0) return byDate;
    if (a.kind !== b.kind) return a.kind === 'bill' ? -1 : 1;
    return a.order - b.order;
  });

  const open: OpenBill[] = [];
  const byId = new Map<string, OpenBill>();
  const states = new Map<string, OpenBill>();
  const pool: PoolEntry[] = [];
  const allocations: Allocation[] = [];

  const outstanding = (b: OpenBill) => b.bill.amountKop - b.paid;
  const give = (
    entry: Pick<PoolEntry, 'paymentId' | 'source' | 'paymentDate'>,
    b: OpenBill,
    want: Kopecks,
    date: IsoDate,
  ): Kopecks => {
    const amount = Math.min(want, outstanding(b));
    if (amount <= 0) return 0;
    b.paid += amount;
    if (outstanding(b) === 0) b.paidInFullOn = date;
    allocations.push({
      paymentId: entry.paymentId,
      source: entry.source,
      billId: b.bill.id,
      amountKop: amount,
      date,
      paymentDate: entry.paymentDate,
      contract: b.bill.contract ?? null,
    });
    return amount;
  };
  const oldestFirst = (filter: (b: OpenBill) => boolean) =>
    open
      .filter((b) => outstanding(b) > 0 && filter(b))
      .sort((x, y) => compareDates(x.bill.date, y.bill.date) || x.order - y.order);

  for (const ev of events) {
    if (ev.kind === 'bill') {
      const b: OpenBill = { bill: ev.bill, order: ev.order, paid: 0, paidInFullOn: null };
      open.push(b);
      byId.set(ev.bill.id, b);
      states.set(ev.bill.id, b);
      if (ev.bill.amountKop === 0) continue;
      const contract = ev.bill.contract ?? null;
      const candidates = [
        ...pool.filter((e) => e.billId === ev.bill.id),
        ...pool.filter((e) => e.billId === null && contract !== null && e.contract === contract),
        ...pool.filter((e) => e.billId === null && e.contract === null),
      ];
      for (const entry of candidates) {
        if (outstanding(b) === 0) break;
        entry.remaining -= give(entry, b, entry.remaining, ev.date);
      }
      for (let i = pool.length - 1; i >= 0; i--) if ((pool[i]?.remaining ?? 0) === 0) pool.splice(i, 1);
      continue;
    }

    let remaining = ev.amount;
    const reserve = (contract: string | null, billId: string | null, amount: Kopecks) => {
      if (amount > 0) pool.push({ ...ev.credit, contract, billId, remaining: amount });
    };
    for (const t of ev.targets) {
      assertKopecks(t.amountKop, 'target');
      let want = Math.min(Math.max(t.amountKop, 0), remaining);
      if (want === 0) continue;
      remaining -= want;
      let contract = t.contract ?? null;
      if (t.billId) {
        const b = byId.get(t.billId);
        if (!b) {
          reserve(contract, t.billId, want);
          continue;
        }
        want -= give(ev.credit, b, want, ev.date);
        contract = contract ?? b.bill.contract ?? null;
      }
      if (contract !== null) {
        for (const b of oldestFirst((x) => (x.bill.contract ?? null) === contract)) {
          if (want === 0) break;
          want -= give(ev.credit, b, want, ev.date);
        }
      }
      if (contract !== null) reserve(contract, null, want);
      else remaining += want;
    }
    for (const b of oldestFirst(() => true)) {
      if (remaining === 0) break;
      remaining -= give(ev.credit, b, remaining, ev.date);
    }
    reserve(null, null, remaining);
  }

  const billStates: BillState[] = bills
    .filter((b) => states.has(b.id) || (b.amountKop < 0 && (!asOf || compareDates(b.date, asOf) <= 0)))
    .map((b) => {
      const s = states.get(b.id);
      if (!s) return { id: b.id, amountKop: b.amountKop, paidKop: 0, outstandingKop: 0, paidInFullOn: null };
      return {
        id: b.id,
        amountKop: b.amountKop,
        paidKop: s.paid,
        outstandingKop: outstanding(s),
        paidInFullOn: b.amountKop > 0 ? s.paidInFullOn : null,
      };
    });
  const unallocated: UnallocatedCredit[] = pool
    .filter((e) => e.remaining > 0)
    .map((e) => ({
      paymentId: e.paymentId,
      source: e.source,
      paymentDate: e.paymentDate,
      contract: e.contract,
      billId: e.billId,
      amountKop: e.remaining,
    }));
  return {
    bills: billStates,
    allocations,
    unallocated,
    unallocatedKop: unallocated.reduce((s, e) => s + e.amountKop, 0),
  };
}

/** The money that reached one bill, as (date, amount) pairs for penaltyFor. */
export function paymentsToBill(
  result: AllocationResult,
  billId: string,
): { date: IsoDate; amountKop: Kopecks }[] {
  return result.allocations
    .filter((a) => a.billId === billId)
    .map((a) => ({ date: a.date, amountKop: a.amountKop }));
}
