import { describe, expect, it } from 'vitest';
import {
  DEFAULT_READING_RULES,
  classifyResubmission,
  isInsideReadingWindow,
  periodForReading,
  previousReadingFor,
  readingWindowNote,
  validateMeterReadings,
  validateReading,
  type MeterForReading,
  type PreviousReading,
  type StoredReading,
} from '../../src/domain/readings.js';

const TODAY = '2026-10-24';
const meter: MeterForReading = {
  digits: 6,
  decimals: 2,
  ratio: '1',
  installed: '2010-12-18',
  removed: null,
  verificationDue: '2030-01-01',
};
const previous: PreviousReading = { date: '2026-09-24', value: '1262.00' };

function codes(r: ReturnType<typeof validateReading>): string[] {
  return r.ok ? [] : r.errors.map((e) => e.code);
}

describe('a reading the customer types is accepted when it makes sense', () => {
  it.each([
    ['1359.25', '1359.25', '97.25'],
    ['1359,25', '1359.25', '97.25'],
    [' 1359,2 ', '1359.2', '97.2'],
    ['1 359,25', '1359.25', '97.25'],
    ['1262', '1262', '0'],
    ['001300', '1300', '38'],
    ['999999.99', '999999.99', '998737.99'],
  ])('%j is accepted as %s with volume %s', (typed, value, volume) => {
    const r = validateReading(meter, previous, { value: typed, date: TODAY }, TODAY);
    expect(r).toMatchObject({ ok: true, value, volume, advance: volume, rollover: false, date: TODAY });
  });

  it('multiplies the advance by the transformer ratio', () => {
    const r = validateReading(
      { ...meter, digits: 5, decimals: 0, ratio: '40' },
      { date: '2018-10-31', value: '36156' },
      { value: '36200', date: '2018-11-29' },
      '2018-11-29',
    );
    expect(r).toMatchObject({ ok: true, advance: '44', volume: '1760' });
  });

  it('accepts the first reading of a register without a volume', () => {
    expect(validateReading(meter, null, { value: '5', date: TODAY }, TODAY)).toEqual({
      ok: true,
      value: '5',
      date: TODAY,
      advance: null,
      volume: null,
      rollover: false,
      warnings: [],
    });
  });

  it('accepts a reading dated the same day as the previous one and today', () => {
    expect(validateReading(meter, { date: TODAY, value: '1' }, { value: '2', date: TODAY }, TODAY).ok).toBe(
      true,
    );
  });
});

describe('a reading is refused with the reason and a Russian message', () => {
  it.each([
    ['empty', '', TODAY, ['empty']],
    ['blank', '   ', TODAY, ['empty']],
    ['letters', 'abc', TODAY, ['not_a_number']],
    ['two separators', '1.2.3', TODAY, ['not_a_number']],
    ['an exponent', '1e3', TODAY, ['not_a_number']],
    ['negative', '-5', TODAY, ['negative']],
    ['seven integer digits on a six-digit meter', '1000000', TODAY, ['too_many_integer_digits']],
    ['three decimals on a two-decimal meter', '1359.255', TODAY, ['too_many_decimals']],
    ['three decimals even when the last is zero', '1359.250', TODAY, ['too_many_decimals']],
    ['an impossible date', '1359', '2026-02-30', ['invalid_date']],
    ['a date in another format', '1359', '24.10.2026', ['invalid_date']],
    ['tomorrow', '1359', '2026-10-25', ['future_date']],
    ['before the last accepted reading', '1359', '2026-09-23', ['before_last_reading']],
    ['before installation', '1359', '2010-12-17', ['before_installation']],
    ['bad value and bad date together', 'abc', '2026-10-25', ['not_a_number', 'future_date']],
  ])('%s', (_name, value, date, expected) => {
    const r = validateReading(meter, previous, { value, date }, TODAY);
    expect(codes(r)).toEqual(expected);
    if (!r.ok) for (const e of r.errors) expect(e.text).toMatch(/[А-Яа-яё]/);
  });

  it('explains the digit capacity in the message', () => {
    const r = validateReading(
      { ...meter, digits: 5, decimals: 0 },
      null,
      { value: '123456', date: TODAY },
      TODAY,
    );
    expect(r).toEqual({
      ok: false,
      errors: [
        { code: 'too_many_integer_digits', text: 'Показание не может содержать больше 5 цифр до запятой' },
      ],
    });
    const r2 = validateReading(
      { ...meter, digits: 5, decimals: 0 },
      null,
      { value: '1.5', date: TODAY },
      TODAY,
    );
    expect(codes(r2)).toEqual(['too_many_decimals']);
  });

  it.each([
    ['removed before today', '2026-10-01', TODAY, true],
    ['removed today', TODAY, TODAY, true],
    ['removal planned after the reading date', '2026-10-30', TODAY, false],
    ['removed tomorrow', '2026-10-25', TODAY, false],
  ])('a meter %s refuses readings: %s', (_name, removed, date, refused) => {
    const r = validateReading({ ...meter, removed }, previous, { value: '1300', date }, TODAY);
    expect(codes(r).includes('meter_removed')).toBe(refused);
  });
});

describe('a reading lower than the previous one is refused unless rollover is confirmed', () => {
  const fiveDigits: MeterForReading = { ...meter, digits: 5, decimals: 0 };
  const prev: PreviousReading = { date: '2026-09-24', value: '99850' };

  it('is refused without confirmation, offering the rollover', () => {
    const r = validateReading(fiveDigits, prev, { value: '00120', date: TODAY }, TODAY);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors[0]?.code).toBe('lower_than_previous');
      expect(r.errors[0]?.text).toContain('перешёл через ноль');
      expect(r.errors[0]?.text).toContain('270');
    }
  });

  it('is accepted with confirmation: 99 850 → 00 120 = 270', () => {
    const r = validateReading(fiveDigits, prev, { value: '00120', date: TODAY }, TODAY, {
      confirmRollover: true,
    });
    expect(r).toMatchObject({
      ok: true,
      value: '120',
      advance: '270',
      volume: '270',
      rollover: true,
      warnings: [],
    });
  });

  it.each([
    ['an advance of half the capacity', '50000', '0', false],
    ['an advance just under half the capacity', '50001', '0', true],
  ])('a confirmed rollover with %s: plausible = %s', (_name, p, current, plausible) => {
    const r = validateReading(
      fiveDigits,
      { date: '2026-09-24', value: p },
      { value: current, date: TODAY },
      TODAY,
      { confirmRollover: true },
    );
    expect(r.ok).toBe(plausible);
    if (!r.ok) expect(codes(r)).toEqual(['rollover_implausible']);
  });

  it('does not offer a rollover that could not be', () => {
    const r = validateReading(
      fiveDigits,
      { date: '2026-09-24', value: '50000' },
      { value: '49000', date: TODAY },
      TODAY,
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]?.text).not.toContain('через ноль');
  });

  it('refuses a confirmed rollover that is more than 3 times the average', () => {
    const r = validateReading(fiveDigits, prev, { value: '00120', date: TODAY }, TODAY, {
      confirmRollover: true,
      averageMonthlyVolume: '80',
    });
    expect(codes(r)).toEqual(['rollover_implausible']);
    const ok = validateReading(fiveDigits, prev, { value: '00120', date: TODAY }, TODAY, {
      confirmRollover: true,
      averageMonthlyVolume: '90',
    });
    expect(ok.ok).toBe(true);
  });

  it('ignores the confirmation when the reading did not go down', () => {
    const r = validateReading(fiveDigits, prev, { value: '99900', date: TODAY }, TODAY, {
      confirmRollover: true,
    });
    expect(r).toMatchObject({ ok: true, advance: '50', rollover: false });
  });
});

describe('an unusual consumption is warned about and needs confirmation', () => {
  const warn = (r: ReturnType<typeof validateReading>) =>
    r.ok ? r.warnings.map((w) => w.code) : ['refused'];

  it.each([
    ['exactly 3× the average over 30 days', '1262', '1562', '2026-10-24', []],
    ['just above 3× the average', '1262', '1562.01', '2026-10-24', ['above_average']],
    ['3× the average over 60 days is doubled', '1262', '1862', '2026-11-23', []],
    ['above 6× the average over 60 days', '1262', '1862.01', '2026-11-23', ['above_average']],
    ['a bound of at least one month for short intervals', '1262', '1562', '2026-09-25', []],
  ])('%s', (_name, prevValue, value, date, expected) => {
    const r = validateReading(
      meter,
      { date: '2026-09-24', value: prevValue },
      { value, date },
      '2026-12-01',
      { averageMonthlyVolume: '100' },
    );
    expect(warn(r)).toEqual(expected);
  });

  it.each([
    ['at the physical limit', '1262', '1592', []],
    ['above the physical limit', '1262', '1592.01', ['above_physical_limit']],
  ])('%s of 11 kWh a day for 30 days', (_name, p, value, expected) => {
    const rules = { ...DEFAULT_READING_RULES, maxDailyVolume: '11' };
    const r = validateReading(meter, { date: '2026-09-24', value: p }, { value, date: TODAY }, TODAY, {
      rules,
    });
    expect(warn(r)).toEqual(expected);
  });

  it.each([
    ['the day verification ends', '2026-10-24', []],
    ['the day after verification ended', '2026-10-23', ['verification_expired']],
  ])('a reading on %s', (_name, due, expected) => {
    const r = validateReading(
      { ...meter, verificationDue: due },
      previous,
      { value: '1300', date: TODAY },
      TODAY,
    );
    expect(warn(r)).toEqual(expected);
  });

  it('gives the warning in Russian', () => {
    const r = validateReading(meter, previous, { value: '2000', date: TODAY }, TODAY, {
      averageMonthlyVolume: '100',
    });
    expect(r.ok && r.warnings[0]?.text).toContain('превышает обычный');
  });
});

describe('a multi-zone meter is validated as a whole', () => {
  const twoZone: MeterForReading = { ...meter, digits: 5, decimals: 1, ratio: '1' };

  it('accepts all zones together', () => {
    const r = validateMeterReadings(
      twoZone,
      [
        { zone: 'T1', previous: { date: '2026-09-24', value: '100' }, input: { value: '150', date: TODAY } },
        {
          zone: 'T2',
          previous: { date: '2026-09-24', value: '99990' },
          input: { value: '10', date: TODAY },
          confirmRollover: true,
        },
      ],
      TODAY,
    );
    expect(r).toEqual({
      ok: true,
      date: TODAY,
      zones: [
        { zone: 'T1', value: '150', advance: '50', volume: '50', rollover: false },
        { zone: 'T2', value: '10', advance: '20', volume: '20', rollover: true },
      ],
      warnings: [],
    });
  });

  it('refuses every zone when one zone is wrong, naming that zone', () => {
    const r = validateMeterReadings(
      twoZone,
      [
        { zone: 'T1', previous: { date: '2026-09-24', value: '100' }, input: { value: '150', date: TODAY } },
        { zone: 'T2', previous: { date: '2026-09-24', value: '200' }, input: { value: '', date: TODAY } },
      ],
      TODAY,
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => [e.zone, e.code])).toEqual([['T2', 'empty']]);
  });

  it('refuses zones dated differently', () => {
    const r = validateMeterReadings(
      twoZone,
      [
        { zone: 'T1', previous: null, input: { value: '150', date: TODAY } },
        { zone: 'T2', previous: null, input: { value: '10', date: '2026-10-23' } },
      ],
      TODAY,
    );
    expect(r.ok ? [] : r.errors.map((e) => [e.zone, e.code])).toEqual([['T2', 'dates_differ']]);
  });

  it('reports an expired verification once for the meter', () => {
    const r = validateMeterReadings(
      { ...twoZone, verificationDue: '2026-01-01' },
      [
        { zone: 'T1', previous: null, input: { value: '150', date: TODAY } },
        { zone: 'T2', previous: null, input: { value: '10', date: TODAY } },
      ],
      TODAY,
    );
    expect(r.ok && r.warnings.map((w) => [w.zone, w.code])).toEqual([['T1', 'verification_expired']]);
  });

  it('needs at least one register', () => {
    expect(() => validateMeterReadings(twoZone, [], TODAY)).toThrow(RangeError);
  });
});

describe('the reading window decides the billing period', () => {
  const window = { fromDay: 15, toDay: 25 };
  it.each([
    ['2026-10-14', false, '2026-10'],
    ['2026-10-15', true, '2026-10'],
    ['2026-10-25', true, '2026-10'],
    ['2026-10-26', false, '2026-11'],
    ['2026-12-31', false, '2027-01'],
    ['2026-11-01', false, '2026-11'],
  ])('a reading on %s: inside = %s, period %s', (date, inside, period) => {
    expect(isInsideReadingWindow(date, window)).toBe(inside);
    expect(periodForReading(date, window)).toBe(period);
  });

  it.each([
    ['2026-02-28', true, '2026-02'],
    ['2026-03-01', false, '2026-03'],
    ['2026-01-31', true, '2026-01'],
  ])('a window to the 31st ends on the last day of a short month: %s', (date, inside, period) => {
    const w = { fromDay: 20, toDay: 31 };
    expect(isInsideReadingWindow(date, w)).toBe(inside);
    expect(periodForReading(date, w)).toBe(period);
  });

  it.each([
    ['2026-10-24', false, '2026-10'],
    ['2026-10-25', true, '2026-10'],
    ['2026-11-05', true, '2026-10'],
    ['2026-11-06', false, '2026-11'],
  ])('a window over the month end (25th–5th): %s inside = %s, period %s', (date, inside, period) => {
    const w = { fromDay: 25, toDay: 5 };
    expect(isInsideReadingWindow(date, w)).toBe(inside);
    expect(periodForReading(date, w)).toBe(period);
  });

  it('says so before submitting outside the window', () => {
    expect(readingWindowNote('2026-10-20', window)).toBeNull();
    expect(readingWindowNote('2026-10-26', window)).toBe(
      'Показания принимаются с 15 по 25 число месяца. Показание от 26.10.2026 будет учтено в расчёте за ноябрь 2026',
    );
  });
});

describe('resubmitting a reading', () => {
  const stored: StoredReading[] = [
    { id: 1, date: '2026-09-24', value: '1262.00', source: 'customer', status: 'billed' },
    { id: 2, date: '2026-10-20', value: '1350.00', source: 'customer', status: 'accepted' },
    { id: 3, date: '2026-10-21', value: '9999.00', source: 'customer', status: 'rejected' },
    { id: 4, date: '2026-10-22', value: '1400.00', source: 'estimated', status: 'accepted' },
  ];

  it.each([
    ['the same value for the same date is not a second reading', '2026-10-20', '1350', 'duplicate'],
    ['a corrected value on the same day replaces the earlier one', '2026-10-20', '1351', 'replace'],
    ['another date is a new reading', '2026-10-23', '1351', 'new'],
    ['a rejected reading does not count', '2026-10-21', '1351', 'new'],
    ['a billed reading cannot be changed', '2026-09-24', '1263', 'refused'],
    ['a billed reading resubmitted unchanged is a duplicate', '2026-09-24', '1262', 'duplicate'],
  ])('%s', (_name, date, value, kind) => {
    expect(classifyResubmission(stored, { date, value }).kind).toBe(kind);
  });

  it.each([
    [
      'a new date compares with the latest accepted reading',
      '2026-10-23',
      { date: '2026-10-20', value: '1350.00' },
    ],
    [
      'a same-day correction compares with the reading before it',
      '2026-10-20',
      { date: '2026-09-24', value: '1262.00' },
    ],
  ])('%s', (_name, date, prev) => {
    expect(previousReadingFor(stored, date)).toEqual(prev);
  });

  it('has no previous reading for a new register', () => {
    expect(previousReadingFor([], TODAY)).toBeNull();
  });
});
