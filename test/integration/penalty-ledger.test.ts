// The penalty ledger through the database: the billing run puts the penalties accrued since the last
// bill on each new bill as a line of its own (never in charged), and DOMAIN.md's example holds.
import { describe, it, expect } from 'vitest';
import { createTestApp } from '../support/app.js';
import { givenAccount, givenSupplier, type GivenAccount } from '../support/builders.js';

const t = await createTestApp({ today: '2026-11-23' });
const db = t.db;

async function bill(
  a: GivenAccount,
  o: { number: string; date: string; period: string; kop: number; due?: string; penaltyKop?: number },
) {
  const [b] = await db('bills')
    .insert({
      account_id: a.id,
      supplier_id: a.supplierId,
      contract_id: a.contractId,
      number: o.number,
      date: o.date,
      period: o.period,
      type: 'bill',
      due_date: o.due ?? null,
    })
    .returning('id');
  await db('bill_lines').insert({
    bill_id: b.id,
    service_id: a.serviceId,
    supplier_id: a.supplierId,
    zone: 'T',
    charged_kop: o.kop,
  });
  if (o.penaltyKop)
    await db('bill_lines').insert({
      bill_id: b.id,
      supplier_id: a.supplierId,
      description: 'Пени',
      penalty_kop: o.penaltyKop,
    });
  return b.id as number;
}

/** A household billed by the norm per area (nothing to read), with March 2026's 5 000,00 due 15.04.2026. */
async function householdWithMarchDebt(supplierId: number) {
  const a = await givenAccount(db, { supplierId });
  await db('services')
    .where({ id: a.serviceId })
    .update({ method: 'norm_per_area', norm: '0.0280', kind: 'heating', unit: 'Гкал' });
  await bill(a, {
    number: `${a.number}-202603`,
    date: '2026-04-01',
    period: '2026-03-01',
    kop: 500000,
    due: '2026-04-15',
  });
  return a;
}

async function newBill(a: GivenAccount, period: string) {
  const b = await db('bills')
    .where({ account_id: a.id, period: `${period}-01` })
    .first();
  const lines = await db('bill_lines').where({ bill_id: b.id }).orderBy('position').orderBy('id');
  const totals = await db('bill_totals').where({ bill_id: b.id }).first();
  return { bill: b, lines, totals };
}

describe('the billing run and the penalty ledger', () => {
  it('a new bill carries the penalties accrued by its date as a line of its own, never in charged', async () => {
    const supplier = await givenSupplier(db);
    const unpaid = await householdWithMarchDebt(supplier.id);
    // DOMAIN.md's example, paid 20.08.2026: 95,00 + 135,19 = 230,19, all of it since the last bill
    const paidLate = await householdWithMarchDebt(supplier.id);
    await bill(paidLate, {
      number: `${paidLate.number}-202604`,
      date: '2026-05-01',
      period: '2026-04-01',
      kop: 0,
      due: '2026-05-15',
    });
    await db('payments').insert({
      account_id: paidLate.id,
      ref: `p-${paidLate.number}`,
      date: '2026-08-20',
      amount_kop: 500000,
    });
    // the same debt, 95,00 of which an earlier bill already carried
    const billedBefore = await householdWithMarchDebt(supplier.id);
    await bill(billedBefore, {
      number: `${billedBefore.number}-202607`,
      date: '2026-08-01',
      period: '2026-07-01',
      kop: 0,
      due: '2026-08-15',
      penaltyKop: 9500,
    });
    // paid in time: nothing accrues, no penalty line
    const onTime = await householdWithMarchDebt(supplier.id);
    await db('payments').insert({
      account_id: onTime.id,
      ref: `p-${onTime.number}`,
      date: '2026-04-10',
      amount_kop: 500000,
    });

    const s = await t.services.billing.run({ period: '2026-10', supplierCode: supplier.code });
    expect(s.billed).toBe(4);

    // 16.05–14.07: 5000 × 9,5 % × 60 / 300 = 95,00; 15.07–23.11 (132 days): 5000 × 9,5 % × 132 / 130 = 482,31
    const u = await newBill(unpaid, '2026-10');
    const penaltyLines = u.lines.filter((l) => Number(l.penalty_kop) > 0);
    expect(
      penaltyLines.map((l) => [l.description, Number(l.charged_kop), Number(l.penalty_kop), l.service_id]),
    ).toEqual([['Пени', 0, 57731, null]]);
    expect(Number(u.totals.penalty_kop)).toBe(57731);
    expect(Number(u.totals.amount_kop)).toBe(Number(u.totals.charged_kop));
    expect((await t.services.debt.penalties(unpaid.id, '2026-11-23')).totalKop).toBe(57731);

    expect(Number((await newBill(paidLate, '2026-10')).totals.penalty_kop)).toBe(23019);
    expect(Number((await newBill(billedBefore, '2026-10')).totals.penalty_kop)).toBe(57731 - 9500);
    const ok = await newBill(onTime, '2026-10');
    expect(ok.lines.filter((l) => Number(l.penalty_kop) > 0)).toEqual([]);

    // the ledger: accrued 577,31, billed 577,31, nothing left for the next bill
    const r = await t.services.debt.penalties(billedBefore.id, '2026-11-23');
    expect([r.totalKop, r.billedKop, r.unbilledKop]).toEqual([57731, 57731, 0]);
  });

  it('what is owed is the balance plus the penalties; an overpayment covers them and nothing is asked', async () => {
    const supplier = await givenSupplier(db);
    const a = await householdWithMarchDebt(supplier.id);
    await db('payments').insert({
      account_id: a.id,
      ref: `p-${a.number}`,
      date: '2026-08-20',
      amount_kop: 500000,
    });
    let owed = await t.services.debt.owed(a.id, '2026-11-23');
    expect([owed.balanceKop, owed.penaltyKop, owed.toPayKop]).toEqual([0, 23019, 23019]);
    await db('payments').insert({
      account_id: a.id,
      ref: `p2-${a.number}`,
      date: '2026-11-20',
      amount_kop: 30000,
    });
    owed = await t.services.debt.owed(a.id, '2026-11-23');
    // the money no bill needs stands against the penalties; the penalties themselves are unchanged
    expect([owed.balanceKop, owed.penaltyKop, owed.toPayKop, owed.creditKop]).toEqual([
      -30000, 23019, 0, 6981,
    ]);
  });
});
