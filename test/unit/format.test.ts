// ru-RU formatting of money, numbers, dates and months, exact from kopecks.
import { describe, it, expect } from 'vitest';
import {
  formatAmount,
  formatMoney,
  formatDecimal,
  formatDate,
  formatDateInput,
  formatReading,
  formatMonth,
  formatDateLong,
  plural,
} from '../../src/domain/format.js';

const nb = (s: string) => s.replace(/ /g, '\u00a0');

describe('format', () => {
  it.each([
    [134888, '1 348,88'],
    [0, '0,00'],
    [5, '0,05'],
    [-59458, '−594,58'],
    [100000000, '1 000 000,00'],
    [51200701, '512 007,01'],
  ])('%i kopecks read as %s', (kop, text) => {
    expect(formatAmount(kop)).toBe(nb(text));
  });

  it('money carries the rouble sign', () => {
    expect(formatMoney(134888)).toBe(nb('1 348,88 ₽'));
  });

  it('refuses a non-integer amount rather than print a wrong one', () => {
    expect(() => formatAmount(1.5)).toThrow();
  });

  it.each([
    ['1359.000000', 0, '1 359'],
    ['0.0280', 0, '0,028'],
    ['6.12', 2, '6,12'],
    ['6.1', 2, '6,10'],
    ['12345.5', 0, '12 345,5'],
  ])('decimal %s (min %i) reads as %s', (v, min, text) => {
    expect(formatDecimal(v, min)).toBe(nb(text));
  });

  it('dates, months and long dates', () => {
    expect(formatDate('2011-04-28')).toBe('28.04.2011');
    expect(formatMonth('2011-05')).toBe('май 2011');
    expect(formatMonth('2026-12-01')).toBe('декабрь 2026');
    expect(formatDateLong('2026-03-08')).toBe('8 марта 2026 г.');
    expect(formatDate(null)).toBe('');
  });

  it.each([
    [1, 'день'],
    [2, 'дня'],
    [5, 'дней'],
    [11, 'дней'],
    [21, 'день'],
    [112, 'дней'],
    [104, 'дня'],
  ])('%i %s', (n, word) => {
    expect(plural(n, ['день', 'дня', 'дней'])).toBe(word);
  });

  it.each([
    ['2897.00', '2 897'],
    ['2939', '2 939'],
    ['12345.60', '12 345,6'],
    ['0.0125', '0,0125'],
  ])('a reading %s prints as %s on every page and document', (value, shown) => {
    expect(formatReading(value)).toBe(nb(shown));
  });

  it.each([
    ['2026-11-23', '23.11.2026'],
    ['23.11.2026', '23.11.2026'],
    ['2026-13-01', '2026-13-01'],
    ['', ''],
  ])('a date field shows %s as %s (ДД.ММ.ГГГГ; an impossible date as typed)', (value, shown) => {
    expect(formatDateInput(value)).toBe(shown);
  });
});
