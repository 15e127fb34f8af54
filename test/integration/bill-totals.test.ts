// bill_totals, the one source of a bill's amount (migration 0024 sums each bill's lines apart): the
// sums of a bill's lines, zeros for a bill without lines, and one row for every bill.
import { describe, it, expect } from 'vitest';
import { createTestApp } from '../support/app.js';
import { givenAccount, givenBill, givenSupplier } from '../support/builders.js';

const t = await createTestApp({ today: '2026-11-23' });

describe('bill_totals', () => {
  it('sums each bill apart, gives zeros for a bill without lines, and has one row per bill', async () => {
    const supplier = await givenSupplier(t.db);
    const a = await givenAccount(t.db, { supplierId: supplier.id });
    const two = await givenBill(t.db, a, {
      date: '2026-10-28',
      period: '2026-10',
      lines: [
        { charged: 100_050, benefit: 10_000, adjustment: -2_500, penalty: 0 },
        { charged: 20_000, benefit: 0, adjustment: 1_000, penalty: 350 },
      ],
    });
    const none = await givenBill(t.db, a, { date: '2026-09-28', period: '2026-09', lines: [{ charged: 1 }] });
    await t.db('bill_lines').where({ bill_id: none.id }).del();
    const other = await givenBill(t.db, a, {
      date: '2026-08-28',
      period: '2026-08',
      lines: [{ charged: 7 }],
    });

    const rows = await t.db('bill_totals').whereIn('bill_id', [two.id, none.id, other.id]).orderBy('bill_id');
    expect(rows).toEqual(
      [
        {
          bill_id: two.id,
          charged_kop: 120_050,
          vat_kop: 0,
          benefit_kop: 10_000,
          adjustment_kop: -1_500,
          penalty_kop: 350,
          amount_kop: 120_050 - 10_000 - 1_500,
        },
        {
          bill_id: none.id,
          charged_kop: 0,
          vat_kop: 0,
          benefit_kop: 0,
          adjustment_kop: 0,
          penalty_kop: 0,
          amount_kop: 0,
        },
        {
          bill_id: other.id,
          charged_kop: 7,
          vat_kop: 0,
          benefit_kop: 0,
          adjustment_kop: 0,
          penalty_kop: 0,
          amount_kop: 7,
        },
      ].sort((x, y) => x.bill_id - y.bill_id),
    );
    // as many rows as bills: the view neither drops a bill nor repeats one
    const bills = (await t.db('bills').count<{ n: number }[]>('* as n'))[0]!.n;
    const totals = (await t.db('bill_totals').count<{ n: number }[]>('* as n'))[0]!.n;
    expect(Number(totals)).toBe(Number(bills));
  });
});
