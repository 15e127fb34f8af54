// AccountStatement: the one source of truth for an account's money — bills with paid / outstanding,
// payments with their разноска, balance, last payment — built from the account's rows, so the
// cabinet pages and the PDF documents agree.
import type { Kopecks } from './money.js';
import { allocatePayments, type AllocationBill, type AllocationPayment } from './allocation.js';
import { balanceAt } from './balance.js';

export interface ContractRow {
  id: number;
  number: string;
  date: string | null;
  valid_from: string | null;
  valid_to: string | null;
  subject: string;
  branch: string | null;
}

export interface BillRow {
  id: number;
  number: string;
  date: string;
  period: string;
  type: 'bill' | 'invoice' | 'correction' | 'advance';
  due_date: string | null;
  supplier_id: number;
  contract_id: number | null;
  contract_number: string | null;
  corrects_bill_id: number | null;
  charged_kop: number;
  benefit_kop: number;
  adjustment_kop: number;
  penalty_kop: number;
  amount_kop: number;
}

export interface PaymentRow {
  id: number;
  ref: string;
  date: string;
  amount_kop: number;
  place: string | null;
  channel: string;
}

export interface AllocationRow {
  id: number;
  payment_id: number;
  contract_id: number | null;
  supplier_id: number | null;
  bill_id: number | null;
  amount_kop: number;
}

/** The parts of a service and of a bill line that the statement reads. */
export interface StatementServiceRow {
  id: number;
  contract_id: number | null;
  kind: string;
}

export interface StatementLineRow {
  bill_id: number;
  service_id: number | null;
  contract_id: number | null;
  supplier_id: number;
  charged_kop: number;
  benefit_kop: number;
  adjustment_kop: number;
  penalty_kop: number;
}

/** The account's opening balance, as its header carries it. */
export interface StatementHeaderRow {
  supplier_id: number;
  opening_balance_date: string | null;
  opening_balance_kop: number;
}

/** One supplier's and service's part of a bill (or the opening debt): the unit that payments pay. */
export interface StatementItem {
  key: string;
  billId: number | null;
  /** Billing period of the bill, 'YYYY-MM-01'; the opening balance has its date's month or null. */
  period: string | null;
  supplierId: number;
  serviceId: number | null;
  contractId: number | null;
  chargedKop: Kopecks;
  benefitKop: Kopecks;
  adjustmentKop: Kopecks;
  penaltyKop: Kopecks;
  /** charged − benefit + adjustment (penalties apart); negative for a reducing correction. */
  dueKop: Kopecks;
  paidKop: Kopecks;
  creditedKop: Kopecks;
  outstandingKop: Kopecks;
}

export interface BillPaymentRef {
  paymentId: number;
  date: string;
  amountKop: Kopecks;
  place: string | null;
}

export interface StatementBill {
  id: number;
  number: string;
  date: string;
  period: string;
  type: BillRow['type'];
  dueDate: string | null;
  supplierId: number;
  supplierName: string;
  contractId: number | null;
  contractNumber: string | null;
  correctsBillId: number | null;
  chargedKop: Kopecks;
  benefitKop: Kopecks;
  adjustmentKop: Kopecks;
  penaltyKop: Kopecks;
  /** charged − benefit + adjustment (the bill_totals amount, "Сумма итого"); penalties are apart. */
  amountKop: Kopecks;
  /** Paid by payments. */
  paidKop: Kopecks;
  /** Covered by a reducing correction or by an opening overpayment. */
  creditedKop: Kopecks;
  outstandingKop: Kopecks;
  /** The day the last kopeck arrived; null while anything is outstanding. */
  paidInFullOn: string | null;
  payments: BillPaymentRef[];
}

export interface PaymentShare {
  contractId: number | null;
  contractNumber: string | null;
  amountKop: Kopecks;
}

export interface StatementPayment {
  id: number;
  ref: string;
  date: string;
  amountKop: Kopecks;
  place: string | null;
  channel: string;
  /** Разноска by contract, in contract order; the part that paid nothing yet is `unallocatedKop`. */
  shares: PaymentShare[];
  bills: { billId: number; number: string; amountKop: Kopecks }[];
  unallocatedKop: Kopecks;
}

/** A piece of a payment that paid an item (or nothing yet: itemKey null), with where it went. */
export interface PaymentPiece {
  paymentId: number;
  date: string;
  itemKey: string | null;
  billId: number | null;
  supplierId: number;
  serviceId: number | null;
  contractId: number | null;
  amountKop: Kopecks;
}

export interface ContractState {
  contractId: number;
  contractNumber: string;
  /** Outstanding on the contract's bills. */
  debtKop: Kopecks;
  /** Money paid in advance (shown on the first contract). */
  overpaymentKop: Kopecks;
  serviceKinds: string[];
}

export interface AccountStatement {
  accountId: number;
  asOf: string;
  supplierId: number;
  openingDate: string | null;
  openingKop: Kopecks;
  /** Oldest first; only bills dated on or before asOf. */
  bills: StatementBill[];
  /** Oldest first; only payments dated on or before asOf. */
  payments: StatementPayment[];
  items: StatementItem[];
  pieces: PaymentPiece[];
  /** The opening debt still unpaid. */
  openingOutstandingKop: Kopecks;
  /** Σ outstanding of bills + the unpaid opening debt. */
  debtKop: Kopecks;
  /** Money paid that covers no bill yet. */
  overpaymentKop: Kopecks;
  /** opening + Σ bill amounts − Σ payments = debt − overpayment (positive: debt); penalties apart. */
  balanceKop: Kopecks;
  lastPayment: StatementPayment | null;
  contracts: ContractState[];
}

export interface StatementInput {
  accountId: number;
  supplierId: number;
  supplierNames: Map<number, string>;
  openingDate: string | null;
  openingKop: Kopecks;
  contracts: ContractRow[];
  services: StatementServiceRow[];
  bills: BillRow[];
  lines: StatementLineRow[];
  payments: PaymentRow[];
  allocations: AllocationRow[];
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** The statement from the rows as the account repository reads them (the cabinet's load, and the receipts' one round trip). */
export function statementFromRows(
  rows: Omit<StatementInput, 'supplierId' | 'openingDate' | 'openingKop'> & { header: StatementHeaderRow },
  asOf: string,
): AccountStatement {
  const { header, ...rest } = rows;
  return buildStatement(
    {
      ...rest,
      supplierId: header.supplier_id,
      openingDate: header.opening_balance_date,
      openingKop: header.opening_balance_kop,
    },
    asOf,
  );
}

/** Builds the statement as of a date from the account's rows: pure, so PDFs and pages agree. */
export function buildStatement(input: StatementInput, asOf: string): AccountStatement {
  // An advance bill (счёт на оплату 30 % / 40 %) asks for money ahead of the month's invoice, which
  // charges the whole month: counting both would charge the advance twice. Advance bills live on
  // the business state and documents pages; the balance is built from charging documents only.
  const bills = input.bills.filter((b) => b.date <= asOf && b.type !== 'advance');
  const payments = input.payments.filter((p) => p.date <= asOf);
  const firstContractId = input.contracts[0]?.id ?? null;
  const contractNumber = new Map(input.contracts.map((c) => [c.id, c.number]));
  const serviceContract = new Map(input.services.map((s) => [s.id, s.contract_id]));
  const billIds = new Set(bills.map((b) => b.id));
  const blank = {
    paidKop: 0,
    creditedKop: 0,
    outstandingKop: 0,
    chargedKop: 0,
    benefitKop: 0,
    adjustmentKop: 0,
    penaltyKop: 0,
  };

  // items: the opening debt, then each bill's parts per supplier and service
  const items: StatementItem[] = [];
  const itemsOfBill = new Map<number, StatementItem[]>();
  if (input.openingKop > 0) {
    items.push({
      ...blank,
      key: 'opening',
      billId: null,
      period: null,
      supplierId: input.supplierId,
      serviceId: null,
      contractId: firstContractId,
      chargedKop: input.openingKop,
      dueKop: input.openingKop,
    });
  }
  const linesByBill = new Map<number, StatementInput['lines']>();
  for (const l of input.lines) {
    if (!billIds.has(l.bill_id)) continue;
    linesByBill.set(l.bill_id, [...(linesByBill.get(l.bill_id) ?? []), l]);
  }
  for (const b of bills) {
    const groups = new Map<string, StatementItem>();
    for (const l of linesByBill.get(b.id) ?? []) {
      const key = `b${b.id}:s${l.supplier_id}:v${l.service_id ?? 0}`;
      let it = groups.get(key);
      if (!it) {
        // a bill issued on one contract keeps its lines there; a single document for several (contract_id null) splits by service
        const contractId =
          b.contract_id ??
          (l.service_id != null ? serviceContract.get(l.service_id) : undefined) ??
          l.contract_id ??
          firstContractId;
        it = {
          ...blank,
          key,
          billId: b.id,
          period: b.period,
          supplierId: l.supplier_id,
          serviceId: l.service_id,
          contractId,
          dueKop: 0,
        };
        groups.set(key, it);
      }
      it.chargedKop += l.charged_kop;
      it.benefitKop += l.benefit_kop;
      it.adjustmentKop += l.adjustment_kop;
      it.penaltyKop += l.penalty_kop;
      it.dueKop += l.charged_kop - l.benefit_kop + l.adjustment_kop;
    }
    items.push(...groups.values());
    itemsOfBill.set(b.id, [...groups.values()]);
  }

  // The domain rule allocates at bill level (DOMAIN.md "Due dates and debt"). A bill collecting for
  // several contracts (ЕПД) is given to it as one part per contract, so money a payer sends to a
  // contract reaches that contract's lines; the opening debt is the oldest part.
  const contractKey = (id: number | null | undefined) => (id == null ? null : String(id));
  const openingDate = input.openingDate ?? '0001-01-01';
  interface Part {
    id: string;
    billId: number | null;
    contractId: number | null;
    items: StatementItem[];
  }
  const parts: Part[] = [];
  const partsOfBill = new Map<number, Part[]>();
  const openingItem = items.find((it) => it.key === 'opening');
  if (openingItem)
    parts.push({ id: 'opening', billId: null, contractId: firstContractId, items: [openingItem] });
  for (const b of bills) {
    const its = itemsOfBill.get(b.id) ?? [];
    const byContract = new Map<number | null, StatementItem[]>();
    for (const it of its) byContract.set(it.contractId, [...(byContract.get(it.contractId) ?? []), it]);
    if (byContract.size === 0) byContract.set(b.contract_id ?? firstContractId, []);
    const list = [...byContract.entries()].map(([contractId, pits]) => ({
      id: byContract.size === 1 ? String(b.id) : `${b.id}#${contractId ?? 0}`,
      billId: b.id,
      contractId,
      items: pits,
    }));
    partsOfBill.set(b.id, list);
    parts.push(...list);
  }
  const partById = new Map(parts.map((pt) => [pt.id, pt]));
  const partAmount = (pt: Part, b?: BillRow) =>
    pt.items.length ? pt.items.reduce((t, it) => t + it.dueKop, 0) : (b?.amount_kop ?? 0);
  const billRowById = new Map(bills.map((b) => [b.id, b]));
  /** The part of bill `billId` that a direction or a correction means: the one of `contractId`, else the first. */
  const partFor = (billId: number, contractId: number | null) => {
    const list = partsOfBill.get(billId) ?? [];
    return list.find((pt) => pt.contractId === contractId) ?? list[0];
  };
  const allocationBills: AllocationBill[] = parts.map((pt) => {
    if (pt.billId === null)
      return {
        id: pt.id,
        date: openingDate,
        amountKop: input.openingKop,
        contract: contractKey(pt.contractId),
      };
    const b = billRowById.get(pt.billId)!;
    const corrected =
      b.corrects_bill_id != null && billIds.has(b.corrects_bill_id)
        ? partFor(b.corrects_bill_id, pt.contractId)
        : undefined;
    return {
      id: pt.id,
      date: b.date,
      amountKop: partAmount(pt, b),
      contract: contractKey(pt.contractId),
      corrects: corrected?.id ?? null,
    };
  });
  const allocsByPayment = new Map<number, AllocationRow[]>();
  for (const a of input.allocations)
    allocsByPayment.set(a.payment_id, [...(allocsByPayment.get(a.payment_id) ?? []), a]);
  const targetsOf = (a: AllocationRow) => {
    if (a.bill_id == null || !billIds.has(a.bill_id))
      return [
        {
          billId: a.bill_id != null ? String(a.bill_id) : null,
          contract: contractKey(a.contract_id),
          amountKop: a.amount_kop,
        },
      ];
    // a named bill of several contracts: its part of the named contract, or its parts in order
    const list = partsOfBill.get(a.bill_id) ?? [];
    const named = a.contract_id != null ? list.filter((pt) => pt.contractId === a.contract_id) : list;
    let left = a.amount_kop;
    const out: { billId: string; contract: string | null; amountKop: number }[] = [];
    (named.length ? named : list).forEach((pt, i, arr) => {
      const take = i === arr.length - 1 ? left : Math.min(left, Math.max(0, partAmount(pt)));
      if (take > 0) out.push({ billId: pt.id, contract: contractKey(pt.contractId), amountKop: take });
      left -= take;
    });
    return out;
  };
  const allocationPayments: AllocationPayment[] = [
    ...(input.openingKop < 0 ? [{ id: 'opening', date: openingDate, amountKop: -input.openingKop }] : []),
    ...payments.map((p) => ({
      id: String(p.id),
      date: p.date,
      amountKop: p.amount_kop,
      targets: (allocsByPayment.get(p.id) ?? []).flatMap(targetsOf),
    })),
  ];
  const result = allocatePayments(allocationBills, allocationPayments, { asOf });

  // within a part, its own reducing lines and then the money it received fill its lines in order
  const pieces: PaymentPiece[] = [];
  const paymentById = new Map(payments.map((p) => [p.id, p]));
  const remainingOf = new Map<string, number>();
  for (const pt of parts) {
    let offset = -pt.items.filter((it) => it.dueKop < 0).reduce((t, it) => t + it.dueKop, 0);
    for (const it of pt.items) {
      if (it.dueKop <= 0) continue;
      const own = Math.min(offset, it.dueKop);
      offset -= own;
      remainingOf.set(it.key, it.dueKop - own);
    }
  }
  const isPayment = (a: { source: string; paymentId: string }) =>
    a.source === 'payment' && a.paymentId !== 'opening';
  const creditedFromOthers = new Map<number, number>();
  const paidOfBill = new Map<number, number>();
  for (const a of result.allocations) {
    const pt = partById.get(a.billId);
    if (!pt) continue;
    let left = a.amountKop;
    for (const it of pt.items) {
      if (left === 0) break;
      const r = remainingOf.get(it.key) ?? 0;
      if (r <= 0) continue;
      const take = Math.min(r, left);
      remainingOf.set(it.key, r - take);
      left -= take;
      if (isPayment(a)) {
        it.paidKop += take;
        const p = paymentById.get(Number(a.paymentId))!;
        pieces.push({
          paymentId: p.id,
          date: p.date,
          itemKey: it.key,
          billId: it.billId,
          supplierId: it.supplierId,
          serviceId: it.serviceId,
          contractId: it.contractId,
          amountKop: take,
        });
      } else {
        it.creditedKop += take;
      }
    }
    if (pt.billId === null) continue;
    if (isPayment(a)) paidOfBill.set(pt.billId, (paidOfBill.get(pt.billId) ?? 0) + a.amountKop);
    else if (partById.get(a.paymentId)?.billId !== pt.billId)
      creditedFromOthers.set(pt.billId, (creditedFromOthers.get(pt.billId) ?? 0) + a.amountKop);
  }
  for (const it of items) it.outstandingKop = it.dueKop > 0 ? (remainingOf.get(it.key) ?? 0) : 0;
  let overpaymentKop = 0;
  for (const u of result.unallocated) {
    overpaymentKop += u.amountKop;
    if (!isPayment(u)) continue;
    const p = paymentById.get(Number(u.paymentId))!;
    const contractId = u.contract != null ? Number(u.contract) : firstContractId;
    pieces.push({
      paymentId: p.id,
      date: p.date,
      itemKey: null,
      billId: null,
      supplierId: input.supplierId,
      serviceId: null,
      contractId,
      amountKop: u.amountKop,
    });
  }

  const stateOf = new Map(result.bills.map((st) => [st.id, st]));
  const statementBills: StatementBill[] = bills.map((b) => {
    const refs = new Map<number, BillPaymentRef>();
    const myParts = new Set((partsOfBill.get(b.id) ?? []).map((pt) => pt.id));
    for (const a of result.allocations) {
      if (!myParts.has(a.billId) || !isPayment(a)) continue;
      const p = paymentById.get(Number(a.paymentId))!;
      const ref = refs.get(p.id) ?? { paymentId: p.id, date: p.date, amountKop: 0, place: p.place };
      ref.amountKop += a.amountKop;
      refs.set(p.id, ref);
    }
    const states = [...myParts].map((id) => stateOf.get(id)).filter((st) => st !== undefined);
    const outstandingKop = sum(states.map((st) => st.outstandingKop));
    const paidInFull = states.filter((st) => st.amountKop > 0).map((st) => st.paidInFullOn);
    return {
      id: b.id,
      number: b.number,
      date: b.date,
      period: b.period,
      type: b.type,
      dueDate: b.due_date,
      supplierId: b.supplier_id,
      supplierName: input.supplierNames.get(b.supplier_id) ?? '',
      contractId: b.contract_id ?? firstContractId,
      contractNumber:
        b.contract_number ?? (firstContractId != null ? (contractNumber.get(firstContractId) ?? null) : null),
      correctsBillId: b.corrects_bill_id,
      chargedKop: b.charged_kop,
      benefitKop: b.benefit_kop,
      adjustmentKop: b.adjustment_kop,
      penaltyKop: b.penalty_kop,
      amountKop: b.amount_kop,
      paidKop: paidOfBill.get(b.id) ?? 0,
      creditedKop: creditedFromOthers.get(b.id) ?? 0,
      outstandingKop,
      paidInFullOn:
        outstandingKop === 0 && paidInFull.length && paidInFull.every((d) => d)
          ? (paidInFull.reduce((x, y) => (x! > y! ? x : y)) ?? null)
          : null,
      payments: [...refs.values()].sort((x, y) =>
        x.date < y.date ? -1 : x.date > y.date ? 1 : x.paymentId - y.paymentId,
      ),
    };
  });
  const billById = new Map(statementBills.map((b) => [b.id, b]));

  const order = (id: number | null) =>
    id == null ? Infinity : input.contracts.findIndex((c) => c.id === id);
  const statementPayments: StatementPayment[] = payments.map((p) => {
    const shares = new Map<number | null, PaymentShare>();
    const billsPaid = new Map<number, { billId: number; number: string; amountKop: number }>();
    let unallocatedKop = 0;
    for (const pc of pieces) {
      if (pc.paymentId !== p.id) continue;
      if (pc.itemKey === null) {
        unallocatedKop += pc.amountKop;
        continue;
      }
      const s = shares.get(pc.contractId) ?? {
        contractId: pc.contractId,
        contractNumber: pc.contractId != null ? (contractNumber.get(pc.contractId) ?? null) : null,
        amountKop: 0,
      };
      s.amountKop += pc.amountKop;
      shares.set(pc.contractId, s);
      if (pc.billId != null) {
        const bp = billsPaid.get(pc.billId) ?? {
          billId: pc.billId,
          number: billById.get(pc.billId)?.number ?? '',
          amountKop: 0,
        };
        bp.amountKop += pc.amountKop;
        billsPaid.set(pc.billId, bp);
      }
    }
    return {
      id: p.id,
      ref: p.ref,
      date: p.date,
      amountKop: p.amount_kop,
      place: p.place,
      channel: p.channel,
      shares: [...shares.values()].sort((a, b) => order(a.contractId) - order(b.contractId)),
      bills: [...billsPaid.values()],
      unallocatedKop,
    };
  });

  const openingOutstandingKop = openingItem?.outstandingKop ?? 0;
  const debtKop = sum(statementBills.map((b) => b.outstandingKop)) + openingOutstandingKop;
  const balanceKop = balanceAt(
    input.openingKop,
    bills.map((b) => ({ date: b.date, amountKop: b.amount_kop })),
    payments.map((p) => ({ date: p.date, amountKop: p.amount_kop })),
    asOf,
  );
  const lastPayment =
    [...statementPayments].sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : b.id - a.id))[0] ??
    null;
  const contracts: ContractState[] = input.contracts.map((c, i) => ({
    contractId: c.id,
    contractNumber: c.number,
    debtKop: sum(
      items.filter((it) => (it.contractId ?? firstContractId) === c.id).map((it) => it.outstandingKop),
    ),
    overpaymentKop: sum(
      result.unallocated
        .filter((u) => (u.contract != null ? Number(u.contract) : i === 0 ? c.id : null) === c.id)
        .map((u) => u.amountKop),
    ),
    serviceKinds: [...new Set(input.services.filter((s) => s.contract_id === c.id).map((s) => s.kind))],
  }));

  return {
    accountId: input.accountId,
    asOf,
    supplierId: input.supplierId,
    openingDate: input.openingDate,
    openingKop: input.openingKop,
    bills: statementBills,
    payments: statementPayments,
    items,
    pieces,
    openingOutstandingKop,
    debtKop,
    overpaymentKop,
    balanceKop,
    lastPayment,
    contracts,
  };
}
