// Documents of an account: builds the layouts' inputs from the cabinet's AccountStatement / history (receipts),
// the billing engineer's ReconciliationService (acts) and the stored bill lines, and renders the PDFs.
import type { LinkedAccount } from '../../domain/identity.js';
import { statementFromRows, type AccountStatement, type StatementBill } from '../../domain/statement.js';
import { historyMonths, type BillLineRow, type HistoryMonth } from '../../domain/history.js';
import type { ReconciliationView } from '../../domain/reconciliation.js';
import { lastDayOf, type IsoDate } from '../../domain/periods.js';
import type { AmountOwed } from '../../domain/penaltyLedger.js';

/** What is owed on a day (the debt feature's ledger: balance and penalties, amountOwed). */
export interface OwedSource {
  owed(accountId: number, asOf: IsoDate, statement: AccountStatement): Promise<AmountOwed>;
}

/** Where the act comes from (the debt feature's reconciliation service). */
export interface ActSource {
  act(accountId: number, from: IsoDate, to: IsoDate): Promise<ReconciliationView>;
}
import { customerName } from '../../platform/labels.js';
import {
  addDecimal,
  decimalToPlain,
  divDecimal,
  mulDecimal,
  subDecimal,
  sumDecimals,
} from '../../domain/decimal.js';
import { formatAmount, formatDate } from '../../domain/format.js';
import { vatOfMonth } from '../../domain/billing.js';
import {
  DocumentsRepo,
  type AccountParties,
  type DocBillRow,
  type DocLineRow,
  type ReceiptRows,
  type SupplierParty,
} from './repo.js';
import {
  receiptsPdf,
  receiptFileName,
  type ReceiptData,
  type ReceiptLine,
  type ReceiptLinePart,
  type ReceiptMeter,
} from '../../documents/receipt.js';
import {
  businessFileName,
  businessPdf,
  type BusinessLine,
  type BusinessPrintable,
  type CorrectionData,
  type CorrectionLineData,
  type CorrectionValues,
  type DocumentHead,
} from '../../documents/business.js';
import { actFileName, actPdf, type ActData } from '../../documents/act.js';
import {
  consumptionFileName,
  consumptionPdf,
  type ConsumptionData,
  type SupplyPoint,
} from '../../documents/consumption.js';
import type { Party } from '../../documents/types.js';

export interface PdfFile {
  fileName: string;
  data: Buffer;
}

/** What receipts are built from: the account's rows, its statement and its suppliers' names. */
export interface ReceiptSources {
  rows: ReceiptRows;
  statement: AccountStatement;
  supplierNames: Map<number, string>;
}

export function supplierParty(s: SupplierParty): Party {
  return {
    name: s.name,
    inn: s.inn,
    kpp: s.kpp,
    address: s.address,
    phone: s.phone,
    bankName: s.bank_name || null,
    bic: s.bank_bic || null,
    account: s.bank_account || null,
    corrAccount: s.bank_corr_account || null,
  };
}

export function customerParty(p: AccountParties): Party {
  return {
    name: customerName(p),
    inn: p.customer_inn,
    kpp: p.customer_kpp,
    address: p.customer_address ?? p.address,
  };
}

/**
 * The VAT rate a stored line carries (the billed month's, stored with it by the billing run and the
 * importer); a line stored without one, before the rate was kept, prints the rate in force on the
 * last day of its month. None without VAT.
 */
function vatRate(l: DocLineRow, inForce: string): string {
  if (l.vat_kop === 0) return 'без НДС';
  return `${decimalToPlain(l.vat_percent ?? inForce)} %`;
}

/** A stored line's amount with VAT, as bill_totals counts it. */
const lineAmount = (l: DocLineRow) => l.charged_kop - l.benefit_kop + l.adjustment_kop;

/**
 * The price without VAT (Tax Code art. 169: the price per unit without the tax): stored prices
 * include VAT (docs/dataset.md), so it is taken out at the line's rate, to four decimals
 * ("7,21 with 20 %" → 6,0083); a line without VAT prints its price as it is.
 */
function priceWithoutVat(l: DocLineRow, inForce: string): string | null {
  if (l.tariff === null) return null;
  if (l.vat_kop === 0) return l.tariff;
  const rate = l.vat_percent ?? inForce;
  return decimalToPlain(divDecimal(mulDecimal(l.tariff, 100n), addDecimal(100n, rate), 4));
}

function lineName(l: DocLineRow): string {
  return l.description ?? l.service_name ?? 'Электроэнергия';
}

const ZONE_NAMES: Record<string, string> = { T1: 'день (T1)', T2: 'ночь (T2)', T3: 'полупик (T3)' };

/**
 * A receipt row's volume, unit and tariff from the month's stored lines of the service, so that
 * charged = volume × tariff reads off the row (heating by area: the Gcal billed, not the norm per m²
 * that История ЛС shows as seed 002 does); a service at several tariffs (zones, tiers, a price change
 * in the month) gets one part per tariff and no tariff of its own.
 */
function receiptVolumes(
  lines: readonly BillLineRow[],
  shown: { quantity: string | null; unit: string; tariff: string | null },
): Pick<ReceiptLine, 'unit' | 'quantity' | 'tariff' | 'parts'> {
  if (lines.length === 0)
    return {
      unit: shown.quantity !== null ? shown.unit : null,
      quantity: shown.quantity,
      tariff: shown.tariff,
    };
  const quantities = lines.map((l) => l.quantity).filter((q): q is string => q !== null);
  const quantity = quantities.length ? decimalToPlain(sumDecimals(quantities)) : null;
  const unit = quantity !== null ? (lines.find((l) => l.unit)?.unit ?? shown.unit) : null;
  const parts = new Map<string, ReceiptLinePart & { q: string[] }>();
  for (const l of lines) {
    if (l.tariff === null) continue;
    const span = l.description?.match(/с \d\d\.\d\d по \d\d\.\d\d/)?.[0] ?? null;
    const name = [
      l.zone ? ZONE_NAMES[l.zone] : undefined,
      l.tier !== null ? `${l.tier}-й диапазон` : undefined,
      span ?? undefined,
    ]
      .filter(Boolean)
      .join(', ');
    const key = JSON.stringify([l.zone, l.tier, span, decimalToPlain(l.tariff)]);
    const p = parts.get(key) ?? {
      name,
      unit: l.unit,
      quantity: null,
      tariff: l.tariff,
      chargedKop: 0,
      q: [],
    };
    p.chargedKop += l.charged_kop;
    if (l.quantity !== null) p.q.push(l.quantity);
    parts.set(key, p);
  }
  const tariffs = new Set([...parts.values()].map((p) => decimalToPlain(p.tariff!)));
  if (parts.size <= 1)
    return { unit, quantity, tariff: tariffs.size === 1 ? [...parts.values()][0]!.tariff : null };
  return {
    unit,
    quantity,
    tariff: null,
    parts: [...parts.values()].map(({ q, ...p }) => ({
      ...p,
      name: p.name || `тариф ${decimalToPlain(p.tariff!).replace('.', ',')}`,
      quantity: q.length ? decimalToPlain(sumDecimals(q)) : null,
    })),
  };
}

/** A document on the Документы page; an advance bill has no debt of its own (outstandingKop null). */
export interface ListedBill {
  id: number;
  number: string;
  date: string;
  period: string;
  type: StatementBill['type'];
  amountKop: number;
  outstandingKop: number | null;
}

export interface ListedGroup {
  key: 'bills' | 'invoices' | 'corrections';
  title: string;
  bills: ListedBill[];
}

export class DocumentsService {
  readonly repo: DocumentsRepo;
  private readonly reconciliation: ActSource;
  private readonly owedSource: OwedSource | undefined;

  constructor(deps: { repo: DocumentsRepo; reconciliation: ActSource; owed?: OwedSource }) {
    ({ repo: this.repo, reconciliation: this.reconciliation } = deps);
    this.owedSource = deps.owed;
  }

  private async parties(account: LinkedAccount): Promise<AccountParties> {
    const p = await this.repo.parties(account.id);
    if (!p) throw new Error(`account ${account.id} vanished`);
    return p;
  }

  /** The statement's bills with these ids, in the order asked; undefined when any is not this account's. */
  private static billsAmong(statement: AccountStatement, ids: number[]): StatementBill[] | undefined {
    const out: StatementBill[] = [];
    for (const id of new Set(ids)) {
      const b = statement.bills.find((x) => x.id === id);
      if (!b) return undefined;
      out.push(b);
    }
    return out;
  }

  // ---- residential receipts ----------------------------------------------------------------

  /**
   * The account's statement as of `today` and the rows the receipts of `ids` need besides, read in one
   * round trip; the statement is built as AccountStatementService.load builds it, from the same
   * queries' rows (a test holds the two equal).
   */
  async receiptSources(account: LinkedAccount, ids: number[], today: string): Promise<ReceiptSources> {
    const rows = await this.repo.receiptRows(account.id, ids);
    if (!rows.header || !rows.parties) throw new Error(`account ${account.id} vanished`);
    const supplierNames = new Map(rows.suppliers.map((s) => [s.id, s.name]));
    const statement = statementFromRows(
      {
        accountId: account.id,
        header: rows.header,
        supplierNames,
        contracts: rows.contracts,
        services: rows.services,
        bills: rows.bills,
        lines: rows.lines,
        payments: rows.payments,
        allocations: rows.allocations,
      },
      today,
    );
    return { rows, statement, supplierNames };
  }

  /** История ЛС's months from the first to the last of these bills' dates, as AccountService.history computes them. */
  static historyOf(sources: ReceiptSources, bills: StatementBill[]): HistoryMonth[] {
    const dates = bills.map((b) => b.date).sort();
    const { rows, statement, supplierNames } = sources;
    return historyMonths(
      { statement, lines: rows.lines, services: rows.services, supplierNames },
      dates[0]!,
      dates[dates.length - 1]!,
    );
  }

  /** Receipts of the given bills: the bill's month of the cabinet's history (the same figures as История ЛС). */
  async receipts(account: LinkedAccount, bills: StatementBill[], today: string): Promise<ReceiptData[]> {
    if (bills.length === 0) return [];
    return this.receiptsFrom(
      await this.receiptSources(
        account,
        bills.map((b) => b.id),
        today,
      ),
      bills,
    );
  }

  private async receiptsFrom(sources: ReceiptSources, bills: StatementBill[]): Promise<ReceiptData[]> {
    const { rows, statement } = sources;
    // the QR code asks for what is owed the day the receipt is printed (the statement is as of it)
    const owed = this.owedSource
      ? await this.owedSource.owed(statement.accountId, statement.asOf, statement)
      : undefined;
    const parties = rows.parties!;
    const months = DocumentsService.historyOf(sources, bills);
    const suppliers = new Map(rows.suppliers.map((s) => [s.id, s]));
    const payee = suppliers.get(parties.supplier_id)!;
    return bills.map((bill) => {
      const month = months.find((m) => m.period === bill.period);
      if (!month) throw new Error(`no history month ${bill.period} for bill ${bill.id}`);
      const monthBills = new Set(month.bills.map((b) => b.id));
      const monthLines = rows.lines.filter((l) => monthBills.has(l.bill_id));
      const r = this.receipt(
        bill,
        month,
        parties,
        payee,
        suppliers,
        rows.docLines.filter((l) => l.bill_id === bill.id),
        monthLines,
        month.penaltiesBilledKop,
      );
      if (owed) r.payNow = { asOf: owed.asOf, toPayKop: owed.toPayKop, creditKop: owed.creditKop };
      return r;
    });
  }

  private receipt(
    bill: StatementBill,
    month: HistoryMonth,
    parties: AccountParties,
    payee: SupplierParty,
    suppliers: Map<number, SupplierParty>,
    lines: DocLineRow[],
    monthLines: BillLineRow[],
    penaltiesBilledKop: number,
  ): ReceiptData {
    const totals = (m: HistoryMonth | HistoryMonth['suppliers'][number]) => ({
      debtStartKop: m.debtStartKop,
      paidKop: m.paidKop,
      chargedKop: m.chargedKop,
      benefitKop: m.benefitKop,
      adjustmentKop: m.adjustmentKop,
      debtEndKop: m.debtEndKop,
      penaltyKop: m.penaltyKop,
    });
    const meters: ReceiptMeter[] = lines
      .filter((l) => l.meter_serial && l.reading_prev !== null && l.reading_curr !== null)
      .map((l) => ({
        supplier: l.supplier_name,
        service: l.service_name ?? lineName(l),
        zone: l.zone,
        serial: l.meter_serial!,
        unit: l.unit,
        previous: l.reading_prev,
        current: l.reading_curr,
        volume: l.quantity,
        note: l.meter_ratio && Number(l.meter_ratio) !== 1 ? `коэфф. ${decimalToPlain(l.meter_ratio)}` : null,
      }));
    return {
      billId: bill.id,
      number: bill.number,
      date: bill.date,
      period: bill.period,
      dueDate: bill.dueDate,
      payee: supplierParty(payee),
      payer: { name: customerName(parties), address: parties.address },
      account: {
        number: parties.number,
        contractNumber: bill.contractNumber,
        area: parties.area,
        residents: parties.residents,
        bindCode: parties.bind_code,
      },
      blocks: month.suppliers.map((s) => ({
        supplier: suppliers.has(s.supplierId)
          ? supplierParty(suppliers.get(s.supplierId)!)
          : { name: s.supplierName },
        lines: s.services.map((v): ReceiptLine => ({
          service: v.name,
          debtStartKop: v.debtStartKop,
          paidKop: v.paidKop,
          chargedKop: v.chargedKop,
          benefitKop: v.benefitKop,
          adjustmentKop: v.adjustmentKop,
          debtEndKop: v.debtEndKop,
          penaltyKop: v.penaltyKop,
          ...receiptVolumes(
            monthLines.filter(
              (l) => l.supplier_id === s.supplierId && (l.service_id ?? null) === v.serviceId,
            ),
            v,
          ),
        })),
        total: totals(s),
      })),
      total: totals(month),
      meters,
      // "Итого к оплате" of the document: debt at its end plus every penalty the bills have carried
      // by then (each bill carries only what accrued since the previous one), nothing when overpaid
      toPayKop: Math.max(0, month.debtEndKop + penaltiesBilledKop),
      penaltyKop: penaltiesBilledKop,
      notes: month.debtEndKop < 0 ? [`Переплата на конец периода: ${formatAmount(-month.debtEndKop)} ₽`] : [],
    };
  }

  /** One PDF of the receipts of these bills; undefined when any of them is not this account's (404). */
  async receiptsPdf(account: LinkedAccount, ids: number[], today: string): Promise<PdfFile | undefined> {
    // one round trip serves the ownership check and the receipts' figures
    const sources = await this.receiptSources(account, ids, today);
    const bills = DocumentsService.billsAmong(sources.statement, ids);
    if (!bills || bills.length === 0) return undefined;
    const receipts = await this.receiptsFrom(sources, bills);
    const data = await receiptsPdf(receipts);
    const first = receipts[0]!;
    const fileName =
      receipts.length === 1
        ? receiptFileName(first)
        : `kvitancii-${first.account.number.replace(/[^\w-]+/g, '_')}-${receipts.length}.pdf`;
    return { fileName, data };
  }

  /**
   * The Документы page's groups of the statement's bills dated within `range`, newest first: bills for payment
   * (receipts for a household), invoices, corrective invoices. Advance bills are payment requests,
   * not charges: the statement leaves them out, so they come on their own; what is left of each is
   * what the allocation of the advance schedule says (`advanceOutstanding`, by bill id), else unknown.
   */
  async listed(
    account: LinkedAccount,
    statementBills: readonly StatementBill[],
    range: { from: string; to: string },
    advanceOutstanding: ReadonlyMap<number, number> = new Map(),
  ): Promise<ListedGroup[]> {
    const advances = await this.repo.advanceBills(account.id, range.from, range.to);
    const bills: ListedBill[] = statementBills
      .filter((b) => b.date >= range.from && b.date <= range.to)
      .reverse();
    const toPay: ListedBill[] = [
      ...bills.filter((b) => b.type === 'bill'),
      ...advances.map((a) => ({
        id: a.id,
        number: a.number,
        date: a.date,
        period: a.period,
        type: 'advance' as const,
        amountKop: a.amount_kop,
        outstandingKop: advanceOutstanding.get(a.id) ?? null,
      })),
    ].sort((a, b) => (a.date === b.date ? b.id - a.id : a.date < b.date ? 1 : -1));
    return [
      {
        key: 'bills',
        title:
          account.customer_kind === 'organisation' ? 'Счета на оплату' : 'Квитанции (платёжные документы)',
        bills: toPay,
      },
      { key: 'invoices', title: 'Счета-фактуры', bills: bills.filter((b) => b.type === 'invoice') },
      {
        key: 'corrections',
        title: 'Корректировочные счета-фактуры',
        bills: bills.filter((b) => b.type === 'correction'),
      },
    ];
  }

  // ---- business documents ----------------------------------------------------------------

  /** The business document of a bill: bill for payment (advance), invoice or corrective invoice. */
  async business(account: LinkedAccount, billId: number): Promise<BusinessPrintable | undefined> {
    const [bill] = await this.repo.bills(account.id, [billId]);
    if (!bill) return undefined;
    const parties = await this.parties(account);
    const [supplier] = await this.repo.suppliers([bill.supplier_id]);
    const seller = supplierParty(supplier!);
    const buyer = customerParty(parties);
    const contract = bill.contract_number ? { number: bill.contract_number, date: bill.contract_date } : null;
    const base = {
      number: bill.number,
      date: bill.date,
      period: bill.period,
      seller,
      buyer,
      contract,
      accountNumber: parties.number,
    };
    if (bill.type === 'correction' && bill.corrects_bill_id !== null) {
      return { type: 'correction', data: await this.correction(account, bill, base) };
    }
    const [lines, inForce] = await Promise.all([
      this.repo.lines(account.id, [bill.id]),
      this.vatInForce(bill.period),
    ]);
    const businessLines = lines.map((l): BusinessLine => ({
      name: lineName(l),
      unit: l.unit,
      quantity: l.quantity,
      price: priceWithoutVat(l, inForce),
      withoutVatKop: lineAmount(l) - l.vat_kop,
      vatRate: vatRate(l, inForce),
      vatKop: l.vat_kop,
      withVatKop: lineAmount(l),
    }));
    const totals = {
      withoutVatKop: bill.amount_kop - bill.vat_kop,
      vatKop: bill.vat_kop,
      withVatKop: bill.amount_kop,
    };
    if (bill.type === 'invoice') {
      // line 5 of the invoice: the payments the разноска gave to this invoice by its date (an advance
      // received for this supply), not every payment of the month: those may have paid older invoices
      const { statement } = await this.receiptSources(account, [bill.id], bill.date);
      const refs = statement.bills.find((b) => b.id === bill.id)?.payments ?? [];
      const paid = refs.map((r) => ({
        date: r.date,
        ref: statement.payments.find((p) => p.id === r.paymentId)?.ref,
      }));
      const paymentDocs = paid.length
        ? paid
            .map((p) => {
              const number = p.ref && /^\d{1,12}$/.test(p.ref) ? p.ref : null;
              return `${number ? `№ ${number} ` : ''}от ${formatDate(p.date)}`;
            })
            .join('; ')
        : null;
      return { type: 'invoice', data: { ...base, lines: businessLines, totals, paymentDocs } };
    }
    return {
      type: 'bill',
      data: {
        ...base,
        kind: bill.type === 'advance' ? 'advance' : 'bill',
        dueDate: bill.due_date,
        lines: businessLines,
        totals,
        purpose:
          bill.type === 'advance'
            ? lines
                .map((l) => l.description)
                .filter(Boolean)
                .join('; ') || null
            : null,
      },
    };
  }

  /** The VAT rate of a billed month ('YYYY-MM-DD' of its first day), '0' before any stored rate. */
  private async vatInForce(period: string): Promise<string> {
    return vatOfMonth(period.slice(0, 7), await this.repo.vatRates()) ?? '0';
  }

  /** A corrective invoice: before = the corrected invoice and the earlier corrections, change = this one's stored lines. */
  private async correction(
    account: LinkedAccount,
    bill: DocBillRow,
    base: DocumentHead,
  ): Promise<CorrectionData> {
    const inForce = await this.vatInForce(bill.period);
    const chain = await this.repo.correctionsOf(account.id, bill.corrects_bill_id!);
    const earlier = chain.map((c) => c.id).filter((id) => id < bill.id);
    const [original] = await this.repo.bills(account.id, [bill.corrects_bill_id!]);
    const lines = await this.repo.lines(account.id, [bill.corrects_bill_id!, ...earlier, bill.id]);
    const key = (l: DocLineRow) =>
      JSON.stringify([l.service_id, l.zone, l.tier, l.tariff === null ? null : decimalToPlain(l.tariff)]);
    const empty = (): CorrectionValues & { q: string[] } => ({
      quantity: null,
      price: null,
      withoutVatKop: 0,
      vatKop: 0,
      withVatKop: 0,
      q: [],
    });
    const groups = new Map<
      string,
      { first: DocLineRow; before: ReturnType<typeof empty>; change: ReturnType<typeof empty> }
    >();
    for (const l of lines) {
      const k = key(l);
      const g = groups.get(k) ?? { first: l, before: empty(), change: empty() };
      groups.set(k, g);
      const into = l.bill_id === bill.id ? g.change : g.before;
      into.withVatKop += lineAmount(l);
      into.vatKop += l.vat_kop;
      into.withoutVatKop += lineAmount(l) - l.vat_kop;
      if (l.quantity !== null) into.q.push(l.quantity);
    }
    const out: CorrectionLineData[] = [];
    const increase = { withoutVatKop: 0, vatKop: 0, withVatKop: 0 };
    const decrease = { withoutVatKop: 0, vatKop: 0, withVatKop: 0 };
    for (const { first, before, change } of groups.values()) {
      if (change.q.length === 0 && change.withVatKop === 0 && change.vatKop === 0) continue;
      const price = priceWithoutVat(first, inForce);
      const v = (x: ReturnType<typeof empty>): CorrectionValues => ({
        quantity: x.q.length ? decimalToPlain(sumDecimals(x.q)) : null,
        price,
        withoutVatKop: x.withoutVatKop,
        vatKop: x.vatKop,
        withVatKop: x.withVatKop,
      });
      const b = v(before);
      const c = v(change);
      const after: CorrectionValues = {
        quantity:
          b.quantity !== null || c.quantity !== null
            ? decimalToPlain(sumDecimals([b.quantity ?? '0', c.quantity ?? '0']))
            : null,
        price,
        withoutVatKop: b.withoutVatKop + c.withoutVatKop,
        vatKop: b.vatKop + c.vatKop,
        withVatKop: b.withVatKop + c.withVatKop,
      };
      const into = c.withVatKop >= 0 ? increase : decrease;
      const sign = c.withVatKop >= 0 ? 1 : -1;
      into.withoutVatKop += sign * c.withoutVatKop;
      into.vatKop += sign * c.vatKop;
      into.withVatKop += sign * c.withVatKop;
      out.push({
        name: first.service_name ?? lineName(first),
        unit: first.unit,
        vatRate: vatRate(first, inForce),
        before: b,
        after,
        change: c,
      });
    }
    // a decrease's quantity is printed as a positive figure in row Г
    for (const l of out)
      if (l.change.quantity !== null && l.change.quantity.startsWith('-'))
        l.change.quantity = decimalToPlain(subDecimal('0', l.change.quantity));
    return {
      ...base,
      corrected: { number: original!.number, date: original!.date },
      lines: out,
      increase,
      decrease,
    };
  }

  async businessPdf(account: LinkedAccount, billId: number): Promise<PdfFile | undefined> {
    const doc = await this.business(account, billId);
    if (!doc) return undefined;
    return { fileName: businessFileName(doc), data: await businessPdf(doc) };
  }

  /** Several business documents in one PDF (the ticked bills); undefined when any is not this account's. */
  async businessBundlePdf(account: LinkedAccount, ids: number[]): Promise<PdfFile | undefined> {
    const list: BusinessPrintable[] = [];
    for (const id of ids) {
      const doc = await this.business(account, id);
      if (!doc) return undefined;
      list.push(doc);
    }
    const fileName =
      list.length === 1
        ? businessFileName(list[0]!)
        : `dokumenty-${list[0]!.data.accountNumber.replace(/[^\w-]+/g, '_')}-${list.length}.pdf`;
    return { fileName, data: await businessPdf(list) };
  }

  // ---- reconciliation act ----------------------------------------------------------------

  /** The act as the billing engineer's ReconciliationService computes it, with the parties' details around it. */
  async act(account: LinkedAccount, from: string, to: string): Promise<ActData> {
    const [view, parties] = await Promise.all([
      this.reconciliation.act(account.id, from, to),
      this.parties(account),
    ]);
    const [supplier] = await this.repo.suppliers([parties.supplier_id]);
    return {
      from: view.from,
      to: view.to,
      supplier: supplierParty(supplier!),
      customer: customerParty(parties),
      contract: view.contracts[0] ?? null,
      accountNumber: view.accountNumber,
      openingKop: view.openingKop,
      rows: view.rows.map((r) => ({
        date: r.date,
        document: r.document,
        debitKop: r.debitKop,
        creditKop: r.creditKop,
      })),
      debitTurnoverKop: view.debitTurnoverKop,
      creditTurnoverKop: view.creditTurnoverKop,
      closingKop: view.closingKop,
      sentence: view.sentence,
    };
  }

  async actPdf(account: LinkedAccount, from: string, to: string): Promise<PdfFile> {
    const act = await this.act(account, from, to);
    return { fileName: actFileName(act), data: await actPdf(act) };
  }

  // ---- consumption breakdown ---------------------------------------------------------------

  /** Billed electricity per supply point (meter) and month, from the stored bill lines. */
  async consumption(account: LinkedAccount, from: string, to: string): Promise<ConsumptionData> {
    const fromPeriod = `${from.slice(0, 7)}-01`;
    const toPeriod = `${to.slice(0, 7)}-01`;
    const [parties, rows, meters] = await Promise.all([
      this.parties(account),
      this.repo.consumption(account.id, fromPeriod, toPeriod),
      this.repo.metersOfAccount(account.id),
    ]);
    const [supplier] = await this.repo.suppliers([parties.supplier_id]);
    const points = new Map<string, SupplyPoint & { q: string[] }>();
    // a line that names no meter (an imported invoice, a recalculation) belongs to its service's
    // supply point when the service had exactly one meter in that month: that meter, its ratio and,
    // for a one-register meter, its zone
    const soleMeter = (serviceId: number, period: string) => {
      const first = period.slice(0, 10);
      const last = lastDayOf(period.slice(0, 7));
      const active = meters.filter(
        (m) =>
          m.service_id === serviceId &&
          (m.installed === null || m.installed <= last) &&
          (m.removed === null || m.removed >= first),
      );
      return active.length === 1 ? active[0]! : null;
    };
    for (const row of rows) {
      const meter =
        row.meter_id === null && row.service_id !== null ? soleMeter(row.service_id, row.period) : null;
      const r = meter
        ? {
            ...row,
            meter_id: meter.meter_id,
            meter_point: meter.meter_point,
            meter_serial: meter.meter_serial,
            meter_model: meter.meter_model,
            meter_ratio: meter.meter_ratio,
            // a one-register meter measures one zone: the line's volume is of that zone
            zone: row.zone ?? meter.meter_zone,
          }
        : row;
      const k = String(r.meter_id ?? 'none');
      let p = points.get(k);
      if (!p) {
        p = {
          meterId: r.meter_id,
          point: r.meter_point ?? parties.address,
          serial: r.meter_serial,
          model: r.meter_model,
          service: r.service_name ?? 'Электроэнергия',
          unit: r.unit ?? 'кВт·ч',
          rows: [],
          total: '0',
          q: [],
        };
        points.set(k, p);
      }
      p.rows.push({
        period: r.period,
        zone: r.zone,
        previous: r.reading_prev,
        current: r.reading_curr,
        ratio: r.meter_ratio ?? '1',
        quantity: r.quantity!,
        method: r.method,
        billNumber: r.bill_number,
      });
      p.q.push(r.quantity!);
    }
    const contract = await this.repo.firstContract(account.id);
    return {
      from: fromPeriod,
      to,
      supplier: supplierParty(supplier!),
      customer: customerParty(parties),
      accountNumber: parties.number,
      contractNumber: contract?.number ?? null,
      points: [...points.values()].map(({ q, ...p }) => ({
        ...p,
        rows: p.rows.sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : 0)),
        total: decimalToPlain(sumDecimals(q)),
      })),
    };
  }

  async consumptionPdf(account: LinkedAccount, from: string, to: string): Promise<PdfFile> {
    const c = await this.consumption(account, from, to);
    return { fileName: consumptionFileName(c), data: await consumptionPdf(c) };
  }
}
