import { describe, expect, it } from 'vitest';
import {
  InvalidDateError,
  InvalidPeriodError,
  addDays,
  addMonths,
  assertDate,
  assertPeriod,
  compareDates,
  comparePeriods,
  dayOfMonth,
  dayOfPeriod,
  daysBetween,
  daysInMonth,
  firstDayOf,
  fromDayNumber,
  isDateWithin,
  isValidDate,
  isValidPeriod,
  isoWeekday,
  lastDayOf,
  monthsBetween,
  nextPeriod,
  periodOf,
  periodsBetween,
  previousPeriod,
  toDayNumber,
} from '../../src/domain/periods.js';

describe('calendar dates are validated by hand', () => {
  it.each(['2026-02-28', '2024-02-29', '2000-02-29', '2026-12-31', '2026-01-01', '0001-01-01', '9999-12-31'])(
    '%s is a date',
    (d) => {
      expect(isValidDate(d)).toBe(true);
      expect(assertDate(d)).toBe(d);
    },
  );

  it.each([
    '2026-02-30',
    '2026-02-29',
    '1900-02-29',
    '2026-04-31',
    '2026-13-01',
    '2026-00-10',
    '2026-01-00',
    '2026-1-5',
    '26-01-05',
    '2026-01-05T00:00',
    '05.01.2026',
    '',
    '0000-01-01',
  ])('%j is not a date', (d) => {
    expect(isValidDate(d)).toBe(false);
    expect(() => assertDate(d)).toThrow(InvalidDateError);
  });

  it('is not fooled by non-strings', () => {
    expect(isValidDate(20260101)).toBe(false);
    expect(isValidPeriod(null)).toBe(false);
  });

  it.each(['2026-10', '2026-01', '2026-12'])('%s is a month', (p) => {
    expect(isValidPeriod(p)).toBe(true);
    expect(assertPeriod(p)).toBe(p);
  });

  it.each(['2026-13', '2026-00', '2026-1', '2026-10-01', ''])('%j is not a month', (p) => {
    expect(isValidPeriod(p)).toBe(false);
    expect(() => assertPeriod(p)).toThrow(InvalidPeriodError);
  });
});

describe('month arithmetic', () => {
  it.each([
    ['2026-10', 1, '2026-11'],
    ['2026-12', 1, '2027-01'],
    ['2026-01', -1, '2025-12'],
    ['2026-01', 0, '2026-01'],
    ['2026-01', 24, '2028-01'],
    ['2026-03', -15, '2024-12'],
  ])('%s + %i months = %s', (p, n, out) => {
    expect(addMonths(p, n)).toBe(out);
    expect(monthsBetween(p, out)).toBe(n);
  });

  it('steps to neighbours', () => {
    expect(nextPeriod('2026-12')).toBe('2027-01');
    expect(previousPeriod('2027-01')).toBe('2026-12');
  });

  it.each([
    ['2026-02', 28, '2026-02-01', '2026-02-28'],
    ['2024-02', 29, '2024-02-01', '2024-02-29'],
    ['2026-04', 30, '2026-04-01', '2026-04-30'],
    ['2026-12', 31, '2026-12-01', '2026-12-31'],
  ])('%s has %i days, from %s to %s', (p, n, first, last) => {
    expect(daysInMonth(p)).toBe(n);
    expect(firstDayOf(p)).toBe(first);
    expect(lastDayOf(p)).toBe(last);
  });

  it.each([
    ['2026-02', 15, '2026-02-15'],
    ['2026-02', 31, '2026-02-28'],
    ['2024-02', 30, '2024-02-29'],
    ['2026-04', 31, '2026-04-30'],
  ])('day %2$i of %1$s is %3$s (clamped to the month)', (p, day, out) => {
    expect(dayOfPeriod(p, day)).toBe(out);
  });

  it.each([0, 32, 1.5])('day %s of a month is refused', (day) => {
    expect(() => dayOfPeriod('2026-01', day)).toThrow(RangeError);
  });

  it('lists the months of a range', () => {
    expect(periodsBetween('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(periodsBetween('2026-02', '2026-01')).toEqual([]);
  });

  it('compares months', () => {
    expect(comparePeriods('2025-12', '2026-01')).toBe(-1);
    expect(comparePeriods('2026-01', '2026-01')).toBe(0);
    expect(comparePeriods('2026-02', '2026-01')).toBe(1);
  });
});

describe('day arithmetic', () => {
  it.each([
    ['2026-04-15', 30, '2026-05-15'],
    ['2026-04-15', 31, '2026-05-16'],
    ['2026-04-15', 90, '2026-07-14'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2026-02-28', 1, '2026-03-01'],
    ['2026-03-01', -1, '2026-02-28'],
    ['1970-01-01', 0, '1970-01-01'],
    ['1969-12-31', 1, '1970-01-01'],
    ['2000-03-01', -1, '2000-02-29'],
  ])('%s + %i days = %s', (d, n, out) => {
    expect(addDays(d, n)).toBe(out);
    expect(daysBetween(d, out)).toBe(n);
  });

  it('agrees with Date.UTC over decades', () => {
    for (let n = -40000; n < 60000; n += 17) {
      const iso = new Date(n * 86_400_000).toISOString().slice(0, 10);
      expect(fromDayNumber(n)).toBe(iso);
      expect(toDayNumber(iso)).toBe(n);
    }
  });

  it('compares and ranges dates', () => {
    expect(compareDates('2026-01-31', '2026-02-01')).toBe(-1);
    expect(compareDates('2026-02-01', '2026-02-01')).toBe(0);
    expect(isDateWithin('2026-02-01', '2026-02-01', '2026-02-28')).toBe(true);
    expect(isDateWithin('2026-02-28', '2026-02-01', '2026-02-28')).toBe(true);
    expect(isDateWithin('2026-03-01', '2026-02-01', '2026-02-28')).toBe(false);
    expect(isDateWithin('2026-01-31', '2026-02-01', '2026-02-28')).toBe(false);
  });

  it('knows the weekday, the month and the day of a date', () => {
    expect(isoWeekday('2026-11-23')).toBe(1);
    expect(isoWeekday('2026-11-22')).toBe(7);
    expect(periodOf('2026-10-24')).toBe('2026-10');
    expect(dayOfMonth('2026-10-24')).toBe(24);
  });

  it('refuses fractional steps', () => {
    expect(() => addDays('2026-01-01', 0.5)).toThrow(RangeError);
    expect(() => addMonths('2026-01', 0.5)).toThrow(RangeError);
  });
});
