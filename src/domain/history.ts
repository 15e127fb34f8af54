// История ЛС (seed 002 §9): payment documents per month with the movement per supplier and service,
// readings per meter, payments per supplier — all derived from the AccountStatement so the numbers agree.
import { amountOwed, penaltiesBilledBy, type AmountOwed } from './penaltyLedger.js';
import { mulRound, type Kopecks } from './money.js';
import { sumDecimals, decimalToPlain } from './decimal.js';
import { periodOf } from './periods.js';
import type { AccountStatement, StatementBill, StatementItem, PaymentPiece } from './statement.js';

export interface ServiceRow {
  id: number;
  contract_id: number;
  contract_number: string;
  supplier_id: number;
  supplier_name: string;
  code: string;
  kind: string;
  name: string;
  unit: string;
  method: 'meter' | 'norm_per_resident' | 'norm_per_area';
  zones: string[];
  tariff_plan_id: number | null;
  tariff_plan_name: string | null;
  norm: string | null;
  norm_name: string | null;
  active_from: string | null;
  active_to: string | null;
}

export interface BillLineRow {
  id: number;
  bill_id: number;
  service_id: number | null;
  service_name: string | null;
  service_kind: string | null;
  contract_id: number | null;
  supplier_id: number;
  supplier_name: string;
  zone: string | null;
  tier: number | null;
  description: string | null;
  unit: string | null;
  method: string | null;
  quantity: string | null;
  tariff: string | null;
  charged_kop: number;
  vat_kop: number;
  benefit_kop: number;
  adjustment_kop: number;
  penalty_kop: number;
  meter_id: number | null;
  meter_serial: string | null;
  reading_prev: string | null;
  reading_curr: string | null;
  position: number;
}

export interface Movement {
  debtStartKop: Kopecks;
  paidKop: Kopecks;
  chargedKop: Kopecks;
  benefitKop: Kopecks;
  adjustmentKop: Kopecks;
  penaltyKop: Kopecks;
  /** debt at start − paid + charged − benefit ± adjustment; penalties are shown apart (penaltyKop). */
  debtEndKop: Kopecks;
}

export interface ServiceMonth extends Movement {
  serviceId: number | null;
  name: string;
  unit: string;
  /** Quantity as shown: Σ volumes, or the norm per m² for a service billed by area. */
  quantity: string | null;
  tariff: string | null;
  unitPriceKop: Kopecks | null;
}

export interface SupplierMonth extends Movement {
  supplierId: number;
  supplierName: string;
  services: ServiceMonth[];
}

export interface HistoryMonth extends Movement {
  period: string;
  /** Every penalty the bills have carried by the month's document ("в т.ч. пени" of its total). */
  penaltiesBilledKop: Kopecks;
  /** What the month's document asks: its closing debt and the penalties billed by then («К оплате по документу»). */
  documentOwed: AmountOwed;
  bills: StatementBill[];
  suppliers: SupplierMonth[];
}

const zero = (): Movement => ({
  debtStartKop: 0,
  paidKop: 0,
  chargedKop: 0,
  benefitKop: 0,
  adjustmentKop: 0,
  penaltyKop: 0,
  debtEndKop: 0,
});

function add(into: Movement, m: Movement): void {
  into.debtStartKop += m.debtStartKop;
  into.paidKop += m.paidKop;
  into.chargedKop += m.chargedKop;
  into.benefitKop += m.benefitKop;
  into.adjustmentKop += m.adjustmentKop;
  into.penaltyKop += m.penaltyKop;
  into.debtEndKop += m.debtEndKop;
}

const keyOf = (supplierId: number, serviceId: number | null) => `${supplierId}:${serviceId ?? 0}`;

/**
 * The movement of one supplier-and-service key on the payment document of a billing month: what
 * was owed as of the previous document, what was paid after it up to this document's date, what
 * this month charged. So a document's debt at end is the balance on the day it was issued, and
 * the next document starts where this one ended.
 */
function movementOf(
  items: StatementItem[],
  pieces: PaymentPiece[],
  period: string,
  openingKop: Kopecks,
  window: { after: string | null; upTo: string },
): Movement {
  const m = zero();
  m.debtStartKop = openingKop;
  for (const it of items) {
    if (it.billId === null) continue; // the opening balance is openingKop
    if (it.period! < period) m.debtStartKop += it.dueKop;
    else if (it.period === period) {
      m.chargedKop += it.chargedKop;
      m.benefitKop += it.benefitKop;
      m.adjustmentKop += it.adjustmentKop;
      m.penaltyKop += it.penaltyKop;
    }
  }
  for (const pc of pieces) {
    if (window.after !== null && pc.date <= window.after) m.debtStartKop -= pc.amountKop;
    else if (pc.date <= window.upTo) m.paidKop += pc.amountKop;
  }
  m.debtEndKop = m.debtStartKop - m.paidKop + m.chargedKop - m.benefitKop + m.adjustmentKop;
  return m;
}

export interface HistoryContext {
  statement: AccountStatement;
  lines: Pick<BillLineRow, 'bill_id' | 'service_id' | 'supplier_id' | 'quantity' | 'tariff' | 'unit'>[];
  services: Pick<ServiceRow, 'id' | 'name' | 'unit' | 'method' | 'norm'>[];
  supplierNames: Map<number, string>;
}

/** Months with a payment document dated within [from, to], newest first. */
export function historyMonths(ctx: HistoryContext, from: string, to: string): HistoryMonth[] {
  const { statement } = ctx;
  const periods = [
    ...new Set(statement.bills.filter((b) => b.date >= from && b.date <= to).map((b) => b.period)),
  ]
    .sort()
    .reverse();
  const itemsByKey = new Map<string, StatementItem[]>();
  for (const it of statement.items) {
    const k = keyOf(it.supplierId, it.serviceId);
    itemsByKey.set(k, [...(itemsByKey.get(k) ?? []), it]);
  }
  const piecesByKey = new Map<string, PaymentPiece[]>();
  for (const pc of statement.pieces) {
    const k = keyOf(pc.supplierId, pc.serviceId);
    piecesByKey.set(k, [...(piecesByKey.get(k) ?? []), pc]);
  }
  const openingKey = keyOf(statement.supplierId, null);
  const keys = [
    ...new Set([...itemsByKey.keys(), ...piecesByKey.keys(), ...(statement.openingKop ? [openingKey] : [])]),
  ];
  const serviceById = new Map(ctx.services.map((s) => [s.id, s]));
  const billIdsOfPeriod = (p: string) =>
    new Set(statement.bills.filter((b) => b.period === p).map((b) => b.id));

  // a month's document is dated by its latest bill; the previous document by the latest bill of earlier months
  const documentDate = (p: string) =>
    statement.bills.filter((b) => b.period === p).reduce((d, b) => (b.date > d ? b.date : d), '');
  const previousDate = (p: string) =>
    statement.bills
      .filter((b) => b.period < p)
      .reduce<string | null>((d, b) => (d === null || b.date > d ? b.date : d), null);

  return periods.map((period) => {
    const billIds = billIdsOfPeriod(period);
    const window = { after: previousDate(period), upTo: documentDate(period) };
    const suppliers = new Map<number, SupplierMonth>();
    for (const k of keys) {
      const [supplierId, serviceIdRaw] = k.split(':').map(Number) as [number, number];
      const serviceId = serviceIdRaw === 0 ? null : serviceIdRaw;
      const m = movementOf(
        itemsByKey.get(k) ?? [],
        piecesByKey.get(k) ?? [],
        period,
        k === openingKey ? statement.openingKop : 0,
        window,
      );
      if (
        !m.debtStartKop &&
        !m.paidKop &&
        !m.chargedKop &&
        !m.benefitKop &&
        !m.adjustmentKop &&
        !m.penaltyKop &&
        !m.debtEndKop
      )
        continue;
      let sup = suppliers.get(supplierId);
      if (!sup) {
        sup = { ...zero(), supplierId, supplierName: ctx.supplierNames.get(supplierId) ?? '', services: [] };
        suppliers.set(supplierId, sup);
      }
      add(sup, m);
      const service = serviceId != null ? serviceById.get(serviceId) : undefined;
      const lines = ctx.lines.filter(
        (l) => billIds.has(l.bill_id) && l.supplier_id === supplierId && (l.service_id ?? null) === serviceId,
      );
      const tariffs = [...new Set(lines.map((l) => l.tariff).filter((t): t is string => t != null))];
      const quantities = lines.map((l) => l.quantity).filter((q): q is string => q != null);
      const tariff = tariffs.length === 1 ? tariffs[0]! : null;
      let quantity: string | null = quantities.length ? decimalToPlain(sumDecimals(quantities)) : null;
      let unit = service?.unit ?? lines.find((l) => l.unit)?.unit ?? '';
      let unitPriceKop: Kopecks | null = tariff != null ? mulRound(tariff) : null;
      if (service?.method === 'norm_per_area' && service.norm != null && tariff != null) {
        // seed 002: heating by area is shown per m²: 0.0280 Gcal/m² at 1 947.69 ₽ → 54.54 ₽ per m²
        quantity = service.norm;
        unit = `${service.unit} на м2`;
        unitPriceKop = mulRound(service.norm, tariff);
      }
      sup.services.push({
        ...m,
        serviceId,
        // a bill's own penalty line (the billing run's) has no service; alone on its row it is named so
        name:
          service?.name ??
          (m.penaltyKop && !m.debtStartKop && !m.paidKop && !m.chargedKop && !m.debtEndKop
            ? 'Пени'
            : 'Входящее сальдо и авансы'),
        unit,
        quantity,
        tariff,
        unitPriceKop,
      });
    }
    const month: HistoryMonth = {
      ...zero(),
      period,
      penaltiesBilledKop: penaltiesBilledBy(statement.bills, window.upTo),
      documentOwed: amountOwed(0, 0, window.upTo),
      bills: statement.bills.filter((b) => b.period === period),
      suppliers: [...suppliers.values()],
    };
    for (const s of month.suppliers) add(month, s);
    month.documentOwed = amountOwed(month.debtEndKop, month.penaltiesBilledKop, window.upTo);
    return month;
  });
}

export interface MeterHistory {
  meterId: number;
  serial: string;
  serviceName: string;
  supplierName: string;
  unit: string;
  zones: string[];
  rows: {
    date: string;
    billedPeriod: string | null;
    zone: string;
    label: string | null;
    value: string;
    source: string;
  }[];
}

export interface SupplierPayments {
  supplierId: number;
  supplierName: string;
  accountNumber: string;
  rows: { paymentId: number; date: string; amountKop: Kopecks }[];
  totalKop: Kopecks;
}

/** Payments of [from, to] per supplier (by where the разноска sent them), newest first. */
export function paymentsBySupplier(
  statement: AccountStatement,
  supplierNames: Map<number, string>,
  accountNumber: string,
  from: string,
  to: string,
): SupplierPayments[] {
  const out = new Map<number, SupplierPayments>();
  for (const pc of statement.pieces) {
    if (pc.date < from || pc.date > to) continue;
    let s = out.get(pc.supplierId);
    if (!s) {
      s = {
        supplierId: pc.supplierId,
        supplierName: supplierNames.get(pc.supplierId) ?? '',
        accountNumber,
        rows: [],
        totalKop: 0,
      };
      out.set(pc.supplierId, s);
    }
    const row = s.rows.find((r) => r.paymentId === pc.paymentId);
    if (row) row.amountKop += pc.amountKop;
    else s.rows.push({ paymentId: pc.paymentId, date: pc.date, amountKop: pc.amountKop });
    s.totalKop += pc.amountKop;
  }
  for (const s of out.values())
    s.rows.sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : b.paymentId - a.paymentId));
  return [...out.values()];
}

/** Year of a date or period, for grouping tables by year as seed 000 does. */
export function yearOf(date: string): string {
  return periodOf(date.length === 7 ? `${date}-01` : date).slice(0, 4);
}
