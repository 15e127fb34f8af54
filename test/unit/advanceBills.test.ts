// Paid / unpaid / overdue of each business advance bill, from the schedule's allocation, and the
// balance split by due date beside the recommended payment.
import { describe, expect, it } from 'vitest';
import { advanceBillStates, balanceByDueDate } from '../../src/domain/advanceBills.js';
import { advanceSchedule } from '../../src/domain/advance.js';
import { scheduleObligations } from '../../src/domain/penaltyLedger.js';
import { ADVANCE_RULES } from '../support/rules.js';

// November 2026: 60 000,00 contracted, so 18 000,00 due 10.11 and 24 000,00 due 25.11
const items = advanceSchedule({ period: '2026-11', basisKop: 6000000, actualKop: null }, ADVANCE_RULES);
const bills = [
  { id: 1, period: '2026-11-01', dueDate: '2026-11-10', amountKop: 1800000 },
  { id: 2, period: '2026-11-01', dueDate: '2026-11-25', amountKop: 2400000 },
];
const statesAfter = (payments: { date: string; amountKop: number }[], asOf: string) =>
  advanceBillStates(
    bills,
    scheduleObligations(items, payments, () => ''),
    asOf,
  ).map((s) => [s.billId, s.status, s.paidKop]);

describe('advanceBillStates', () => {
  it.each([
    [
      'nothing paid, before either due date',
      [],
      '2026-11-05',
      [
        [1, 'unpaid', 0],
        [2, 'unpaid', 0],
      ],
    ],
    [
      'nothing paid, after the first due date',
      [],
      '2026-11-11',
      [
        [1, 'overdue', 0],
        [2, 'unpaid', 0],
      ],
    ],
    [
      'nothing paid, after both',
      [],
      '2026-11-26',
      [
        [1, 'overdue', 0],
        [2, 'overdue', 0],
      ],
    ],
    [
      'a payment ahead of the first due date pays the first advance',
      [{ date: '2026-11-03', amountKop: 1800000 }],
      '2026-11-26',
      [
        [1, 'paid', 1800000],
        [2, 'overdue', 0],
      ],
    ],
    [
      'one payment of both pays the oldest due first, the rest the second in part',
      [{ date: '2026-11-20', amountKop: 3000000 }],
      '2026-11-26',
      [
        [1, 'paid', 1800000],
        [2, 'overdue', 1200000],
      ],
    ],
    [
      'a payment after the date asked about does not count yet',
      [{ date: '2026-11-20', amountKop: 4200000 }],
      '2026-11-15',
      [
        [1, 'overdue', 0],
        [2, 'unpaid', 0],
      ],
    ],
    [
      'everything paid',
      [{ date: '2026-11-20', amountKop: 4200000 }],
      '2026-11-26',
      [
        [1, 'paid', 1800000],
        [2, 'paid', 2400000],
      ],
    ],
  ])('%s', (_name, payments, asOf, want) => {
    expect(statesAfter(payments, asOf)).toEqual(want);
  });

  it('a bill the schedule has no instalment for has no status', () => {
    const [s] = advanceBillStates(
      [{ id: 9, period: '2026-05-01', dueDate: '2026-05-10', amountKop: 100 }],
      scheduleObligations(items, [], () => ''),
      '2026-11-26',
    );
    expect(s).toMatchObject({ billId: 9, status: null, paidKop: 0, outstandingKop: 100 });
  });
});

describe('balanceByDueDate', () => {
  it.each([
    // balance, schedule debt, recommended → overdue, not yet due, overdue advances, due soon
    ['Kemerovo: part of the debt overdue', 8450120, 5753580, 8392440, [5753580, 2696540, 0, 2638860]],
    ['Bryansk: nothing overdue, the invoice not yet due', 3136000, 0, 3978240, [0, 3136000, 0, 3978240]],
    ['advances overdue beyond an overpayment', -500000, 1300000, 3700000, [0, 0, 1300000, 2400000]],
    ['paid ahead of the schedule', -500000, -500000, 0, [0, 0, 0, 0]],
  ])('%s', (_name, balance, debt, recommended, want) => {
    const s = balanceByDueDate(balance, {
      debtKop: debt,
      recommendedKop: recommended,
      recommendedBy: '2026-12-10',
    });
    expect([s.overdueKop, s.notYetDueKop, s.overdueAdvancesKop, s.recommendedDueSoonKop]).toEqual(want);
    expect(s.balanceKop).toBe(balance);
  });
});
