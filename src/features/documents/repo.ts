// SQL the documents need besides the cabinet's statement: the parties' details and the stored bill lines. It only
// reads stored numbers (bill_lines, bill_totals); every balance comes from the AccountStatement / reconciliation services.
import { loadVatRates } from '../../db/referenceData.js';
import type { VatRate } from '../../domain/billing.js';
import type {
  AccountRepo,
  AccountHeader,
  AllocationRow,
  BillLineRow,
  BillRow,
  ContractRow,
  PaymentRow,
  ServiceRow,
} from '../account/repo.js';
import type { Db, Tx } from '../../db/knex.js';
import { oneMessage } from '../../db/batch.js';

export interface SupplierParty {
  id: number;
  name: string;
  inn: string;
  kpp: string | null;
  address: string;
  phone: string;
  bank_name: string;
  bank_bic: string;
  bank_account: string;
  bank_corr_account: string;
}

export interface AccountParties {
  account_id: number;
  number: string;
  address: string;
  area: string | null;
  residents: number;
  bind_code: string | null;
  supplier_id: number;
  customer_kind: 'person' | 'organisation';
  last_name: string | null;
  first_name: string | null;
  middle_name: string | null;
  org_name: string | null;
  customer_inn: string | null;
  customer_kpp: string | null;
  customer_address: string | null;
}

export interface DocBillRow {
  id: number;
  number: string;
  date: string;
  period: string;
  type: 'bill' | 'invoice' | 'correction' | 'advance';
  due_date: string | null;
  supplier_id: number;
  corrects_bill_id: number | null;
  contract_number: string | null;
  contract_date: string | null;
  amount_kop: number;
  vat_kop: number;
}

/** A stored bill line as the documents print it: the cabinet's row plus the meter and VAT facts. */
export interface DocLineRow extends Omit<BillLineRow, 'contract_id' | 'penalty_kop' | 'position'> {
  meter_model: string | null;
  meter_point: string | null;
  meter_ratio: string | null;
  /** The VAT rate of the line's billed month, stored with it (null: no VAT, or a line stored before 0016). */
  vat_percent: string | null;
}

export interface ConsumptionLineRow extends DocLineRow {
  period: string;
  bill_number: string;
}

/** The rows of an account that its statement, its История ЛС months and its receipts are built from. */
export interface ReceiptRows {
  /** The cabinet's reads (AccountStatementService.load's and AccountService.history's), the same queries. */
  header: AccountHeader | undefined;
  contracts: ContractRow[];
  services: ServiceRow[];
  bills: BillRow[];
  lines: BillLineRow[];
  payments: PaymentRow[];
  allocations: AllocationRow[];
  parties: AccountParties | undefined;
  /** Every supplier of the account, its bills and its bill lines. */
  suppliers: SupplierParty[];
  /** The stored lines of the bills asked for, those of this account only. */
  docLines: DocLineRow[];
}

const SUPPLIER_COLUMNS = [
  'id',
  'name',
  'inn',
  'kpp',
  'address',
  'phone',
  'bank_name',
  'bank_bic',
  'bank_account',
  'bank_corr_account',
];

const LINE_COLUMNS = [
  'l.id',
  'l.bill_id',
  'l.service_id',
  'sv.name as service_name',
  'sv.kind as service_kind',
  'l.supplier_id',
  's.name as supplier_name',
  'l.zone',
  'l.tier',
  'l.description',
  'l.unit',
  'l.method',
  'l.quantity',
  'l.tariff',
  'l.charged_kop',
  'l.vat_kop',
  'l.benefit_kop',
  'l.adjustment_kop',
  'l.meter_id',
  'm.serial as meter_serial',
  'm.model as meter_model',
  'm.point as meter_point',
  'm.ratio as meter_ratio',
  'l.reading_prev',
  'l.reading_curr',
  'l.vat_percent',
];

const RECEIPT_QUERIES = 10;

/** Values no account or bill has (above any id a sequence gives out in practice), written where receiptSql fills in the real ones. */
const ACCOUNT_MARKER = 8_999_999_998_999_999;
const ID_MARKER = 8_999_999_999_000_000;
/** The markers in knex's text, captured so that split keeps them (the account's is ID_MARKER − 1). */
const MARKERS = /\b(8999999998999999|8999999999\d{6})\b/;
const TEMPLATES_MAX = 64;

export class DocumentsRepo {
  /** receiptSql's texts by number of bills: the parts between the values, and which value goes in each slot (−1: the account). */
  private readonly receiptTemplates = new Map<number, { texts: string[]; slots: number[] }>();

  constructor(
    private readonly db: Db,
    /** The cabinet's queries, which the receipts send in the same round trip. */
    private readonly account: AccountRepo,
  ) {}

  /**
   * The account's rows for its receipts of `billIds`, all in one round trip: ten queries sent as one
   * message of statements (PostgreSQL's simple protocol) instead of eighteen messages, each of which
   * cost Node a send, a wake-up and a parse (about half of a receipt's CPU time went to the round trips).
   */
  async receiptRows(accountId: number, billIds: number[], db: Db | Tx = this.db): Promise<ReceiptRows> {
    if (!Number.isSafeInteger(accountId)) throw new RangeError(`not an account id: ${accountId}`);
    const ids = billIds.filter((id) => Number.isSafeInteger(id));
    const results = (await db.raw(this.receiptSql(accountId, ids, db))) as unknown as { rows: unknown[] }[];
    if (!Array.isArray(results) || results.length !== RECEIPT_QUERIES)
      throw new Error('the statements did not answer one result each');
    const rows = results.map((r) => r.rows);
    return {
      header: rows[0]![0] as AccountHeader | undefined,
      contracts: rows[1] as ContractRow[],
      services: rows[2] as ServiceRow[],
      bills: rows[3] as BillRow[],
      lines: rows[4] as BillLineRow[],
      payments: rows[5] as PaymentRow[],
      allocations: rows[6] as AllocationRow[],
      parties: rows[7]![0] as AccountParties | undefined,
      suppliers: rows[8] as SupplierParty[],
      docLines: rows[9] as DocLineRow[],
    };
  }

  /**
   * The one message of receiptRows as knex writes it: the cabinet's queries and the documents' own, their values
   * written in (no bindings: a "?" left in the SQL is not a placeholder).
   */
  receiptSqlByKnex(accountId: number, ids: number[], db: Db | Tx = this.db): string {
    const supplierIds = this.account.supplierIdsOf(accountId, db);
    const queries = [
      this.account.header(accountId, db),
      this.account.contracts(accountId, db),
      this.account.services(accountId, db),
      this.account.bills(accountId, db),
      this.account.lines(accountId, undefined, db),
      this.account.payments(accountId, db),
      this.account.allocations(accountId, db),
      this.parties(accountId, db),
      db('suppliers').whereIn('id', supplierIds).select(SUPPLIER_COLUMNS),
      ids.length ? this.lines(accountId, ids, db) : db('bill_lines').whereRaw('false').select('id'),
    ];
    if (queries.length !== RECEIPT_QUERIES) throw new Error('receiptRows reads ten queries');
    return oneMessage(queries);
  }

  /**
   * receiptSqlByKnex's text, built by knex once per number of bills with marker values and then filled in:
   * knex compiled the ten queries' 200 columns again for every receipt (a twentieth of its CPU time).
   * The text depends on the values only where they are written; a test holds it equal to knex's.
   */
  receiptSql(accountId: number, ids: number[], db: Db | Tx = this.db): string {
    let template = this.receiptTemplates.get(ids.length);
    if (!template) {
      const markers = ids.map((_, i) => ID_MARKER + i);
      const parts = this.receiptSqlByKnex(ACCOUNT_MARKER, markers, db).split(MARKERS);
      template = {
        texts: parts.filter((_, i) => i % 2 === 0),
        slots: parts.filter((_, i) => i % 2 === 1).map((m) => Number(m) - ID_MARKER),
      };
      if (this.receiptTemplates.size >= TEMPLATES_MAX) this.receiptTemplates.clear();
      this.receiptTemplates.set(ids.length, template);
    }
    const { texts, slots } = template;
    let sql = texts[0]!;
    for (let i = 0; i < slots.length; i++)
      sql += String(slots[i]! < 0 ? accountId : ids[slots[i]!]) + texts[i + 1]!;
    return sql;
  }

  parties(accountId: number, db: Db | Tx = this.db): Promise<AccountParties | undefined> {
    return db('accounts as a')
      .join('customers as c', 'c.id', 'a.customer_id')
      .where('a.id', accountId)
      .first(
        'a.id as account_id',
        'a.number',
        'a.address',
        'a.area',
        'a.residents',
        'a.bind_code',
        'a.supplier_id',
        'c.kind as customer_kind',
        'c.last_name',
        'c.first_name',
        'c.middle_name',
        'c.name as org_name',
        'c.inn as customer_inn',
        'c.kpp as customer_kpp',
        'c.address as customer_address',
      );
  }

  suppliers(ids: number[], db: Db | Tx = this.db): Promise<SupplierParty[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return db('suppliers')
      .whereIn('id', [...new Set(ids)])
      .select(SUPPLIER_COLUMNS);
  }

  /** The account's bills among `ids` with their stored totals (ids of other accounts are simply not found). */
  bills(accountId: number, ids: number[], db: Db | Tx = this.db): Promise<DocBillRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return db('bills as b')
      .join('bill_totals as t', 't.bill_id', 'b.id')
      .leftJoin('contracts as ct', 'ct.id', 'b.contract_id')
      .where('b.account_id', accountId)
      .whereIn('b.id', ids)
      .orderBy([{ column: 'b.date' }, { column: 'b.id' }])
      .select(
        'b.id',
        'b.number',
        'b.date',
        'b.period',
        'b.type',
        'b.due_date',
        'b.supplier_id',
        'b.corrects_bill_id',
        'ct.number as contract_number',
        'ct.date as contract_date',
        't.amount_kop',
        't.vat_kop',
      );
  }

  firstContract(
    accountId: number,
    db: Db | Tx = this.db,
  ): Promise<{ number: string; date: string | null } | undefined> {
    return db('contracts').where({ account_id: accountId }).orderBy('id').first('number', 'date');
  }

  /** The account's meters with their service and dates: the supply points a line without a meter belongs to. */
  metersOfAccount(
    accountId: number,
    db: Db | Tx = this.db,
  ): Promise<
    {
      meter_id: number;
      service_id: number;
      meter_point: string | null;
      meter_serial: string;
      meter_model: string;
      meter_ratio: string;
      installed: string | null;
      removed: string | null;
      /** The zone of a meter with a single register (its only possible zone), else null. */
      meter_zone: string | null;
    }[]
  > {
    return db('meters')
      .where({ account_id: accountId })
      .orderBy('id')
      .select(
        'id as meter_id',
        'service_id',
        'point as meter_point',
        'serial as meter_serial',
        'model as meter_model',
        'ratio as meter_ratio',
        'installed',
        'removed',
        db.raw(
          '(select case when count(*) = 1 then min(r.zone) end from meter_registers r where r.meter_id = meters.id) as meter_zone',
        ),
      );
  }

  /** Corrections of `billId` (its chain), oldest first. */
  correctionsOf(accountId: number, billId: number, db: Db | Tx = this.db): Promise<{ id: number }[]> {
    return db('bills')
      .where({ account_id: accountId, corrects_bill_id: billId })
      .orderBy([{ column: 'date' }, { column: 'id' }])
      .select('id');
  }

  /** An account's advance bills (счета на оплату 30 % / 40 %) dated within [from, to], newest first: the statement leaves them out. */
  advanceBills(
    accountId: number,
    from: string,
    to: string,
    db: Db | Tx = this.db,
  ): Promise<{ id: number; number: string; date: string; period: string; amount_kop: number }[]> {
    return db('bills as b')
      .join('bill_totals as t', 't.bill_id', 'b.id')
      .where({ 'b.account_id': accountId, 'b.type': 'advance' })
      .whereBetween('b.date', [from, to])
      .orderBy([
        { column: 'b.date', order: 'desc' },
        { column: 'b.id', order: 'desc' },
      ])
      .select('b.id', 'b.number', 'b.date', 'b.period', 't.amount_kop');
  }

  /** VAT rates by law with the dates they apply from (what invoices on prices without VAT added). */
  vatRates(db: Db | Tx = this.db): Promise<VatRate[]> {
    return loadVatRates(db);
  }

  private lineQuery(db: Db | Tx) {
    return db('bill_lines as l')
      .join('bills as b', 'b.id', 'l.bill_id')
      .join('suppliers as s', 's.id', 'l.supplier_id')
      .leftJoin('services as sv', 'sv.id', 'l.service_id')
      .leftJoin('meters as m', 'm.id', 'l.meter_id');
  }

  /** The supply lines of bills (invoices, corrective invoices): a penalty line is no supply and is left out. */
  lines(accountId: number, billIds: number[], db: Db | Tx = this.db): Promise<DocLineRow[]> {
    if (billIds.length === 0) return Promise.resolve([]);
    return this.lineQuery(db)
      .where('b.account_id', accountId)
      .whereIn('l.bill_id', billIds)
      .whereNot((q) => q.whereNull('l.service_id').where('l.charged_kop', 0).where('l.penalty_kop', '>', 0))
      .orderBy([{ column: 'l.bill_id' }, { column: 'l.position' }, { column: 'l.id' }])
      .select(LINE_COLUMNS);
  }

  /** Electricity lines with a volume of bills for periods in [fromPeriod, toPeriod], corrections included. */
  consumption(
    accountId: number,
    fromPeriod: string,
    toPeriod: string,
    db: Db | Tx = this.db,
  ): Promise<ConsumptionLineRow[]> {
    return (
      this.lineQuery(db)
        .where('b.account_id', accountId)
        .where('sv.kind', 'electricity')
        // an advance bill asks for money ahead of the invoice: its volume is a share of the contract, not consumption
        .whereNot('b.type', 'advance')
        .whereNotNull('l.quantity')
        .whereBetween('b.period', [fromPeriod, toPeriod])
        .orderBy([
          { column: 'l.meter_id' },
          { column: 'b.period' },
          { column: 'b.date' },
          { column: 'l.zone' },
          { column: 'l.position' },
        ])
        .select([...LINE_COLUMNS, 'b.period', 'b.number as bill_number'])
    );
  }
}
