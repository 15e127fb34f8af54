// Fixed inputs of the document layouts (seed 002's figures), shared by the unit tests of documents.
import type { ActData } from '../../src/documents/act.js';
import type { CorrectionData, InvoiceData, PaymentBillData } from '../../src/documents/business.js';
import type { ConsumptionData } from '../../src/documents/consumption.js';
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
    account: {
      number: '110000001',
      contractNumber: '70010001',
      area: '60.60',
      residents: 1,
      bindCode: '466305',
    },
    blocks: [
      {
        supplier: tomskPayee,
        lines: [
          {
            service: 'Электроэнергия (день)',
            debtStartKop: 120000,
            paidKop: 120000,
            unit: 'кВт·ч',
            quantity: '150.000000',
            tariff: '6.1200',
            chargedKop: 91800,
            benefitKop: 0,
            adjustmentKop: 0,
            debtEndKop: 91800,
            penaltyKop: 0,
          },
          {
            service: 'Электроэнергия (ночь)',
            debtStartKop: 0,
            paidKop: 0,
            unit: 'кВт·ч',
            quantity: '60.000000',
            tariff: '3.0600',
            chargedKop: 18360,
            benefitKop: 0,
            adjustmentKop: -1000,
            debtEndKop: 17360,
            penaltyKop: 0,
          },
        ],
        total: {
          debtStartKop: 120000,
          paidKop: 120000,
          chargedKop: 110160,
          benefitKop: 0,
          adjustmentKop: -1000,
          debtEndKop: 109160,
          penaltyKop: 0,
        },
      },
      {
        supplier: {
          name: 'АО "ТомскРТС"',
          inn: '7017351521',
          account: '40702810910000002033',
          bankName: 'Ф-Л БАНКА ГПБ (АО) В Г. ТОМСКЕ',
          bic: '046902758',
          corrAccount: '30101810500000000758',
        },
        lines: [
          {
            service: 'Отопление',
            debtStartKop: 3780672,
            paidKop: 400,
            unit: 'Гкал',
            quantity: '1.696800',
            tariff: '1947.6900',
            chargedKop: 330484,
            benefitKop: 0,
            adjustmentKop: 0,
            debtEndKop: 4110756,
            penaltyKop: 23019,
          },
        ],
        total: {
          debtStartKop: 3780672,
          paidKop: 400,
          chargedKop: 330484,
          benefitKop: 0,
          adjustmentKop: 0,
          debtEndKop: 4110756,
          penaltyKop: 23019,
        },
      },
    ],
    total: {
      debtStartKop: 3900672,
      paidKop: 120400,
      chargedKop: 440644,
      benefitKop: 0,
      adjustmentKop: -1000,
      debtEndKop: 4219916,
      penaltyKop: 23019,
    },
    meters: [
      {
        supplier: 'ПАО "Томскэнергосбыт"',
        service: 'Электроэнергия',
        zone: 'T1',
        serial: '201704012803',
        unit: 'кВт·ч',
        previous: '12345.000000',
        current: '12495.000000',
        volume: '150.000000',
      },
      {
        supplier: 'ПАО "Томскэнергосбыт"',
        service: 'Электроэнергия',
        zone: 'T2',
        serial: '201704012803',
        unit: 'кВт·ч',
        previous: '5400.000000',
        current: '5460.000000',
        volume: '60.000000',
      },
    ],
    toPayKop: 4242935,
    penaltyKop: 23019,
    notes: ['Показания приборов учёта передавайте с 15 по 25 число месяца в личном кабинете.'],
    ...over,
  };
}

/** A business buyer of Bryansk (seed 003/004). */
export const bryanskBuyer = {
  name: 'ООО "Ромашка"',
  inn: '3250000000',
  kpp: '325001001',
  address: '241050, г. Брянск, ул. Ленина, д. 1',
};

const supplyHead = {
  period: '2026-10-01',
  seller: tomskPayee,
  buyer: bryanskBuyer,
  contract: { number: '1000123', date: '2015-01-01' },
  accountNumber: '3200000001',
};

/** An invoice of two lines at 22 % VAT: 40 000 kWh and 1 200 kWh. */
export function invoiceFixture(over: Partial<InvoiceData> = {}): InvoiceData {
  return {
    ...supplyHead,
    number: 'F-10-2026',
    date: '2026-10-31',
    paymentDocs: '№ 512 от 28.10.2026',
    lines: [
      {
        name: 'Электроэнергия (сутки)',
        unit: 'кВт·ч',
        quantity: '40000.000000',
        price: '6.0083',
        withoutVatKop: 24033200,
        vatRate: '22 %',
        vatKop: 5287304,
        withVatKop: 29320504,
      },
      {
        name: 'Электроэнергия, перерасчёт за сентябрь 2026',
        unit: 'кВт·ч',
        quantity: '1200.000000',
        price: '6.0083',
        withoutVatKop: 720996,
        vatRate: '22 %',
        vatKop: 158619,
        withVatKop: 879615,
      },
    ],
    totals: { withoutVatKop: 24754196, vatKop: 5445923, withVatKop: 30200119 },
    ...over,
  };
}

/** A bill for payment of the advance: 30 000,00 with 5 409,84 VAT at 22 %. */
export function paymentBillFixture(over: Partial<PaymentBillData> = {}): PaymentBillData {
  return {
    ...supplyHead,
    number: 'A-11-1',
    date: '2026-11-01',
    period: '2026-11-01',
    kind: 'advance',
    dueDate: '2026-11-10',
    purpose: 'Авансовый платёж 30 % договорного объёма ноября 2026',
    lines: [
      {
        name: 'Авансовый платёж за электроэнергию',
        unit: null,
        quantity: null,
        price: null,
        withoutVatKop: 2459016,
        vatRate: '22 %',
        vatKop: 540984,
        withVatKop: 3000000,
      },
    ],
    totals: { withoutVatKop: 2459016, vatKop: 540984, withVatKop: 3000000 },
    ...over,
  };
}

/** A correction lowering the invoice's 40 000 kWh to 39 600 kWh. */
export function correctionFixture(): CorrectionData {
  return {
    ...supplyHead,
    number: 'K-10-2026',
    date: '2026-11-20',
    corrected: { number: 'F-10-2026', date: '2026-10-31' },
    lines: [
      {
        name: 'Электроэнергия (сутки)',
        unit: 'кВт·ч',
        vatRate: '22 %',
        before: {
          quantity: '40000.000000',
          price: '6.0083',
          withoutVatKop: 24033200,
          vatKop: 5287304,
          withVatKop: 29320504,
        },
        after: {
          quantity: '39600.000000',
          price: '6.0083',
          withoutVatKop: 23792868,
          vatKop: 5234431,
          withVatKop: 29027299,
        },
        change: {
          quantity: '-400.000000',
          price: null,
          withoutVatKop: -240332,
          vatKop: -52873,
          withVatKop: -293205,
        },
      },
    ],
    increase: { withoutVatKop: 0, vatKop: 0, withVatKop: 0 },
    decrease: { withoutVatKop: 240332, vatKop: 52873, withVatKop: 293205 },
  };
}

/** Two months of one supply point with a meter: 4 000 kWh, then a recalculation of −400. */
export function consumptionFixture(): ConsumptionData {
  return {
    from: '2026-09-01',
    to: '2026-10-31',
    supplier: tomskPayee,
    customer: bryanskBuyer,
    accountNumber: '3200000001',
    contractNumber: '1000123',
    points: [
      {
        meterId: 1,
        point: 'Брянск, ул. Ленина, 1, цех 2',
        serial: '0112345678',
        model: 'Меркурий 230',
        service: 'Электроэнергия',
        unit: 'кВт·ч',
        rows: [
          {
            period: '2026-09-01',
            zone: 'T',
            previous: '10000.000000',
            current: '10100.000000',
            ratio: '40',
            quantity: '4000.000000',
            method: 'meter',
            billNumber: 'F-09-2026',
          },
          {
            period: '2026-10-01',
            zone: 'T',
            previous: '10100.000000',
            current: '10090.000000',
            ratio: '40',
            quantity: '-400.000000',
            method: 'manual',
            billNumber: 'F-10-2026',
          },
        ],
        total: '3600.000000',
      },
    ],
  };
}

/** A quarter of a business account: an invoice, then a payment larger than the debt. */
export function actFixture(): ActData {
  return {
    from: '2026-01-01',
    to: '2026-03-31',
    supplier: { name: 'ООО "ТЭК-Энерго"', inn: '3250000001' },
    customer: { name: 'ООО "Ромашка"', inn: '3250000000' },
    contract: { number: '1000123', date: '2015-01-01' },
    accountNumber: '3200000001',
    openingKop: 60882279,
    rows: [
      {
        date: '2026-01-31',
        document: 'Счёт-фактура № F-01-2026 от 31.01.2026',
        debitKop: 12345678,
        creditKop: null,
      },
      {
        date: '2026-02-25',
        document: 'Поступление платежа от 25.02.2026',
        debitKop: null,
        creditKop: 110344722,
      },
    ],
    debitTurnoverKop: 12345678,
    creditTurnoverKop: 110344722,
    closingKop: -37116765,
    sentence: 'На 31.03.2026 задолженность в пользу ООО "Ромашка" составляет 371 167,65 ₽',
  };
}
