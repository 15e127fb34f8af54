// Form input of the reading pages: the per-register fields of the entry form and the history filter.
import { z } from 'zod';
import { addDays, addMonths, dayOfPeriod, dayOfMonth, isValidDate, periodOf, type IsoDate } from '../../domain/periods.js';
import type { FieldError } from '../../platform/errors.js';

/** One register's fields as typed: `reading[<id>]`, `date[<id>]`, `confirm[<id>]`, `rollover[<id>]`. */
export interface RegisterFields {
  value: string;
  /** Undefined when the form has no date field for this register (the table shows one per meter). */
  date: string | undefined;
  /** The value the warning was confirmed for (the checkbox carries it), so a changed value is warned about again. */
  confirmedValue: string | undefined;
  rollover: boolean;
}

export interface ReadingForm {
  registers: Map<number, RegisterFields>;
  /** The meter whose own "Передать показания" button was pressed; null for the whole table. */
  meter: number | null;
  /** Everything typed, by field name, to put back into the form. */
  values: Record<string, string>;
}

const FIELD = /^(reading|date|confirm|rollover)\[(\d{1,12})\]$/;
const text = z.string().max(64);
const meterId = z
  .string()
  .regex(/^\d{1,12}$/)
  .transform(Number);

function first(v: unknown): string | undefined {
  if (Array.isArray(v)) return first(v[0]);
  const parsed = text.safeParse(v);
  return parsed.success ? parsed.data : undefined;
}

/**
 * Reads the entry form. Unknown fields are ignored; a value too long to be a reading is kept
 * truncated so the page can still show what was typed and refuse it.
 */
export function parseReadingForm(body: Record<string, unknown> | undefined): ReadingForm {
  const registers = new Map<number, RegisterFields>();
  const values: Record<string, string> = {};
  const get = (id: number) => {
    let r = registers.get(id);
    if (!r) registers.set(id, (r = { value: '', date: undefined, confirmedValue: undefined, rollover: false }));
    return r;
  };
  for (const [key, raw] of Object.entries(body ?? {})) {
    const m = FIELD.exec(key);
    if (!m) continue;
    const id = Number(m[2]);
    const v = first(raw) ?? (typeof raw === 'string' ? raw.slice(0, 64) : '');
    const r = get(id);
    values[key] = v;
    if (m[1] === 'reading') r.value = v;
    else if (m[1] === 'date') r.date = v;
    else if (m[1] === 'confirm') r.confirmedValue = v;
    else r.rollover = v !== '';
  }
  const meter = meterId.safeParse(first(body?.meter));
  return { registers, meter: meter.success ? meter.data : null, values };
}

/** '24.10.2026' or '2026-10-24' (what a date input sends) → '2026-10-24'; anything else unchanged, for the domain to refuse. */
export function normalizeDate(input: string): string {
  const s = input.trim();
  const ru = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(s);
  if (ru) return `${ru[3]}-${ru[2]!.padStart(2, '0')}-${ru[1]!.padStart(2, '0')}`;
  return s;
}

export const PERIOD_CHOICES = [
  { value: '3m', label: 'За последние три месяца', months: 3 },
  { value: '6m', label: 'За последние шесть месяцев', months: 6 },
  { value: '12m', label: 'За год', months: 12 },
  { value: 'custom', label: 'Выбрать период самостоятельно', months: 0 },
] as const;

export interface HistoryFilter {
  period: (typeof PERIOD_CHOICES)[number]['value'];
  from: IsoDate;
  to: IsoDate;
}

const historyQuery = z.object({
  period: z.enum(['3m', '6m', '12m', 'custom']).optional().catch(undefined),
  from: z.string().max(20).optional().catch(undefined),
  to: z.string().max(20).optional().catch(undefined),
});

/** The same day `months` back (clamped to the month's end), plus one day: "the last three months" up to today. */
function monthsBack(today: IsoDate, months: number): IsoDate {
  return addDays(dayOfPeriod(addMonths(periodOf(today), -months), dayOfMonth(today)), 1);
}

/**
 * `?period=3m|6m|12m` or `?from=YYYY-MM-DD&to=YYYY-MM-DD` (DESIGN.md); a year by default.
 * Bad dates come back as errors beside the fields, with the default year shown meanwhile.
 */
export function parseHistoryFilter(query: unknown, today: IsoDate): { filter: HistoryFilter; errors: FieldError[]; values: Record<string, string> } {
  const q = historyQuery.parse(query ?? {});
  const values = { period: q.period ?? '', from: q.from ?? '', to: q.to ?? '' };
  const byYear: HistoryFilter = { period: '12m', from: monthsBack(today, 12), to: today };
  if (q.from || q.to || q.period === 'custom') {
    const errors: FieldError[] = [];
    const from = normalizeDate(q.from ?? '');
    const to = q.to ? normalizeDate(q.to) : today;
    if (!isValidDate(from)) errors.push({ field: 'from', text: q.from ? 'Укажите дату начала периода в формате ДД.ММ.ГГГГ' : 'Укажите дату начала периода' });
    if (!isValidDate(to)) errors.push({ field: 'to', text: 'Укажите дату окончания периода в формате ДД.ММ.ГГГГ' });
    if (errors.length === 0 && from > to) errors.push({ field: 'from', text: 'Дата начала периода позже даты окончания' });
    if (errors.length > 0) return { filter: byYear, errors, values: { ...values, period: 'custom' } };
    return { filter: { period: 'custom', from, to }, errors, values: { period: 'custom', from, to } };
  }
  const choice = PERIOD_CHOICES.find((c) => c.value === (q.period ?? '12m')) ?? PERIOD_CHOICES[2];
  return { filter: { period: choice.value, from: monthsBack(today, choice.months), to: today }, errors: [], values: { period: choice.value, from: '', to: '' } };
}

/** `?ids=12,13` of the confirmation page. */
export const confirmationQuery = z.object({
  ids: z
    .string()
    .regex(/^\d{1,12}(,\d{1,12}){0,49}$/)
    .transform((s) => [...new Set(s.split(',').map(Number))]),
});
