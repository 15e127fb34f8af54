// SQL for the residential cabinet sections: one account's contracts, services, bills, payments, meters and readings.
import type { Db, Tx } from '../../db/knex.js';
import type { Knex } from 'knex';
import type { AllocationRow, BillRow, ContractRow, PaymentRow } from '../../domain/statement.js';
import type { BillLineRow, ServiceRow } from '../../domain/history.js';

export type { AllocationRow, BillLineRow, BillRow, ContractRow, PaymentRow, ServiceRow };

export interface AccountHeader {
  id: number;
  number: string;
  address: string;
  area: string | null;
  heated_area: string | null;
  residents: number;
  registered_residents: number | null;
  opening_balance_date: string | null;
  opening_balance_kop: number;
  supplier_id: number;
  supplier_name: string;
  supplier_time_zone: string;
  customer_kind: 'person' | 'organisation';
  last_name: string | null;
  first_name: string | null;
  middle_name: string | null;
  org_name: string | null;
  passport: string | null;
  customer_address: string | null;
}

export interface RateRow {
  tariff_plan_id: number;
  valid_from: string;
  zone: string;
  tier: number;
  tier_limit: string | null;
  price: string;
}

export interface ContractValueRow {
  service_id: number;
  month: string;
  volume: string;
}

export interface MeterRegisterRow {
  meter_id: number;
  serial: string;
  model: string;
  installed: string | null;
  verification_due: string | null;
  removed: string | null;
  digits: number;
  decimals: number;
  ratio: string;
  point: string | null;
  service_id: number;
  service_name: string;
  service_kind: string;
  service_unit: string;
  supplier_name: string;
  contract_number: string;
  register_id: number | null;
  zone: string | null;
  label: string | null;
  last_date: string | null;
  last_value: string | null;
}

export interface ReadingRow {
  meter_id: number;
  register_id: number;
  zone: string;
  label: string | null;
  date: string;
  value: string;
  source: 'customer' | 'inspector' | 'supplier' | 'estimated';
  status: string;
  billed_period: string | null;
}

export interface UsageRow {
  period: string;
  zone: string | null;
  quantity: string;
}

export interface CoUserRow {
  user_id: number;
  last_name: string | null;
  first_name: string | null;
  middle_name: string | null;
  email: string | null;
  login: string;
  relation: 'owner' | 'tenant' | 'representative';
  created_at: Date;
}

export class AccountRepo {
  constructor(private readonly db: Db) {}

  header(accountId: number, db: Db | Tx = this.db): Promise<AccountHeader | undefined> {
    return db('accounts as a')
      .join('suppliers as s', 's.id', 'a.supplier_id')
      .join('customers as c', 'c.id', 'a.customer_id')
      .where('a.id', accountId)
      .first(
        'a.id',
        'a.number',
        'a.address',
        'a.area',
        'a.heated_area',
        'a.residents',
        'a.registered_residents',
        'a.opening_balance_date',
        'a.opening_balance_kop',
        'a.supplier_id',
        's.name as supplier_name',
        's.time_zone as supplier_time_zone',
        'c.kind as customer_kind',
        'c.last_name',
        'c.first_name',
        'c.middle_name',
        'c.name as org_name',
        'c.passport',
        'c.address as customer_address',
      );
  }

  contracts(accountId: number, db: Db | Tx = this.db): Promise<ContractRow[]> {
    return db('contracts')
      .where({ account_id: accountId })
      .orderBy([
        { column: 'valid_from', order: 'asc' },
        { column: 'id', order: 'asc' },
      ])
      .select('id', 'number', 'date', 'valid_from', 'valid_to', 'subject', 'branch');
  }

  services(accountId: number, db: Db | Tx = this.db): Promise<ServiceRow[]> {
    return db('services as sv')
      .join('contracts as ct', 'ct.id', 'sv.contract_id')
      .join('suppliers as s', 's.id', 'sv.supplier_id')
      .leftJoin('tariff_plans as tp', 'tp.id', 'sv.tariff_plan_id')
      .where('sv.account_id', accountId)
      .orderBy([{ column: 'ct.id' }, { column: 'sv.id' }])
      .select(
        'sv.id',
        'sv.contract_id',
        'ct.number as contract_number',
        'sv.supplier_id',
        's.name as supplier_name',
        'sv.code',
        'sv.kind',
        'sv.name',
        'sv.unit',
        'sv.method',
        'sv.zones',
        'sv.tariff_plan_id',
        'tp.name as tariff_plan_name',
        'sv.norm',
        'sv.norm_name',
        'sv.active_from',
        'sv.active_to',
      );
  }

  rates(planIds: number[], db: Db | Tx = this.db): Promise<RateRow[]> {
    if (planIds.length === 0) return Promise.resolve([]);
    return db('tariff_rates')
      .whereIn('tariff_plan_id', planIds)
      .orderBy([{ column: 'valid_from', order: 'desc' }, { column: 'zone' }, { column: 'tier' }])
      .select('tariff_plan_id', 'valid_from', 'zone', 'tier', 'tier_limit', 'price');
  }

  /** Bills with their totals from the bill_totals view, oldest first. */
  bills(accountId: number, db: Db | Tx = this.db): Promise<BillRow[]> {
    return db('bills as b')
      .join('bill_totals as t', 't.bill_id', 'b.id')
      .leftJoin('contracts as ct', 'ct.id', 'b.contract_id')
      .where('b.account_id', accountId)
      .orderBy([{ column: 'b.date' }, { column: 'b.id' }])
      .select(
        'b.id',
        'b.number',
        'b.date',
        'b.period',
        'b.type',
        'b.due_date',
        'b.supplier_id',
        'b.contract_id',
        'ct.number as contract_number',
        'b.corrects_bill_id',
        't.charged_kop',
        't.benefit_kop',
        't.adjustment_kop',
        't.penalty_kop',
        't.amount_kop',
      );
  }

  /** The lines of the account's bills (all of them, or of one bill). */
  lines(accountId: number, billId?: number, db: Db | Tx = this.db): Promise<BillLineRow[]> {
    const q = db('bill_lines as l')
      .join('bills as b', 'b.id', 'l.bill_id')
      .join('suppliers as s', 's.id', 'l.supplier_id')
      .leftJoin('services as sv', 'sv.id', 'l.service_id')
      .leftJoin('meters as m', 'm.id', 'l.meter_id')
      .where('b.account_id', accountId)
      .orderBy([{ column: 'l.bill_id' }, { column: 'l.position' }, { column: 'l.id' }])
      .select(
        'l.id',
        'l.bill_id',
        'l.service_id',
        'sv.name as service_name',
        'sv.kind as service_kind',
        'sv.contract_id',
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
        'l.penalty_kop',
        'l.meter_id',
        'm.serial as meter_serial',
        'l.reading_prev',
        'l.reading_curr',
        'l.position',
      );
    if (billId !== undefined) q.where('l.bill_id', billId);
    return q;
  }

  payments(accountId: number, db: Db | Tx = this.db): Promise<PaymentRow[]> {
    return db('payments')
      .where({ account_id: accountId })
      .orderBy([{ column: 'date' }, { column: 'id' }])
      .select('id', 'ref', 'date', 'amount_kop', 'place', 'channel');
  }

  allocations(accountId: number, db: Db | Tx = this.db): Promise<AllocationRow[]> {
    return db('payment_allocations as pa')
      .join('payments as p', 'p.id', 'pa.payment_id')
      .where('p.account_id', accountId)
      .orderBy('pa.id')
      .select('pa.id', 'pa.payment_id', 'pa.contract_id', 'pa.supplier_id', 'pa.bill_id', 'pa.amount_kop');
  }

  /** The ids of the account's suppliers: its own, its bills' and its bill lines' (a subquery). */
  supplierIdsOf(accountId: number, db: Db | Tx = this.db): Knex.QueryBuilder {
    return db
      .select('supplier_id')
      .from('accounts')
      .where('id', accountId)
      .union((u) => u.select('supplier_id').from('bills').where('account_id', accountId))
      .union((u) =>
        u
          .select('l.supplier_id')
          .from('bill_lines as l')
          .join('bills as b', 'b.id', 'l.bill_id')
          .where('b.account_id', accountId),
      );
  }

  /** The names of the account's suppliers (supplierIdsOf). */
  supplierNamesOf(accountId: number, db: Db | Tx = this.db): Promise<{ id: number; name: string }[]> {
    return db('suppliers').whereIn('id', this.supplierIdsOf(accountId, db)).select('id', 'name');
  }

  contractValues(accountId: number, db: Db | Tx = this.db): Promise<ContractValueRow[]> {
    return db('contract_values as cv')
      .join('services as sv', 'sv.id', 'cv.service_id')
      .where('sv.account_id', accountId)
      .orderBy([{ column: 'cv.service_id' }, { column: 'cv.month', order: 'desc' }])
      .select('cv.service_id', 'cv.month', 'cv.volume');
  }

  /** One row per meter register, with the register's last accepted or billed reading. */
  meterRegisters(accountId: number, db: Db | Tx = this.db): Promise<MeterRegisterRow[]> {
    return db('meters as m')
      .join('services as sv', 'sv.id', 'm.service_id')
      .join('contracts as ct', 'ct.id', 'sv.contract_id')
      .join('suppliers as s', 's.id', 'sv.supplier_id')
      .leftJoin('meter_registers as r', 'r.meter_id', 'm.id')
      .joinRaw(
        `left join lateral (
           select rd.date, rd.value from readings rd
            where rd.register_id = r.id and rd.status <> 'rejected'
            order by rd.date desc, rd.id desc limit 1
         ) last on true`,
      )
      .where('m.account_id', accountId)
      .orderByRaw('m.removed is not null, m.installed desc nulls last, m.id, r.zone')
      .select(
        'm.id as meter_id',
        'm.serial',
        'm.model',
        'm.installed',
        'm.verification_due',
        'm.removed',
        'm.digits',
        'm.decimals',
        'm.ratio',
        'm.point',
        'sv.id as service_id',
        'sv.name as service_name',
        'sv.kind as service_kind',
        'sv.unit as service_unit',
        's.name as supplier_name',
        'ct.number as contract_number',
        'r.id as register_id',
        'r.zone',
        'r.label',
        'last.date as last_date',
        'last.value as last_value',
      );
  }

  /** Readings of the account's meters dated within [from, to], newest first; rejected ones left out. */
  readings(accountId: number, from: string, to: string, db: Db | Tx = this.db): Promise<ReadingRow[]> {
    return db('readings as rd')
      .join('meter_registers as r', 'r.id', 'rd.register_id')
      .join('meters as m', 'm.id', 'r.meter_id')
      .where('m.account_id', accountId)
      .whereNot('rd.status', 'rejected')
      .whereBetween('rd.date', [from, to])
      .orderBy([{ column: 'm.id' }, { column: 'rd.date', order: 'desc' }, { column: 'r.zone' }])
      .select(
        'm.id as meter_id',
        'r.id as register_id',
        'r.zone',
        'r.label',
        'rd.date',
        'rd.value',
        'rd.source',
        'rd.status',
        'rd.billed_period',
      );
  }

  /** Billed electricity volume per period and zone from bill lines (corrections included), periods in [from, to]. */
  electricityUsage(
    accountId: number,
    fromPeriod: string,
    toPeriod: string,
    db: Db | Tx = this.db,
  ): Promise<UsageRow[]> {
    return db('bill_lines as l')
      .join('bills as b', 'b.id', 'l.bill_id')
      .join('services as sv', 'sv.id', 'l.service_id')
      .where('b.account_id', accountId)
      .where('sv.kind', 'electricity')
      .whereNotNull('l.quantity')
      .whereBetween('b.period', [fromPeriod, toPeriod])
      .groupBy('b.period', 'l.zone')
      .orderBy([{ column: 'b.period' }, { column: 'l.zone' }])
      .select('b.period', 'l.zone', db.raw('sum(l.quantity)::text as quantity'));
  }

  /** The people who have this account in their cabinet. */
  coUsers(accountId: number, db: Db | Tx = this.db): Promise<CoUserRow[]> {
    return db('user_accounts as ua')
      .join('users as u', 'u.id', 'ua.user_id')
      .where('ua.account_id', accountId)
      .orderBy('ua.created_at')
      .select(
        'u.id as user_id',
        'u.last_name',
        'u.first_name',
        'u.middle_name',
        'u.email',
        'u.login',
        'ua.relation',
        'ua.created_at',
      );
  }
}
