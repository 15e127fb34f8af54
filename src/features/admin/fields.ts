// Form fields the admin pages share: a date and a percent typed as people type them, with the
// messages shown beside the field.
import { z } from 'zod';
import { one } from '../../platform/validation.js';
import {
  compareDecimal,
  decimalToPlain,
  toDecimal,
  tryParseDecimal,
  type Decimal,
} from '../../domain/decimal.js';
import { isValidDate, parseTypedDate } from '../../domain/periods.js';

/** The first value of a field sent more than once. */

/** A required date: 'ДД.ММ.ГГГГ' typed by hand or 'YYYY-MM-DD', from 1992 to 2100; 'YYYY-MM-DD'. */
export function dateField(missing: string, example: string) {
  return z.preprocess(
    one,
    z
      .string({ error: missing })
      .trim()
      .min(1, missing)
      .transform((v) => parseTypedDate(v) ?? v)
      .refine(isValidDate, `Дата в виде ДД.ММ.ГГГГ, например ${example}`)
      .refine((d) => d >= '1992-01-01' && d <= '2100-12-31', 'Дата вне допустимого диапазона'),
  );
}

/** '16,5', '16.5' or '16,5 %' as a decimal; null when it is no number. */
export function percentOf(v: string): Decimal | null {
  const text = v.trim().replace(/\s*%$/, '').replace(',', '.');
  return tryParseDecimal(text) === null ? null : toDecimal(text);
}

/**
 * A percent typed as people type it, with at most `scale` decimals, up to `max` (below it when
 * `below`); not negative, or above zero when `positive`. `missing`: the message when it is left
 * empty; without it an empty field is undefined (an unused optional row). The plain decimal.
 */
export function percentField(opts: {
  what: string;
  example: string;
  scale: number;
  max: bigint;
  below?: boolean;
  positive?: boolean;
  missing?: string;
}) {
  const { what, max } = opts;
  const tooHigh = opts.below
    ? `${what} должна быть меньше ${max} %`
    : `${what} не может быть больше ${max} %`;
  return z.preprocess(
    (v) => (typeof one(v) === 'string' ? (one(v) as string).trim() : ''),
    z
      .string()
      .refine((v) => v !== '' || opts.missing === undefined, opts.missing)
      .refine((v) => v === '' || percentOf(v) !== null, `${what} — число, например ${opts.example}`)
      .transform((v) => (v === '' ? undefined : percentOf(v)!))
      .refine(
        (d) => d === undefined || (opts.positive ? d.units > 0n : d.units >= 0n),
        opts.positive ? `${what} больше нуля` : `${what} не может быть отрицательной`,
      )
      .refine(
        (d) => d === undefined || d.scale <= opts.scale,
        opts.scale === 2 ? 'Не больше двух знаков после запятой' : 'Не больше трёх знаков после запятой',
      )
      .refine(
        (d) => d === undefined || (opts.below ? compareDecimal(d, max) < 0 : compareDecimal(d, max) <= 0),
        tooHigh,
      )
      .transform((d) => (d === undefined ? undefined : decimalToPlain(d))),
  );
}
