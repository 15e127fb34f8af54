// The one formatting module of views, documents and messages: money, numbers, dates and months in ru-RU (pure, so domain rules that write sentences use it too).
const NBSP = '\u00a0';
const MONTHS = [
  'январь',
  'февраль',
  'март',
  'апрель',
  'май',
  'июнь',
  'июль',
  'август',
  'сентябрь',
  'октябрь',
  'ноябрь',
  'декабрь',
];
const MONTHS_GENITIVE = [
  'января',
  'февраля',
  'марта',
  'апреля',
  'мая',
  'июня',
  'июля',
  'августа',
  'сентября',
  'октября',
  'ноября',
  'декабря',
];

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, NBSP);
}

/** 134888 → "1 348,88" (no currency); exact, from integer kopecks. */
export function formatAmount(kop: number): string {
  if (!Number.isSafeInteger(kop)) throw new RangeError(`not kopecks: ${kop}`);
  const sign = kop < 0 ? '−' : '';
  const abs = Math.abs(kop);
  const rub = Math.floor(abs / 100);
  const k = abs % 100;
  return `${sign}${groupThousands(String(rub))},${String(k).padStart(2, '0')}`;
}

/** 134888 → "1 348,88 ₽". */
export function formatMoney(kop: number): string {
  return `${formatAmount(kop)}${NBSP}₽`;
}

/** A decimal string as stored ("1359.000000", "0.0280") shown with a comma and without trailing zeros beyond minDecimals. */
export function formatDecimal(
  value: string | number | null | undefined,
  minDecimals = 0,
  maxDecimals = 6,
): string {
  if (value === null || value === undefined || value === '') return '';
  const s = String(value);
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(s);
  if (!m) return s;
  const [, sign, int, frac = ''] = m;
  let f = frac.slice(0, maxDecimals).replace(/0+$/, '');
  if (f.length < minDecimals) f = f.padEnd(minDecimals, '0');
  return `${sign === '-' ? '−' : ''}${groupThousands(int!.replace(/^0+(?=\d)/, ''))}${f ? ',' + f : ''}`;
}

/**
 * A meter reading, the same on every page and document: grouped digits, the decimals it has and
 * no trailing zeros ("2 897", "12 345,6"), at most four.
 */
export function formatReading(value: string | number | null | undefined): string {
  return formatDecimal(value, 0, 4);
}

function parts(date: string): [string, string, string] {
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?/.exec(date);
  if (!m) throw new RangeError(`not a date: ${date}`);
  return [m[1]!, m[2]!, m[3] ?? '01'];
}

/** '2011-04-28' → '28.04.2011'. */
export function formatDate(date: string | null | undefined): string {
  if (!date) return '';
  const [y, m, d] = parts(date);
  return `${d}.${m}.${y}`;
}

/**
 * The value of a date field: every date field takes and shows ДД.ММ.ГГГГ ('2011-04-28' →
 * '28.04.2011'); anything else (a refused input) is shown as typed.
 */
export function formatDateInput(value: string | null | undefined): string {
  if (!value) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return value;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  // a date that does not exist ('2026-13-01') stays as typed, for the message beside it
  return d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]) ? formatDate(value) : value;
}

/** '2011-05' or '2011-05-01' → 'май 2011'. */
export function formatMonth(period: string | null | undefined): string {
  if (!period) return '';
  const [y, m] = parts(period);
  return `${MONTHS[Number(m) - 1]} ${y}`;
}

/** '2011-05-28' → '28 мая 2011 г.' (documents). */
export function formatDateLong(date: string | null | undefined): string {
  if (!date) return '';
  const [y, m, d] = parts(date);
  return `${Number(d)} ${MONTHS_GENITIVE[Number(m) - 1]} ${y} г.`;
}

/** '2026-12-25' → '25 декабря' (a date within the year a sentence is about). */
export function formatDayMonth(date: string | null | undefined): string {
  if (!date) return '';
  const [, m, d] = parts(date);
  return `${Number(d)} ${MONTHS_GENITIVE[Number(m) - 1]}`;
}

/** '2026-12' or '2026-12-01' → 'декабрь' (a month without its year, "показания за декабрь"). */
export function formatMonthName(period: string | null | undefined): string {
  if (!period) return '';
  const [, m] = parts(period);
  return MONTHS[Number(m) - 1] ?? '';
}

/** A timestamp shown in the supplier's zone: '28.04.2011 14:05'. */
export function formatDateTime(at: Date | string | null | undefined, timeZone = 'Europe/Moscow'): string {
  if (!at) return '';
  const d = typeof at === 'string' ? new Date(at) : at;
  const f = new Intl.DateTimeFormat('ru-RU', {
    timeZone,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
  return f.format(d).replace(',', '');
}

/** Russian plural: plural(5, ['день', 'дня', 'дней']) → 'дней'. */
export function plural(n: number, forms: [string, string, string]): string {
  const a = Math.abs(n) % 100;
  const b = a % 10;
  if (a > 10 && a < 20) return forms[2];
  if (b > 1 && b < 5) return forms[1];
  if (b === 1) return forms[0];
  return forms[2];
}

export const format = {
  formatAmount,
  formatMoney,
  formatDecimal,
  formatReading,
  formatDate,
  formatDateInput,
  formatMonth,
  formatDateLong,
  formatDateTime,
  plural,
};
