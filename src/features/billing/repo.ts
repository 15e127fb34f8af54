// SQL of the billing run: set-based loading of a batch of accounts' inputs and multi-row writes of bills, lines and billed readings.
import { pgArray, type Db, type Tx } from '../../db/knex.js';
import type { DueDayRule } from '../../domain/dueDates.js';
import { loadDueRules, loadVatRates } from '../../db/referenceData.js';
import type { VatRate } from '../../domain/billing.js';
import { addMonths } from '../../domain/periods.js';
import type {
  AccountInputRow,
  BenefitRow,
  BilledRegister,
  HistoryRow,
  IssuedBillRow,
  IssuedLineRow,
  NewBill,
  NewLine,
  ReadingInputRow,
  RegisterInputRow,
  ServiceInputRow,
} from '../../domain/billDraft.js';

export interface SupplierRow {
  id: number;
  code: string;
  name: string;
  time_zone: string;
  reading_window_from: number;
  reading_window_to: number;
  avg_window_months: number;
  avg_min_months: number;
  avg_max_periods: number;
  /** Its business lines carry the VAT inside their prices at the billed month's rate (vat_rates). */
  charges_vat: boolean;
}

export interface RateRow {
  tariff_plan_id: number;
  valid_from: string;
  zone: string;
  tier: number;
  tier_limit: string | null;
  price: string;
}

export interface PlanRow {
  id: number;
  unit: string;
}

export interface BatchInputs {
  accounts: AccountInputRow[];
  services: ServiceInputRow[];
  registers: RegisterInputRow[];
  previous: ReadingInputRow[];
  /** The earliest usable reading of registers never billed: the baseline of their first bill. */
  first: ReadingInputRow[];
  current: ReadingInputRow[];
  history: HistoryRow[];
  benefits: BenefitRow[];
  /** Recalculation only: the period's bills (originals and corrections) and their lines. */
  issued: IssuedBillRow[];
  issuedLines: IssuedLineRow[];
}

export interface BillingRunRow {
  id: number;
  period: string;
  supplier_id: number | null;
  supplier_code: string | null;
  status: 'running' | 'done' | 'failed';
  started_at: Date;
  finished_at: Date | null;
  started_by: number | null;
  started_by_login: string | null;
  stats: Record<string, unknown>;
}

const ids = (xs: readonly number[]) => `{${xs.join(',')}}`;

export class BillingRepo {
  constructor(private readonly db: Db) {}

  suppliers(code?: string, db: Db | Tx = this.db): Promise<SupplierRow[]> {
    const q = db('suppliers')
      .orderBy('id')
      .select(
        'id',
        'code',
        'name',
        'time_zone',
        'reading_window_from',
        'reading_window_to',
        'avg_window_months',
        'avg_min_months',
        'avg_max_periods',
        'charges_vat',
      );
    if (code !== undefined) q.where({ code });
    return q;
  }

  dueRules(db: Db | Tx = this.db): Promise<DueDayRule[]> {
    return loadDueRules(db);
  }

  /** VAT rates by law with the dates they apply from (a small table). */
  vatRates(db: Db | Tx = this.db): Promise<VatRate[]> {
    return loadVatRates(db);
  }

  /** Every rate of the supplier's plans and of plans its accounts' services use (a small table). */
  async plansAndRates(db: Db | Tx = this.db): Promise<{ plans: PlanRow[]; rates: RateRow[] }> {
    const plans: PlanRow[] = await db('tariff_plans').select('id', 'unit');
    const rates: RateRow[] = await db('tariff_rates')
      .orderBy([
        { column: 'tariff_plan_id' },
        { column: 'zone' },
        { column: 'valid_from' },
        { column: 'tier' },
      ])
      .select('tariff_plan_id', 'valid_from', 'zone', 'tier', 'tier_limit', 'price');
    return { plans, rates };
  }

  /** How many of the supplier's accounts the run will look at (for the progress bar). */
  async countCandidates(
    supplierId: number,
    period: string,
    recalculate: boolean,
    db: Db | Tx = this.db,
  ): Promise<number> {
    const issued = db('bills as b')
      .select(db.raw('1'))
      .whereRaw('b.account_id = a.id')
      .where('b.period', period)
      .whereIn('b.type', ['bill', 'invoice']);
    const q = db('accounts as a').where('a.supplier_id', supplierId);
    const row = await (recalculate ? q.whereExists(issued) : q.whereNotExists(issued))
      .count<{ count: number }[]>('* as count')
      .first();
    return Number(row?.count ?? 0);
  }

  /** The supplier's next accounts by id after `afterId` (a keyset page; billed or not). */
  async nextAccounts(
    supplierId: number,
    afterId: number,
    limit: number,
    db: Db | Tx = this.db,
  ): Promise<number[]> {
    const rows: { id: number }[] = await db('accounts')
      .where('supplier_id', supplierId)
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(limit)
      .select('id');
    return rows.map((r) => r.id);
  }

  /** Which of these accounts already have a bill or invoice of the period. */
  async issuedAmong(
    accountIds: readonly number[],
    period: string,
    db: Db | Tx = this.db,
  ): Promise<Set<number>> {
    const rows: { account_id: number }[] = (
      await db.raw(
        `select distinct account_id from bills where account_id = any(?::bigint[]) and period = ? and type in ('bill', 'invoice')`,
        [ids(accountIds), period],
      )
    ).rows;
    return new Set(rows.map((r) => r.account_id));
  }

  async batchInputs(
    accountIds: readonly number[],
    p: { period: string; periodEnd: string; cutoff: string; historyFrom: string; recalculate: boolean },
    db: Db | Tx = this.db,
  ): Promise<BatchInputs> {
    const acc = ids(accountIds);
    const rows = async <T>(sql: string, bindings: unknown[]): Promise<T[]> =>
      (await db.raw(sql, bindings as never[])).rows as T[];
    // independent queries run side by side on the pool; the readings need the registers first
    const [accounts, services, registers, history, benefits] = await Promise.all([
      rows<AccountInputRow>(
        // the customer's kind by its key, row by row: a join here hashes every customer per batch
        `select a.id, a.number, a.supplier_id, (select c.kind from customers c where c.id = a.customer_id) as customer_kind,
                a.area, a.residents
           from accounts a
          where a.id = any(?::bigint[]) order by a.id`,
        [acc],
      ),
      rows<ServiceInputRow>(
        `select sv.id, sv.account_id, sv.contract_id, sv.supplier_id, sv.code, sv.kind, sv.name, sv.unit, sv.method, sv.zones,
                sv.tariff_plan_id, sv.norm
           from services sv
          where sv.account_id = any(?::bigint[])
            and (sv.active_from is null or sv.active_from <= ?) and (sv.active_to is null or sv.active_to >= ?)
          order by sv.account_id, sv.id`,
        [acc, p.periodEnd, p.period],
      ),
      rows<RegisterInputRow>(
        `select m.account_id, m.service_id, m.id as meter_id, m.digits, m.ratio, m.verification_due, r.id as register_id, r.zone
           from meters m join meter_registers r on r.meter_id = m.id
          where m.account_id = any(?::bigint[])
            and (m.installed is null or m.installed <= ?) and (m.removed is null or m.removed >= ?)
            -- the batch's meters as a key list for the registers' index (else every register is scanned per batch)
            and r.meter_id = any(array(select id from meters where account_id = any(?::bigint[])))
          order by m.account_id, m.id, r.zone`,
        [acc, p.periodEnd, p.period, acc],
      ),
      // volumes billed in the months before: averages and "how many estimated periods in a row"
      this.billedVolumes(acc, p.historyFrom, p.period, 'all', db),
      rows<BenefitRow>(
        `select account_id, service_id, name, percent from benefits
          where account_id = any(?::bigint[]) and valid_from <= ? and (valid_to is null or valid_to >= ?)
          order by account_id, id`,
        [acc, p.periodEnd, p.period],
      ),
    ]);
    const regIds = ids(registers.map((r) => r.register_id));
    // readings billed by an import may lack billed_period: their month stands for it
    const billedIn = `coalesce(rd.billed_period, date_trunc('month', rd.date)::date)`;
    const currentStatus = p.recalculate
      ? `((rd.status = 'accepted' and rd.date <= ?) or (rd.status = 'billed' and ${billedIn} = ?))`
      : `rd.status = 'accepted' and rd.date <= ?`;
    const currentArgs = p.recalculate ? [p.cutoff, p.period] : [p.cutoff];
    const [previous, current, first] = await Promise.all([
      // previous: the last reading already billed (before this period when recalculating)
      rows<ReadingInputRow>(
        `select distinct on (rd.register_id) rd.register_id, rd.id, rd.date, rd.value, to_char(${billedIn}, 'YYYY-MM') as billed_period
           from readings rd
          where rd.register_id = any(?::bigint[]) and rd.status = 'billed' and rd.source <> 'estimated'
            ${p.recalculate ? `and ${billedIn} < ?` : ''}
          order by rd.register_id, rd.date desc, rd.id desc`,
        p.recalculate ? [regIds, p.period] : [regIds],
      ),
      rows<ReadingInputRow>(
        `select distinct on (rd.register_id) rd.register_id, rd.id, rd.date, rd.value,
                bool_or(rd.rollover) over (partition by rd.register_id) as rollover
           from readings rd
          where rd.register_id = any(?::bigint[]) and rd.source <> 'estimated' and ${currentStatus}
          order by rd.register_id, rd.date desc, rd.id desc`,
        [regIds, ...currentArgs],
      ),
      rows<ReadingInputRow>(
        `select distinct on (rd.register_id) rd.register_id, rd.id, rd.date, rd.value
           from readings rd
          where rd.register_id = any(?::bigint[]) and rd.source <> 'estimated' and ${currentStatus}
          order by rd.register_id, rd.date asc, rd.id asc`,
        [regIds, ...currentArgs],
      ),
    ]);
    // months billed without readings since a previous reading older than the history's window: the
    // reading's volume spans them, so what they charged is taken off (compute.ts); only those months'
    // estimated lines, and only for the accounts that have such a reading (rarely any)
    const historyMonth = p.historyFrom.slice(0, 7);
    const stale = new Map<number, string>();
    const accountOf = new Map(registers.map((r) => [r.register_id, r.account_id]));
    for (const r of previous) {
      const account = accountOf.get(r.register_id);
      if (account === undefined || r.billed_period === undefined || r.billed_period >= historyMonth) continue;
      const since = stale.get(account);
      if (since === undefined || r.billed_period < since) stale.set(account, r.billed_period);
    }
    if (stale.size > 0) {
      const since = [...stale.values()].reduce((a, b) => (a < b ? a : b));
      history.push(
        ...(await this.billedVolumes(
          ids([...stale.keys()]),
          `${addMonths(since, 1)}-01`,
          p.historyFrom,
          'estimated',
          db,
        )),
      );
    }
    let issued: IssuedBillRow[] = [];
    let issuedLines: IssuedLineRow[] = [];
    if (p.recalculate) {
      issued = (
        await db.raw(
          `select id, account_id, supplier_id, contract_id, number, type, corrects_bill_id, billing_run_id from bills
            where account_id = any(?::bigint[]) and period = ? and type in ('bill', 'invoice', 'correction')
            order by account_id, id`,
          [acc, p.period],
        )
      ).rows;
      issuedLines = (
        await db.raw(
          `select l.bill_id, l.service_id, l.supplier_id, l.zone, l.tier, l.method, l.unit, l.description, l.quantity, l.tariff,
                  l.charged_kop, l.vat_kop, l.benefit_kop
             from bill_lines l where l.bill_id = any(?::bigint[]) order by l.bill_id, l.position, l.id`,
          [ids(issued.map((b) => b.id))],
        )
      ).rows;
    }
    return {
      accounts,
      services,
      registers,
      previous,
      first,
      current,
      history,
      benefits,
      issued,
      issuedLines,
    };
  }

  /**
   * The volumes billed per account, service, zone, month and method for bills of periods in
   * [from, to) ('YYYY-MM-DD'), `estimated`: only the months billed by average or normative. The lines
   * are fetched by the bills' ids as a key list: a plain join hashes every bill line of the database
   * per batch (a sequential scan growing with each month billed).
   */
  private async billedVolumes(
    accountIds: string,
    from: string,
    to: string,
    which: 'all' | 'estimated',
    db: Db | Tx,
  ): Promise<HistoryRow[]> {
    const sql = `with b as materialized (
         select id, account_id, period from bills
          where account_id = any(?::bigint[]) and period >= ? and period < ? and type in ('bill', 'invoice'))
       select b.account_id, l.service_id, l.zone, to_char(b.period, 'YYYY-MM') as period, coalesce(l.method, 'meter') as method,
              sum(l.quantity)::text as quantity
         from b join bill_lines l on l.bill_id = b.id
        where l.bill_id = any(array(select id from b)) and l.service_id is not null and l.quantity is not null
          ${which === 'estimated' ? `and l.method in ('average', 'norm')` : ''}
        group by b.account_id, l.service_id, l.zone, b.period, coalesce(l.method, 'meter')`;
    return (await db.raw(sql, [accountIds, from, to])).rows as HistoryRow[];
  }

  /**
   * Writes bills (skipping numbers already issued), the lines of the bills actually inserted and
   * their billed readings, in one statement: each column goes over as one array parameter, and
   * the lines and readings join to the bills the insert returned. The caller holds the transaction.
   */
  async writeBills(
    runId: number,
    bills: readonly NewBill[],
    lines: readonly NewLine[],
    billed: readonly BilledRegister[],
    period: string,
    tx: Tx,
  ): Promise<Map<string, number>> {
    if (bills.length === 0) return new Map();
    const column = <T>(rows: readonly T[], pick: (r: T) => string | number | null) => pgArray(rows.map(pick));
    const registers = column(billed, (r) => r.register_id);
    const inserted: { id: number; number: string }[] = (
      await tx.raw(
        `with b as (
           insert into bills (account_id, supplier_id, contract_id, number, date, period, type, due_date, corrects_bill_id, billing_run_id)
           select x.*, ?::bigint
             from unnest(?::bigint[], ?::bigint[], ?::bigint[], ?::text[], ?::date[], ?::date[], ?::text[], ?::date[], ?::bigint[])
               as x(account_id, supplier_id, contract_id, number, date, period, type, due_date, corrects_bill_id)
           on conflict (supplier_id, number) do nothing
           returning id, number),
         l as (
           insert into bill_lines (bill_id, service_id, supplier_id, zone, tier, description, unit, method, quantity, tariff,
                                   charged_kop, vat_kop, vat_percent, benefit_kop, meter_id, reading_prev, reading_curr, position,
                                   penalty_kop)
           select b.id, x.service_id, x.supplier_id, x.zone, x.tier, x.description, x.unit, x.method, x.quantity, x.tariff,
                  x.charged_kop, x.vat_kop, x.vat_percent, x.benefit_kop, x.meter_id, x.reading_prev, x.reading_curr, x.position,
                  x.penalty_kop
             from unnest(?::text[], ?::bigint[], ?::bigint[], ?::text[], ?::smallint[], ?::text[], ?::text[], ?::text[],
                         ?::numeric[], ?::numeric[], ?::bigint[], ?::bigint[], ?::numeric[], ?::bigint[], ?::bigint[], ?::numeric[],
                         ?::numeric[], ?::smallint[], ?::bigint[])
               as x(bill_number, service_id, supplier_id, zone, tier, description, unit, method, quantity, tariff,
                    charged_kop, vat_kop, vat_percent, benefit_kop, meter_id, reading_prev, reading_curr, position,
                    penalty_kop)
             join b on b.number = x.bill_number),
         r as (
           update readings rd set status = 'billed', billed_period = ?, updated_at = now()
             from unnest(?::text[], ?::bigint[], ?::date[]) as x(bill_number, register_id, upto)
            where x.bill_number in (select number from b)
              and rd.register_id = x.register_id and rd.status = 'accepted' and rd.date <= x.upto and rd.source <> 'estimated'
              -- restates the join key as a filter the index can serve: without it the planner hashes
              -- every accepted reading of the database (a sequential scan per batch)
              and rd.register_id = any(?::bigint[]))
         select id, number from b`,
        [
          runId,
          column(bills, (b) => b.account_id),
          column(bills, (b) => b.supplier_id),
          column(bills, (b) => b.contract_id),
          column(bills, (b) => b.number),
          column(bills, (b) => b.date),
          column(bills, (b) => b.period),
          column(bills, (b) => b.type),
          column(bills, (b) => b.due_date),
          column(bills, (b) => b.corrects_bill_id),
          column(lines, (l) => l.bill_number),
          column(lines, (l) => l.service_id),
          column(lines, (l) => l.supplier_id),
          column(lines, (l) => l.zone),
          column(lines, (l) => l.tier),
          column(lines, (l) => l.description),
          column(lines, (l) => l.unit),
          column(lines, (l) => l.method),
          column(lines, (l) => l.quantity),
          column(lines, (l) => l.tariff),
          column(lines, (l) => l.charged_kop),
          column(lines, (l) => l.vat_kop),
          column(lines, (l) => l.vat_percent),
          column(lines, (l) => l.benefit_kop),
          column(lines, (l) => l.meter_id),
          column(lines, (l) => l.reading_prev),
          column(lines, (l) => l.reading_curr),
          column(lines, (l) => l.position),
          column(lines, (l) => l.penalty_kop ?? 0),
          period,
          column(billed, (r) => r.bill_number),
          registers,
          column(billed, (r) => r.upto),
          registers,
        ],
      )
    ).rows;
    return new Map(inserted.map((r) => [r.number, r.id]));
  }

  async startRun(
    period: string,
    supplierId: number | null,
    startedBy: number | null,
    db: Db | Tx = this.db,
  ): Promise<number> {
    // a run of the same scope still marked running was killed: say so instead of leaving it running forever
    const stale = db('billing_runs').where({ period, status: 'running' });
    if (supplierId === null) stale.whereNull('supplier_id');
    else stale.where({ supplier_id: supplierId });
    await stale.update({
      status: 'failed',
      finished_at: db.fn.now(),
      stats: db.raw(`stats || '{"interrupted": true}'::jsonb`),
    });
    const [row] = await db('billing_runs')
      .insert({ period, supplier_id: supplierId, started_by: startedBy, status: 'running' })
      .returning('id');
    return (row as { id: number }).id;
  }

  async finishRun(
    id: number,
    status: 'done' | 'failed',
    stats: Record<string, unknown>,
    db: Db | Tx = this.db,
  ): Promise<void> {
    await db('billing_runs')
      .where({ id })
      .update({ status, finished_at: db.fn.now(), stats: JSON.stringify(stats) });
  }

  recentRuns(limit = 30, db: Db | Tx = this.db): Promise<BillingRunRow[]> {
    return db('billing_runs as r')
      .leftJoin('suppliers as s', 's.id', 'r.supplier_id')
      .leftJoin('users as u', 'u.id', 'r.started_by')
      .orderBy('r.id', 'desc')
      .limit(limit)
      .select(
        'r.id',
        'r.period',
        'r.supplier_id',
        's.code as supplier_code',
        'r.status',
        'r.started_at',
        'r.finished_at',
        'r.started_by',
        'u.login as started_by_login',
        'r.stats',
      );
  }
}
