// The references of bills and bill lines, checked per statement by triggers (migration 0010) instead of
// row-level foreign keys: every guarantee of a foreign key holds, concurrent deletes included.
import pg from 'pg';
import { describe, it, expect, beforeAll } from 'vitest';
import { createTestDatabase } from '../support/db.js';
import { givenAccount, givenBill, type GivenAccount } from '../support/builders.js';

const { db, url } = await createTestDatabase();

let account: GivenAccount;
let bill: { id: number; number: string };

beforeAll(async () => {
  account = await givenAccount(db, { meters: 1 });
  bill = await givenBill(db, account, { date: '2026-10-31', period: '2026-10', lines: [{ charged: 1000 }] });
});

/** The SQLSTATE and constraint of what `fn` throws. */
async function failure(fn: () => Promise<unknown>): Promise<{ code?: string; constraint?: string }> {
  try {
    await fn();
  } catch (e) {
    const err = e as { code?: string; constraint?: string };
    return { code: err.code, constraint: err.constraint };
  }
  throw new Error('expected a failure');
}

const line = (over: Record<string, unknown> = {}) => ({ bill_id: bill.id, service_id: account.serviceId, supplier_id: account.supplierId, charged_kop: 1, ...over });
const billRow = (over: Record<string, unknown> = {}) => ({
  account_id: account.id, supplier_id: account.supplierId, contract_id: account.contractId, number: `X-${Math.random()}`, date: '2026-10-31', period: '2026-10-01', type: 'bill', ...over,
});

describe('a bill line must name existing rows', () => {
  it.each([
    ['bill_id', 'bill_lines_bill_id_fkey'],
    ['service_id', 'bill_lines_service_id_fkey'],
    ['supplier_id', 'bill_lines_supplier_id_fkey'],
    ['meter_id', 'bill_lines_meter_id_fkey'],
  ])('%s of no row is refused as a foreign key violation (%s), and no line of the statement is stored', async (column, constraint) => {
    const before = await db('bill_lines').count<{ count: string }[]>('* as count').first();
    const err = await failure(() => db('bill_lines').insert([line(), line({ [column]: 987654321 }), line()]));
    expect(err).toEqual({ code: '23503', constraint });
    const after = await db('bill_lines').count<{ count: string }[]>('* as count').first();
    expect(after!.count).toBe(before!.count);
  });

  it('takes null service and meter (a line of no service, of no meter)', async () => {
    await db('bill_lines').insert(line({ service_id: null, meter_id: null }));
    await db('bill_lines').insert(line({ meter_id: account.meters[0]!.id }));
  });

  it('refuses an update that points a line at no row', async () => {
    const [l] = await db('bill_lines').insert(line()).returning('id');
    expect(await failure(() => db('bill_lines').where({ id: l.id }).update({ meter_id: 987654321 }))).toEqual({ code: '23503', constraint: 'bill_lines_meter_id_fkey' });
    expect((await db('bill_lines').where({ id: l.id }).first()).meter_id).toBeNull();
  });
});

describe('a bill must name existing rows', () => {
  it.each([
    ['account_id', 'bills_account_id_fkey'],
    ['supplier_id', 'bills_supplier_id_fkey'],
    ['contract_id', 'bills_contract_id_fkey'],
    ['billing_run_id', 'bills_billing_run_id_fkey'],
  ])('%s of no row is refused (%s)', async (column, constraint) => {
    const number = `bad-${column}`;
    expect(await failure(() => db('bills').insert(billRow({ number, [column]: 987654321 })))).toEqual({ code: '23503', constraint });
    expect(await db('bills').where({ number }).first()).toBeUndefined();
  });

  it('takes a bill of no contract and no run, and refuses an update to an unknown account', async () => {
    const [b] = await db('bills').insert(billRow({ contract_id: null, billing_run_id: null })).returning('id');
    expect(await failure(() => db('bills').where({ id: b.id }).update({ account_id: 987654321 }))).toEqual({ code: '23503', constraint: 'bills_account_id_fkey' });
  });

  it('a bill and its lines inserted by one statement see each other (as the billing run writes them)', async () => {
    const { rows } = await db.raw(
      `with b as (insert into bills (account_id, supplier_id, number, date, period, type) values (?, ?, 'CTE-1', '2026-10-31', '2026-10-01', 'bill') returning id)
       insert into bill_lines (bill_id, supplier_id, charged_kop) select id, ?, 5 from b returning bill_id`,
      [account.id, account.supplierId, account.supplierId],
    );
    expect(rows).toHaveLength(1);
  });
});

describe('a referenced row cannot go away', () => {
  it('refuses to delete a meter, a service or a contract that lines or bills name', async () => {
    const metered = await givenAccount(db, { meters: 1 });
    const b = await givenBill(db, metered, { date: '2026-10-31', period: '2026-10', lines: [{ charged: 1 }] });
    const meterId = metered.meters[0]!.id;
    await db('bill_lines').where({ bill_id: b.id }).update({ meter_id: meterId });
    expect(await failure(() => db('meters').where({ id: meterId }).delete())).toEqual({ code: '23503', constraint: 'bill_lines_meter_id_fkey' });
    await db('meters').where({ id: meterId }).update({ serial: 'SN-renamed' }); // an ordinary update of the parent is untouched
    expect(await db('meters').where({ id: meterId }).first()).toMatchObject({ serial: 'SN-renamed' });

    const plain = await givenAccount(db);
    await givenBill(db, plain, { date: '2026-10-31', period: '2026-10', lines: [{ charged: 1 }] });
    expect(await failure(() => db('services').where({ id: plain.serviceId }).delete())).toEqual({ code: '23503', constraint: 'bill_lines_service_id_fkey' });

    // a contract's services go with it (a built-in cascade); its bills stay and hold it
    const other = await givenAccount(db);
    await givenBill(db, other, { date: '2026-10-31', period: '2026-10', lines: [{ charged: 1, serviceId: null }] });
    expect(await failure(() => db('contracts').where({ id: other.contractId }).delete())).toEqual({ code: '23503', constraint: 'bills_contract_id_fkey' });
    expect(await db('services').where({ id: other.serviceId }).first()).toBeDefined();
  });

  it('deleting a bill deletes its lines; deleting an account deletes its bills and their lines', async () => {
    const a = await givenAccount(db);
    const b1 = await givenBill(db, a, { date: '2026-09-30', period: '2026-09', lines: [{ charged: 1, serviceId: null }, { charged: 2, serviceId: null }] });
    const b2 = await givenBill(db, a, { date: '2026-10-31', period: '2026-10', lines: [{ charged: 3, serviceId: null }] });
    await db('bills').where({ id: b1.id }).delete();
    expect(await db('bill_lines').where({ bill_id: b1.id })).toHaveLength(0);
    expect(await db('bill_lines').where({ bill_id: b2.id })).toHaveLength(1);
    await db('bills').where({ id: b2.id }).update({ contract_id: null });
    await db('accounts').where({ id: a.id }).delete();
    expect(await db('bills').where({ account_id: a.id })).toHaveLength(0);
    expect(await db('bill_lines').where({ bill_id: b2.id })).toHaveLength(0);
  });

  it('refuses to change a referenced id and to truncate a referenced table alone', async () => {
    // billing_runs is referenced by bills alone: only the triggers guard it
    const [run] = await db('billing_runs').insert({ period: '2026-10-01', status: 'done' }).returning('id');
    await db('bills').insert(billRow({ billing_run_id: run.id }));
    expect(await failure(() => db.raw('update billing_runs set id = default where id = ?', [run.id]))).toEqual({ code: '23503', constraint: 'bills_billing_run_id_fkey' });
    expect(await failure(() => db.raw('truncate billing_runs'))).toEqual({ code: '23503', constraint: 'bills_billing_run_id_fkey' });
    expect(await failure(() => db('billing_runs').where({ id: run.id }).delete())).toEqual({ code: '23503', constraint: 'bills_billing_run_id_fkey' });
    expect(await db('billing_runs').where({ id: run.id }).first()).toBeDefined();
  });

  it('refuses such a delete outside READ COMMITTED, where a per-statement check could miss a concurrent insert', async () => {
    const a = await givenAccount(db);
    const b = await givenBill(db, a, { date: '2026-10-31', period: '2026-10', lines: [{ charged: 1 }] });
    const err = await failure(() => db.transaction((tx) => tx('bills').where({ id: b.id }).delete(), { isolationLevel: 'repeatable read' }));
    expect(err.code).toBe('0A000');
    expect(await db('bills').where({ id: b.id }).first()).toBeDefined();
  });
});

describe('concurrent transactions', () => {
  async function client() {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    const pid: number = (await c.query('select pg_backend_pid() as pid')).rows[0].pid;
    return { c, pid };
  }

  /** Resolves once the backend waits for a lock (or fails the test after 10 s). */
  async function waitsForLock(pid: number) {
    for (let i = 0; i < 200; i++) {
      const { rows } = await db.raw(`select wait_event_type from pg_stat_activity where pid = ?`, [pid]);
      if (rows[0]?.wait_event_type === 'Lock') return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`backend ${pid} never waited for a lock`);
  }

  /** A billed account's meter, and two connections: one to insert a line naming the meter, one to delete it. */
  async function race() {
    const a = await givenAccount(db, { meters: 1 });
    const b = await givenBill(db, a, { date: '2026-10-31', period: '2026-10', lines: [{ charged: 1 }] });
    const meterId = a.meters[0]!.id;
    const insertLine = (c: pg.Client) =>
      c.query('insert into bill_lines (bill_id, supplier_id, meter_id, charged_kop) values ($1, $2, $3, 1)', [b.id, a.supplierId, meterId]);
    return { meterId, insertLine, inserter: await client(), deleter: await client() };
  }

  /** What a query's failure says (or 'none'), without rejecting. */
  const outcome = (q: Promise<unknown>) =>
    q.then(
      () => ({ code: 'none' }),
      (e: { code: string; constraint: string }) => ({ code: e.code, constraint: e.constraint }),
    );

  it('a delete of the parent waits for the transaction inserting a line that names it, then fails', async () => {
    const { meterId, insertLine, inserter, deleter } = await race();
    try {
      await inserter.c.query('begin');
      await insertLine(inserter.c);
      const deleting = outcome(deleter.c.query('delete from meters where id = $1', [meterId]));
      await waitsForLock(deleter.pid);
      await inserter.c.query('commit');
      expect(await deleting).toEqual({ code: '23503', constraint: 'bill_lines_meter_id_fkey' });
      expect(await db('meters').where({ id: meterId }).first()).toBeDefined();
    } finally {
      await inserter.c.end();
      await deleter.c.end();
    }
  });

  it('an insert naming a row being deleted waits for the delete, then fails', async () => {
    const { meterId, insertLine, inserter, deleter } = await race();
    try {
      await deleter.c.query('begin');
      await deleter.c.query('delete from meters where id = $1', [meterId]);
      const inserting = outcome(insertLine(inserter.c));
      await waitsForLock(inserter.pid);
      await deleter.c.query('commit');
      expect(await inserting).toEqual({ code: '23503', constraint: 'bill_lines_meter_id_fkey' });
      expect(await db('bill_lines').where({ meter_id: meterId })).toHaveLength(0);
    } finally {
      await inserter.c.end();
      await deleter.c.end();
    }
  });
});
