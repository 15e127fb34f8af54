import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ESTIMATION_RULES,
  averageMonthlyVolume,
  meterVolumes,
  normativeVolume,
  registerAdvance,
  rolloverAdvance,
  tieredVolumes,
  volumeMethodFor,
  type BilledMonth,
} from '../../src/domain/volumes.js';
import { decimalToPlain } from '../../src/domain/decimal.js';
import { addMonths } from '../../src/domain/periods.js';

describe('register advance and rollover', () => {
  it.each([
    ['99850', '00120', 5, '270'],
    ['99850', '120', 5, '270'],
    ['999999.50', '000000.25', 6, '0.75'],
    ['9990', '5', 4, '15'],
    ['1', '0', 1, '9'],
  ])('a %i-digit register going %s → %s advanced by %s', (prev, cur, digits, out) => {
    expect(decimalToPlain(rolloverAdvance(prev, cur, digits as number))).toBe(out);
    expect(decimalToPlain(registerAdvance(prev, cur, digits as number, true))).toBe(out);
  });

  it.each([
    ['1359.00', '1456.00', '97'],
    ['100', '100', '0'],
    ['0.5', '1.25', '0.75'],
  ])('without rollover %s → %s is %s', (prev, cur, out) => {
    expect(decimalToPlain(registerAdvance(prev, cur, 6))).toBe(out);
  });

  it('refuses a lower reading that is not a rollover', () => {
    expect(() => registerAdvance('120', '100', 5)).toThrow(RangeError);
  });

  it('refuses a rollover when the reading did not go down', () => {
    expect(() => rolloverAdvance('100', '100', 5)).toThrow(RangeError);
    expect(() => rolloverAdvance('100', '120', 5)).toThrow(RangeError);
    expect(() => rolloverAdvance('100', '20', 0)).toThrow(RangeError);
  });
});

describe('meter volumes per zone', () => {
  it('multiplies each zone advance by the transformer ratio', () => {
    expect(
      meterVolumes({ digits: 5, ratio: '40' }, [
        { zone: 'T1', previous: '36156', current: '36200' },
        { zone: 'T2', previous: '99990', current: '00010', rollover: true },
      ]),
    ).toEqual([
      { zone: 'T1', advance: '44', volume: '1760' },
      { zone: 'T2', advance: '20', volume: '800' },
    ]);
  });

  it('keeps decimals exact with a fractional ratio', () => {
    expect(
      meterVolumes({ digits: 6, ratio: '1.5' }, [{ zone: 'T', previous: '1359.25', current: '1360.00' }]),
    ).toEqual([{ zone: 'T', advance: '0.75', volume: '1.125' }]);
  });
});

function months(volumes: [string, string, BilledMonth['method']?][]): BilledMonth[] {
  return volumes.map(([period, volume, method]) => ({ period, volume, method: method ?? 'meter' }));
}

describe('average monthly volume', () => {
  it.each([
    [
      'two metered months are not enough',
      months([
        ['2026-08', '100'],
        ['2026-09', '200'],
      ]),
      null,
    ],
    [
      'three metered months are enough',
      months([
        ['2026-07', '100'],
        ['2026-08', '200'],
        ['2026-09', '301'],
      ]),
      { volume: '200.33', months: 3 },
    ],
    [
      'estimated months do not count',
      months([
        ['2026-07', '100'],
        ['2026-08', '999', 'average'],
        ['2026-09', '300'],
      ]),
      null,
    ],
    [
      'months at or after the billed period do not count',
      months([
        ['2026-07', '100'],
        ['2026-08', '200'],
        ['2026-10', '300'],
      ]),
      null,
    ],
  ])('%s', (_name, history, out) => {
    expect(averageMonthlyVolume(history, '2026-10')).toEqual(out);
  });

  it('uses only the last 12 metered months', () => {
    const history = months([
      ['2025-01', '1000'],
      ...Array.from({ length: 12 }, (_, i) => [addMonths('2025-02', i), '10'] as [string, string]),
    ]);
    expect(averageMonthlyVolume(history, '2026-06')).toEqual({ volume: '10', months: 12 });
  });

  it('takes its limits as data', () => {
    const history = months([
      ['2026-08', '100'],
      ['2026-09', '200'],
    ]);
    expect(
      averageMonthlyVolume(history, '2026-10', { ...DEFAULT_ESTIMATION_RULES, averageMinMonths: 2 }),
    ).toEqual({
      volume: '150',
      months: 2,
    });
    expect(
      averageMonthlyVolume(history, '2026-10', {
        ...DEFAULT_ESTIMATION_RULES,
        averageWindowMonths: 1,
        averageMinMonths: 1,
      }),
    ).toEqual({ volume: '200', months: 1 });
  });
});

describe('which method bills a metered period', () => {
  const average = { volume: '150' };
  it.each([
    [
      'a reading on a verified meter',
      { hasReading: true, verificationExpired: false, estimatedPeriodsInRow: 0, average },
      { method: 'meter' },
    ],
    [
      'a reading on a meter past its verification',
      { hasReading: true, verificationExpired: true, estimatedPeriodsInRow: 0, average },
      { method: 'average', volume: '150' },
    ],
    [
      'no reading, first estimated period',
      { hasReading: false, verificationExpired: false, estimatedPeriodsInRow: 0, average },
      { method: 'average', volume: '150' },
    ],
    [
      'no reading, third period in a row',
      { hasReading: false, verificationExpired: false, estimatedPeriodsInRow: 2, average },
      { method: 'average', volume: '150' },
    ],
    [
      'no reading, fourth period in a row',
      { hasReading: false, verificationExpired: false, estimatedPeriodsInRow: 3, average },
      { method: 'norm', reason: 'average_exhausted' },
    ],
    [
      'no reading and too little history',
      { hasReading: false, verificationExpired: false, estimatedPeriodsInRow: 0, average: null },
      { method: 'norm', reason: 'no_history' },
    ],
  ] as const)('%s', (_name, situation, decision) => {
    expect(volumeMethodFor(situation)).toEqual(decision);
  });

  it('takes the number of average periods as data', () => {
    expect(
      volumeMethodFor(
        { hasReading: false, verificationExpired: false, estimatedPeriodsInRow: 3, average: { volume: '1' } },
        { ...DEFAULT_ESTIMATION_RULES, averageMaxPeriods: 6 },
      ),
    ).toEqual({ method: 'average', volume: '1' });
  });
});

describe('normative volume', () => {
  it.each([
    ['0.0280', { kind: 'per_area', area: '60.6' }, '1.6968'],
    ['0.028', { kind: 'per_area', area: '60.6' }, '1.6968'],
    ['68', { kind: 'per_resident', residents: 3 }, '204'],
    ['68', { kind: 'per_resident', residents: 0 }, '0'],
  ] as const)('norm %s × %j = %s', (norm, basis, out) => {
    expect(normativeVolume(norm, basis)).toBe(out);
  });

  it('refuses a fractional number of residents', () => {
    expect(() => normativeVolume('68', { kind: 'per_resident', residents: 1.5 })).toThrow(RangeError);
  });
});

describe('tiered volumes', () => {
  it.each([
    ['0', ['3900', '6000'], ['0', '0', '0']],
    ['100', ['3900', '6000'], ['100', '0', '0']],
    ['3900', ['3900', '6000'], ['3900', '0', '0']],
    ['3900.5', ['3900', '6000'], ['3900', '0.5', '0']],
    ['6000', ['3900', '6000'], ['3900', '2100', '0']],
    ['6001', ['3900', '6000'], ['3900', '2100', '1']],
    ['150', ['100'], ['100', '50']],
    ['150', [], ['150']],
  ])('V = %s with limits %j splits into %j', (v, limits, parts) => {
    expect(tieredVolumes(v, limits)).toEqual(parts);
  });

  it('refuses descending limits and negative volumes', () => {
    expect(() => tieredVolumes('10', ['6000', '3900'])).toThrow(RangeError);
    expect(() => tieredVolumes('-1', ['10'])).toThrow(RangeError);
  });
});
