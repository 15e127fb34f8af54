import { describe, expect, it } from 'vitest';
import {
  NoAdvanceRulesError,
  advanceBasisKop,
  advanceRulesFor,
  advanceSchedule,
  debtDueAt,
  recommendedPayment,
  type AdvanceRuleSet,
  type MonthCharges,
} from '../../src/domain/advance.js';
import { ADVANCE_RULES, ADVANCE_RULE_SETS } from '../support/rules.js';

describe('the advance schedule of a month', () => {
  it('30 % by the 10th, 40 % by the 25th, the rest by the 18th of the next month', () => {
    expect(
      advanceSchedule({ period: '2016-01', basisKop: 10000000, actualKop: 9500000 }, ADVANCE_RULES),
    ).toEqual([
      {
        period: '2016-01',
        kind: 'advance',
        dueDate: '2016-01-10',
        amountKop: 3000000,
        percent: '30',
        cumulativeKop: 3000000,
      },
      {
        period: '2016-01',
        kind: 'advance',
        dueDate: '2016-01-25',
        amountKop: 4000000,
        percent: '40',
        cumulativeKop: 7000000,
      },
      {
        period: '2016-01',
        kind: 'final',
        dueDate: '2016-02-18',
        amountKop: 2500000,
        percent: null,
        cumulativeKop: 9500000,
      },
    ]);
  });

  it('has no final item before the actual cost is known', () => {
    expect(
      advanceSchedule({ period: '2016-02', basisKop: 100, actualKop: null }, ADVANCE_RULES).map(
        (i) => i.kind,
      ),
    ).toEqual(['advance', 'advance']);
  });

  it('rounds each instalment half up and can end with a refund', () => {
    const items = advanceSchedule({ period: '2016-02', basisKop: 12345, actualKop: 5000 }, ADVANCE_RULES);
    // 30 % of 123.45 = 37.035 → 37.04; 40 % = 49.38
    expect(items.map((i) => i.amountKop)).toEqual([3704, 4938, 5000 - 3704 - 4938]);
    expect(items.at(-1)?.cumulativeKop).toBe(5000);
  });

  it('takes its shares and days as data', () => {
    const rules = {
      instalments: [{ percent: '50', day: 15, monthOffset: 0 }],
      final: { day: 20, monthOffset: 1 },
    };
    expect(
      advanceSchedule({ period: '2026-12', basisKop: 1000, actualKop: 900 }, rules).map((i) => [
        i.dueDate,
        i.amountKop,
      ]),
    ).toEqual([
      ['2026-12-15', 500],
      ['2027-01-20', 400],
    ]);
  });
});

describe('what the advances are computed from', () => {
  it.each([
    [
      'the contracted volume',
      { contractedVolume: '380', lastMonthVolume: '400', price: '6.12' },
      { basisKop: 232560, basis: 'contracted' },
    ],
    [
      'last month’s volume without a contracted one',
      { contractedVolume: null, lastMonthVolume: '400', price: '6.12' },
      { basisKop: 244800, basis: 'last_month' },
    ],
    [
      'nothing when neither is known',
      { contractedVolume: null, lastMonthVolume: null, price: '6.12' },
      { basisKop: 0, basis: 'none' },
    ],
  ])('%s', (_name, input, out) => {
    expect(advanceBasisKop(input)).toEqual(out);
  });
});

// Seed 003 §4.2: the debt in February 2016 with a zero balance on 01.01.2016.
const opening = { date: '2016-01-01', amountKop: 0 };
const months: MonthCharges[] = [
  // January: advances 30 000 (10.01) and 40 000 (25.01); its invoice 95 000 settles on 18.02
  { period: '2016-01', basisKop: 10000000, actualKop: 9500000 },
  // February: advances 36 000 (10.02) and 48 000 (25.02); no invoice yet
  { period: '2016-02', basisKop: 12000000, actualKop: null },
];
const payments = [
  { date: '2016-01-08', amountKop: 3000000 },
  { date: '2016-01-25', amountKop: 4000000 },
  { date: '2016-02-12', amountKop: 3600000 },
];

describe('seed 003: current debt at a date counts only what has fallen due', () => {
  it.each([
    // 01.02–10.02: opening + both January advances − payments
    ['2016-02-01', 7000000, 0],
    ['2016-02-10', 7000000, 0],
    // 11.02–18.02: + the first February advance
    ['2016-02-11', 10600000, 3600000],
    ['2016-02-12', 10600000, 0],
    ['2016-02-18', 10600000, 0],
    // 19.02–25.02: the January invoice replaces its advances, + the first February advance
    ['2016-02-19', 13100000, 2500000],
    ['2016-02-25', 13100000, 2500000],
    // 26.02–29.02: + the second February advance
    ['2016-02-26', 17900000, 7300000],
    ['2016-02-29', 17900000, 7300000],
  ])('on %s: due %i, debt %i', (date, due, debt) => {
    const r = debtDueAt(opening, months, payments, date, ADVANCE_RULE_SETS);
    expect(r.dueKop).toBe(due);
    expect(r.debtKop).toBe(debt);
  });

  it('says which item each month counts by', () => {
    const r = debtDueAt(opening, months, payments, '2016-02-19', ADVANCE_RULE_SETS);
    expect(r.counted.map((c) => [c.period, c.item?.kind, c.item?.dueDate, c.kop])).toEqual([
      ['2016-01', 'final', '2016-02-18', 9500000],
      ['2016-02', 'advance', '2016-02-10', 3600000],
    ]);
  });

  it('counts nothing of a month before its first due date has passed', () => {
    expect(debtDueAt(opening, months, [], '2016-01-10', ADVANCE_RULE_SETS).counted[0]).toEqual({
      period: '2016-01',
      item: null,
      kop: 0,
    });
  });

  it('shows an overpayment as a negative debt', () => {
    expect(
      debtDueAt(
        opening,
        months,
        [...payments, { date: '2016-02-13', amountKop: 10000000 }],
        '2016-02-13',
        ADVANCE_RULE_SETS,
      ).debtKop,
    ).toBe(-10000000);
  });

  it('does not count payments before the opening', () => {
    expect(
      debtDueAt(opening, months, [{ date: '2015-12-31', amountKop: 100 }], '2016-01-11', ADVANCE_RULE_SETS)
        .debtKop,
    ).toBe(3000000);
  });
});

describe('seed 003: the recommended payment covers what falls due next, less any overpayment', () => {
  it.each([
    ['2016-02-01', 3600000, '2016-02-10'],
    ['2016-02-10', 3600000, '2016-02-10'],
    ['2016-02-11', 6100000, '2016-02-18'],
    ['2016-02-12', 2500000, '2016-02-18'],
    ['2016-02-19', 7300000, '2016-02-25'],
    ['2016-02-26', 7300000, null],
  ])('on %s: %i by %s', (date, kop, due) => {
    expect(recommendedPayment(opening, months, payments, date, ADVANCE_RULE_SETS)).toEqual({
      amountKop: kop,
      dueDate: due,
    });
  });

  it('is never below zero', () => {
    const rich = [...payments, { date: '2016-02-12', amountKop: 50000000 }];
    expect(recommendedPayment(opening, months, rich, '2016-02-12', ADVANCE_RULE_SETS)).toEqual({
      amountKop: 0,
      dueDate: '2016-02-18',
    });
  });
});

// A schedule change dated March 2016 (invented): half by the 15th, the rest by the 10th of the next month
const changed: AdvanceRuleSet[] = [
  ...ADVANCE_RULE_SETS,
  {
    fromPeriod: '2016-03',
    instalments: [{ percent: '50', day: 15, monthOffset: 0 }],
    final: { day: 10, monthOffset: 1 },
  },
];

describe('which advance schedule a month follows: the set in force on its first day', () => {
  it.each([
    ['the month before the change', '2016-02', ['30', '40'], 18],
    ['the month of the change', '2016-03', ['50'], 10],
    ['a later month', '2027-01', ['50'], 10],
    ['long before', '2000-01', ['30', '40'], 18],
  ])('%s (%s)', (_name, period, percents, finalDay) => {
    const rules = advanceRulesFor(period, changed);
    expect(rules.instalments.map((i) => i.percent)).toEqual(percents);
    expect(rules.final.day).toBe(finalDay);
  });

  it('knows no schedule for a month before the first set', () => {
    expect(() => advanceRulesFor('1999-12', changed)).toThrow(NoAdvanceRulesError);
    expect(() =>
      debtDueAt(opening, [{ period: '1999-12', basisKop: 100, actualKop: null }], [], '2000-01-01', changed),
    ).toThrow(NoAdvanceRulesError);
  });

  it("February keeps its old final date after the change; March's items follow the new schedule", () => {
    const twoMonths: MonthCharges[] = [
      { period: '2016-02', basisKop: 12000000, actualKop: 11000000 },
      { period: '2016-03', basisKop: 10000000, actualKop: null },
    ];
    // on 16.03 February still counts by its advances (84 000): its final settlement is due on 18.03
    // under the old schedule (the new one would have made it due on 10.03); March counts by its one
    // instalment of 50 % due on 15.03 (50 000)
    const r = debtDueAt(opening, twoMonths, [], '2016-03-16', changed);
    expect(r.counted.map((c) => [c.period, c.item?.kind, c.item?.dueDate, c.kop])).toEqual([
      ['2016-02', 'advance', '2016-02-25', 8400000],
      ['2016-03', 'advance', '2016-03-15', 5000000],
    ]);
    // the next item due is February's final settlement on 18.03
    expect(recommendedPayment(opening, twoMonths, [], '2016-03-16', changed)).toEqual({
      amountKop: 11000000 + 5000000,
      dueDate: '2016-03-18',
    });
    // under the old schedule alone March would count 30 % on 16.03
    expect(debtDueAt(opening, twoMonths, [], '2016-03-16', ADVANCE_RULE_SETS).counted[1]!.kop).toBe(3000000);
  });
});
