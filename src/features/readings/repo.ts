// SQL for meter readings: the account's meters and registers, their stored readings, tariffs and reminder targets.
import type { Knex } from 'knex';
import type { Db, Tx } from '../../db/knex.js';
import { inOneRoundTrip } from '../../db/batch.js';
import type { StoredReading } from '../../domain/readings.js';
import type { Zone } from '../../domain/volumes.js';
import type { VatRate } from '../../domain/billing.js';
import { loadVatRates } from '../../db/referenceData.js';

export interface MeterRow {
  id: number;
  account_id: number;
  service_id: number;
  serial: string;
  model: string;
  installed: string | null;
  verification_due: string | null;
  removed: string | null;
  digits: number;
  decimals: number;
  ratio: string;
  point: string | null;
  service_name: string;
  service_unit: string;
  tariff_plan_id: number | null;
  supplier_id: number;
  supplier_name: string;
  reading_window_from: number;
  reading_window_to: number;
}

/** A meter's billed volume of one zone, month ('YYYY-MM' once read) and method (submissionRows). */
export interface BilledMonth {
  meter_id: number;
  zone: Zone;
  period: string;
  volume: string;
  method: string;
}

/** The meters in the page's order: by service name, then serial, then id. */
function pageOrder(rows: MeterRow[]): MeterRow[] {
  const key = (m: MeterRow) => [m.service_name, m.serial];
  return rows.sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    return x[0]! < y[0]! ? -1 : x[0]! > y[0]! ? 1 : x[1]! < y[1]! ? -1 : x[1]! > y[1]! ? 1 : a.id - b.id;
  });
}

export interface RegisterRow {
  id: number;
  meter_id: number;
  zone: Zone;
  label: string | null;
}

export interface ReadingRow {
  id: number;
  register_id: number;
  date: string;
  value: string;
  source: StoredReading['source'];
  status: StoredReading['status'];
  rollover: boolean;
  billed_period: string | null;
  submitted_by: number | null;
  created_at: Date;
  updated_at: Date;
}

export interface RateRow {
  zone: Zone;
  tier: number;
  tier_limit: string | null;
  price: string;
  valid_from: string;
}

export interface NewReading {
  register_id: number;
  date: string;
  value: string;
  rollover: boolean;
  submitted_by: number;
}

export interface ReminderTarget {
  user_id: number;
  email: string;
  first_name: string | null;
  middle_name: string | null;
  account_id: number;
  account_number: string;
  address: string;
  supplier_id: number;
  supplier_name: string;
  time_zone: string;
  reading_window_from: number;
  reading_window_to: number;
}

/**
 * A reading as the domain sees it: a reading with a billed period is billed even if its status
 * was not updated (the billing run owns that column), so it can no longer be replaced.
 */
export function toStored(r: ReadingRow): StoredReading & { id: number } {
  return {
    id: r.id,
    date: r.date,
    value: r.value,
    source: r.source,
    status: r.billed_period !== null && r.status !== 'rejected' ? 'billed' : r.status,
  };
}

export class ReadingsRepo {
  constructor(private readonly db: Db) {}

  private meterQuery(db: Db | Tx) {
    return db('meters as m')
      .join('services as sv', 'sv.id', 'm.service_id')
      .join('suppliers as s', 's.id', 'sv.supplier_id')
      .select(
        'm.id',
        'm.account_id',
        'm.service_id',
        'm.serial',
        'm.model',
        'm.installed',
        'm.verification_due',
        'm.removed',
        'm.digits',
        'm.decimals',
        'm.ratio',
        'm.point',
        'sv.name as service_name',
        'sv.unit as service_unit',
        'sv.tariff_plan_id',
        's.id as supplier_id',
        's.name as supplier_name',
        's.reading_window_from',
        's.reading_window_to',
      );
  }

  /** Every meter of the account, removed ones included (the caller decides what to show). */
  metersOfAccount(accountId: number, db: Db | Tx = this.db): Promise<MeterRow[]> {
    return this.meterQuery(db).where('m.account_id', accountId).orderBy(['sv.name', 'm.serial', 'm.id']);
  }

  meterOfAccount(accountId: number, meterId: number, db: Db | Tx = this.db): Promise<MeterRow | undefined> {
    return this.meterQuery(db).where({ 'm.account_id': accountId, 'm.id': meterId }).first();
  }

  registersOf(meterIds: readonly number[], db: Db | Tx = this.db): Promise<RegisterRow[]> {
    if (meterIds.length === 0) return Promise.resolve([]);
    // T first, then T1, T2, T3: the order the display and the bill show them
    return db<RegisterRow>('meter_registers')
      .whereIn('meter_id', meterIds)
      .orderBy(['meter_id', 'zone'])
      .select('id', 'meter_id', 'zone', 'label');
  }

  /**
   * Every meter of the account, locked for the rest of the transaction (select ... for update,
   * in id order): two tabs or a double click wait for each other here, so the second one sees
   * the first one's reading (submissionRows puts them in the page's order).
   */
  private lockMetersQuery(accountId: number, tx: Tx): Promise<MeterRow[]> {
    return this.meterQuery(tx).where('m.account_id', accountId).orderBy('m.id').forUpdate('m');
  }

  /**
   * What a submission reads, in one round trip: the account's meters locked first (lockMetersQuery),
   * then, under that lock, their registers, the stored readings of `registerIds` that are the
   * account's, and the billed months of its meters (billedMonthsQuery).
   */
  async submissionRows(accountId: number, registerIds: readonly number[], tx: Tx) {
    const ofAccount = (q: Knex.QueryBuilder) =>
      q.whereIn('meter_id', tx('meters').where('account_id', accountId).select('id'));
    const [meters, registers, readings, billed] = await inOneRoundTrip(tx, [
      this.lockMetersQuery(accountId, tx),
      ofAccount(tx('meter_registers'))
        .orderBy(['meter_id', 'zone'])
        .select('id', 'meter_id', 'zone', 'label') as Promise<RegisterRow[]>,
      this.readingsQuery(tx)
        .whereIn('register_id', registerIds)
        .whereIn('register_id', ofAccount(tx('meter_registers')).select('id')),
      this.billedMonthsQuery(tx).whereIn(
        'l.meter_id',
        tx('meters').where('account_id', accountId).select('id'),
      ),
    ]);
    return {
      meters: pageOrder(meters),
      registers,
      readings,
      billed: billed.map((r) => ({ ...r, period: r.period.slice(0, 7) })),
    };
  }

  readingsOf(registerIds: readonly number[], db: Db | Tx = this.db): Promise<ReadingRow[]> {
    if (registerIds.length === 0) return Promise.resolve([]);
    return this.readingsQuery(db).whereIn('register_id', registerIds);
  }

  /** Readings, newest first (readingsOf's order). */
  private readingsQuery(db: Db | Tx) {
    return db<ReadingRow>('readings')
      .orderBy([
        { column: 'date', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .select('*');
  }

  /** The latest usable reading of each register (not rejected, not estimated): what the page shows as "last". */
  async lastReadings(
    registerIds: readonly number[],
    db: Db | Tx = this.db,
  ): Promise<Map<number, ReadingRow>> {
    const out = new Map<number, ReadingRow>();
    if (registerIds.length === 0) return out;
    const rows: ReadingRow[] = await db('readings')
      .distinctOn('register_id')
      .whereIn('register_id', registerIds)
      .whereNot('status', 'rejected')
      .whereNot('source', 'estimated')
      .orderBy([
        { column: 'register_id' },
        { column: 'date', order: 'desc' },
        { column: 'updated_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .select('*');
    for (const r of rows) out.set(r.register_id, r);
    return out;
  }

  readingsBetween(
    registerIds: readonly number[],
    from: string,
    to: string,
    db: Db | Tx = this.db,
  ): Promise<ReadingRow[]> {
    if (registerIds.length === 0) return Promise.resolve([]);
    return db<ReadingRow>('readings')
      .whereIn('register_id', registerIds)
      .whereBetween('date', [from, to])
      .orderBy([{ column: 'date', order: 'desc' }, { column: 'source' }, { column: 'register_id' }]);
  }

  readingsByIds(ids: readonly number[], db: Db | Tx = this.db): Promise<ReadingRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return db<ReadingRow>('readings').whereIn('id', ids);
  }

  async insertReading(r: NewReading, tx: Tx): Promise<number> {
    const [row] = await tx('readings')
      .insert({ ...r, source: 'customer', status: 'accepted' })
      .returning('id');
    return (row as { id: number }).id;
  }

  async replaceReading(
    id: number,
    r: { value: string; rollover: boolean; submitted_by: number },
    tx: Tx,
  ): Promise<void> {
    // the guard repeats the domain's rule in SQL: a billed reading is never rewritten
    const n = await tx('readings')
      .where({ id, source: 'customer' })
      .whereNot('status', 'billed')
      .whereNull('billed_period')
      .update({ ...r, updated_at: tx.fn.now() });
    if (n !== 1) throw new Error(`reading ${id} could not be replaced`);
  }

  /**
   * Billed volumes by meter, zone and period, for the plausibility bound: the method and the
   * summed quantity of the regular bills' lines (corrections left out), 'YYYY-MM-01' periods.
   */
  private billedMonthsQuery(db: Db | Tx): Knex.QueryBuilder<object, BilledMonth[]> {
    return db('bill_lines as l')
      .join('bills as b', 'b.id', 'l.bill_id')
      .whereIn('b.type', ['bill', 'invoice'])
      .whereNotNull('l.quantity')
      .whereNotNull('l.zone')
      .groupBy('l.meter_id', 'l.zone', 'b.period', 'l.method')
      .select('l.meter_id', 'l.zone', 'b.period', 'l.method', db.raw('sum(l.quantity)::text as volume'));
  }

  /** The rates of the plan in force on `date`: per zone, every tier of the latest valid_from on or before it. */
  async ratesOn(tariffPlanId: number, date: string, db: Db | Tx = this.db): Promise<RateRow[]> {
    return db('tariff_rates as r')
      .where('r.tariff_plan_id', tariffPlanId)
      .where(
        'r.valid_from',
        db('tariff_rates as r2')
          .max('r2.valid_from')
          .where('r2.tariff_plan_id', tariffPlanId)
          .whereRaw('r2.zone = r.zone')
          .where('r2.valid_from', '<=', date),
      )
      .orderBy(['r.zone', 'r.tier'])
      .select('r.zone', 'r.tier', 'r.tier_limit', 'r.price', 'r.valid_from');
  }

  /** Whether the supplier charges VAT (suppliers.charges_vat; false on a special tax regime). */
  async chargesVat(supplierId: number, db: Db | Tx = this.db): Promise<boolean> {
    const row = await db('suppliers').where({ id: supplierId }).first('charges_vat');
    return (row as { charges_vat: boolean } | undefined)?.charges_vat ?? false;
  }

  /** VAT rates by law with the dates they apply from. */
  vatRates(db: Db | Tx = this.db): Promise<VatRate[]> {
    return loadVatRates(db);
  }

  /** Subscribers to the reading reminder with an e-mail, per linked account (a subscription without an account covers all). */
  reminderTargets(db: Db | Tx = this.db): Promise<ReminderTarget[]> {
    return (
      db('subscriptions as sub')
        .join('users as u', 'u.id', 'sub.user_id')
        .join('user_accounts as ua', function () {
          this.on('ua.user_id', 'u.id').andOn(function () {
            this.on('ua.account_id', 'sub.account_id').orOnNull('sub.account_id');
          });
        })
        .join('accounts as a', 'a.id', 'ua.account_id')
        .join('suppliers as s', 's.id', 'a.supplier_id')
        .where('sub.kind', 'reading_reminder')
        .where('u.status', 'active')
        .whereNotNull('u.email')
        // only accounts that have a meter in service to read
        .whereExists(db('meters as m').whereRaw('m.account_id = a.id').whereNull('m.removed'))
        .distinct()
        .select(
          'u.id as user_id',
          'u.email',
          'u.first_name',
          'u.middle_name',
          'a.id as account_id',
          'a.number as account_number',
          'a.address',
          's.id as supplier_id',
          's.name as supplier_name',
          's.time_zone',
          's.reading_window_from',
          's.reading_window_to',
        )
        .orderBy(['u.id', 'a.id'])
    );
  }

  /** Whether the customer already sent a reading dated in [from, to] for any meter of the account. */
  async hasCustomerReading(
    accountId: number,
    from: string,
    to: string,
    db: Db | Tx = this.db,
  ): Promise<boolean> {
    const row = await db('readings as r')
      .join('meter_registers as mr', 'mr.id', 'r.register_id')
      .join('meters as m', 'm.id', 'mr.meter_id')
      .where({ 'm.account_id': accountId, 'r.source': 'customer' })
      .whereNot('r.status', 'rejected')
      .whereBetween('r.date', [from, to])
      .first(db.raw('1 as found'));
    return Boolean(row);
  }

  /** Queues a mail once: the dedupe key makes a second call for the same key a no-op. Returns whether it was queued. */
  async queueMail(
    m: {
      recipient: string;
      subject: string;
      body: string;
      kind: string;
      dedupeKey: string;
      headers?: Record<string, string>;
    },
    db: Db | Tx = this.db,
  ): Promise<boolean> {
    const rows = await db('outbox')
      .insert({
        channel: 'email',
        recipient: m.recipient,
        subject: m.subject,
        body: m.body,
        kind: m.kind,
        dedupe_key: m.dedupeKey,
        headers: m.headers ? JSON.stringify(m.headers) : null,
      })
      .onConflict('dedupe_key')
      .ignore()
      .returning('id');
    return rows.length > 0;
  }
}
