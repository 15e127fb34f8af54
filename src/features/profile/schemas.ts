// Inputs of the profile forms (seeds 002, 003): personal data, e-mail, login, password, subscriptions.
import { z } from 'zod';
import {
  birthDate,
  checkbox,
  email,
  gender,
  nameOptional,
  nameRequired,
  newPassword,
  passwordConfirm,
  passwordsMatch,
  phoneOptional,
  phoneRequired,
  requiredCheckbox,
} from '../auth/fields.js';

const currentPassword = z
  .string({ error: 'Введите текущий пароль' })
  .min(1, 'Введите текущий пароль')
  .max(256, 'Слишком длинный пароль');

export function personSchema(today: string) {
  return z.object({
    last_name: nameRequired('фамилию'),
    first_name: nameRequired('имя'),
    middle_name: nameOptional,
    gender,
    birth_date: birthDate(today, false),
    phone: phoneRequired,
  });
}

export const organisationContactSchema = z.object({ phone: phoneOptional });

export function completeSchema(today: string) {
  return z.object({
    phone: phoneRequired,
    middle_name: nameOptional,
    birth_date: birthDate(today, false),
    gender,
  });
}

export const emailChangeSchema = z.object({ email, email_current_password: currentPassword });

export const loginChangeSchema = z.object({
  login: z
    .string({ error: 'Введите логин' })
    .trim()
    .min(3, 'Логин — не короче 3 знаков')
    .max(64, 'Логин — не длиннее 64 знаков')
    .regex(
      /^[A-Za-z0-9А-Яа-яЁё._@-]+$/,
      'Логин может содержать буквы, цифры, точку, дефис, подчёркивание и @',
    ),
  login_current_password: currentPassword,
});

export const passwordChangeSchema = z
  .object({ current_password: currentPassword, password: newPassword, password_confirm: passwordConfirm })
  .superRefine(passwordsMatch);

export const subscriptionsSchema = z.object({
  bills_email: checkbox,
  reading_reminder: checkbox,
  debt_notice: checkbox,
  advance_bills: checkbox,
  marketing: checkbox,
});

export const withdrawSchema = z.object({
  current_password: currentPassword,
  confirm: requiredCheckbox('Подтвердите, что понимаете последствия отзыва согласия'),
});

/** A code from the authenticator app, or a recovery code (the service tells which). */
export const twoFactorCode = z
  .string({ error: 'Введите код из приложения' })
  .trim()
  .min(1, 'Введите код из приложения')
  .max(64, 'Код слишком длинный');

export const twoFactorEnableSchema = z.object({ code: twoFactorCode });

/** Turning the app off needs a current code or the password: one of them. */
export const twoFactorDisableSchema = z
  .object({
    code: z.string().trim().max(64, 'Код слишком длинный').optional(),
    password: z.string().max(256, 'Слишком длинный пароль').optional(),
  })
  .refine((v) => Boolean(v.code) || Boolean(v.password), {
    path: ['code'],
    message: 'Введите код из приложения или текущий пароль',
  });
