// Money as integer kopecks: parsing what people and files write, printing, and the rounded products of billing lines.
import {
  DecimalFormatError,
  decimalToString,
  mulDecimal,
  parseDecimal,
  pow10,
  roundDiv,
  toDecimal,
  type Decimal,
  type DecimalInput,
} from './decimal.js';

export { parseDecimal, tryParseDecimal, DecimalFormatError } from './decimal.js';
export type { Decimal, DecimalInput } from './decimal.js';

/** An amount of money in kopecks (1 ₽ = 100). Always a safe integer. */
export type Kopecks = number;

export type MoneyFormatErrorCode = 'empty' | 'not_a_number' | 'too_many_decimals' | 'out_of_range';

const MONEY_ERROR_TEXT: Record<MoneyFormatErrorCode, string> = {
  empty: 'Введите сумму',
  not_a_number: 'Сумма должна быть числом, например 1 234,56',
  too_many_decimals: 'В сумме не может быть больше двух знаков после запятой',
  out_of_range: 'Слишком большая сумма',
};

export class MoneyFormatError extends Error {
  /** The Russian sentence to show beside the field. */
  readonly text: string;
  constructor(
    readonly code: MoneyFormatErrorCode,
    readonly input: string,
  ) {
    super(`${code}: ${JSON.stringify(input)}`);
    this.name = 'MoneyFormatError';
    this.text = MONEY_ERROR_TEXT[code];
  }
}

export function assertKopecks(value: number, what = 'amount'): Kopecks {
  if (!Number.isSafeInteger(value))
    throw new RangeError(`${what} is not a whole number of kopecks: ${value}`);
  return value;
}

function bigToKopecks(units: bigint, what = 'amount'): Kopecks {
  if (units > BigInt(Number.MAX_SAFE_INTEGER) || units < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError(`${what} out of the safe kopeck range: ${units}`);
  }
  return Number(units);
}

/**
 * "1 234,56", "1234.56", "-5", "0,5" → kopecks. Throws MoneyFormatError on anything else,
 * including a third decimal ("1.500" is refused rather than guessed: it may mean 1 500).
 */
export function parseMoney(input: string): Kopecks {
  let d: Decimal;
  try {
    d = parseDecimal(input);
  } catch (e) {
    if (e instanceof DecimalFormatError) throw new MoneyFormatError(e.code, input);
    throw e;
  }
  if (d.scale > 2) throw new MoneyFormatError('too_many_decimals', input);
  const units = d.units * pow10(2 - d.scale);
  if (units > BigInt(Number.MAX_SAFE_INTEGER) || units < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new MoneyFormatError('out_of_range', input);
  }
  return Number(units);
}

/** parseMoney that answers null instead of throwing. */
export function tryParseMoney(input: string): Kopecks | null {
  try {
    return parseMoney(input);
  } catch (e) {
    if (e instanceof MoneyFormatError) return null;
    throw e;
  }
}

/** 123456 → "1234.56", -5 → "-0.05": the dataset / database form. */
export function kopToDecimal(kop: Kopecks): string {
  assertKopecks(kop);
  return decimalToString({ units: BigInt(kop), scale: 2 });
}

/** Kopecks as a Decimal in roubles (scale 2), for mixing with prices and quantities. */
export function kopToDecimalValue(kop: Kopecks): Decimal {
  assertKopecks(kop);
  return { units: BigInt(kop), scale: 2 };
}

/** A decimal amount of roubles rounded half away from zero to the kopeck. */
export function roublesToKop(value: DecimalInput): Kopecks {
  const d = toDecimal(value);
  const units = d.scale >= 2 ? roundDiv(d.units, pow10(d.scale - 2)) : d.units * pow10(2 - d.scale);
  return bigToKopecks(units);
}

/**
 * The product of decimal factors in roubles, rounded half up (away from zero) to the kopeck once,
 * at the end: 0.0280 × 60.6 × 1947.69 = 3304.840392 → 3 304.84 ₽.
 */
export function mulRound(...factors: DecimalInput[]): Kopecks {
  if (factors.length === 0) throw new RangeError('mulRound needs at least one factor');
  return roublesToKop(mulDecimal(...factors));
}

export function sumKop(values: readonly Kopecks[]): Kopecks {
  let total = 0;
  for (const v of values) {
    total += assertKopecks(v);
    assertKopecks(total, 'sum');
  }
  return total;
}

/** Σ f(item) over items, checked. */
export function sumKopBy<T>(items: readonly T[], f: (item: T) => Kopecks): Kopecks {
  return sumKop(items.map(f));
}

/** `percent` % of an amount, rounded half away from zero to the kopeck: percentOf(100000, "30") = 30000. */
export function percentOf(kop: Kopecks, percent: DecimalInput): Kopecks {
  assertKopecks(kop);
  const p = toDecimal(percent);
  return bigToKopecks(roundDiv(BigInt(kop) * p.units, 100n * pow10(p.scale)));
}

/**
 * The VAT inside an amount that includes it: round(amount × rate / (100 + rate)),
 * e.g. 120.00 ₽ at 20 % holds 20.00 ₽ of VAT.
 */
export function vatIncluded(amountKop: Kopecks, ratePercent: DecimalInput): Kopecks {
  assertKopecks(amountKop);
  const r = toDecimal(ratePercent);
  const scale = pow10(r.scale);
  return bigToKopecks(roundDiv(BigInt(amountKop) * r.units, 100n * scale + r.units));
}

/** Larger of a and b. */
export function maxKop(a: Kopecks, b: Kopecks): Kopecks {
  return a >= b ? a : b;
}

/** Smaller of a and b. */
export function minKop(a: Kopecks, b: Kopecks): Kopecks {
  return a <= b ? a : b;
}
