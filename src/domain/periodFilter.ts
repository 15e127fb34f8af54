// The period filter every cabinet page shares: ?period=3m|6m|12m|all|custom with ?from=…&to=… typed or picked.
import {
  addMonths,
  compareDates,
  firstDayOf,
  isValidDate,
  parseTypedDate,
  periodOf,
  type IsoDate,
} from './periods.js';

/** The app's error shape (platform/errors FieldError), kept here so the domain imports nothing from the web. */
type FieldError = { field: string; text: string };

export type PeriodChoice = '3m' | '6m' | '12m' | 'custom' | 'all';
/** What a page shows without any input: 'all' is everything up to today, 'year' the calendar year to date. */
export type PeriodFallback = '3m' | '6m' | '12m' | 'all' | 'year';

export interface DateRange {
  choice: PeriodChoice | 'year';
  from: IsoDate;
  to: IsoDate;
}

export const PERIOD_LABEL: Record<Exclude<PeriodChoice, 'all'>, string> = {
  '3m': 'За последние три месяца',
  '6m': 'За последние шесть месяцев',
  '12m': 'За год',
  custom: 'Выбрать период самостоятельно',
};

/** `errors` is empty when ok; otherwise `range` is the fallback, so the page still renders. */
export interface RangeResult {
  ok: boolean;
  range: DateRange;
  values: Record<string, string>;
  errors: FieldError[];
}

/**
 * The last `months` whole months including the current one, from the 1st, up to today:
 * '3m' on 23.11.2026 is 01.09.2026 – 23.11.2026 on every page.
 */
export function lastMonths(months: number, today: IsoDate): { from: IsoDate; to: IsoDate } {
  return { from: firstDayOf(addMonths(periodOf(today), -(months - 1))), to: today };
}

const one = (v: unknown): string =>
  (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '').trim().slice(0, 40);
/** '01.09.2026' as people type it becomes '2026-09-01'; anything else stays as typed, for the message. */
const dateText = (v: unknown): string => parseTypedDate(one(v)) ?? one(v);
const isMonths = (p: string): p is '3m' | '6m' | '12m' => p === '3m' || p === '6m' || p === '12m';

function fallbackRange(fallback: PeriodFallback, today: IsoDate): DateRange {
  if (fallback === 'all') return { choice: 'all', from: '0001-01-01', to: today };
  if (fallback === 'year') return { choice: 'year', from: `${today.slice(0, 4)}-01-01`, to: today };
  return { choice: fallback, ...lastMonths(Number(fallback.slice(0, -1)), today) };
}

/**
 * Reads the period filter. Without any input the `fallback` applies; dates without a period mean
 * 'custom'. Invalid input yields the Russian messages and the fallback range, so the page still renders.
 */
export function parsePeriodFilter(query: unknown, today: IsoDate, fallback: PeriodFallback): RangeResult {
  const q = (query ?? {}) as Record<string, unknown>;
  const values = { period: one(q.period), from: dateText(q.from), to: dateText(q.to) };
  // a named period wins over dates: the form keeps the custom dates (hidden unless "Выбрать период
  // самостоятельно" is chosen) and sends them with every choice
  const hasDates =
    (values.from !== '' || values.to !== '') && (values.period === '' || values.period === 'custom');
  if (!hasDates && (values.period === '' || values.period === 'all'))
    return { ok: true, range: fallbackRange(fallback, today), values, errors: [] };
  if (!hasDates || values.period === 'custom') {
    if (isMonths(values.period))
      return {
        ok: true,
        range: { choice: values.period, ...lastMonths(Number(values.period.slice(0, -1)), today) },
        values,
        errors: [],
      };
    if (values.period !== 'custom') {
      return {
        ok: false,
        errors: [{ field: 'period', text: 'Выберите период из списка' }],
        values,
        range: fallbackRange(fallback, today),
      };
    }
  }
  const errors: FieldError[] = [];
  if (values.from === '') errors.push({ field: 'from', text: 'Укажите начало периода' });
  else if (!isValidDate(values.from))
    errors.push({ field: 'from', text: 'Начало периода — дата в виде ДД.ММ.ГГГГ, например 01.09.2026' });
  else if (compareDates(values.from, '1990-01-01') < 0)
    errors.push({ field: 'from', text: 'Начало периода не может быть раньше 1990 года' });
  if (values.to === '') errors.push({ field: 'to', text: 'Укажите конец периода' });
  else if (!isValidDate(values.to))
    errors.push({ field: 'to', text: 'Конец периода — дата в виде ДД.ММ.ГГГГ, например 30.11.2026' });
  if (errors.length === 0 && values.from > values.to)
    errors.push({ field: 'to', text: 'Конец периода не может быть раньше начала' });
  const kept = { ...values, period: 'custom' };
  if (errors.length) return { ok: false, errors, values: kept, range: fallbackRange(fallback, today) };
  return { ok: true, range: { choice: 'custom', from: values.from, to: values.to }, values: kept, errors };
}
