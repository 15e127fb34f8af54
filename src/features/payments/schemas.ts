// Form input of the pay form (/accounts/:number/pay): `amount[<contractId>]`, `method`, `receipt_via`,
// `email`, `phone`, `consent`, and the hidden `idempotence_key` the form was shown with.
import { z } from 'zod';
import { CONTROL_CHARS, CONTROL_CHARS_TEXT, one } from '../../platform/validation.js';
import type { FieldError } from '../../platform/errors.js';
import { email as emailField, normalisePhone } from '../auth/fields.js';

export const METHODS = ['bank_card', 'sbp'] as const;
export type PayMethod = (typeof METHODS)[number];

export interface PayFormValues {
  amounts: Record<string, string>;
  method: string;
  receipt_via: string;
  email: string;
  phone: string;
  consent: boolean;
  idempotence_key: string;
}

export interface ParsedPayForm {
  values: PayFormValues;
  errors: FieldError[];
  /** Set when the fields other than the amounts are valid. */
  contact?: { channel: 'email' | 'sms'; recipient: string };
  method?: PayMethod;
}

const str = (v: unknown) => {
  const s = one(v);
  return typeof s === 'string' ? s : '';
};
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The amount field of a line (by contract id), as the form names it. */
export const amountField = (key: string) => `amount[${key}]`;

/**
 * Reads the form: the amounts stay text (the domain rule checks them against what is owed); the
 * contact, method and consent are checked here. Every value comes back as typed, for re-rendering.
 */
export function parsePayForm(body: unknown, lineKeys: readonly string[]): ParsedPayForm {
  const b = (body ?? {}) as Record<string, unknown>;
  const amounts: Record<string, string> = {};
  for (const k of lineKeys) amounts[k] = str(b[amountField(k)]).slice(0, 40);
  const values: PayFormValues = {
    amounts,
    method: str(b.method),
    receipt_via: str(b.receipt_via) || 'email',
    email: str(b.email).slice(0, 300),
    phone: str(b.phone).slice(0, 40),
    consent: str(b.consent) === 'on',
    idempotence_key: str(b.idempotence_key),
  };
  const errors: FieldError[] = [];
  for (const [k, v] of Object.entries(amounts))
    if (CONTROL_CHARS.test(v)) errors.push({ field: amountField(k), text: CONTROL_CHARS_TEXT });

  const method = (METHODS as readonly string[]).includes(values.method)
    ? (values.method as PayMethod)
    : undefined;
  if (!method) errors.push({ field: 'method', text: 'Выберите способ оплаты: банковская карта или СБП' });

  let contact: ParsedPayForm['contact'];
  if (values.receipt_via === 'sms') {
    const p = normalisePhone(values.phone);
    if (!values.phone.trim())
      errors.push({ field: 'phone', text: 'Введите номер телефона, на который прислать чек' });
    else if (!p)
      errors.push({ field: 'phone', text: 'Введите номер мобильного телефона, например +7 912 345-67-89' });
    else contact = { channel: 'sms', recipient: p };
  } else if (values.receipt_via === 'email') {
    const e = emailField.safeParse(values.email);
    if (!values.email.trim())
      errors.push({ field: 'email', text: 'Введите e-mail, на который прислать чек' });
    else if (!e.success)
      errors.push({ field: 'email', text: 'Введите адрес электронной почты, например name@example.ru' });
    else contact = { channel: 'email', recipient: e.data };
  } else {
    errors.push({ field: 'receipt_via', text: 'Выберите, куда прислать чек: e-mail или SMS' });
  }
  if (!values.consent) errors.push({ field: 'consent', text: 'Подтвердите согласие с правилами оплаты' });
  if (!UUID.test(values.idempotence_key))
    errors.push({ field: 'form', text: 'Форма устарела: проверьте суммы и нажмите «Оплатить» ещё раз' });
  return { values, errors, contact: errors.length ? undefined : contact, method };
}

export const notificationBodyLimit = '64kb';
export const uuidSchema = z.string().regex(UUID);
