// Inputs of the login, security-question and password-recovery forms.
import { z } from 'zod';
import {
  birthDate,
  documentNumber,
  email,
  nameOptional,
  nameRequired,
  newPassword,
  passwordConfirm,
  passwordsMatch,
  phoneRequired,
} from './fields.js';

export const loginSchema = z.object({
  login: z
    .string()
    .trim()
    .min(1, 'Введите e-mail, номер лицевого счёта или номер договора')
    .max(254, 'Слишком длинный логин'),
  password: z.string().min(1, 'Введите пароль').max(256, 'Слишком длинный пароль'),
  remember: z
    .string()
    .optional()
    .transform((v) => v === 'on' || v === '1' || v === 'true'),
  // the city asked for when the number is known at several suppliers (seed 004)
  city: z
    .string()
    .optional()
    .transform((v) => (v && v.length <= 30 ? v : undefined)),
});
export type LoginInput = z.infer<typeof loginSchema>;

export const answerSchema = z.object({
  answer: z.string().trim().min(1, 'Введите ответ').max(100, 'Слишком длинный ответ'),
});

export const forgotSchema = z.object({ email });

export const newPasswordSchema = z
  .object({ password: newPassword, password_confirm: passwordConfirm })
  .superRefine(passwordsMatch);

export function smsRecoverySchema(today: string) {
  return z.object({
    account_number: documentNumber('номер клиента (лицевого счёта)'),
    last_name: nameRequired('фамилию'),
    first_name: nameRequired('имя'),
    middle_name: nameOptional,
    birth_date: birthDate(today, true),
    phone: phoneRequired,
  });
}

/** The second login step: a code from the authenticator app or a recovery code. */
export const loginCodeSchema = z.object({
  code: z
    .string({ error: 'Введите код из приложения' })
    .trim()
    .min(1, 'Введите код из приложения')
    .max(64, 'Код слишком длинный'),
});
