// Form fields every identity form shares: the password policy, e-mail, mobile phone, names, dates.
import { z } from 'zod';
import { parseTypedDate } from '../../domain/periods.js';

export const PASSWORD_RULE =
  'Не менее 8 знаков, включая цифры, большие и маленькие буквы латинского алфавита';

/** The password policy of seed 002: at least 8 characters with digits, upper- and lower-case Latin letters. */
export const newPassword = z
  .string({ error: 'Придумайте пароль' })
  .min(1, 'Придумайте пароль')
  .max(128, 'Пароль длиннее 128 знаков')
  .refine((p) => p.length >= 8 && /\d/.test(p) && /[a-z]/.test(p) && /[A-Z]/.test(p), {
    message: `Пароль не подходит: ${PASSWORD_RULE.toLowerCase()}`,
  });

export const passwordConfirm = z
  .string({ error: 'Повторите пароль' })
  .min(1, 'Повторите пароль')
  .max(128, 'Повторите пароль');

/** Adds "Пароли не совпадают" beside password_confirm. */
export function passwordsMatch<T extends { password: string; password_confirm: string }>(
  v: T,
  ctx: z.RefinementCtx,
): void {
  if (v.password && v.password_confirm && v.password !== v.password_confirm) {
    ctx.addIssue({ code: 'custom', path: ['password_confirm'], message: 'Пароли не совпадают' });
  }
}

export const email = z
  .string({ error: 'Введите e-mail' })
  .trim()
  .toLowerCase()
  .min(1, 'Введите e-mail')
  .max(254, 'Слишком длинный адрес')
  .pipe(z.email('Введите адрес электронной почты, например name@example.ru'));

/** A Russian mobile number in any usual spelling, stored as +7XXXXXXXXXX. */
export function normalisePhone(raw: string): string | undefined {
  const d = raw.replace(/[\s()\-–.]/g, '');
  let digits: string | undefined;
  if (/^\+7\d{10}$/.test(d)) digits = d.slice(2);
  else if (/^[78]\d{10}$/.test(d)) digits = d.slice(1);
  else if (/^\d{10}$/.test(d)) digits = d;
  if (!digits || !digits.startsWith('9')) return undefined;
  return `+7${digits}`;
}

const PHONE_MESSAGE = 'Введите номер мобильного телефона, например +7 912 345-67-89';

export const phoneRequired = z
  .string({ error: 'Введите номер мобильного телефона' })
  .trim()
  .min(1, 'Введите номер мобильного телефона')
  .transform((v, ctx) => {
    const p = normalisePhone(v);
    if (!p) {
      ctx.addIssue({ code: 'custom', message: PHONE_MESSAGE });
      return z.NEVER;
    }
    return p;
  });

export const phoneOptional = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx) => {
    if (!v) return null;
    const p = normalisePhone(v);
    if (!p) {
      ctx.addIssue({ code: 'custom', message: PHONE_MESSAGE });
      return z.NEVER;
    }
    return p;
  });

const NAME_RE = /^[A-Za-zА-Яа-яЁё][A-Za-zА-Яа-яЁё' .-]*$/;

export const nameRequired = (what: string) =>
  z
    .string({ error: `Введите ${what}` })
    .trim()
    .min(1, `Введите ${what}`)
    .max(60, 'Не длиннее 60 знаков')
    .regex(NAME_RE, 'Только буквы, дефис, апостроф и пробел');

export const nameOptional = z
  .string()
  .trim()
  .max(60, 'Не длиннее 60 знаков')
  .optional()
  .transform((v) => (v ? v : null))
  .refine((v) => v === null || NAME_RE.test(v), 'Только буквы, дефис, апостроф и пробел');

/** 'YYYY-MM-DD' from <input type=date>, or 'ДД.ММ.ГГГГ' typed by hand (the domain's parseTypedDate). */
export const parseDate = parseTypedDate;

/** A birth date: a real date, not in the future, not before 1900. `today` is 'YYYY-MM-DD'. */
export function birthDate(today: string, required: boolean) {
  return z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (!v) {
        if (required) {
          ctx.addIssue({ code: 'custom', message: 'Введите дату рождения' });
          return z.NEVER;
        }
        return null;
      }
      const d = parseDate(v);
      if (!d) {
        ctx.addIssue({ code: 'custom', message: 'Введите дату в формате ДД.ММ.ГГГГ, например 12.05.1970' });
        return z.NEVER;
      }
      if (d > today || d < '1900-01-01') {
        ctx.addIssue({ code: 'custom', message: 'Проверьте дату рождения' });
        return z.NEVER;
      }
      return d;
    });
}

export const gender = z
  .string()
  .optional()
  .transform((v) => (v === 'male' || v === 'female' ? v : null));

const ticked = (v: unknown) => v !== undefined && v !== '' && v !== null && v !== 'off' && v !== '0';

/** An HTML checkbox: an unticked one is simply absent from the form. */
export const checkbox = z.unknown().optional().transform(ticked);

// the refine runs on the transformed boolean: a refine straight on an optional field is skipped
// when the field is absent, which is exactly how browsers send an unticked box
export const requiredCheckbox = (message: string) =>
  z
    .unknown()
    .optional()
    .transform(ticked)
    .refine((v) => v, message)
    .transform(() => true as const);

/** A number as printed on a bill: digits and letters, spaces removed. */
export const documentNumber = (what: string) =>
  z
    .string({ error: `Введите ${what}` })
    .trim()
    .transform((v) => v.replace(/\s+/g, ''))
    .pipe(z.string().min(1, `Введите ${what}`).max(40, 'Слишком длинный номер'));
