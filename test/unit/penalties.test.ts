import { describe, expect, it } from 'vitest';
import {
  NoKeyRateError,
  NoPenaltyRulesError,
  keyRateOn,
  penaltiesFor,
  penaltyFor,
  penaltyRateOn,
  penaltyRulesFor,
  type PenaltyInput,
  type PenaltyRuleSet,
} from '../../src/domain/penalties.js';
import {
  KEY_RATES,
  ORGANISATION_PENALTY_RULES,
  PENALTY_RULE_SETS,
  PERSON_PENALTY_RULES,
  RATE_CAPS,
} from '../support/rules.js';

// DOMAIN.md worked example: 5 000.00 for March 2026, due 15.04.2026
const march: Omit<PenaltyInput, 'asOf' | 'payments'> = {
  kind: 'person',
  amountKop: 500000,
  dueDate: '2026-04-15',
  keyRates: KEY_RATES,
  caps: RATE_CAPS,
  rules: PERSON_PENALTY_RULES,
};

describe('the DOMAIN.md worked example: 5 000.00 due 15.04.2026 paid 20.08.2026 at 9.5 %', () => {
  it('is 95.00 for days 31–90 plus 135.19 for 37 days at 1/130, 230.19 in all', () => {
    const r = penaltyFor({
      ...march,
      payments: [{ date: '2026-08-20', amountKop: 500000 }],
      asOf: '2026-08-20',
    });
    expect(r.penaltyKop).toBe(23019);
    expect(r.segments).toEqual([
      {
        from: '2026-05-16',
        to: '2026-07-14',
        days: 60,
        baseKop: 500000,
        paidOn: '2026-08-20',
        ratePercent: '9.5',
        divisor: 300,
        amount: '95.00',
      },
      {
        from: '2026-07-15',
        to: '2026-08-20',
        days: 37,
        baseKop: 500000,
        paidOn: '2026-08-20',
        ratePercent: '9.5',
        divisor: 130,
        amount: '135.19',
      },
    ]);
  });

  it('stays 230.19 when asked later: the payment stopped it', () => {
    const r = penaltyFor({
      ...march,
      payments: [{ date: '2026-08-20', amountKop: 500000 }],
      asOf: '2026-12-01',
    });
    expect(r.penaltyKop).toBe(23019);
  });

  it('is the same as of the payment day when still unpaid', () => {
    expect(penaltyFor({ ...march, payments: [], asOf: '2026-08-20' }).penaltyKop).toBe(23019);
  });
});

describe('residential penalties by overdue day', () => {
  it.each([
    ['the due date itself', '2026-04-15', 0],
    ['the day before the due date', '2026-04-14', 0],
    ['day 1', '2026-04-16', 0],
    ['day 30 (15.05)', '2026-05-15', 0],
    // 5000 × 0.095 / 300 = 1.58333
    ['day 31 (16.05)', '2026-05-16', 158],
    ['day 32', '2026-05-17', 317],
    ['day 90 (14.07)', '2026-07-14', 9500],
    // + 5000 × 0.095 / 130 = 3.65385
    ['day 91 (15.07)', '2026-07-15', 9865],
    ['day 92', '2026-07-16', 10231],
  ])('unpaid, as of %s: %i kopecks', (_name, asOf, kop) => {
    expect(penaltyFor({ ...march, payments: [], asOf }).penaltyKop).toBe(kop);
  });

  it.each([
    ['before the due date', '2026-04-10', 0],
    ['on the due date', '2026-04-15', 0],
    ['on day 30', '2026-05-15', 0],
    ['on day 31', '2026-05-16', 158],
  ])('paid in full %s', (_name, date, kop) => {
    expect(
      penaltyFor({ ...march, payments: [{ date, amountKop: 500000 }], asOf: '2026-12-01' }).penaltyKop,
    ).toBe(kop);
  });

  it('a partial payment lowers the base from the day after it', () => {
    // 2 000 paid on 01.06 (day 47): 2000 × 0.095 × 17 / 300 = 10.7667
    // 3 000 unpaid to 20.08: 3000 × 0.095 × 60 / 300 + 3000 × 0.095 × 37 / 130 = 57 + 81.1154
    const r = penaltyFor({
      ...march,
      payments: [{ date: '2026-06-01', amountKop: 200000 }],
      asOf: '2026-08-20',
    });
    expect(r.penaltyKop).toBe(14888);
    expect(r.segments.map((s) => [s.baseKop, s.days, s.divisor, s.paidOn])).toEqual([
      [200000, 17, 300, '2026-06-01'],
      [300000, 60, 300, null],
      [300000, 37, 130, null],
    ]);
  });

  it('a payment before the due date lowers the debt without any penalty of its own', () => {
    const r = penaltyFor({
      ...march,
      payments: [{ date: '2026-04-01', amountKop: 400000 }],
      asOf: '2026-08-20',
    });
    // 1000 × (60/300 + 37/130) × 0.095 = 4.6038
    expect(r.penaltyKop).toBe(4604);
  });

  it('ignores payments made after the day asked about', () => {
    const r = penaltyFor({
      ...march,
      payments: [{ date: '2026-09-01', amountKop: 500000 }],
      asOf: '2026-08-20',
    });
    expect(r.penaltyKop).toBe(23019);
  });

  it('ignores money beyond the bill', () => {
    const r = penaltyFor({
      ...march,
      payments: [{ date: '2026-08-20', amountKop: 900000 }],
      asOf: '2026-12-01',
    });
    expect(r.penaltyKop).toBe(23019);
  });

  it('accrues nothing on a bill that asks for nothing', () => {
    expect(penaltyFor({ ...march, amountKop: 0, payments: [], asOf: '2026-12-01' }).penaltyKop).toBe(0);
    expect(penaltyFor({ ...march, amountKop: -100, payments: [], asOf: '2026-12-01' }).penaltyKop).toBe(0);
  });
});

describe('the rate: key rate on the day of payment, capped for households while the moratorium lasts', () => {
  it.each([
    ['2026-08-20', 'person', '9.5'],
    ['2022-02-27', 'person', '9.5'],
    ['2022-02-28', 'person', '9.5'],
    ['2026-12-31', 'person', '9.5'],
    ['2027-01-01', 'person', '16'],
    ['2022-06-20', 'person', '9.5'],
    ['2022-09-19', 'person', '7.5'],
    ['2024-10-28', 'organisation', '21'],
    ['2025-10-26', 'organisation', '17'],
    ['2025-10-27', 'organisation', '16.5'],
  ] as const)('on %s for a %s: %s %%', (date, kind, rate) => {
    expect(penaltyRateOn(date, kind, KEY_RATES, RATE_CAPS)).toBe(rate);
  });

  it('knows no rate before the history starts', () => {
    expect(() => keyRateOn('2021-12-19', KEY_RATES)).toThrow(NoKeyRateError);
  });

  it('uses each part’s own payment day', () => {
    const keyRates = [
      { from: '2026-01-01', percent: '20' },
      { from: '2026-06-01', percent: '10' },
    ];
    const r = penaltyFor({
      kind: 'organisation',
      amountKop: 130000,
      dueDate: '2026-05-01',
      keyRates,
      caps: RATE_CAPS,
      rules: ORGANISATION_PENALTY_RULES,
      payments: [{ date: '2026-05-11', amountKop: 65000 }],
      asOf: '2026-06-10',
    });
    // 650 × 0.20 × 10 / 130 = 10.00 and 650 × 0.10 × 40 / 130 = 20.00
    expect(r.segments.map((s) => [s.ratePercent, s.days, s.amount])).toEqual([
      ['20', 10, '10.00'],
      ['10', 40, '20.00'],
    ]);
    expect(r.penaltyKop).toBe(3000);
  });

  it('lifts the cap when it ends (the end date is data)', () => {
    const bill = { ...march, amountKop: 100000, dueDate: '2026-10-15', payments: [] };
    // 77 overdue days, days 31–77 at 1/300 of 9.5 %: 1000 × 0.095 × 47 / 300 = 14.88
    expect(penaltyFor({ ...bill, asOf: '2026-12-31' }).penaltyKop).toBe(1488);
    // 78 overdue days, days 31–78 at 1/300 of 16 %: 1000 × 0.16 × 48 / 300 = 25.60
    expect(penaltyFor({ ...bill, asOf: '2027-01-01' }).penaltyKop).toBe(2560);
    // with the moratorium extended by decree: 1000 × 0.095 × 48 / 300 = 15.20
    const extended = [{ ...RATE_CAPS[0]!, to: '2027-12-31' }];
    expect(penaltyFor({ ...bill, caps: extended, asOf: '2027-01-01' }).penaltyKop).toBe(1520);
  });
});

describe('business penalties: 1/130 from the day after the due date, no cap', () => {
  it.each([
    ['on the due date', '2026-04-15', 0],
    ['on the day after', '2026-04-16', 615],
    ['ten days later', '2026-04-25', 6154],
  ])('5 000.00 at 16 %% paid %s', (_name, date, kop) => {
    const r = penaltyFor({
      kind: 'organisation',
      amountKop: 500000,
      dueDate: '2026-04-15',
      payments: [{ date, amountKop: 500000 }],
      asOf: '2026-12-31',
      keyRates: KEY_RATES,
      caps: RATE_CAPS,
      rules: ORGANISATION_PENALTY_RULES,
    });
    // 5000 × 0.16 / 130 = 6.1538 a day
    expect(r.penaltyKop).toBe(kop);
  });

  it('takes its schedule as data', () => {
    const r = penaltyFor({
      kind: 'organisation',
      amountKop: 300000,
      dueDate: '2026-04-15',
      payments: [],
      asOf: '2026-04-25',
      keyRates: [{ from: '2026-01-01', percent: '10' }],
      caps: [],
      rules: { tiers: [{ fromDay: 6, divisor: 300 }] },
    });
    // days 6..10: 3000 × 0.10 × 5 / 300 = 5.00
    expect(r.penaltyKop).toBe(500);
  });

  it('refuses nonsense tiers', () => {
    expect(() =>
      penaltyFor({
        ...march,
        payments: [],
        asOf: '2026-08-20',
        rules: { tiers: [{ fromDay: 0, divisor: 300 }] },
      }),
    ).toThrow(RangeError);
  });
});

describe('penalties of several bills', () => {
  it('rounds each bill on its own and adds them up', () => {
    const r = penaltiesFor({
      kind: 'person',
      bills: [
        { id: 'mar', amountKop: 500000, dueDate: '2026-04-15' },
        { id: 'apr', amountKop: 100, dueDate: '2026-05-15' },
      ],
      allocations: [{ billId: 'mar', date: '2026-08-20', amountKop: 500000 }],
      asOf: '2026-08-20',
      keyRates: KEY_RATES,
      caps: RATE_CAPS,
      rules: PENALTY_RULE_SETS,
    });
    // apr: 97 overdue days on 1.00: 1 × 0.095 × (60/300 + 7/130) = 0.0241
    expect(r.bills).toEqual([
      { billId: 'mar', penaltyKop: 23019 },
      { billId: 'apr', penaltyKop: 2 },
    ]);
    expect(r.totalKop).toBe(23021);
  });
});

// A change of the tiers by law (the sets are invented: 1/300 from day 1 until a change on 01.07.2026)
const dated: PenaltyRuleSet[] = [
  { customerKind: 'person', from: '2026-07-01', tiers: [{ fromDay: 11, divisor: 200 }] },
  { customerKind: 'person', from: '2000-01-01', tiers: [{ fromDay: 1, divisor: 300 }] },
  { customerKind: 'organisation', from: '2026-08-01', tiers: [{ fromDay: 1, divisor: 100 }] },
  { customerKind: 'organisation', from: '2000-01-01', tiers: [{ fromDay: 1, divisor: 130 }] },
];

describe('which penalty rules a bill follows: the set of its kind in force on its due date', () => {
  it.each([
    ['long before the change', 'person', '2016-03-10', 300],
    ['the day before the change', 'person', '2026-06-30', 300],
    ['on the day of the change', 'person', '2026-07-01', 200],
    ['after the change', 'person', '2027-01-15', 200],
    ['a business bill before its own change', 'organisation', '2026-07-20', 130],
    ['a business bill from its own change', 'organisation', '2026-08-01', 100],
  ] as const)('due %s (%s, %s): 1/%i', (_name, kind, dueDate, divisor) => {
    expect(penaltyRulesFor(kind, dueDate, dated).tiers.map((t) => t.divisor)).toEqual([divisor]);
  });

  it('knows no rules for a bill due before the first set of its kind', () => {
    expect(() => penaltyRulesFor('person', '1999-12-31', dated)).toThrow(NoPenaltyRulesError);
    expect(() => penaltyRulesFor('organisation', '2026-05-01', dated.slice(0, 2))).toThrow(
      NoPenaltyRulesError,
    );
  });

  it('a bill due before a change keeps its rules for the overdue days after it', () => {
    // due 20.06.2026, unpaid to 20.07.2026: 30 days, all at 1/300 of 9.5 % (the 01.07 set would start on day 11 at 1/200)
    const r = penaltiesFor({
      kind: 'person',
      bills: [
        { id: 'old', amountKop: 300000, dueDate: '2026-06-20' },
        { id: 'new', amountKop: 300000, dueDate: '2026-07-01' },
      ],
      allocations: [],
      asOf: '2026-07-20',
      keyRates: KEY_RATES,
      caps: RATE_CAPS,
      rules: dated,
    });
    // old: 3000 × 0.095 × 30 / 300 = 28.50; new: 19 overdue days, days 11–19 at 1/200: 3000 × 0.095 × 9 / 200 = 12.825
    expect(r.bills).toEqual([
      { billId: 'old', penaltyKop: 2850 },
      { billId: 'new', penaltyKop: 1283 },
    ]);
  });

  it("today's seeded rules reproduce the worked example through the dated sets", () => {
    const rules = penaltyRulesFor('person', '2026-04-15', PENALTY_RULE_SETS);
    expect(penaltyFor({ ...march, rules, payments: [], asOf: '2026-08-20' }).penaltyKop).toBe(23019);
    expect(penaltyRulesFor('organisation', '2026-04-15', PENALTY_RULE_SETS)).toEqual(
      ORGANISATION_PENALTY_RULES,
    );
  });
});
