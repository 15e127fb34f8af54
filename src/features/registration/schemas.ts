// Inputs of the residential (seed 002) and business (seeds 003, 004) registration forms.
import { z } from 'zod';
import {
  birthDate,
  checkbox,
  documentNumber,
  email,
  gender,
  nameOptional,
  nameRequired,
  newPassword,
  passwordConfirm,
  passwordsMatch,
  phoneOptional,
  requiredCheckbox,
} from '../auth/fields.js';
import { isValidInn } from './inn.js';

const consent = requiredCheckbox(
  'Дайте согласие на обработку персональных данных: без него регистрация невозможна',
);
const agreement = requiredCheckbox('Примите пользовательское соглашение: без этого регистрация невозможна');

export function residentialSchema(today: string) {
  return z
    .object({
      phone: phoneOptional,
      email,
      password: newPassword,
      password_confirm: passwordConfirm,
      last_name: nameRequired('фамилию'),
      first_name: nameRequired('имя'),
      middle_name: nameOptional,
      birth_date: birthDate(today, false),
      gender,
      consent,
      agreement,
      marketing: checkbox,
    })
    .superRefine(passwordsMatch);
}
export type ResidentialInput = z.infer<ReturnType<typeof residentialSchema>>;

const credentials = {
  email,
  password: newPassword,
  password_confirm: passwordConfirm,
  consent,
  agreement,
};

/** Seed 003: account number + business-partner code (код ДП). */
export const businessByAccountSchema = z
  .object({
    method: z.literal('account'),
    account_number: documentNumber('номер лицевого счёта'),
    partner_code: documentNumber('код ДП'),
    ...credentials,
  })
  .superRefine(passwordsMatch);

/** Seed 004: contract number + INN + organisation name + city (which names the supplier). */
export const businessByContractSchema = z
  .object({
    method: z.literal('contract'),
    contract_number: documentNumber('номер договора'),
    inn: z
      .string({ error: 'Введите ИНН' })
      .trim()
      .min(1, 'Введите ИНН')
      .regex(/^\d{10}(\d{2})?$/, 'ИНН — 10 цифр для организации или 12 для ИП')
      .refine(isValidInn, 'ИНН указан с ошибкой: не сходится контрольное число, проверьте цифры'),
    org_name: z
      .string({ error: 'Введите наименование организации' })
      .trim()
      .min(1, 'Введите наименование организации')
      .max(300, 'Слишком длинное наименование'),
    // the city's value from the select; the route turns it into the supplier it names
    city: z
      .string({ error: 'Выберите город' })
      .trim()
      .min(1, 'Выберите город')
      .max(30, 'Выберите город из списка'),
    ...credentials,
  })
  .superRefine(passwordsMatch);

export type BusinessByAccount = z.infer<typeof businessByAccountSchema>;
export type BusinessByContract = z.infer<typeof businessByContractSchema>;

export const resendSchema = z.object({ email });
