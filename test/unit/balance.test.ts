import { describe, expect, it } from 'vitest';
import { balanceAt, balancesAt, billAmount, periodStatement } from '../../src/domain/balance.js';
import { DEFAULT_DUE_RULES, NoDueRuleError, dueDateFor, type DueDayRule } from '../../src/domain/dueDates.js';

const bills = [
  { date: '2026-02-05', amountKop: 100000, contract: 'c1' },
  { date: '2026-03-05', amountKop: 50000, contract: 'c2' },
];
const payments = [
  { date: '2026-02-10', amountKop: 30000, contract: 'c1' },
  { date: '2026-03-05', amountKop: 150000, contract: 'c2' },
];

describe('balance at a date: opening + billed − paid up to that day', () => {
  it.each([
    ['before anything', '2026-02-04', 1000],
    ['on the first bill’s day', '2026-02-05', 101000],
    ['after a payment', '2026-02-10', 71000],
    ['the day before the second bill', '2026-03-04', 71000],
    ['after bill and payment of the same day: an overpayment', '2026-03-05', -29000],
  ])('%s (%s): %i', (_name, date, kop) => {
    expect(balanceAt(1000, bills, payments, date)).toBe(kop);
  });

  it('skips what a dated opening already holds and refuses earlier dates', () => {
    const opening = { date: '2026-02-06', amountKop: 100000 };
    expect(balanceAt(opening, bills, payments, '2026-02-06')).toBe(100000);
    expect(balanceAt(opening, bills, payments, '2026-03-05')).toBe(-30000);
    expect(() => balanceAt(opening, bills, payments, '2026-02-05')).toThrow(RangeError);
  });

  it('groups by any key', () => {
    expect(
      balancesAt({ c1: 0, c3: 500 }, bills, payments, '2026-03-05', {
        bill: (b) => b.contract,
        payment: (p) => p.contract,
      }),
    ).toEqual({ c1: 70000, c2: -100000, c3: 500 });
  });
});

describe('a period statement as on the residential bill', () => {
  it('seed 002 heating: 37 806.72 − 4.00 + 3 304.84 = 41 107.56', () => {
    const s = periodStatement(
      { date: '2018-12-01', amountKop: 3780672 },
      [{ date: '2018-12-31', chargedKop: 330484, benefitKop: 0, adjustmentKop: 0 }],
      [{ date: '2018-12-05', amountKop: 400 }],
      '2018-12-01',
      '2018-12-31',
    );
    expect(s).toEqual({
      debtAtStartKop: 3780672,
      paidKop: 400,
      chargedKop: 330484,
      benefitKop: 0,
      adjustmentKop: 0,
      debtAtEndKop: 4110756,
    });
  });

  it('carries earlier entries into the debt at start and counts benefit and adjustment', () => {
    const s = periodStatement(
      0,
      [
        { date: '2026-09-30', chargedKop: 10000 },
        { date: '2026-10-31', chargedKop: 20000, benefitKop: 5000, adjustmentKop: -1000 },
        { date: '2026-11-01', chargedKop: 99999 },
      ],
      [{ date: '2026-10-01', amountKop: 10000 }],
      '2026-10-01',
      '2026-10-31',
    );
    expect(s).toEqual({
      debtAtStartKop: 10000,
      paidKop: 10000,
      chargedKop: 20000,
      benefitKop: 5000,
      adjustmentKop: -1000,
      debtAtEndKop: 14000,
    });
  });

  it('computes a bill’s amount as charged − benefit + adjustment', () => {
    expect(billAmount({ chargedKop: 20000, benefitKop: 5000, adjustmentKop: -1000 })).toBe(14000);
    expect(billAmount({ chargedKop: 20000 })).toBe(20000);
  });

  it('refuses an empty period', () => {
    expect(() => periodStatement(0, [], [], '2026-10-31', '2026-10-01')).toThrow(RangeError);
  });
});

describe('due dates from dated rules', () => {
  it.each([
    ['person', '2025-12', '2026-01-10'],
    ['person', '2026-01', '2026-02-10'],
    ['person', '2026-02', '2026-03-15'],
    ['person', '2026-10', '2026-11-15'],
    ['person', '2026-12', '2027-01-15'],
    ['organisation', '2026-01', '2026-02-18'],
    ['organisation', '2026-02', '2026-03-18'],
  ] as const)('a %s bill for %s is due on %s', (kind, period, due) => {
    expect(dueDateFor(kind, period, DEFAULT_DUE_RULES)).toBe(due);
  });

  it('clamps the due day to the month and allows other offsets', () => {
    const rules: DueDayRule[] = [
      { customerKind: 'person', fromPeriod: '2026-01', dueDay: 31, monthOffset: 1 },
    ];
    expect(dueDateFor('person', '2026-01', rules)).toBe('2026-02-28');
    expect(
      dueDateFor('person', '2026-03', [
        { customerKind: 'person', fromPeriod: '2026-01', dueDay: 25, monthOffset: 0 },
      ]),
    ).toBe('2026-03-25');
  });

  it('refuses a period no rule covers', () => {
    expect(() => dueDateFor('person', '1999-12', DEFAULT_DUE_RULES)).toThrow(NoDueRuleError);
    expect(() => dueDateFor('organisation', '2026-01', [])).toThrow(NoDueRuleError);
  });
});
