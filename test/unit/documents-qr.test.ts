import { describe, expect, it } from 'vitest';
import {
  PaymentQrError,
  parsePaymentQrString,
  paymentQrString,
  paymPeriod,
  qrValue,
} from '../../src/documents/qr.js';
import { receiptQrString, receiptsPdf } from '../../src/documents/receipt.js';
import { receiptFixture, tomskPayee } from '../support/documents-fixtures.js';
import { RECEIPT_QR_CORNER, decodeQrOnPage } from '../support/documents-pdf.js';

const base = {
  name: tomskPayee.name,
  personalAcc: tomskPayee.account,
  bankName: tomskPayee.bankName,
  bic: tomskPayee.bic,
  correspAcc: tomskPayee.corrAccount,
};

describe('payment QR string (ГОСТ Р 56042-2014)', () => {
  it('starts with ST00012 and lists the required fields in order, then the optional ones', () => {
    const s = paymentQrString({
      ...base,
      payeeInn: '7017114680',
      kpp: '701701001',
      sumKop: 4242935,
      purpose: 'Оплата за октябрь 2026',
      persAcc: '110000001',
      period: '2026-10-01',
      lastName: 'Клековкина',
      payerAddress: 'г. Томск, пер. Нечевский, д. 10',
      techCode: '02',
    });
    expect(s).toBe(
      'ST00012|Name=ПАО "Томскэнергосбыт"|PersonalAcc=40702810264000008260|BankName=ТОМСКОЕ ОТДЕЛЕНИЕ №8616 ПАО СБЕРБАНК' +
        '|BIC=046902606|CorrespAcc=30101810800000000606|PayeeINN=7017114680|KPP=701701001|Sum=4242935' +
        '|Purpose=Оплата за октябрь 2026|persAcc=110000001|paymPeriod=102026|lastName=Клековкина' +
        '|payerAddress=г. Томск, пер. Нечевский, д. 10|TechCode=02',
    );
  });

  it('writes the sum in kopecks and the period as MMYYYY', () => {
    const f = parsePaymentQrString(paymentQrString({ ...base, sumKop: 100, period: '2026-01' }));
    expect(f.Sum).toBe('100');
    expect(f.paymPeriod).toBe('012026');
    expect(paymPeriod('2025-12-01')).toBe('122025');
  });

  it('never lets the separator or a line break into a value', () => {
    const s = paymentQrString({
      ...base,
      name: 'ООО "Свет|и|Тепло"',
      payerAddress: 'ул. Мира |1\nкв. 2',
      purpose: '||',
    });
    const f = parsePaymentQrString(s);
    expect(f.Name).toBe('ООО "Свет и Тепло"');
    expect(f.payerAddress).toBe('ул. Мира 1 кв. 2');
    expect(f).not.toHaveProperty('Purpose');
    expect(s.split('|')).toHaveLength(1 + Object.keys(f).length);
    expect(qrValue(' a | b ')).toBe('a b');
  });

  it('leaves the sum out when nothing is due, so the payer types it', () => {
    expect(parsePaymentQrString(paymentQrString({ ...base, sumKop: 0 }))).not.toHaveProperty('Sum');
    expect(parsePaymentQrString(paymentQrString({ ...base, sumKop: -500 }))).not.toHaveProperty('Sum');
  });

  it('adds TechCode 02 (housing and utilities) by default', () => {
    expect(parsePaymentQrString(paymentQrString(base)).TechCode).toBe('02');
  });

  it('refuses a payee without bank details and a sum that is not kopecks', () => {
    expect(() => paymentQrString({ ...base, personalAcc: '' })).toThrow(PaymentQrError);
    expect(() => paymentQrString({ ...base, bic: ' | ' })).toThrow(/BIC/);
    expect(() => paymentQrString({ ...base, sumKop: 10.5 })).toThrow(PaymentQrError);
  });
});

/** Receipts of different payers, addresses, accounts, periods and amounts (due, overpaid, large). */
function receipts(n: number) {
  const names = [
    'Клековкина Юлия Владимировна',
    'Иванов Пётр Сергеевич',
    'Ли Ан',
    'Оглы-Мамедова Зульфия Рашидовна',
    'Smith John',
  ];
  const streets = [
    'пер. Нечевский',
    'ул. Котовского',
    'пр-кт Ленина',
    'ул. 79 Гвардейской Дивизии',
    'тракт Иркутский',
  ];
  return Array.from({ length: n }, (_, i) =>
    receiptFixture({
      payer: {
        name: names[i % names.length]!,
        address: `г. Томск, ${streets[(i * 3) % streets.length]}, д. ${i + 1}, кв. ${(i * 37) % 300}`,
      },
      account: { number: String(110000001 + i * 7919), bindCode: '466305' },
      period: `20${25 + (i % 2)}-${String((i % 12) + 1).padStart(2, '0')}-01`,
      toPayKop: [0, 1, 99, 4242935, 123456789][i % 5]! + i * 1013,
    }),
  );
}

describe('payment QR codes on receipts', () => {
  it('decode from the printed receipts of many payers and amounts', async () => {
    const list = receipts(12);
    const pdf = await receiptsPdf(list);
    for (const [i, r] of list.entries())
      expect(await decodeQrOnPage(pdf, i + 1, RECEIPT_QR_CORNER), `receipt ${i + 1}`).toBe(
        receiptQrString(r),
      );
  });
});
