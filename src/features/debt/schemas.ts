// Query input of the debt pages: the act's period (?from=YYYY-MM-DD&to=YYYY-MM-DD, or as people type it, 01.05.2016).
import { compareDates, isValidDate, parseTypedDate } from '../../domain/periods.js';
import type { FieldError } from '../../platform/errors.js';

export interface PeriodInput {
  ok: boolean;
  from: string;
  to: string;
  values: { from: string; to: string };
  errors: FieldError[];
}

const one = (v: unknown): string => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '').trim().slice(0, 40);

/** As people type it (01.05.2016) or ISO; anything else stays as typed, for the message. */
const toIso = (v: string): string => parseTypedDate(v) ?? v;

/** Reads from / to; the defaults are the current year to date. Invalid input keeps the defaults and says why. */
export function parsePeriod(query: Record<string, unknown>, today: string): PeriodInput {
  const values = { from: one(query.from), to: one(query.to) };
  const defaults = { from: `${today.slice(0, 4)}-01-01`, to: today };
  const from = values.from === '' ? defaults.from : toIso(values.from);
  const to = values.to === '' ? defaults.to : toIso(values.to);
  const errors: FieldError[] = [];
  if (!isValidDate(from)) errors.push({ field: 'from', text: 'Введите дату начала периода в виде ДД.ММ.ГГГГ, например 01.05.2016' });
  if (!isValidDate(to)) errors.push({ field: 'to', text: 'Введите дату окончания периода в виде ДД.ММ.ГГГГ, например 01.08.2016' });
  if (errors.length === 0 && compareDates(from, to) > 0) errors.push({ field: 'to', text: 'Дата окончания периода не может быть раньше даты начала' });
  if (errors.length === 0 && compareDates(from, '1990-01-01') < 0) errors.push({ field: 'from', text: 'Дата начала периода не может быть раньше 1990 года' });
  if (errors.length > 0) return { ok: false, ...defaults, values, errors };
  return { ok: true, from, to, values, errors };
}
