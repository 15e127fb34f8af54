// The sandbox bank's card rules: the Luhn check, expiry and CVC, and what each test card does.

export type CardOutcome = 'success' | 'declined' | 'insufficient_funds' | 'three_ds';

/** The test cards printed on the sandbox page; any other number that passes the checks succeeds. */
export const TEST_CARDS: readonly { number: string; outcome: CardOutcome; label: string }[] = [
  { number: '4111 1111 1111 1111', outcome: 'success', label: 'успешная оплата' },
  { number: '5555 5555 5555 4444', outcome: 'three_ds', label: 'запрос 3-D Secure (код 12345), затем успех' },
  { number: '4000 0000 0000 0002', outcome: 'declined', label: 'отказ банка-эмитента' },
  { number: '4000 0000 0000 9995', outcome: 'insufficient_funds', label: 'недостаточно средств' },
];

/** The one-time code the sandbox's 3-D Secure page accepts. */
export const THREE_DS_CODE = '12345';

export function luhnValid(digits: string): boolean {
  if (!/^\d{12,19}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export function outcomeOf(digits: string): CardOutcome {
  return TEST_CARDS.find((c) => c.number.replace(/\s/g, '') === digits)?.outcome ?? 'success';
}

export interface CardInput {
  card_number: string;
  expiry: string;
  cvc: string;
}

export interface CardError {
  field: keyof CardInput;
  text: string;
}

/** Checks the card form as the bank would, at `today` ('YYYY-MM-DD'); the digits of a valid number. */
export function checkCard(
  input: CardInput,
  today: string,
): { ok: true; digits: string } | { ok: false; errors: CardError[] } {
  const errors: CardError[] = [];
  const digits = input.card_number.replace(/[\s-]/g, '');
  if (!digits) errors.push({ field: 'card_number', text: 'Введите номер карты' });
  else if (!/^\d{12,19}$/.test(digits))
    errors.push({ field: 'card_number', text: 'Номер карты — от 12 до 19 цифр' });
  else if (!luhnValid(digits)) errors.push({ field: 'card_number', text: 'Номер карты введён с ошибкой' });
  const m = /^(\d{2})\s*\/\s*(\d{2})$/.exec(input.expiry.trim());
  if (!input.expiry.trim()) errors.push({ field: 'expiry', text: 'Введите срок действия карты' });
  else if (!m || Number(m[1]) < 1 || Number(m[1]) > 12)
    errors.push({ field: 'expiry', text: 'Срок действия — месяц и год в виде ММ/ГГ, например 12/29' });
  else {
    const [y, mo] = [2000 + Number(m[2]), Number(m[1])];
    const [ty, tm] = [Number(today.slice(0, 4)), Number(today.slice(5, 7))];
    if (y < ty || (y === ty && mo < tm)) errors.push({ field: 'expiry', text: 'Срок действия карты истёк' });
  }
  if (!/^\d{3}$/.test(input.cvc.trim()))
    errors.push({ field: 'cvc', text: 'CVC2/CVV2 — три цифры с обратной стороны карты' });
  return errors.length ? { ok: false, errors } : { ok: true, digits };
}
