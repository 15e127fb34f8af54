// Fixed inputs of the document layouts (seed 002's figures), shared by the unit tests of documents.
import type { ReceiptData } from '../../src/documents/receipt.js';

export const tomskPayee = {
  name: 'ПАО "Томскэнергосбыт"',
  inn: '7017114680',
  kpp: '701701001',
  address: '634034, г. Томск, ул. Котовского, 19',
  phone: '8 800 250-78-78',
  bankName: 'ТОМСКОЕ ОТДЕЛЕНИЕ №8616 ПАО СБЕРБАНК',
  bic: '046902606',
  account: '40702810264000008260',
  corrAccount: '30101810800000000606',
};

export function receiptFixture(over: Partial<ReceiptData> = {}): ReceiptData {
  return {
    billId: 1,
    number: 'Т-2026-10-000123',
    date: '2026-10-31',
    period: '2026-10-01',
    dueDate: '2026-11-15',
    payee: tomskPayee,
    payer: { name: 'Клековкина Юлия Владимировна', address: 'г. Томск, пер. Нечевский, д. 10, кв. 5' },
    account: { number: '110000001', contractNumber: '70010001', area: '60.60', residents: 1, bindCode: '466305' },
    blocks: [
      {
        supplier: tomskPayee,
        lines: [
          { service: 'Электроэнергия (день)', debtStartKop: 120000, paidKop: 120000, unit: 'кВт·ч', quantity: '150.000000', tariff: '6.1200', chargedKop: 91800, benefitKop: 0, adjustmentKop: 0, debtEndKop: 91800, penaltyKop: 0 },
          { service: 'Электроэнергия (ночь)', debtStartKop: 0, paidKop: 0, unit: 'кВт·ч', quantity: '60.000000', tariff: '3.0600', chargedKop: 18360, benefitKop: 0, adjustmentKop: -1000, debtEndKop: 17360, penaltyKop: 0 },
        ],
        total: { debtStartKop: 120000, paidKop: 120000, chargedKop: 110160, benefitKop: 0, adjustmentKop: -1000, debtEndKop: 109160, penaltyKop: 0 },
      },
      {
        supplier: { name: 'АО "ТомскРТС"', inn: '7017351521', account: '40702810910000002033', bankName: 'Ф-Л БАНКА ГПБ (АО) В Г. ТОМСКЕ', bic: '046902758', corrAccount: '30101810500000000758' },
        lines: [
          { service: 'Отопление', debtStartKop: 3780672, paidKop: 400, unit: 'Гкал', quantity: '1.696800', tariff: '1947.6900', chargedKop: 330484, benefitKop: 0, adjustmentKop: 0, debtEndKop: 4110756, penaltyKop: 23019 },
        ],
        total: { debtStartKop: 3780672, paidKop: 400, chargedKop: 330484, benefitKop: 0, adjustmentKop: 0, debtEndKop: 4110756, penaltyKop: 23019 },
      },
    ],
    total: { debtStartKop: 3900672, paidKop: 120400, chargedKop: 440644, benefitKop: 0, adjustmentKop: -1000, debtEndKop: 4219916, penaltyKop: 23019 },
    meters: [
      { supplier: 'ПАО "Томскэнергосбыт"', service: 'Электроэнергия', zone: 'T1', serial: '201704012803', unit: 'кВт·ч', previous: '12345.000000', current: '12495.000000', volume: '150.000000' },
      { supplier: 'ПАО "Томскэнергосбыт"', service: 'Электроэнергия', zone: 'T2', serial: '201704012803', unit: 'кВт·ч', previous: '5400.000000', current: '5460.000000', volume: '60.000000' },
    ],
    toPayKop: 4242935,
    penaltyKop: 23019,
    notes: ['Показания приборов учёта передавайте с 15 по 25 число месяца в личном кабинете.'],
    ...over,
  };
}
