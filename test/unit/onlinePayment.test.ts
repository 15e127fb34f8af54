// The pay form's amount rules, the VAT of a receipt, the sandbox bank's card checks and the notification signature.
import { describe, it, expect } from 'vitest';
import { buildReceipt, checkPayAmounts, vatRateOn } from '../../src/domain/onlinePayment.js';
import { checkCard, luhnValid, outcomeOf } from '../../src/features/sandboxAcquirer/cards.js';
import { checkSignature, signNotification } from '../../src/platform/acquirer.js';

const limits = { minBusinessKop: 10000, marginKop: 5000000, maxKop: 100000000 };
const lines = [
  { key: 'el', owedKop: 134888 },
  { key: 'heat', owedKop: 0 },
];

describe('checkPayAmounts', () => {
  it.each([
    [{ el: '1348,88', heat: '0' }, 134888],
    [{ el: '1 348.88', heat: '10' }, 135888],
    [{ el: '0', heat: '0,01' }, 1],
    [{ el: '51348,88', heat: '0' }, 5134888],
  ])('%j pays %i kopecks', (input, total) => {
    const r = checkPayAmounts(lines, input, limits, false);
    expect(r.ok && r.totalKop).toBe(total);
  });

  it.each([
    [{ el: '', heat: '0' }, 'el', 'Введите сумму'],
    [{ el: 'abc', heat: '0' }, 'el', 'числом'],
    [{ el: '-1', heat: '0' }, 'el', 'отрицательной'],
    [{ el: '1,001', heat: '0' }, 'el', 'двух знаков'],
    [{ el: '51348,89', heat: '0' }, 'el', 'не больше 51 348,88'],
    [{ el: '0', heat: '50000,01' }, 'heat', 'не больше 50 000,00'],
    [{ el: '0', heat: '0' }, 'total', 'больше нуля'],
  ])('%j is refused on %s: %s', (input, key, text) => {
    const r = checkPayAmounts(lines, input, limits, false);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors[0]!.key).toBe(key);
      expect(r.errors[0]!.text.replace(/\u00a0/g, ' ')).toContain(text);
    }
  });

  it('a business pays at least the minimum; a household may pay less', () => {
    const input = { el: '99,99', heat: '0' };
    const biz = checkPayAmounts(lines, input, limits, true);
    expect(!biz.ok && biz.errors[0]!.text).toContain('не меньше 100,00');
    expect(checkPayAmounts(lines, input, limits, false).ok).toBe(true);
    expect(checkPayAmounts(lines, { el: '100', heat: '0' }, limits, true).ok).toBe(true);
  });

  it('one payment never exceeds the maximum', () => {
    const big = [{ key: 'el', owedKop: 200000000 }];
    const r = checkPayAmounts(big, { el: '1000000,01' }, limits, true);
    expect(!r.ok && r.errors[0]!.text.replace(/\u00a0/g, ' ')).toContain('не больше 1 000 000,00');
  });
});

describe('the receipt', () => {
  const rates = [
    { validFrom: '2019-01-01', percent: '20' },
    { validFrom: '2026-01-01', percent: '22' },
  ];
  it('takes the VAT rate in force on the day of payment', () => {
    expect(vatRateOn('2025-12-31', rates)).toBe('20');
    expect(vatRateOn('2026-01-01', rates)).toBe('22');
    expect(vatRateOn('2018-12-31', rates)).toBeNull();
  });
  it('VAT included in each item (122 000,00 at 22 % → 22 000,00); "Без НДС" for a supplier without VAT', () => {
    const base = {
      seller: 'ОАО "Энергосбыт"',
      sellerInn: '1101301856',
      items: [{ name: 'Электроэнергия', amountKop: 12200000 }],
      paidAt: '2026-11-23T09:00:00.000Z',
      paidOn: '2026-11-23',
      vatRates: rates,
      contact: 'a@example.ru',
      test: false,
    };
    const r = buildReceipt({ ...base, chargesVat: true });
    expect(r.items[0]).toMatchObject({ vatPercent: '22', vatKop: 2200000 });
    expect(r).toMatchObject({ totalKop: 12200000, paymentMethod: 'Полный расчёт' });
    expect(buildReceipt({ ...base, chargesVat: false }).items[0]).toMatchObject({
      vatPercent: null,
      vatKop: 0,
    });
  });
});

describe('the sandbox bank card checks', () => {
  it('Luhn', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(luhnValid('5555555555554444')).toBe(true);
    expect(luhnValid('4000000000000002')).toBe(true);
    expect(luhnValid('4000000000009995')).toBe(true);
    expect(luhnValid('12')).toBe(false);
  });
  it('test cards and their outcomes; any other valid card succeeds', () => {
    expect(outcomeOf('4000000000000002')).toBe('declined');
    expect(outcomeOf('4000000000009995')).toBe('insufficient_funds');
    expect(outcomeOf('5555555555554444')).toBe('three_ds');
    expect(outcomeOf('2200000000000004')).toBe('success');
  });
  it('expiry this month is fine, last month is not; CVC is three digits', () => {
    const ok = checkCard({ card_number: '4111 1111 1111 1111', expiry: '11/26', cvc: '123' }, '2026-11-23');
    expect(ok.ok).toBe(true);
    const bad = checkCard({ card_number: '4111-1111-1111-1111', expiry: '10/26', cvc: '1234' }, '2026-11-23');
    expect(!bad.ok && bad.errors.map((e) => e.field)).toEqual(['expiry', 'cvc']);
    const month = checkCard({ card_number: '4111111111111111', expiry: '13/30', cvc: '123' }, '2026-11-23');
    expect(!month.ok && month.errors[0]!.text).toContain('ММ/ГГ');
  });
});

describe('notification signature', () => {
  const secret = 's'.repeat(32);
  const now = new Date('2026-11-23T09:00:00Z');
  const body = '{"id":"n1"}';
  it('a signature made with the secret over the body checks out', () => {
    expect(checkSignature(secret, body, signNotification(secret, body, now), now).ok).toBe(true);
  });
  it.each([
    ['another secret', signNotification('x'.repeat(32), body, now), body, 'bad_signature'],
    ['another body', signNotification(secret, body, now), '{"id":"n2"}', 'bad_signature'],
    ['no header', undefined, body, 'no_signature'],
    ['garbage', 'v1=zz', body, 'bad_signature'],
    [
      'signed 25 hours ago',
      signNotification(secret, body, new Date(now.getTime() - 25 * 3600e3)),
      body,
      'stale',
    ],
    ['signed in the future', signNotification(secret, body, new Date(now.getTime() + 3600e3)), body, 'stale'],
  ])('%s is refused', (_name, header, b, reason) => {
    const r = checkSignature(secret, b, header, now);
    expect(!r.ok && r.reason).toBe(reason);
  });
});
