import { describe, expect, it } from 'vitest';
import {
  allocatePayments,
  paymentsToBill,
  type AllocationBill,
  type AllocationPayment,
} from '../../src/domain/allocation.js';

function summary(bills: AllocationBill[], payments: AllocationPayment[], asOf?: string) {
  const r = allocatePayments(bills, payments, { asOf });
  return {
    outstanding: Object.fromEntries(r.bills.map((b) => [b.id, b.outstandingKop])),
    allocations: r.allocations.map((a) => `${a.paymentId}→${a.billId}:${a.amountKop}@${a.date}`),
    unallocated: r.unallocated.map(
      (u) =>
        `${u.paymentId}:${u.amountKop}${u.contract ? `/${u.contract}` : ''}${u.billId ? `#${u.billId}` : ''}`,
    ),
    unallocatedKop: r.unallocatedKop,
  };
}

const jan: AllocationBill = { id: 'jan', date: '2026-02-05', amountKop: 100000, contract: 'c1' };
const feb: AllocationBill = { id: 'feb', date: '2026-03-05', amountKop: 50000, contract: 'c1' };
const heat: AllocationBill = { id: 'heat', date: '2026-02-05', amountKop: 60000, contract: 'c2' };

describe('a payment without instructions pays the oldest outstanding bill first', () => {
  it('covers January, then part of February', () => {
    expect(summary([feb, jan], [{ id: 'p1', date: '2026-03-10', amountKop: 120000 }])).toEqual({
      outstanding: { feb: 30000, jan: 0 },
      allocations: ['p1→jan:100000@2026-03-10', 'p1→feb:20000@2026-03-10'],
      unallocated: [],
      unallocatedKop: 0,
    });
  });

  it('takes bills of the same date in the order given', () => {
    expect(summary([jan, heat], [{ id: 'p1', date: '2026-03-10', amountKop: 100000 }]).outstanding).toEqual({
      jan: 0,
      heat: 60000,
    });
    expect(summary([heat, jan], [{ id: 'p1', date: '2026-03-10', amountKop: 100000 }]).outstanding).toEqual({
      jan: 60000,
      heat: 0,
    });
  });

  it('pays a bill issued the same day as the payment', () => {
    expect(summary([jan], [{ id: 'p1', date: '2026-02-05', amountKop: 100000 }]).outstanding).toEqual({
      jan: 0,
    });
  });

  it('records when each bill was paid in full', () => {
    const r = allocatePayments(
      [jan, feb],
      [
        { id: 'p1', date: '2026-02-20', amountKop: 60000 },
        { id: 'p2', date: '2026-03-12', amountKop: 40000 },
      ],
    );
    expect(r.bills.map((b) => [b.id, b.paidKop, b.paidInFullOn])).toEqual([
      ['jan', 100000, '2026-03-12'],
      ['feb', 0, null],
    ]);
    expect(paymentsToBill(r, 'jan')).toEqual([
      { date: '2026-02-20', amountKop: 60000 },
      { date: '2026-03-12', amountKop: 40000 },
    ]);
  });
});

describe('a payment that names a bill or a contract goes there first', () => {
  it('a named bill is paid before older ones, the rest goes to the oldest', () => {
    expect(
      summary(
        [jan, feb],
        [{ id: 'p1', date: '2026-03-10', amountKop: 70000, targets: [{ billId: 'feb', amountKop: 50000 }] }],
      ).allocations,
    ).toEqual(['p1→feb:50000@2026-03-10', 'p1→jan:20000@2026-03-10']);
  });

  it('one payment split across contracts (a ЕПД for two suppliers)', () => {
    expect(
      summary(
        [jan, heat],
        [
          {
            id: 'p1',
            date: '2026-03-10',
            amountKop: 100000,
            targets: [
              { contract: 'c2', amountKop: 60000 },
              { contract: 'c1', amountKop: 40000 },
            ],
          },
        ],
      ),
    ).toMatchObject({
      outstanding: { jan: 60000, heat: 0 },
      allocations: ['p1→heat:60000@2026-03-10', 'p1→jan:40000@2026-03-10'],
    });
  });

  it('money for a contract without debt waits for that contract’s next bill', () => {
    const later: AllocationBill = { id: 'heat-mar', date: '2026-04-05', amountKop: 50000, contract: 'c2' };
    const other: AllocationBill = { id: 'el-mar', date: '2026-04-01', amountKop: 50000, contract: 'c1' };
    const r = summary(
      [jan, other, later],
      [{ id: 'p1', date: '2026-03-10', amountKop: 30000, targets: [{ contract: 'c2', amountKop: 30000 }] }],
    );
    expect(r.outstanding).toEqual({ jan: 100000, 'el-mar': 50000, 'heat-mar': 20000 });
    expect(r.allocations).toEqual(['p1→heat-mar:30000@2026-04-05']);
  });

  it('a named bill not issued yet gets the money when it appears, before older debt', () => {
    const r = summary(
      [jan, feb],
      [{ id: 'p1', date: '2026-02-20', amountKop: 50000, targets: [{ billId: 'feb', amountKop: 50000 }] }],
    );
    expect(r.outstanding).toEqual({ jan: 100000, feb: 0 });
    expect(r.allocations).toEqual(['p1→feb:50000@2026-03-05']);
  });

  it('a named bill that is paid already passes the money to its contract', () => {
    const r = summary(
      [jan, feb],
      [
        { id: 'p0', date: '2026-03-06', amountKop: 50000, targets: [{ billId: 'feb', amountKop: 50000 }] },
        { id: 'p1', date: '2026-03-10', amountKop: 50000, targets: [{ billId: 'feb', amountKop: 50000 }] },
      ],
    );
    expect(r.allocations).toEqual(['p0→feb:50000@2026-03-06', 'p1→jan:50000@2026-03-10']);
  });

  it('targets are capped by the payment', () => {
    const r = summary(
      [jan, heat],
      [
        {
          id: 'p1',
          date: '2026-03-10',
          amountKop: 30000,
          targets: [
            { contract: 'c2', amountKop: 60000 },
            { contract: 'c1', amountKop: 1 },
          ],
        },
      ],
    );
    expect(r.allocations).toEqual(['p1→heat:30000@2026-03-10']);
  });
});

describe('an overpayment is carried forward to later bills', () => {
  it('keeps the rest and applies it to the next bill when it appears', () => {
    expect(summary([jan, feb], [{ id: 'p1', date: '2026-02-20', amountKop: 130000 }])).toEqual({
      outstanding: { jan: 0, feb: 20000 },
      allocations: ['p1→jan:100000@2026-02-20', 'p1→feb:30000@2026-03-05'],
      unallocated: [],
      unallocatedKop: 0,
    });
  });

  it('uses the oldest money first', () => {
    const r = summary(
      [feb],
      [
        { id: 'p1', date: '2026-01-10', amountKop: 30000 },
        { id: 'p2', date: '2026-01-20', amountKop: 30000 },
      ],
    );
    expect(r.allocations).toEqual(['p1→feb:30000@2026-03-05', 'p2→feb:20000@2026-03-05']);
    expect(r.unallocated).toEqual(['p2:10000']);
  });

  it('reports what is left as unallocated', () => {
    expect(summary([], [{ id: 'p1', date: '2026-01-10', amountKop: 100 }]).unallocatedKop).toBe(100);
  });
});

describe('reducing corrections are credits', () => {
  it('a correction lowers the bill it corrects', () => {
    const corr: AllocationBill = {
      id: 'corr',
      date: '2026-02-25',
      amountKop: -30000,
      contract: 'c1',
      corrects: 'jan',
    };
    const r = allocatePayments([jan, feb, corr], [{ id: 'p1', date: '2026-03-10', amountKop: 70000 }]);
    expect(r.bills).toEqual([
      { id: 'jan', amountKop: 100000, paidKop: 100000, outstandingKop: 0, paidInFullOn: '2026-03-10' },
      { id: 'feb', amountKop: 50000, paidKop: 0, outstandingKop: 50000, paidInFullOn: null },
      { id: 'corr', amountKop: -30000, paidKop: 0, outstandingKop: 0, paidInFullOn: null },
    ]);
    expect(r.allocations.map((a) => [a.source, a.paymentId, a.billId, a.amountKop])).toEqual([
      ['correction', 'corr', 'jan', 30000],
      ['payment', 'p1', 'jan', 70000],
    ]);
  });

  it('a correction on a paid bill becomes an overpayment for its contract', () => {
    const corr: AllocationBill = {
      id: 'corr',
      date: '2026-02-25',
      amountKop: -30000,
      contract: 'c1',
      corrects: 'jan',
    };
    const r = summary([jan, corr], [{ id: 'p1', date: '2026-02-10', amountKop: 100000 }]);
    expect(r.unallocated).toEqual(['corr:30000/c1']);
  });
});

describe('as of a date', () => {
  it('leaves out later bills and payments', () => {
    const r = summary([jan, feb], [{ id: 'p1', date: '2026-03-10', amountKop: 100000 }], '2026-03-09');
    expect(r).toEqual({
      outstanding: { jan: 100000, feb: 50000 },
      allocations: [],
      unallocated: [],
      unallocatedKop: 0,
    });
  });

  it('refuses negative payments and fractional kopecks', () => {
    expect(() => allocatePayments([], [{ id: 'p', date: '2026-01-01', amountKop: -1 }])).toThrow(RangeError);
    expect(() => allocatePayments([{ ...jan, amountKop: 0.5 }], [])).toThrow(RangeError);
  });
});
