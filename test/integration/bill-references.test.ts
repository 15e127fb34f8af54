// The references of bills and bill lines are PostgreSQL's own foreign keys (0001, restored by 0013 after
// 0010's statement triggers): a bill or line naming no row is refused, and deletes cascade or are refused as declared.
import { describe, it, expect, beforeAll } from 'vitest';
import { createTestDatabase } from '../support/db.js';
import { givenAccount, givenBill, type GivenAccount } from '../support/builders.js';

const { db } = await createTestDatabase();

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

const line = (over: Record<string, unknown> = {}) => ({
  bill_id: bill.id,
  service_id: account.serviceId,
  supplier_id: account.supplierId,
  charged_kop: 1,
  ...over,
});
const billRow = (over: Record<string, unknown> = {}) => ({
  account_id: account.id,
  supplier_id: account.supplierId,
  contract_id: account.contractId,
  number: `X-${Math.random()}`,
  date: '2026-10-31',
  period: '2026-10-01',
  type: 'bill',
  ...over,
});

describe('a bill line must name existing rows', () => {
  it.each([
    ['bill_id', 'bill_lines_bill_id_fkey'],
    ['service_id', 'bill_lines_service_id_fkey'],
    ['supplier_id', 'bill_lines_supplier_id_fkey'],
    ['meter_id', 'bill_lines_meter_id_fkey'],
  ])(
    '%s of no row is refused as a foreign key violation (%s), and no line of the statement is stored',
    async (column, constraint) => {
      const before = await db('bill_lines').count<{ count: string }[]>('* as count').first();
      const err = await failure(() =>
        db('bill_lines').insert([line(), line({ [column]: 987654321 }), line()]),
      );
      expect(err).toEqual({ code: '23503', constraint });
      const after = await db('bill_lines').count<{ count: string }[]>('* as count').first();
      expect(after!.count).toBe(before!.count);
    },
  );

  it('takes null service and meter (a line of no service, of no meter)', async () => {
    await db('bill_lines').insert(line({ service_id: null, meter_id: null }));
    await db('bill_lines').insert(line({ meter_id: account.meters[0]!.id }));
  });

  it('refuses an update that points a line at no row', async () => {
    const [l] = await db('bill_lines').insert(line()).returning('id');
    expect(await failure(() => db('bill_lines').where({ id: l.id }).update({ meter_id: 987654321 }))).toEqual(
      { code: '23503', constraint: 'bill_lines_meter_id_fkey' },
    );
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
    expect(await failure(() => db('bills').insert(billRow({ number, [column]: 987654321 })))).toEqual({
      code: '23503',
      constraint,
    });
    expect(await db('bills').where({ number }).first()).toBeUndefined();
  });

  it('takes a bill of no contract and no run, and refuses an update to an unknown account', async () => {
    const [b] = await db('bills')
      .insert(billRow({ contract_id: null, billing_run_id: null }))
      .returning('id');
    expect(await failure(() => db('bills').where({ id: b.id }).update({ account_id: 987654321 }))).toEqual({
      code: '23503',
      constraint: 'bills_account_id_fkey',
    });
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
    const b = await givenBill(db, metered, {
      date: '2026-10-31',
      period: '2026-10',
      lines: [{ charged: 1 }],
    });
    const meterId = metered.meters[0]!.id;
    await db('bill_lines').where({ bill_id: b.id }).update({ meter_id: meterId });
    expect(await failure(() => db('meters').where({ id: meterId }).delete())).toEqual({
      code: '23503',
      constraint: 'bill_lines_meter_id_fkey',
    });
    await db('meters').where({ id: meterId }).update({ serial: 'SN-renamed' }); // an ordinary update of the parent is untouched
    expect(await db('meters').where({ id: meterId }).first()).toMatchObject({ serial: 'SN-renamed' });

    const plain = await givenAccount(db);
    await givenBill(db, plain, { date: '2026-10-31', period: '2026-10', lines: [{ charged: 1 }] });
    expect(await failure(() => db('services').where({ id: plain.serviceId }).delete())).toEqual({
      code: '23503',
      constraint: 'bill_lines_service_id_fkey',
    });

    // a contract's services go with it (a built-in cascade); its bills stay and hold it
    const other = await givenAccount(db);
    await givenBill(db, other, {
      date: '2026-10-31',
      period: '2026-10',
      lines: [{ charged: 1, serviceId: null }],
    });
    expect(await failure(() => db('contracts').where({ id: other.contractId }).delete())).toEqual({
      code: '23503',
      constraint: 'bills_contract_id_fkey',
    });
    expect(await db('services').where({ id: other.serviceId }).first()).toBeDefined();
  });

  it('deleting a bill deletes its lines; deleting an account deletes its bills and their lines', async () => {
    const a = await givenAccount(db);
    const b1 = await givenBill(db, a, {
      date: '2026-09-30',
      period: '2026-09',
      lines: [
        { charged: 1, serviceId: null },
        { charged: 2, serviceId: null },
      ],
    });
    const b2 = await givenBill(db, a, {
      date: '2026-10-31',
      period: '2026-10',
      lines: [{ charged: 3, serviceId: null }],
    });
    await db('bills').where({ id: b1.id }).delete();
    expect(await db('bill_lines').where({ bill_id: b1.id })).toHaveLength(0);
    expect(await db('bill_lines').where({ bill_id: b2.id })).toHaveLength(1);
    await db('bills').where({ id: b2.id }).update({ contract_id: null });
    await db('accounts').where({ id: a.id }).delete();
    expect(await db('bills').where({ account_id: a.id })).toHaveLength(0);
    expect(await db('bill_lines').where({ bill_id: b2.id })).toHaveLength(0);
  });

  it('deleting an account cascades to its bills and lines under REPEATABLE READ too', async () => {
    const a = await givenAccount(db);
    const b = await givenBill(db, a, {
      date: '2026-10-31',
      period: '2026-10',
      lines: [{ charged: 1, serviceId: null }],
    });
    await db('bills').where({ id: b.id }).update({ contract_id: null });
    await db.transaction((tx) => tx('accounts').where({ id: a.id }).delete(), {
      isolationLevel: 'repeatable read',
    });
    expect(await db('bills').where({ id: b.id }).first()).toBeUndefined();
    expect(await db('bill_lines').where({ bill_id: b.id })).toHaveLength(0);
  });

  it('a billing run that names a bill is kept while the bill is', async () => {
    const [run] = await db('billing_runs').insert({ period: '2026-10-01', status: 'done' }).returning('id');
    await db('bills').insert(billRow({ billing_run_id: run.id }));
    expect(await failure(() => db('billing_runs').where({ id: run.id }).delete())).toEqual({
      code: '23503',
      constraint: 'bills_billing_run_id_fkey',
    });
    expect(await db('billing_runs').where({ id: run.id }).first()).toBeDefined();
  });
});

describe('the catalogue', () => {
  it('declares every reference of bills and bill lines as a foreign key with its delete rule, and no trigger checks them', async () => {
    const { rows } = await db.raw(
      `select conname, confdeltype from pg_constraint where contype = 'f' and conrelid in ('bills'::regclass, 'bill_lines'::regclass) order by conname`,
    );
    expect(
      Object.fromEntries(
        rows.map((r: { conname: string; confdeltype: string }) => [r.conname, r.confdeltype]),
      ),
    ).toEqual({
      bill_lines_bill_id_fkey: 'c',
      bill_lines_meter_id_fkey: 'a',
      bill_lines_service_id_fkey: 'a',
      bill_lines_supplier_id_fkey: 'a',
      bills_account_id_fkey: 'c',
      bills_billing_run_id_fkey: 'a',
      bills_contract_id_fkey: 'a',
      bills_corrects_bill_id_fkey: 'a',
      bills_supplier_id_fkey: 'a',
    });
    const { rows: triggers } = await db.raw(
      `select tgname from pg_trigger where not tgisinternal and tgname like any (array['%bills%', '%lines%'])`,
    );
    expect(triggers).toEqual([]);
  });
});
