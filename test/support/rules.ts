// The regulatory data the migrations seed, as domain values: fixtures for the pure unit tests
// (test/integration/debt-rules.test.ts holds them equal to what the database is seeded with).
import type { AdvanceRuleSet, AdvanceRules } from '../../src/domain/advance.js';
import type { KeyRate, PenaltyRuleSet, PenaltyRules, RateCap } from '../../src/domain/penalties.js';

/** Residential: nothing for 30 days, 1/300 on days 31–90, 1/130 from day 91. */
export const PERSON_PENALTY_RULES: PenaltyRules = {
  tiers: [
    { fromDay: 31, divisor: 300 },
    { fromDay: 91, divisor: 130 },
  ],
};

/** Business: 1/130 from the day after the due date. */
export const ORGANISATION_PENALTY_RULES: PenaltyRules = { tiers: [{ fromDay: 1, divisor: 130 }] };

export const PENALTY_RULE_SETS: readonly PenaltyRuleSet[] = [
  { customerKind: 'organisation', from: '2000-01-01', ...ORGANISATION_PENALTY_RULES },
  { customerKind: 'person', from: '2000-01-01', ...PERSON_PENALTY_RULES },
];

/** 30 % by the 10th, 40 % by the 25th of the month, the rest by the 18th of the next month. */
export const ADVANCE_RULES: AdvanceRules = {
  instalments: [
    { percent: '30', day: 10, monthOffset: 0 },
    { percent: '40', day: 25, monthOffset: 0 },
  ],
  final: { day: 18, monthOffset: 1 },
};

export const ADVANCE_RULE_SETS: readonly AdvanceRuleSet[] = [{ fromPeriod: '2000-01', ...ADVANCE_RULES }];

export const RATE_CAPS: readonly RateCap[] = [
  { customerKind: 'person', from: '2022-02-28', to: '2026-12-31', percent: '9.5' },
];

/** Bank of Russia key rate history since 2022. */
export const KEY_RATES: readonly KeyRate[] = [
  { from: '2021-12-20', percent: '8.5' },
  { from: '2022-02-14', percent: '9.5' },
  { from: '2022-02-28', percent: '20' },
  { from: '2022-04-11', percent: '17' },
  { from: '2022-05-04', percent: '14' },
  { from: '2022-05-27', percent: '11' },
  { from: '2022-06-14', percent: '9.5' },
  { from: '2022-07-25', percent: '8' },
  { from: '2022-09-19', percent: '7.5' },
  { from: '2023-07-24', percent: '8.5' },
  { from: '2023-08-15', percent: '12' },
  { from: '2023-09-18', percent: '13' },
  { from: '2023-10-30', percent: '15' },
  { from: '2023-12-18', percent: '16' },
  { from: '2024-07-29', percent: '18' },
  { from: '2024-09-16', percent: '19' },
  { from: '2024-10-28', percent: '21' },
  { from: '2025-06-09', percent: '20' },
  { from: '2025-07-28', percent: '18' },
  { from: '2025-09-15', percent: '17' },
  { from: '2025-10-27', percent: '16.5' },
  { from: '2025-12-22', percent: '16' },
];
