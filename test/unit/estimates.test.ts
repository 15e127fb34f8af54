// The expected charge of a reading's volume and a zone's usual consumption from its readings.
import { describe, it, expect } from 'vitest';
import { averageFromReadings, expectedCharge } from '../../src/domain/estimates.js';

const tiers = [
  { tier: 1, tierLimit: '100', price: '5.00' },
  { tier: 2, tierLimit: null, price: '7.10' },
];

describe('expectedCharge', () => {
  it.each([
    {
      volume: '150',
      rates: tiers,
      lines: [
        [1, '100', 50_000],
        [2, '50', 35_500],
      ],
      amount: 85_500,
    },
    { volume: '80', rates: tiers, lines: [[1, '80', 40_000]], amount: 40_000 },
    {
      volume: '0.333',
      rates: [{ tier: 1, tierLimit: null, price: '6.12' }],
      lines: [[1, '0.333', 204]],
      amount: 204,
    },
  ])('$volume kWh costs $amount kopecks, a line per tier used', ({ volume, rates, lines, amount }) => {
    const charge = expectedCharge(volume, rates)!;
    expect(charge.lines.map((l) => [l.tier, l.volume, l.amountKop])).toEqual(lines);
    expect(charge.amountKop).toBe(amount);
    expect(charge.vatKop).toBe(0);
  });

  it('VAT is the part of the price that the rate includes, rounded half up', () => {
    // 85 500 × 20 / 120 = 14 250
    expect(expectedCharge('150', tiers, '20')!.vatKop).toBe(14_250);
    // 40 000 × 22 / 122 = 7 213.11…
    expect(expectedCharge('80', tiers, '22')!.vatKop).toBe(7_213);
  });

  it('a zone without a rate has no expected charge', () => {
    expect(expectedCharge('10', [])).toBeNull();
  });
});

describe('averageFromReadings', () => {
  const r = (date: string, value: string, rollover = false) => ({ date, value, rollover });

  it('spreads the advance over the days between the oldest and the newest reading, per 30 days, times the ratio', () => {
    expect(Number(averageFromReadings([r('2026-03-02', '160'), r('2026-01-01', '100')], '1'))).toBe(30);
    expect(
      Number(
        averageFromReadings([r('2026-01-01', '100'), r('2026-02-10', '120'), r('2026-03-02', '160')], '40'),
      ),
    ).toBe(1200);
  });

  it.each([
    ['one reading', [r('2026-01-01', '100')]],
    ['fewer than 60 days apart', [r('2026-01-01', '100'), r('2026-02-28', '160')]],
    ['a rollover inside the window', [r('2026-01-01', '9990'), r('2026-03-02', '30', true)]],
    ['a value that went down', [r('2026-01-01', '100'), r('2026-03-02', '90')]],
  ])('%s gives no average', (_case, readings) => {
    expect(averageFromReadings(readings, '1')).toBeNull();
  });
});
