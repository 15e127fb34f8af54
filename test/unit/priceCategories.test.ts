// The calculator's four price categories, each checked against a computation by hand.
import { describe, expect, it } from 'vitest';
import {
  categoryKeyOf,
  compareCategories,
  workingDaysOf,
  type CategoryComparison,
  type CategoryKey,
  type ConsumptionInput,
  type PriceCategoryPrices,
} from '../../src/domain/priceCategories.js';

const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);

// night 23:00–7:00 (8 h); peak 7–11 and 17–21 (8 h); semi-peak the other 8 h
const PRICES: PriceCategoryPrices = {
  validFrom: '2026-01-01',
  singleRate: '7.00',
  twoZone: { day: '8.00', night: '4.00' },
  threeZone: { peak: '10.00', semiPeak: '7.00', night: '4.00' },
  nightHours: [23, ...range(0, 6)],
  peakHours: [...range(7, 10), ...range(17, 20)],
  hourlyEnergy: range(0, 23).map((h) => (h < 7 || h === 23 ? '2.00' : '3.00')),
  networkRate: '1.50',
  capacityPrice: '900000',
  peakHour: 10,
  networkCapacityRate: '1200000',
  lossesRate: '500',
  plannedPeakHours: [8, 9, 10, 11, 18, 19, 20],
};

const totals = (c: CategoryComparison) =>
  Object.fromEntries(c.costs.map((x) => [x.key, x.totalKop])) as Record<CategoryKey, number>;
const parts = (c: CategoryComparison, key: CategoryKey) =>
  c.costs.find((x) => x.key === key)!.parts.map((p) => [p.kind, p.quantity, p.price, p.kop]);

/** November 2026 (30 days, 21 working days): 10 kWh every hour, plus `extra` at (day, hour). */
function november(extra: [number, number, string][] = []): ConsumptionInput {
  const volumes = Array.from({ length: 30 * 24 }, () => '10');
  for (const [day, hour, v] of extra) volumes[(day - 1) * 24 + hour] = v;
  return { kind: 'hourly', volumes };
}

describe('the cost of a month under each price category', () => {
  const cases: {
    name: string;
    period: string;
    input: ConsumptionInput;
    prices?: Partial<PriceCategoryPrices>;
    expected: Record<CategoryKey, number>;
    cheapest: CategoryKey[];
  }[] = [
    {
      // 72 000 kWh evenly: 100 kWh an hour; night 24 000, day 48 000, peak = semi = night = 24 000
      name: '72 000 kWh in November without a split',
      period: '2026-11',
      input: { kind: 'monthly', total: '72000' },
      expected: {
        '1': 72000 * 7 * 100, // 504 000.00
        '2-two': (48000 * 8 + 24000 * 4) * 100, // 480 000.00
        '2-three': (24000 * 10 + 24000 * 7 + 24000 * 4) * 100, // 504 000.00
        // energy 24 000 × 2 + 48 000 × 3 = 192 000; capacity 0.1 MW × 900 000; network 72 000 × 1.5
        '3': (192000 + 90000 + 108000) * 100,
        // energy 192 000; capacity 90 000; network capacity 0.1 × 1 200 000; losses 72 MWh × 500
        '4': (192000 + 90000 + 120000 + 36000) * 100,
      },
      cheapest: ['3'],
    },
    {
      // February 2026: day 7 000 over 28 × 16 h = 15.625 kWh an hour; the peak hour is a day hour
      name: '10 000 kWh in February, 3 000 of them at night',
      period: '2026-02',
      input: { kind: 'monthly', total: '10000', split: { zones: 'two', night: '3000' } },
      expected: {
        '1': 7000000, // 70 000.00
        '2-two': 6800000, // 7 000 × 8 + 3 000 × 4
        '2-three': 7150000, // peak 3 500 × 10 + semi 3 500 × 7 + night 3 000 × 4
        '3': 5606250, // 27 000 + 0.015625 × 900 000 = 14 062.50 + 15 000
        '4': 6481250, // 27 000 + 14 062.50 + 0.015625 × 1 200 000 + 10 × 500
      },
      cheapest: ['3'],
    },
    {
      // semi-peak 500.15; an hour at peak 300.25 / 240 = 1.2510416… kWh → 1 125.9375 ₽ → 1 125.94
      name: 'kopecks round half up in each part',
      period: '2026-11',
      prices: { singleRate: '6.1234' },
      input: { kind: 'monthly', total: '1000.5', split: { zones: 'three', peak: '300.25', night: '200.1' } },
      expected: {
        '1': 612646, // 6 126.4617
        '2-two': 720360, // 800.4 × 8 + 200.1 × 4
        '2-three': 730395, // 3 002.50 + 3 501.05 + 800.40
        '3': 542809, // 2 801.40 + 1 125.94 + 1 500.75
        // the largest planned hour is semi-peak (hour 11): 500.15 / 240 kWh × 1 200 = 2 500.75; losses 500.25
        '4': 692834,
      },
      cheapest: ['3'],
    },
    {
      // 7 310 kWh: 50 at 10:00 on Monday 02.11, 80 at 19:00 on Tuesday 03.11, 10 every other hour
      name: 'an hourly profile of November',
      period: '2026-11',
      input: november([
        [2, 10, '50'],
        [3, 19, '80'],
      ]),
      expected: {
        '1': 5117000, // 7 310 × 7
        '2-two': 4888000, // day 4 910 × 8 + night 2 400 × 4
        '2-three': 5150000, // peak 2 510 × 10 + semi 2 400 × 7 + night 2 400 × 4
        // energy 2 400 × 2 + 4 910 × 3 = 19 530; capacity (21 × 10 + 40) / 21 kWh → 10 714.2857; network 10 965
        '3': 4120929,
        // network capacity (19 × 10 + 50 + 80) / 21 kWh × 1 200 → 18 285.714; losses 7.31 × 500 = 3 655
        '4': 5218500,
      },
      cheapest: ['3'],
    },
    {
      // 1 000 kWh at 10:00 on Sunday 01.11: energy and volume count it, capacity does not
      name: 'a peak on a day off does not raise the capacity',
      period: '2026-11',
      input: november([[1, 10, '1000']]),
      expected: {
        '1': (7200 + 990) * 7 * 100,
        '2-two': ((4800 + 990) * 8 + 2400 * 4) * 100,
        '2-three': ((2400 + 990) * 10 + 2400 * 7 + 2400 * 4) * 100,
        // energy 2 400 × 2 + 5 790 × 3 = 22 170; capacity 0.01 × 900 000 = 9 000; network 8 190 × 1.5
        '3': (22170 + 9000 + 12285) * 100,
        // network capacity 0.01 × 1 200 000; losses 8.19 × 500
        '4': (22170 + 9000 + 12000 + 4095) * 100,
      },
      cheapest: ['3'],
    },
  ];

  for (const c of cases)
    it(c.name, () => {
      const result = compareCategories({ ...PRICES, ...c.prices }, c.period, c.input);
      expect(totals(result)).toEqual(c.expected);
      expect(result.cheapest).toEqual(c.cheapest);
    });

  it('shows each part as quantity × price, the hourly energy at its average price', () => {
    const result = compareCategories(PRICES, '2026-02', {
      kind: 'monthly',
      total: '10000',
      split: { zones: 'two', night: '3000' },
    });
    expect(parts(result, '2-two')).toEqual([
      ['day', '7000.000', '8.00', 5600000],
      ['night', '3000.000', '4.00', 1200000],
    ]);
    expect(parts(result, '4')).toEqual([
      ['hourly_energy', '10000.000', '2.7000', 2700000],
      ['capacity', '0.015625', '900000', 1406250],
      ['network_capacity', '0.015625', '1200000', 1875000],
      ['losses', '10.000', '500', 500000],
    ]);
    expect(result.totalKwh).toBe('10000.000');
    expect([result.days, result.workingDays]).toEqual([28, 20]);
  });

  it('equal totals are all cheapest', () => {
    const flat = {
      ...PRICES,
      twoZone: { day: '7.00', night: '7.00' },
      threeZone: { peak: '8', semiPeak: '8', night: '8' },
      hourlyEnergy: PRICES.hourlyEnergy.map(() => '9'),
    };
    expect(compareCategories(flat, '2026-11', { kind: 'monthly', total: '100' }).cheapest).toEqual([
      '1',
      '2-two',
    ]);
  });

  it('refuses a profile of the wrong length and zones larger than the month', () => {
    expect(() => compareCategories(PRICES, '2026-02', november())).toThrow(RangeError);
    expect(() =>
      compareCategories(PRICES, '2026-11', {
        kind: 'monthly',
        total: '100',
        split: { zones: 'three', peak: '60', night: '50' },
      }),
    ).toThrow(RangeError);
  });
});

describe('working days and the current category', () => {
  it('November 2026 has 21 working days, Monday to Friday', () => {
    const days = workingDaysOf('2026-11');
    expect(days.filter(Boolean)).toHaveLength(21);
    expect([days[0], days[1], days[6]]).toEqual([false, true, false]);
  });

  it.each([
    [1, 1, '1'],
    [2, 2, '2-two'],
    [2, 3, '2-three'],
    [3, 1, '3'],
    [4, 1, '4'],
    [null, 1, undefined],
  ] as const)('category %s with %s zones is %s', (cat, zones, key) => {
    expect(categoryKeyOf(cat, zones)).toBe(key);
  });
});
