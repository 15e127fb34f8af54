import { describe, expect, it } from 'vitest';
import {
  addDecimal,
  compareDecimal,
  decimalToPlain,
  decimalToString,
  divDecimal,
  integerDigits,
  mulDecimal,
  parseDecimal,
  roundDecimal,
  roundDiv,
  subDecimal,
  tryParseDecimal,
} from '../../src/domain/decimal.js';
import {
  MoneyFormatError,
  kopToDecimal,
  mulRound,
  parseMoney,
  percentOf,
  roublesToKop,
  sumKop,
  tryParseMoney,
  vatIncluded,
} from '../../src/domain/money.js';

describe('parseMoney: amounts as people and files write them', () => {
  it.each([
    ['1234.56', 123456],
    ['1234,56', 123456],
    ['1 234,56', 123456],
    ['1\u00a0234,56', 123456],
    ['1 234 567,89', 123456789],
    ['-5', -500],
    ['\u22125,10', -510],
    ['+5', 500],
    ['0,5', 50],
    ['0.05', 5],
    ['-0.05', -5],
    ['  100  ', 10000],
    ['0', 0],
    ['-0', 0],
    ['007', 700],
    ['90071992547409.91', 9007199254740991],
  ])('%j is %i kopecks', (input, kop) => {
    expect(parseMoney(input)).toBe(kop);
    expect(Object.is(parseMoney(input), -0)).toBe(false);
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['abc', 'not_a_number'],
    ['NaN', 'not_a_number'],
    ['Infinity', 'not_a_number'],
    ['1e5', 'not_a_number'],
    ['0x10', 'not_a_number'],
    ['1,234.56', 'not_a_number'],
    ['1.2.3', 'not_a_number'],
    ['12 34', 'not_a_number'],
    ['1 2345', 'not_a_number'],
    ['5.', 'not_a_number'],
    ['.5', 'not_a_number'],
    ['--5', 'not_a_number'],
    ['5-', 'not_a_number'],
    ['1.500', 'too_many_decimals'],
    ['0.001', 'too_many_decimals'],
    ['90071992547409.92', 'out_of_range'],
  ])('%j is refused as %s', (input, code) => {
    expect(() => parseMoney(input)).toThrow(MoneyFormatError);
    try {
      parseMoney(input);
    } catch (e) {
      expect((e as MoneyFormatError).code).toBe(code);
      expect((e as MoneyFormatError).text).toMatch(/[а-я]/);
    }
    expect(tryParseMoney(input)).toBeNull();
  });
});

describe('kopToDecimal prints the dataset form', () => {
  it.each([
    [123456, '1234.56'],
    [0, '0.00'],
    [5, '0.05'],
    [-5, '-0.05'],
    [-123456, '-1234.56'],
    [100, '1.00'],
  ])('%i → %s', (kop, text) => {
    expect(kopToDecimal(kop)).toBe(text);
    expect(parseMoney(text)).toBe(kop);
  });

  it.each([[0.5], [NaN], [Infinity], [2 ** 53]])('refuses %s, which is not kopecks', (v) => {
    expect(() => kopToDecimal(v)).toThrow(RangeError);
  });
});

describe('mulRound: a billing line rounds half up to the kopeck once, at the end', () => {
  it.each([
    // seed 002 heating: norm × area × price
    [['0.0280', '60.6', '1947.69'], 330484],
    // the price per m² shown on the same bill
    [['0.028', '1947.69'], 5454],
    [['97', '6.12'], 59364],
    [['1', '0.005'], 1],
    [['1', '0.0049'], 0],
    [['1', '-0.005'], -1],
    [['1', '-0.0049'], 0],
    [['3', '0.335'], 101],
    [['5.4321', '2'], 1086],
    [['1359.25'], 135925],
    [['0', '1947.69'], 0],
  ] as const)('%j → %i', (factors, kop) => {
    expect(mulRound(...factors)).toBe(kop);
  });

  it('needs at least one factor', () => {
    expect(() => mulRound()).toThrow(RangeError);
  });
});

describe('percentages and VAT', () => {
  it.each([
    [100000, '30', 30000],
    [100001, '30', 30000],
    [100005, '30', 30002],
    [1, '50', 1],
    [-1, '50', -1],
    [99999, '12.5', 12500],
  ])('%i × %s %% = %i', (kop, p, out) => {
    expect(percentOf(kop, p)).toBe(out);
  });

  it.each([
    [12000, '20', 2000],
    [100, '20', 17],
    [1, '20', 0],
    [3, '20', 1],
    [-12000, '20', -2000],
    [12200, '22', 2200],
    [0, '20', 0],
  ])('%i kopecks including VAT %s %% hold %i of VAT', (amount, rate, vat) => {
    expect(vatIncluded(amount, rate)).toBe(vat);
  });
});

describe('sums and conversions', () => {
  it('adds kopecks and refuses fractions', () => {
    expect(sumKop([1, 2, 3])).toBe(6);
    expect(sumKop([])).toBe(0);
    expect(() => sumKop([1, 0.5])).toThrow(RangeError);
  });

  it.each([
    ['230.1923', 23019],
    ['230.195', 23020],
    ['-230.195', -23020],
    ['5', 500],
    ['0.1', 10],
  ])('roubles %s round to %i kopecks', (r, k) => {
    expect(roublesToKop(r)).toBe(k);
  });
});

describe('exact decimals', () => {
  it.each([
    ['1359.25', 135925n, 2],
    ['0.0280', 280n, 4],
    ['-1', -1n, 0],
    ['1359.000000', 1359000000n, 6],
  ])('%s parses to %i at scale %i', (s, units, scale) => {
    expect(parseDecimal(s)).toEqual({ units, scale });
  });

  it('refuses garbage without throwing from tryParseDecimal', () => {
    expect(tryParseDecimal('1,2,3')).toBeNull();
    expect(tryParseDecimal('')).toBeNull();
  });

  it.each([
    [5n, 2n, 3n],
    [-5n, 2n, -3n],
    [4n, 3n, 1n],
    [-4n, 3n, -1n],
    [5n, -2n, -3n],
    [1n, 3n, 0n],
  ])('roundDiv(%i, %i) = %i (half away from zero)', (n, d, q) => {
    expect(roundDiv(n, d)).toBe(q);
  });

  it('refuses division by zero', () => {
    expect(() => roundDiv(1n, 0n)).toThrow(RangeError);
    expect(() => divDecimal('1', '0', 2)).toThrow(RangeError);
  });

  it('adds, subtracts, multiplies, divides and compares exactly', () => {
    expect(decimalToString(addDecimal('0.1', '0.2'))).toBe('0.3');
    expect(decimalToString(subDecimal('0.1', '0.25'))).toBe('-0.15');
    expect(decimalToString(mulDecimal('0.0280', '60.6'))).toBe('1.69680');
    expect(decimalToString(divDecimal('97', '3', 3))).toBe('32.333');
    expect(decimalToString(divDecimal('-2', '3', 2))).toBe('-0.67');
    expect(decimalToString(roundDecimal('2.345', 2))).toBe('2.35');
    expect(decimalToString(roundDecimal('-2.345', 2))).toBe('-2.35');
    expect(decimalToString(roundDecimal('2.3', 3))).toBe('2.300');
    expect(decimalToPlain('97.000')).toBe('97');
    expect(decimalToPlain('0.50')).toBe('0.5');
    expect(decimalToString('0.05')).toBe('0.05');
    expect(decimalToString('-0.05')).toBe('-0.05');
    expect(compareDecimal('1.10', '1.1')).toBe(0);
    expect(compareDecimal('1.09', '1.1')).toBe(-1);
    expect(compareDecimal('-1', '-2')).toBe(1);
  });

  it.each([
    ['0.5', 0],
    ['120', 3],
    ['00120', 3],
    ['99999.99', 5],
    ['-100000', 6],
  ])('%s has %i integer digits', (s, n) => {
    expect(integerDigits(s)).toBe(n);
  });
});
