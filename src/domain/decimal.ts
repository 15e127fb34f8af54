// Exact decimal arithmetic on BigInt scaled integers, so prices, quantities and readings never touch floats.

/** A decimal number: `units / 10^scale`. Immutable; scale is a non-negative integer. */
export interface Decimal {
  readonly units: bigint;
  readonly scale: number;
}

export type DecimalInput = Decimal | string | bigint;

export type DecimalFormatErrorCode = 'empty' | 'not_a_number';

export class DecimalFormatError extends Error {
  constructor(
    readonly code: DecimalFormatErrorCode,
    readonly input: string,
  ) {
    super(code === 'empty' ? 'empty decimal' : `not a decimal number: ${JSON.stringify(input)}`);
    this.name = 'DecimalFormatError';
  }
}

// Spaces people and spreadsheets put between thousands: plain, no-break, narrow no-break, thin.
const GROUP_SPACE = /[ \u00a0\u202f\u2009]/g;
// Thousands groups are accepted only when well formed ("1 234 567"), so "1359 25" is not read as 135925.
const INTEGER_PART = /^(?:\d+|\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+)$/;

/**
 * Reads a decimal as a person or a file writes it: optional sign, comma or dot as the decimal
 * separator, optional space-separated thousands. No exponents, no "NaN", no "Infinity".
 */
export function parseDecimal(input: string): Decimal {
  const trimmed = input.trim();
  if (trimmed === '') throw new DecimalFormatError('empty', input);
  let body = trimmed;
  let negative = false;
  // U+2212 is the minus sign the portal's own formatter prints, so pasted figures read back.
  if (body[0] === '-' || body[0] === '+' || body[0] === '\u2212') {
    negative = body[0] !== '+';
    body = body.slice(1);
  }
  const parts = body.split(/[.,]/);
  if (parts.length > 2) throw new DecimalFormatError('not_a_number', input);
  const intPart = parts[0] ?? '';
  const fracPart = parts[1];
  if (!INTEGER_PART.test(intPart)) throw new DecimalFormatError('not_a_number', input);
  if (fracPart !== undefined && !/^\d+$/.test(fracPart)) throw new DecimalFormatError('not_a_number', input);
  const digits = intPart.replace(GROUP_SPACE, '') + (fracPart ?? '');
  const units = BigInt(digits);
  return { units: negative ? -units : units, scale: fracPart?.length ?? 0 };
}

export function tryParseDecimal(input: string): Decimal | null {
  try {
    return parseDecimal(input);
  } catch (e) {
    if (e instanceof DecimalFormatError) return null;
    throw e;
  }
}

// Prices, norms and limits are the same strings for every account of a run: each is parsed once.
// Decimals are immutable, so a parsed value can be shared. Bounded like the date memo.
const PARSED = new Map<string, Decimal>();
const PARSED_LIMIT = 4096;

export function toDecimal(value: DecimalInput): Decimal {
  if (typeof value === 'string') {
    const known = PARSED.get(value);
    if (known !== undefined) return known;
    const parsed = parseDecimal(value);
    if (PARSED.size >= PARSED_LIMIT) PARSED.clear();
    PARSED.set(value, parsed);
    return parsed;
  }
  if (typeof value === 'bigint') return { units: value, scale: 0 };
  return value;
}

export function pow10(n: number): bigint {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`bad power of ten: ${n}`);
  return 10n ** BigInt(n);
}

/** Integer division rounded half away from zero (-0.5 → -1, 0.5 → 1). */
export function roundDiv(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError('division by zero');
  if (denominator < 0n) {
    numerator = -numerator;
    denominator = -denominator;
  }
  const negative = numerator < 0n;
  const abs = negative ? -numerator : numerator;
  const q = (abs * 2n + denominator) / (denominator * 2n);
  return negative ? -q : q;
}

/** Same value at a larger scale (exact). */
export function rescale(d: DecimalInput, scale: number): Decimal {
  const x = toDecimal(d);
  if (scale < x.scale)
    throw new RangeError(`cannot rescale ${decimalToString(x)} down to ${scale} without rounding`);
  return { units: x.units * pow10(scale - x.scale), scale };
}

/** Rounds half away from zero to `scale` decimals (or pads to it when already shorter). */
export function roundDecimal(d: DecimalInput, scale: number): Decimal {
  const x = toDecimal(d);
  if (scale >= x.scale) return rescale(x, scale);
  return { units: roundDiv(x.units, pow10(x.scale - scale)), scale };
}

/** Drops trailing zeros of the fraction. */
export function normalizeDecimal(d: DecimalInput): Decimal {
  let { units, scale } = toDecimal(d);
  while (scale > 0 && units % 10n === 0n) {
    units /= 10n;
    scale -= 1;
  }
  return { units, scale };
}

function align(a: Decimal, b: Decimal): [bigint, bigint, number] {
  const scale = Math.max(a.scale, b.scale);
  return [rescale(a, scale).units, rescale(b, scale).units, scale];
}

export function addDecimal(a: DecimalInput, b: DecimalInput): Decimal {
  const [x, y, scale] = align(toDecimal(a), toDecimal(b));
  return { units: x + y, scale };
}

export function subDecimal(a: DecimalInput, b: DecimalInput): Decimal {
  const [x, y, scale] = align(toDecimal(a), toDecimal(b));
  return { units: x - y, scale };
}

export function sumDecimals(values: readonly DecimalInput[]): Decimal {
  return values.reduce<Decimal>((acc, v) => addDecimal(acc, v), { units: 0n, scale: 0 });
}

/** Exact product; the scale is the sum of the scales. */
export function mulDecimal(...factors: DecimalInput[]): Decimal {
  return factors.reduce<Decimal>(
    (acc, f) => {
      const x = toDecimal(f);
      return { units: acc.units * x.units, scale: acc.scale + x.scale };
    },
    { units: 1n, scale: 0 },
  );
}

/** a / b rounded half away from zero to `scale` decimals. */
export function divDecimal(a: DecimalInput, b: DecimalInput, scale: number): Decimal {
  const x = toDecimal(a);
  const y = toDecimal(b);
  if (y.units === 0n) throw new RangeError('division by zero');
  // x/y = (x.units / 10^xs) / (y.units / 10^ys); scaled by 10^scale
  const numerator = x.units * pow10(y.scale + scale);
  const denominator = y.units * pow10(x.scale);
  return { units: roundDiv(numerator, denominator), scale };
}

export function compareDecimal(a: DecimalInput, b: DecimalInput): -1 | 0 | 1 {
  const [x, y] = align(toDecimal(a), toDecimal(b));
  return x < y ? -1 : x > y ? 1 : 0;
}

export function negateDecimal(d: DecimalInput): Decimal {
  const x = toDecimal(d);
  return { units: -x.units, scale: x.scale };
}

export function isZeroDecimal(d: DecimalInput): boolean {
  return toDecimal(d).units === 0n;
}

export function minDecimal(a: DecimalInput, b: DecimalInput): Decimal {
  return compareDecimal(a, b) <= 0 ? toDecimal(a) : toDecimal(b);
}

export function maxDecimal(a: DecimalInput, b: DecimalInput): Decimal {
  return compareDecimal(a, b) >= 0 ? toDecimal(a) : toDecimal(b);
}

/** Number of digits before the decimal point, ignoring the sign and leading zeros ("0.5" has 0, "120" has 3). */
export function integerDigits(d: DecimalInput): number {
  const x = toDecimal(d);
  const abs = x.units < 0n ? -x.units : x.units;
  const intPart = abs / pow10(x.scale);
  return intPart === 0n ? 0 : intPart.toString().length;
}

/** "1234.50" style: dot separator, minus sign, exactly `d.scale` decimals (or at least `minScale`). */
export function decimalToString(d: DecimalInput, minScale = 0): string {
  let x = toDecimal(d);
  if (minScale > x.scale) x = rescale(x, minScale);
  const negative = x.units < 0n;
  const digits = (negative ? -x.units : x.units).toString().padStart(x.scale + 1, '0');
  const intPart = digits.slice(0, digits.length - x.scale);
  const frac = digits.slice(digits.length - x.scale);
  return `${negative ? '-' : ''}${intPart}${x.scale > 0 ? '.' + frac : ''}`;
}

/** Shortest exact form: "1.50" → "1.5", "97.000" → "97". */
export function decimalToPlain(d: DecimalInput): string {
  return decimalToString(normalizeDecimal(d));
}
