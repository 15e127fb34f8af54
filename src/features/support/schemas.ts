// The support desk's forms: the search, a password reset's delivery, corrected contacts.
import { z } from 'zod';
import { one } from '../../platform/validation.js';
import { email, phoneOptional } from '../auth/fields.js';

export const searchSchema = z.object({
  q: z.preprocess(
    (v) => one(v) ?? '',
    z
      .string()
      .trim()
      .min(
        2,
        'Введите не меньше двух знаков: номер счёта или договора, фамилию, название, e-mail, телефон или ИНН',
      )
      .max(100, 'Не длиннее 100 знаков'),
  ),
});

export const resetSchema = z.object({
  delivery: z.preprocess(
    (v) => one(v),
    z.enum(['show', 'sms'], { error: 'Выберите, как клиент получит пароль' }),
  ),
});

export const contactsSchema = z.object({
  email: z.preprocess((v) => {
    const s = String(one(v) ?? '').trim();
    return s === '' ? undefined : s;
  }, email.optional()),
  phone: z.preprocess((v) => String(one(v) ?? ''), phoneOptional),
});
