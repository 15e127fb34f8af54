// SQL of the debt features: key rates and caps, due, penalty and advance rules, the parties of an act, advance inputs and persisted settlements.
import { loadDueRules, loadVatRates } from '../../db/referenceData.js';
import type { VatRate } from '../../domain/billing.js';
import type { Db, Tx } from '../../db/knex.js';
import type { AdvanceRuleSet, AdvanceRules } from '../../domain/advance.js';
import type { CustomerKind, DueDayRule } from '../../domain/dueDates.js';
import type { KeyRate, PenaltyRuleSet, PenaltyTier, RateCap } from '../../domain/penalties.js';

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
}

export interface AdvanceServiceRow {
  id: number;
  name: string;
  unit: string;
  zones: string[];
  tariff_plan_id: number | null;
  vat_percent: string | null;
  /** The supplier adds VAT at the rate in force to prices without VAT. */
  charges_vat: boolean;
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

export class DebtRepo {
  constructor(private readonly db: Db) {}

  async keyRates(db: Db | Tx = this.db): Promise<KeyRate[]> {
    const rows: KeyRateRow[] = await db('key_rates').orderBy('valid_from').select('valid_from', 'percent');
    return rows.map((r) => ({ from: r.valid_from, percent: r.percent }));
  }

  async rateCaps(db: Db | Tx = this.db): Promise<RateCap[]> {
    const rows: { customer_kind: CustomerKind; valid_from: string; valid_to: string; percent: string }[] = await db('penalty_rate_caps').select(
      'customer_kind', 'valid_from', 'valid_to', 'percent',
    );
    return rows.map((r) => ({ customerKind: r.customer_kind, from: r.valid_from, to: r.valid_to, percent: r.percent }));
  }

  dueRules(db: Db | Tx = this.db): Promise<DueDayRule[]> {
    return loadDueRules(db);
  }

  /** Every dated set of penalty tiers (penalty_rules), in one query: a set is the rows of one kind and date. */
  async penaltyRules(db: Db | Tx = this.db): Promise<PenaltyRuleSet[]> {
    const rows: { customer_kind: CustomerKind; valid_from: string; from_day: number; divisor: number }[] = await db('penalty_rules')
      .orderBy(['customer_kind', 'valid_from', 'from_day'])
      .select('customer_kind', 'valid_from', 'from_day', 'divisor');
    const sets = new Map<string, PenaltyRuleSet & { tiers: { fromDay: number; divisor: number }[] }>();
    for (const r of rows) {
      const key = `${r.customer_kind} ${r.valid_from}`;
      const set = sets.get(key) ?? { customerKind: r.customer_kind, from: r.valid_from, tiers: [] };
      set.tiers.push({ fromDay: r.from_day, divisor: r.divisor });
      sets.set(key, set);
    }
    return [...sets.values()];
  }

  /** Every dated advance schedule with its instalments in order (advance_rules, advance_rule_parts), in one query. */
  async advanceRules(db: Db | Tx = this.db): Promise<AdvanceRuleSet[]> {
    const rows: {
      valid_from: string; final_day: number; final_month_offset: number;
      percent: string | null; day: number | null; month_offset: number | null;
    }[] = await db('advance_rules as r')
      .leftJoin('advance_rule_parts as p', 'p.valid_from', 'r.valid_from')
      .orderBy([{ column: 'r.valid_from' }, { column: 'p.part' }])
      .select('r.valid_from', 'r.final_day', 'r.final_month_offset', 'p.percent', 'p.day', 'p.month_offset');
    const sets = new Map<string, AdvanceRuleSet & { instalments: AdvanceRuleSet['instalments'][number][] }>();
    for (const r of rows) {
      const set = sets.get(r.valid_from) ?? {
        fromPeriod: r.valid_from.slice(0, 7), instalments: [], final: { day: r.final_day, monthOffset: r.final_month_offset },
      };
      if (r.percent !== null) set.instalments.push({ percent: r.percent, day: r.day!, monthOffset: r.month_offset! });
      sets.set(r.valid_from, set);
    }
    return [...sets.values()];
  }

  /** Writes the tiers of one (kind, date) set, replacing the set's rows if any; returns the previous tiers, null if new. */
  async replacePenaltyRules(kind: CustomerKind, from: string, tiers: readonly PenaltyTier[], db: Db | Tx): Promise<PenaltyTier[] | null> {
    const before: { from_day: number; divisor: number }[] = await db('penalty_rules')
      .where({ customer_kind: kind, valid_from: from })
      .orderBy('from_day')
      .forUpdate()
      .select('from_day', 'divisor');
    await db('penalty_rules').where({ customer_kind: kind, valid_from: from }).delete();
    await db('penalty_rules').insert(tiers.map((t) => ({ customer_kind: kind, valid_from: from, from_day: t.fromDay, divisor: t.divisor })));
    return before.length === 0 ? null : before.map((r) => ({ fromDay: r.from_day, divisor: r.divisor }));
  }

  /** Writes the advance schedule of months from `fromPeriod` on, replacing that set if any; returns the previous one, null if new. */
  async replaceAdvanceRules(set: AdvanceRuleSet, db: Db | Tx): Promise<AdvanceRules | null> {
    const from = `${set.fromPeriod}-01`;
    const before = (await this.advanceRules(db)).find((s) => s.fromPeriod === set.fromPeriod);
    await db('advance_rules').where({ valid_from: from }).delete();
    await db('advance_rules').insert({ valid_from: from, final_day: set.final.day, final_month_offset: set.final.monthOffset });
    await db('advance_rule_parts').insert(
      set.instalments.map((p, i) => ({ valid_from: from, part: i + 1, percent: String(p.percent), day: p.day, month_offset: p.monthOffset })),
    );
    return before ? { instalments: before.instalments, final: before.final } : null;
  }

  parties(accountId: number, db: Db | Tx = this.db): Promise<PartiesRow | undefined> {
    return db('accounts as a')
      .join('suppliers as s', 's.id', 'a.supplier_id')
      .join('customers as c', 'c.id', 'a.customer_id')
      .where('a.id', accountId)
      .first(
        'a.id as account_id', 'a.number as account_number', 's.id as supplier_id', 's.name as supplier_name', 's.inn as supplier_inn',
        's.kpp as supplier_kpp', 's.time_zone as supplier_time_zone', 'c.kind as customer_kind', 'c.name as customer_name',
        'c.last_name', 'c.first_name', 'c.middle_name', 'c.inn as customer_inn', 'c.kpp as customer_kpp', 'a.opening_balance_date',
        'a.opening_balance_kop',
      );
  }

  contractNumbers(accountId: number, db: Db | Tx = this.db): Promise<{ number: string; date: string | null }[]> {
    return db('contracts').where({ account_id: accountId }).orderBy('id').select('number', 'date');
  }

  advanceServices(accountId: number, db: Db | Tx = this.db): Promise<AdvanceServiceRow[]> {
    return db('services as sv')
      .join('suppliers as s', 's.id', 'sv.supplier_id')
      .leftJoin('tariff_plans as tp', 'tp.id', 'sv.tariff_plan_id')
      .where('sv.account_id', accountId)
      .orderBy('sv.id')
      .select('sv.id', 'sv.name', 'sv.unit', 'sv.zones', 'sv.tariff_plan_id', 'tp.vat_percent', 's.charges_vat');
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
      .select('l.service_id', db.raw("to_char(b.period, 'YYYY-MM') as period"), 'l.zone', db.raw('sum(l.quantity)::text as quantity'));
  }

  rates(planIds: number[], db: Db | Tx = this.db) {
    if (planIds.length === 0) return Promise.resolve([]);
    return db('tariff_rates')
      .whereIn('tariff_plan_id', planIds)
      .select('tariff_plan_id', 'valid_from', 'zone', 'tier', 'tier_limit', 'price') as Promise<
      { tariff_plan_id: number; valid_from: string; zone: string; tier: number; tier_limit: string | null; price: string }[]
    >;
  }

  async replaceSettlements(accountId: number, rows: readonly SettlementRow[], tx: Tx): Promise<void> {
    await tx('bill_settlements').where({ account_id: accountId }).delete();
    if (rows.length > 0) await tx.batchInsert('bill_settlements', rows as SettlementRow[], 1000);
  }
}
