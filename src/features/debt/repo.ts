// SQL of the debt features: key rates and caps, the rules they read (from db/referenceData), the parties of an act, advance inputs and persisted settlements.
import {
  dueRuleRows,
  dueRulesOf,
  loadAdvanceRules,
  loadVatRates,
  penaltyRuleRows,
  penaltyRulesOf,
} from '../../db/referenceData.js';
import { inOneRoundTrip } from '../../db/batch.js';
import type { VatRate } from '../../domain/billing.js';
import type { Db, Tx } from '../../db/knex.js';
import type { AdvanceRuleSet } from '../../domain/advance.js';
import type { CustomerKind, DueDayRule } from '../../domain/dueDates.js';
import type { KeyRate, PenaltyRuleSet, RateCap } from '../../domain/penalties.js';

export interface KeyRateRow {
  valid_from: string;
  percent: string;
}

export interface PartiesRow {
  account_id: number;
  account_number: string;
  supplier_id: number;
  supplier_name: string;
  supplier_inn: string;
  supplier_kpp: string | null;
  supplier_time_zone: string;
  customer_kind: CustomerKind;
  customer_name: string | null;
  last_name: string | null;
  first_name: string | null;
  middle_name: string | null;
  customer_inn: string | null;
  customer_kpp: string | null;
  opening_balance_date: string | null;
  opening_balance_kop: number;
  /** Business penalties accrue on overdue advances too (migration 0017). */
  penalties_on_advances: boolean;
}

export interface AdvanceServiceRow {
  id: number;
  name: string;
  unit: string;
  zones: string[];
  tariff_plan_id: number | null;
}

export interface AdvanceBillRow {
  id: number;
  number: string;
  date: string;
  period: string;
  due_date: string | null;
  amount_kop: number;
}

export interface ContractValueRow {
  service_id: number;
  month: string;
  volume: string;
}

export interface BilledVolumeRow {
  service_id: number;
  period: string;
  zone: string | null;
  quantity: string;
}

export interface SettlementRow {
  account_id: number;
  bill_id: number;
  payment_id: number | null;
  credit_bill_id: number | null;
  source: 'payment' | 'correction' | 'opening';
  amount_kop: number;
  date: string;
}

type RateCapRow = { customer_kind: CustomerKind; valid_from: string; valid_to: string; percent: string };

function keyRateRows(db: Db | Tx): Promise<KeyRateRow[]> {
  return db('key_rates').orderBy('valid_from').select('valid_from', 'percent');
}

function keyRatesOf(rows: readonly KeyRateRow[]): KeyRate[] {
  return rows.map((r) => ({ from: r.valid_from, percent: r.percent }));
}

function rateCapRows(db: Db | Tx): Promise<RateCapRow[]> {
  return db('penalty_rate_caps').select('customer_kind', 'valid_from', 'valid_to', 'percent');
}

function rateCapsOf(rows: readonly RateCapRow[]): RateCap[] {
  return rows.map((r) => ({
    customerKind: r.customer_kind,
    from: r.valid_from,
    to: r.valid_to,
    percent: r.percent,
  }));
}

/** DebtRepo.penaltyInputs. */
export interface PenaltyInputs {
  parties: PartiesRow | undefined;
  keyRates: KeyRate[];
  caps: RateCap[];
  dueRules: DueDayRule[];
  rules: PenaltyRuleSet[];
}

export class DebtRepo {
  constructor(private readonly db: Db) {}

  /**
   * What the penalty ledger reads besides the statement: the account's parties and the four reference
   * tables, in one round trip.
   */
  async penaltyInputs(accountId: number, db: Db | Tx = this.db): Promise<PenaltyInputs> {
    const [parties, keyRates, caps, dueRules, rules] = await inOneRoundTrip(db, [
      this.parties(accountId, db),
      keyRateRows(db),
      rateCapRows(db),
      dueRuleRows(db),
      penaltyRuleRows(db),
    ]);
    return {
      parties,
      keyRates: keyRatesOf(keyRates),
      caps: rateCapsOf(caps),
      dueRules: dueRulesOf(dueRules),
      rules: penaltyRulesOf(rules),
    };
  }

  advanceRules(db: Db | Tx = this.db): Promise<AdvanceRuleSet[]> {
    return loadAdvanceRules(db);
  }

  /** The advance bills (счета на оплату текущего потребления) actually issued, dated within [from, to], oldest first. */
  advanceBills(
    accountId: number,
    from: string,
    to: string,
    db: Db | Tx = this.db,
  ): Promise<AdvanceBillRow[]> {
    return db('bills as b')
      .join('bill_totals as t', 't.bill_id', 'b.id')
      .where({ 'b.account_id': accountId, 'b.type': 'advance' })
      .whereBetween('b.date', [from, to])
      .orderBy([{ column: 'b.date' }, { column: 'b.id' }])
      .select('b.id', 'b.number', 'b.date', 'b.period', 'b.due_date', 't.amount_kop');
  }

  parties(accountId: number, db: Db | Tx = this.db): Promise<PartiesRow | undefined> {
    return db('accounts as a')
      .join('suppliers as s', 's.id', 'a.supplier_id')
      .join('customers as c', 'c.id', 'a.customer_id')
      .where('a.id', accountId)
      .first(
        'a.id as account_id',
        'a.number as account_number',
        's.id as supplier_id',
        's.name as supplier_name',
        's.inn as supplier_inn',
        's.kpp as supplier_kpp',
        's.time_zone as supplier_time_zone',
        'c.kind as customer_kind',
        'c.name as customer_name',
        'c.last_name',
        'c.first_name',
        'c.middle_name',
        'c.inn as customer_inn',
        'c.kpp as customer_kpp',
        'a.opening_balance_date',
        'a.opening_balance_kop',
        's.penalties_on_advances',
      );
  }

  contractNumbers(
    accountId: number,
    db: Db | Tx = this.db,
  ): Promise<{ number: string; date: string | null }[]> {
    return db('contracts').where({ account_id: accountId }).orderBy('id').select('number', 'date');
  }

  advanceServices(accountId: number, db: Db | Tx = this.db): Promise<AdvanceServiceRow[]> {
    return db('services as sv')
      .where('sv.account_id', accountId)
      .orderBy('sv.id')
      .select('sv.id', 'sv.name', 'sv.unit', 'sv.zones', 'sv.tariff_plan_id');
  }

  /** VAT rates by law with the dates they apply from. */
  vatRates(db: Db | Tx = this.db): Promise<VatRate[]> {
    return loadVatRates(db);
  }

  contractValues(accountId: number, db: Db | Tx = this.db): Promise<ContractValueRow[]> {
    return db('contract_values as cv')
      .join('services as sv', 'sv.id', 'cv.service_id')
      .where('sv.account_id', accountId)
      .select('cv.service_id', db.raw("to_char(cv.month, 'YYYY-MM') as month"), 'cv.volume');
  }

  /** Volumes billed per service, period and zone by invoices and bills (corrections included). */
  billedVolumes(accountId: number, db: Db | Tx = this.db): Promise<BilledVolumeRow[]> {
    return db('bill_lines as l')
      .join('bills as b', 'b.id', 'l.bill_id')
      .where('b.account_id', accountId)
      .whereIn('b.type', ['bill', 'invoice', 'correction'])
      .whereNotNull('l.service_id')
      .whereNotNull('l.quantity')
      .groupBy('l.service_id', 'b.period', 'l.zone')
      .select(
        'l.service_id',
        db.raw("to_char(b.period, 'YYYY-MM') as period"),
        'l.zone',
        db.raw('sum(l.quantity)::text as quantity'),
      );
  }

  rates(planIds: number[], db: Db | Tx = this.db) {
    if (planIds.length === 0) return Promise.resolve([]);
    return db('tariff_rates')
      .whereIn('tariff_plan_id', planIds)
      .select('tariff_plan_id', 'valid_from', 'zone', 'tier', 'tier_limit', 'price') as Promise<
      {
        tariff_plan_id: number;
        valid_from: string;
        zone: string;
        tier: number;
        tier_limit: string | null;
        price: string;
      }[]
    >;
  }

  /**
   * Which of these accounts may have penalties a bill dated `date` has to look at: a company's (its
   * advances fall due without a bill), and a household some bill of which was not covered by its due
   * date, counting the money oldest bill first (what the allocation does with undirected money).
   * The others never had an overdue day, so nothing has accrued.
   */
  async accountsWithOverdue(
    accountIds: readonly number[],
    date: string,
    db: Db | Tx = this.db,
  ): Promise<number[]> {
    if (accountIds.length === 0) return [];
    const { rows } = await db.raw<{ rows: { id: number }[] }>(
      `with due as (
         select b.account_id, b.date,
                coalesce(b.due_date, (b.period + interval '1 month' + interval '9 days')::date) as due_date
           from bills b
          where b.account_id = any(?::bigint[]) and b.type <> 'advance' and b.date <= ?)
       select a.id
         from accounts a join customers c on c.id = a.customer_id
        where a.id = any(?::bigint[])
          and (c.kind = 'organisation'
               or exists (
                 select 1 from due d
                  where d.account_id = a.id and d.due_date < ?
                    and a.opening_balance_kop
                        + coalesce((select sum(l.charged_kop - l.benefit_kop + l.adjustment_kop)
                                      from bills b join bill_lines l on l.bill_id = b.id
                                     where b.account_id = a.id and b.type <> 'advance' and b.date <= d.date), 0)
                        - coalesce((select sum(p.amount_kop) from payments p
                                     where p.account_id = a.id and p.date <= d.due_date), 0) > 0))
        order by a.id`,
      [[...accountIds], date, [...accountIds], date],
    );
    return rows.map((r) => Number(r.id));
  }

  /** Replaces the account's settlements in one transaction (a savepoint inside a caller's). */
  async replaceSettlements(
    accountId: number,
    rows: readonly SettlementRow[],
    db: Db | Tx = this.db,
  ): Promise<void> {
    await db.transaction(async (tx) => {
      await tx('bill_settlements').where({ account_id: accountId }).delete();
      if (rows.length > 0) await tx.batchInsert('bill_settlements', rows as SettlementRow[], 1000);
    });
  }

  /** The names of the account's services by id. */
  async serviceNames(accountId: number, db: Db | Tx = this.db): Promise<Map<number, string>> {
    const rows: { id: number; name: string }[] = await db('services')
      .where({ account_id: accountId })
      .select('id', 'name');
    return new Map(rows.map((r) => [r.id, r.name]));
  }
}
