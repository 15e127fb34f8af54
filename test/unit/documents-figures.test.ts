import { describe, expect, it } from 'vitest';
import { actPdf } from '../../src/documents/act.js';
import { businessPdf } from '../../src/documents/business.js';
import { consumptionPdf } from '../../src/documents/consumption.js';
import { readPdf } from '../support/documents-pdf.js';
import {
  actFixture,
  consumptionFixture,
  correctionFixture,
  invoiceFixture,
  paymentBillFixture,
} from '../support/documents-fixtures.js';

/** Each figure must be found in the text a reader extracts, in the order given. */
function expectInOrder(text: string, figures: readonly string[]): void {
  let from = 0;
  for (const f of figures) {
    const at = text.indexOf(f, from);
    expect(at, `"${f}" after position ${from} in: ${text}`).toBeGreaterThanOrEqual(0);
    from = at + f.length;
  }
}

describe('the figures a reader finds in each business document', () => {
  it('an invoice lists each line with its OKEI code, quantity, price, VAT and totals, and the total in words', async () => {
    const { pages, info } = await readPdf(await businessPdf({ type: 'invoice', data: invoiceFixture() }));
    expect(pages).toHaveLength(1);
    expect(info.Title).toBe('Счёт-фактура № F-10-2026 от 31.10.2026');
    expectInOrder(pages[0]!, [
      'Счёт-фактура № F-10-2026 от 31.10.2026',
      'ИНН/КПП продавца: 7017114680/701701001',
      'К платёжно-расчётному документу: № 512 от 28.10.2026',
      'ИНН/КПП покупателя: 3250000000/325001001',
      'договор № 1000123 от 01.01.2015',
      'Электроэнергия (сутки) 245 кВт·ч 40 000 6,0083 240 332,00 без акциза 22 % 52 873,04 293 205,04',
      'Электроэнергия, перерасчёт за сентябрь 2026 245 кВт·ч 1 200 6,0083 7 209,96 без акциза 22 % 1 586,19 8 796,15',
      'Всего к оплате 247 541,96 X 54 459,23 302 001,19',
      'Всего к оплате: Триста две тысячи один рубль 19 копеек, в том числе НДС 54 459,23 ₽',
      'Страница 1 из 1',
    ]);
  });

  it('an advance bill for payment gives the bank details, the purpose, the VAT at its rate, the total and the sum in words', async () => {
    const { pages } = await readPdf(await businessPdf({ type: 'bill', data: paymentBillFixture() }));
    expectInOrder(pages[0]!, [
      'ТОМСКОЕ ОТДЕЛЕНИЕ №8616 ПАО СБЕРБАНК БИК 046902606',
      'Сч. № 40702810264000008260',
      'Корр. сч. № 30101810800000000606',
      'Счёт на оплату № A-11-1 от 01.11.2026',
      'Авансовый платёж 30 % договорного объёма ноября 2026',
      'Срок оплаты: до 10.11.2026',
      '1 Авансовый платёж за электроэнергию 5 409,84 30 000,00',
      'Итого без НДС: 24 590,16',
      'В том числе НДС (22 %): 5 409,84',
      'Всего к оплате: 30 000,00',
      'Всего наименований 1, на сумму 30 000,00 ₽',
      'Тридцать тысяч рублей 00 копеек',
    ]);
  });

  it('a corrective invoice gives the lines before and after, the decrease and the totals', async () => {
    const { pages } = await readPdf(await businessPdf({ type: 'correction', data: correctionFixture() }));
    expectInOrder(pages[0]!, [
      'Корректировочный счёт-фактура № K-10-2026 от 20.11.2026',
      'к счёту-фактуре № F-10-2026 от 31.10.2026',
      '1. Электроэнергия (сутки), кВт·ч (код 245); ставка 22 %',
      'А (до изменения) 40 000 6,0083 240 332,00 52 873,04 293 205,04',
      'Б (после изменения) 39 600 6,0083 237 928,68 52 344,31 290 272,99',
      'В (увеличение) 0,00 0,00 0,00',
      'Г (уменьшение) 400 2 403,32 528,73 2 932,05',
      'Всего увеличение (строка В) 0,00 0,00 0,00',
      'Всего уменьшение (строка Г) 2 403,32 528,73 2 932,05',
    ]);
  });

  it('several documents print as one file, each from its own page', async () => {
    const { pages } = await readPdf(
      await businessPdf([
        { type: 'invoice', data: invoiceFixture() },
        { type: 'correction', data: correctionFixture() },
      ]),
    );
    expect(pages).toHaveLength(2);
    expect(pages[0]).toContain('Счёт-фактура № F-10-2026');
    expect(pages[1]).toContain('Корректировочный счёт-фактура № K-10-2026');
    expect(pages[1]).toContain('Страница 2 из 2');
  });
});

describe('the figures a reader finds in the consumption breakdown and the act', () => {
  it('the consumption breakdown gives each month with its readings, ratio, volume and method, and the total', async () => {
    const { pages } = await readPdf(await consumptionPdf(consumptionFixture()));
    expectInOrder(pages[0]!, [
      'Расшифровка потребления электроэнергии за период с 01.09.2026 по 31.10.2026',
      'Потребитель: ООО "Ромашка"',
      'Лицевой счёт: 3200000001',
      'Точка поставки: Брянск, ул. Ленина, 1, цех 2',
      'прибор учёта № 0112345678 (Меркурий 230)',
      'сентябрь 2026 сутки 10 000 10 100 40 4 000 по показаниям F-09-2026',
      'октябрь 2026 сутки 10 100 10 090 40 −400 перерасчёт F-10-2026',
      'Итого, кВт·ч 3 600',
    ]);
  });

  it('the act gives the opening balance, each operation, the turnovers, the closing balance and the sentence', async () => {
    const { pages } = await readPdf(await actPdf(actFixture()));
    expectInOrder(pages[0]!, [
      'Сальдо начальное на 01.01.2026 608 822,79',
      '1 31.01.2026 Счёт-фактура № F-01-2026 от 31.01.2026 123 456,78',
      '2 25.02.2026 Поступление платежа от 25.02.2026 1 103 447,22',
      'Обороты за период 123 456,78 1 103 447,22',
      'Сальдо конечное на 31.03.2026 371 167,65',
      'задолженность в пользу ООО "Ромашка" составляет 371 167,65 ₽',
    ]);
  });
});
