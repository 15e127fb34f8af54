// Debt through the service with data in the database: DOMAIN.md's penalty example, business penalties
// from the stored key rates, the settlement state, balances per contract and the persisted разноска.
import { describe, it, expect } from 'vitest';
import { createTestApp } from '../support/app.js';
import { givenAccount, type GivenAccount } from '../support/builders.js';

const t = await createTestApp({ today: '2026-11-23' });
const db = t.db;

async function bill(
  a: GivenAccount,
  o: {
    number: string;
    date: string;
    period: string;
    kop: number;
    due?: string;
    type?: string;
    contractId?: number;
    corrects?: number;
  },
) {
  const [b] = await db('bills')
    .insert({
      account_id: a.id,
      supplier_id: a.supplierId,
      contract_id: o.contractId ?? a.contractId,
      number: o.number,
      date: o.date,
      period: o.period,
      type: o.type ?? 'bill',
      due_date: o.due ?? null,
      corrects_bill_id: o.corrects ?? null,
    })
    .returning('id');
  await db('bill_lines').insert({
    bill_id: b.id,
    service_id: a.serviceId,
    supplier_id: a.supplierId,
    zone: 'T',
    charged_kop: o.kop,
  });
  return b.id as number;
}

async function payment(
  a: GivenAccount,
  ref: string,
  date: string,
  kop: number,
  allocations: { contract_id?: number; bill_id?: number; amount_kop: number }[] = [],
) {
  const [p] = await db('payments').insert({ account_id: a.id, ref, date, amount_kop: kop }).returning('id');
  for (const al of allocations) await db('payment_allocations').insert({ payment_id: p.id, ...al });
  return p.id as number;
}

describe('penalties', () => {
  it("DOMAIN.md's example: 5 000.00 for March 2026, due 15.04.2026, paid 20.08.2026 at 9.5 % gives 230.19", async () => {
    const a = await givenAccount(db);
    await bill(a, {
      number: `${a.number}-202603`,
      date: '2026-04-01',
      period: '2026-03-01',
      kop: 500000,
      due: '2026-04-15',
    });
    await payment(a, `pay-${a.number}`, '2026-08-20', 500000);
    const report = await t.services.debt.penalties(a.id, '2026-11-23');
    expect(report.totalKop).toBe(23019);
    expect(report.bills[0]!.segments.map((s) => [s.from, s.to, s.days, s.divisor, s.ratePercent])).toEqual([
      ['2026-05-16', '2026-07-14', 60, 300, '9.500'],
      ['2026-07-15', '2026-08-20', 37, 130, '9.500'],
    ]);
  });

  it('without a stored due date the dated due-day rule applies, and nothing accrues in the first 30 days', async () => {
    const a = await givenAccount(db);
    await bill(a, { number: `${a.number}-202603`, date: '2026-04-01', period: '2026-03-01', kop: 500000 });
    expect((await t.services.debt.penalties(a.id, '2026-05-15')).totalKop).toBe(0);
    // day 35 unpaid: 5 000 × 9.5 % × 5 / 300 = 7.92
    expect((await t.services.debt.penalties(a.id, '2026-05-20')).totalKop).toBe(792);
  });

  it('business: 1/130 from the day after the due date at the stored key rate, which an admin can change', async () => {
    const a = await givenAccount(db, { kind: 'organisation' });
    await bill(a, {
      number: `${a.number}-202609`,
      date: '2026-10-05',
      period: '2026-09-01',
      kop: 10000000,
      due: '2026-10-18',
      type: 'invoice',
    });
    // 100 000 × 16 % × 10 / 130 = 1 230.77
    expect((await t.services.debt.penalties(a.id, '2026-10-28')).totalKop).toBe(123077);
    await db('key_rates').insert({ valid_from: '2026-10-20', percent: '21' });
    expect((await t.services.debt.penalties(a.id, '2026-10-28')).totalKop).toBe(161538);
    await db('key_rates').where({ valid_from: '2026-10-20' }).delete();
  });
});

describe('balances and разноска', () => {
  it('a payment named for one contract pays it; the rest pays the oldest bill; an overpayment is carried forward', async () => {
    const a = await givenAccount(db, { openingKop: 0 });
    const [c2] = await db('contracts')
      .insert({ account_id: a.id, number: `${a.contractNumber}-2`, date: '2020-01-01' })
      .returning('id');
    const oldest = await bill(a, {
      number: `${a.number}-1`,
      date: '2026-08-01',
      period: '2026-07-01',
      kop: 100000,
    });
    const second = await bill(a, {
      number: `${a.number}-2`,
      date: '2026-09-01',
      period: '2026-08-01',
      kop: 50000,
      contractId: c2.id,
    });
    await payment(a, `p1-${a.number}`, '2026-09-10', 80000, [{ contract_id: c2.id, amount_kop: 50000 }]);
    await payment(a, `p2-${a.number}`, '2026-10-10', 90000);

    const s = await t.services.debt.settlement(a.id, '2026-11-23');
    expect(s).toMatchObject({ balanceKop: -20000, debtKop: 0, overpaymentKop: 20000, state: 'overpayment' });
    const before = await t.services.debt.settlement(a.id, '2026-09-30');
    expect(before).toMatchObject({ balanceKop: 70000, debtKop: 70000, state: 'debt' });

    const b = await t.services.debt.balances(a.id, '2026-09-30');
    expect(b.accountKop).toBe(70000);
    expect(b.contracts.map((c) => [c.id, c.balanceKop])).toEqual([[a.contractId, 70000]]);

    await t.services.debt.settle(a.id);
    const rows = await db('bill_balances').whereIn('bill_id', [oldest, second]).orderBy('bill_id');
    expect(rows.map((r) => [r.bill_id, r.paid_kop, r.outstanding_kop])).toEqual([
      [oldest, 100000, 0],
      [second, 50000, 0],
    ]);
    const p1 = await db('bill_settlements as s')
      .join('payments as p', 'p.id', 's.payment_id')
      .where('p.ref', `p1-${a.number}`)
      .orderBy('s.bill_id')
      .select('s.bill_id', 's.amount_kop');
    expect(p1.map((r) => [r.bill_id, r.amount_kop])).toEqual([
      [oldest, 30000],
      [second, 50000],
    ]);
    // settling again replaces, never adds
    await t.services.debt.settle(a.id);
    expect(
      (await db('bill_settlements')
        .where({ account_id: a.id })
        .count<{ count: number }[]>('* as count')
        .first())!.count,
    ).toBe(p1.length + 1);
  });

  it('a reducing correction credits the bill it corrects', async () => {
    const a = await givenAccount(db);
    const original = await bill(a, {
      number: `${a.number}-1`,
      date: '2026-08-01',
      period: '2026-07-01',
      kop: 100000,
    });
    await bill(a, {
      number: `${a.number}-1-К1`,
      date: '2026-08-20',
      period: '2026-07-01',
      kop: -30000,
      type: 'correction',
      corrects: original,
    });
    await t.services.debt.settle(a.id);
    const row = await db('bill_balances').where({ bill_id: original }).first();
    expect([row.credited_kop, row.outstanding_kop]).toEqual([30000, 70000]);
    expect((await t.services.debt.settlement(a.id, '2026-11-23')).balanceKop).toBe(70000);
  });
});
