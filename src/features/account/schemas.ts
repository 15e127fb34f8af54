// Query input of the cabinet sections: the period filter (?period=3m|6m|12m or ?from=…&to=…) and ids.
import { z } from 'zod';
import { addMonths, firstDayOf, isValidDate, parseTypedDate, periodOf } from '../../domain/periods.js';
import type { FieldError } from '../../platform/errors.js';

export type PeriodChoice = '3m' | '6m' | '12m' | 'custom' | 'all';

export interface DateRange {
  choice: PeriodChoice;
  from: string;
  to: string;
}

export const PERIOD_LABEL: Record<Exclude<PeriodChoice, 'all'>, string> = {
  '3m': 'За последние три месяца',
  '6m': 'За последние шесть месяцев',
  '12m': 'За год',
  custom: 'Выбрать период самостоятельно',
};

const one = (v: unknown) => (Array.isArray(v) ? v[0] : v);
const text = z.preprocess(one, z.string().trim().max(40).optional().catch(undefined));
/** '01.09.2026' as people type it becomes '2026-09-01'; anything else stays as typed. */
const dateText = text.transform((v) => (v ? (parseTypedDate(v) ?? v) : v));

const querySchema = z.object({
  period: text,
  from: dateText,
  to: dateText,
});

export type RangeResult =
  | { ok: true; range: DateRange; values: Record<string, string> }
  | { ok: false; errors: FieldError[]; values: Record<string, string>; range: DateRange };

/** A month-aligned range ending today: '3m' on 23.11.2026 is 01.09.2026 – 23.11.2026. */
export function lastMonths(months: number, today: string): { from: string; to: string } {
  return { from: firstDayOf(addMonths(periodOf(today), -(months - 1))), to: today };
}

/**
 * Reads the period filter. Without any input the `fallback` applies ('all' = everything up to
 * today). Invalid input yields the Russian messages and the fallback range, so the page still renders.
 */
export function parseRange(query: unknown, today: string, fallback: '3m' | '6m' | '12m' | 'all'): RangeResult {
  const q = querySchema.safeParse(query ?? {});
  const raw: { period?: string; from?: string; to?: string } = q.success ? q.data : {};
  const values = { period: raw.period ?? '', from: raw.from ?? '', to: raw.to ?? '' };
  const fallbackRange = (): DateRange =>
    fallback === 'all' ? { choice: 'all', from: '0001-01-01', to: today } : { choice: fallback, ...lastMonths(Number(fallback.slice(0, -1)), today) };

  const hasDates = values.from !== '' || values.to !== '';
  if (!hasDates && (values.period === '' || values.period === 'all')) return { ok: true, range: fallbackRange(), values };
  if (!hasDates || values.period === 'custom') {
    if (values.period === '3m' || values.period === '6m' || values.period === '12m') {
      return { ok: true, range: { choice: values.period, ...lastMonths(Number(values.period.slice(0, -1)), today) }, values };
    }
    if (values.period !== 'custom') {
      return { ok: false, errors: [{ field: 'period', text: 'Выберите период из списка' }], values, range: fallbackRange() };
    }
  }
  const errors: FieldError[] = [];
  if (values.from === '') errors.push({ field: 'from', text: 'Укажите начало периода' });
  else if (!isValidDate(values.from)) errors.push({ field: 'from', text: 'Начало периода — дата в виде ДД.ММ.ГГГГ, например 01.09.2026' });
  if (values.to === '') errors.push({ field: 'to', text: 'Укажите конец периода' });
  else if (!isValidDate(values.to)) errors.push({ field: 'to', text: 'Конец периода — дата в виде ДД.ММ.ГГГГ, например 30.11.2026' });
  if (errors.length === 0 && values.from > values.to) errors.push({ field: 'to', text: 'Конец периода не может быть раньше начала' });
  if (errors.length) return { ok: false, errors, values: { ...values, period: 'custom' }, range: fallbackRange() };
  return { ok: true, range: { choice: 'custom', from: values.from, to: values.to }, values: { ...values, period: 'custom' } };
}

/** A positive integer id from a URL segment, or undefined (then the route is not ours / 404). */
export function parseId(value: unknown): number | undefined {
  const s = String(value ?? '');
  if (!/^[1-9]\d{0,15}$/.test(s)) return undefined;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : undefined;
}
