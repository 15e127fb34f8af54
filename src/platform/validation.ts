// What every form accepts before its own rules: no control characters, and zod's own messages in Russian.
import { z } from 'zod';

/**
 * C0 and C1 control characters except tab and line breaks (a text area may have them). PostgreSQL
 * refuses NUL in text, and the others are never typed by a person.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
export const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/** The first of a repeated form field (`a=1&a=2` arrives as an array), for schemas that expect one value. */
export const one = (v: unknown) => (Array.isArray(v) ? v[0] : v);

export const CONTROL_CHARS_TEXT =
  'Поле содержит недопустимые (управляющие) символы: удалите их и введите значение ещё раз';

const hasControlChars = (v: unknown): boolean =>
  typeof v === 'string' ? CONTROL_CHARS.test(v) : Array.isArray(v) ? v.some(hasControlChars) : false;

/** The fields of a submitted form (top-level names, as in the HTML) whose text has control characters. */
export function controlCharFields(body: unknown): string[] {
  if (!body || typeof body !== 'object') return [];
  return Object.entries(body as Record<string, unknown>)
    .filter(([, v]) => hasControlChars(v))
    .map(([k]) => k);
}

/**
 * Parses a submitted form with `schema`, refusing control characters in any field first: such a
 * field gets its own message beside it (instead of the schema's), the others their usual ones.
 */
export function parseForm<T extends z.ZodType>(schema: T, body: unknown): z.ZodSafeParseResult<z.output<T>> {
  const bad = controlCharFields(body);
  const parsed = schema.safeParse(body ?? {});
  if (bad.length === 0) return parsed;
  const issues: z.core.$ZodIssue[] = bad.map((field) => ({
    code: 'custom',
    path: [field],
    message: CONTROL_CHARS_TEXT,
    input: undefined,
  }));
  if (!parsed.success) issues.push(...parsed.error.issues.filter((i) => !bad.includes(String(i.path[0]))));
  return { success: false, error: new z.ZodError(issues) } as z.ZodSafeParseResult<z.output<T>>;
}

/**
 * zod's default texts are English ("Invalid input: expected string, received array"); every schema
 * carries Russian messages for what people type, and this covers what crafted requests send.
 */
export function russianZodErrors(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case 'too_big':
      return typeof issue.maximum === 'number' || typeof issue.maximum === 'bigint'
        ? issue.origin === 'string'
          ? `Не длиннее ${issue.maximum} знаков`
          : `Не больше ${issue.maximum}`
        : 'Слишком большое значение';
    case 'too_small':
      return 'Заполните поле';
    case 'invalid_value':
      return 'Выберите значение из предложенных';
    case 'invalid_format':
      return 'Проверьте, как записано значение';
    case 'invalid_type':
      return 'Значение поля не распознано: введите его ещё раз';
    default:
      return 'Проверьте значение поля';
  }
}

z.config({ customError: russianZodErrors });
