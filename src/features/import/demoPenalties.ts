// The demo households' penalty lines, computed by the cabinet's own ledger (domain/penaltyLedger.ts)
// on the statement the cabinet builds, bill by bill: no formula of the demo's own.
import { parseMoney } from '../../domain/money.js';
import type { DueDayRule } from '../../domain/dueDates.js';
import {
  accruePenalties,
  billObligations,
  penaltiesBilledBy,
  penaltyToBill,
  type PenaltyReference,
} from '../../domain/penaltyLedger.js';
import { buildStatement, type BillRow, type StatementInput } from '../../domain/statement.js';
import { compareDates } from '../../domain/periods.js';
import { money, type AccountDoc, type Doc } from './demoKit.js';

/** What the ledger reads besides the account: the dated tables of the database it is loaded into. */
export interface DemoPenaltyReference extends PenaltyReference {
  dueRules: readonly DueDayRule[];
}

/** The description of a penalty line, as the billing run writes it. */
export const DEMO_PENALTY_LINE = 'Пени';

/**
 * Gives each household bill the penalties accrued by its date and not carried by an earlier bill
 * (penaltyToBill), as a line of its own: nothing charged, the amount in `penalty`.
 */
export function withPenalties(doc: Doc, ref: DemoPenaltyReference): Doc {
  const kinds = new Map(doc.customers.map((c) => [c.ref, c.kind]));
  for (const a of doc.accounts) {
    if (kinds.get(a.customer) !== 'person') continue;
    addPenaltyLines(a, ref);
  }
  return doc;
}

function addPenaltyLines(a: AccountDoc, ref: DemoPenaltyReference): void {
  const bills = a.bills ?? [];
  if (bills.length === 0) return;
  const supplierIds = new Map<string, number>();
  const supplierId = (code: string) => {
    if (!supplierIds.has(code)) supplierIds.set(code, supplierIds.size + 1);
    return supplierIds.get(code)!;
  };
  const contracts = (a.contracts ?? []).map((c, i) => ({ id: i + 1, doc: c }));
  const contractId = new Map(contracts.map((c) => [c.doc.number, c.id]));
  const services = contracts.flatMap((c) =>
    (c.doc.services ?? []).map((s) => ({
      code: s.code,
      contractId: c.id,
      supplier: s.supplier ?? a.supplier,
    })),
  );
  const service = new Map(services.map((s, i) => [s.code, { ...s, id: i + 1 }]));
  const billId = new Map(bills.map((b, i) => [b.number, i + 1]));
  const input = (): StatementInput => {
    const lines = bills.flatMap((b, i) =>
      b.lines.map((l) => {
        const s = service.get(l.service);
        return {
          bill_id: i + 1,
          service_id: s?.id ?? null,
          contract_id: s?.contractId ?? null,
          supplier_id: supplierId(s?.supplier ?? a.supplier),
          charged_kop: parseMoney(l.charged),
          benefit_kop: parseMoney(l.benefit ?? '0'),
          adjustment_kop: parseMoney(l.adjustment ?? '0'),
          penalty_kop: parseMoney(l.penalty ?? '0'),
        };
      }),
    );
    const billRows: BillRow[] = bills.map((b, i) => {
      const own = lines.filter((l) => l.bill_id === i + 1);
      const sum = (f: (l: (typeof own)[number]) => number) => own.reduce((t, l) => t + f(l), 0);
      return {
        id: i + 1,
        number: b.number,
        date: b.date,
        period: `${b.period}-01`,
        type: b.type,
        due_date: b.due_date ?? null,
        supplier_id: supplierId(b.supplier ?? a.supplier),
        contract_id: b.contract ? (contractId.get(b.contract) ?? null) : null,
        contract_number: b.contract ?? null,
        corrects_bill_id: b.corrects ? (billId.get(b.corrects) ?? null) : null,
        charged_kop: sum((l) => l.charged_kop),
        benefit_kop: sum((l) => l.benefit_kop),
        adjustment_kop: sum((l) => l.adjustment_kop),
        penalty_kop: sum((l) => l.penalty_kop),
        amount_kop: sum((l) => l.charged_kop - l.benefit_kop + l.adjustment_kop),
      };
    });
    const payments = a.payments ?? [];
    return {
      accountId: 0,
      supplierId: supplierId(a.supplier),
      supplierNames: new Map(),
      openingDate: a.opening_balance?.date ?? null,
      openingKop: parseMoney(a.opening_balance?.amount ?? '0'),
      contracts: contracts.map((c) => ({
        id: c.id,
        number: c.doc.number,
        date: null,
        valid_from: null,
        valid_to: null,
        subject: '',
        branch: null,
      })),
      services: services.map((s, i) => ({ id: i + 1, contract_id: s.contractId, kind: '' })),
      bills: billRows,
      lines,
      payments: payments.map((p, i) => ({
        id: i + 1,
        ref: p.ref,
        date: p.date,
        amount_kop: parseMoney(p.amount),
        place: null,
        channel: p.channel ?? 'bank',
      })),
      allocations: payments.flatMap((p, i) =>
        (p.allocations ?? []).map((al, j) => ({
          id: (i + 1) * 1000 + j,
          payment_id: i + 1,
          contract_id: al.contract ? (contractId.get(al.contract) ?? null) : null,
          supplier_id: al.supplier ? supplierId(al.supplier) : null,
          bill_id: al.bill ? (billId.get(al.bill) ?? null) : null,
          amount_kop: parseMoney(al.amount),
        })),
      ),
    };
  };
  const byDate = [...bills].filter((b) => b.type === 'bill').sort((x, y) => compareDates(x.date, y.date));
  for (const b of byDate) {
    const st = buildStatement(input(), b.date);
    const accrued = accruePenalties(billObligations(st, 'person', ref.dueRules), 'person', ref, b.date);
    const kop = penaltyToBill(accrued.totalKop, penaltiesBilledBy(st.bills, b.date));
    if (kop > 0)
      b.lines.push({
        service: b.lines[0]!.service,
        charged: '0.00',
        penalty: money(kop),
        description: DEMO_PENALTY_LINE,
      });
  }
}
