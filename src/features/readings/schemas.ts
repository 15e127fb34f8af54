// Form input of the reading pages: the per-register fields of the entry form; the history filter is the shared period filter.
import { z } from 'zod';
import type { IsoDate } from '../../domain/periods.js';

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
    if (!r)
      registers.set(id, (r = { value: '', date: undefined, confirmedValue: undefined, rollover: false }));
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

/** The dates the history shows; the filter itself is src/domain/periodFilter.ts. */
export interface HistoryFilter {
  from: IsoDate;
  to: IsoDate;
}

/** `?ids=12,13` of the confirmation page. */
export const confirmationQuery = z.object({
  ids: z
    .string()
    .regex(/^\d{1,12}(,\d{1,12}){0,49}$/)
    .transform((s) => [...new Set(s.split(',').map(Number))]),
});
