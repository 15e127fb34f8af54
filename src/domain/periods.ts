// Calendar dates ('YYYY-MM-DD') and billing months ('YYYY-MM') computed by hand, independent of the machine's time zone.

/** A calendar date 'YYYY-MM-DD'. */
export type IsoDate = string;
/** A billing month 'YYYY-MM'. */
export type Period = string;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const PERIOD_RE = /^(\d{4})-(\d{2})$/;

export class InvalidDateError extends RangeError {
  constructor(readonly input: string) {
    super(`not a calendar date: ${JSON.stringify(input)}`);
    this.name = 'InvalidDateError';
  }
}

export class InvalidPeriodError extends RangeError {
  constructor(readonly input: string) {
    super(`not a month: ${JSON.stringify(input)}`);
    this.name = 'InvalidPeriodError';
  }
}

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function monthLength(y: number, m: number): number {
  if (m === 2) return isLeapYear(y) ? 29 : 28;
  return [4, 6, 9, 11].includes(m) ? 30 : 31;
}

function parts(date: IsoDate): [number, number, number] {
  const m = DATE_RE.exec(date);
  if (!m) throw new InvalidDateError(date);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > monthLength(y, mo)) throw new InvalidDateError(date);
  return [y, mo, d];
}

function periodParts(period: Period): [number, number] {
  const m = PERIOD_RE.exec(period);
  if (!m) throw new InvalidPeriodError(period);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  if (y < 1 || mo < 1 || mo > 12) throw new InvalidPeriodError(period);
  return [y, mo];
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function formatDate(y: number, m: number, d: number): IsoDate {
  if (y < 1 || y > 9999) throw new RangeError(`year out of range: ${y}`);
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
}

function formatPeriod(y: number, m: number): Period {
  if (y < 1 || y > 9999) throw new RangeError(`year out of range: ${y}`);
  return `${pad(y, 4)}-${pad(m, 2)}`;
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
function dayNumber(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civil(z: number): [number, number, number] {
  const zz = z + 719468;
  const era = Math.floor(zz / 146097);
  const doe = zz - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

export function isValidDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string') return false;
  try {
    parts(value);
    return true;
  } catch {
    return false;
  }
}

export function isValidPeriod(value: unknown): value is Period {
  if (typeof value !== 'string') return false;
  try {
    periodParts(value);
    return true;
  } catch {
    return false;
  }
}

/** The date itself when valid; throws InvalidDateError ('2026-02-30', '2026-2-3', '') otherwise. */
export function assertDate(value: string): IsoDate {
  parts(value);
  return value;
}

export function assertPeriod(value: string): Period {
  periodParts(value);
  return value;
}

// Billing compares the same few dates (tariff starts, period bounds) millions of times in a run:
// each valid date is parsed once. Bounded, so a stream of distinct dates cannot grow it forever.
const DAY_NUMBERS = new Map<string, number>();
const PERIOD_INDEXES = new Map<string, number>();
const MEMO_LIMIT = 4096;

function remember(memo: Map<string, number>, key: string, value: number): number {
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(key, value);
  return value;
}

/** Days since 1970-01-01 (negative before). */
export function toDayNumber(date: IsoDate): number {
  const known = DAY_NUMBERS.get(date);
  if (known !== undefined) return known;
  const [y, m, d] = parts(date);
  return remember(DAY_NUMBERS, date, dayNumber(y, m, d));
}

export function fromDayNumber(n: number): IsoDate {
  if (!Number.isSafeInteger(n)) throw new RangeError(`not a day number: ${n}`);
  const [y, m, d] = civil(n);
  return formatDate(y, m, d);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  if (!Number.isInteger(days)) throw new RangeError(`not a whole number of days: ${days}`);
  return fromDayNumber(toDayNumber(date) + days);
}

/** to − from in days: daysBetween('2026-04-15', '2026-04-16') = 1. */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

/** 1..7, Monday = 1. */
export function isoWeekday(date: IsoDate): number {
  // 1970-01-01 was a Thursday (4)
  return ((((toDayNumber(date) + 3) % 7) + 7) % 7) + 1;
}

export function compareDates(a: IsoDate, b: IsoDate): -1 | 0 | 1 {
  const x = toDayNumber(a);
  const y = toDayNumber(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function comparePeriods(a: Period, b: Period): -1 | 0 | 1 {
  const x = periodIndex(a);
  const y = periodIndex(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * What is in force at `at` among dated items (rates, rule sets): the item with the latest start not
 * after it; undefined when every start is later. `compare` is compareDates or comparePeriods.
 */
export function inForceAt<T, D extends string>(
  items: readonly T[],
  start: (item: T) => D,
  at: D,
  compare: (a: D, b: D) => number,
): T | undefined {
  let best: T | undefined;
  for (const item of items) {
    if (compare(start(item), at) > 0) continue;
    if (best === undefined || compare(start(item), start(best)) > 0) best = item;
  }
  return best;
}

export function minDate(a: IsoDate, b: IsoDate): IsoDate {
  return compareDates(a, b) <= 0 ? a : b;
}

export function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return compareDates(a, b) >= 0 ? a : b;
}

/** from ≤ date ≤ to (both inclusive). */
export function isDateWithin(date: IsoDate, from: IsoDate, to: IsoDate): boolean {
  return compareDates(from, date) <= 0 && compareDates(date, to) <= 0;
}

function periodIndex(period: Period): number {
  const known = PERIOD_INDEXES.get(period);
  if (known !== undefined) return known;
  const [y, m] = periodParts(period);
  return remember(PERIOD_INDEXES, period, y * 12 + (m - 1));
}

function periodFromIndex(i: number): Period {
  return formatPeriod(Math.floor(i / 12), (i % 12) + 1);
}

/** addMonths('2026-10', 1) = '2026-11'; addMonths('2026-01', -1) = '2025-12'. */
export function addMonths(period: Period, months: number): Period {
  if (!Number.isInteger(months)) throw new RangeError(`not a whole number of months: ${months}`);
  return periodFromIndex(periodIndex(period) + months);
}

export function nextPeriod(period: Period): Period {
  return addMonths(period, 1);
}

export function previousPeriod(period: Period): Period {
  return addMonths(period, -1);
}

/** to − from in months: monthsBetween('2025-11', '2026-02') = 3. */
export function monthsBetween(from: Period, to: Period): number {
  return periodIndex(to) - periodIndex(from);
}

export function periodOf(date: IsoDate): Period {
  const [y, m] = parts(date);
  return formatPeriod(y, m);
}

export function daysInMonth(period: Period): number {
  const [y, m] = periodParts(period);
  return monthLength(y, m);
}

export function firstDayOf(period: Period): IsoDate {
  const [y, m] = periodParts(period);
  return formatDate(y, m, 1);
}

export function lastDayOf(period: Period): IsoDate {
  const [y, m] = periodParts(period);
  return formatDate(y, m, monthLength(y, m));
}

/**
 * The given day of a month, clamped to the month's last day, so a rule "on the 31st" still means
 * the last day of February.
 */
export function dayOfPeriod(period: Period, day: number): IsoDate {
  if (!Number.isInteger(day) || day < 1 || day > 31) throw new RangeError(`not a day of month: ${day}`);
  const [y, m] = periodParts(period);
  return formatDate(y, m, Math.min(day, monthLength(y, m)));
}

export function dayOfMonth(date: IsoDate): number {
  return parts(date)[2];
}

/** Periods from `from` to `to` inclusive, in order (empty when to < from). */
export function periodsBetween(from: Period, to: Period): Period[] {
  const out: Period[] = [];
  for (let i = periodIndex(from); i <= periodIndex(to); i++) out.push(periodFromIndex(i));
  return out;
}

/** 'YYYY-MM-DD' from <input type=date>, or 'ДД.ММ.ГГГГ' typed by hand; a real date. */
export function parseTypedDate(raw: string): string | undefined {
  const s = raw.trim();
  let y: number, m: number, d: number;
  let mt = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (mt) [y, m, d] = [Number(mt[1]), Number(mt[2]), Number(mt[3])];
  else if ((mt = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(s)))
    [d, m, y] = [Number(mt[1]), Number(mt[2]), Number(mt[3])];
  else return undefined;
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return undefined;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Rows grouped by the year of their date, in the order given (the cabinet's tables by year). */
export function groupByYear<T>(
  rows: readonly T[],
  dateOf: (row: T) => string,
): { year: string; rows: T[] }[] {
  const out: { year: string; rows: T[] }[] = [];
  for (const row of rows) {
    const year = dateOf(row).slice(0, 4);
    const last = out[out.length - 1];
    if (last && last.year === year) last.rows.push(row);
    else out.push({ year, rows: [row] });
  }
  return out;
}
