import { describe, expect, it } from 'vitest';
import { contentDisposition, createPdf, finishPdf, font, table } from '../../src/documents/pdf.js';
import { actPdf } from '../../src/documents/act.js';
import { amountInWords, integerInWords } from '../../src/documents/words.js';
import { okeiCode } from '../../src/documents/business.js';
import { readPdf } from '../support/documents-pdf.js';

describe('PDF toolkit', () => {
  it('keeps the text of Latin letters searchable after a document used Cyrillic letters built from them', async () => {
    const first = createPdf({ title: 'a', author: 'b' });
    font(first, 'bold', 12).text('АВЕКМНОРСТХ абв');
    await finishPdf(first);
    const second = createPdf({ title: 'c', author: 'd' });
    font(second, 'bold', 12).text('Счёт № A-11-1 ABEKMHOPCTX');
    expect((await readPdf(await finishPdf(second))).text).toContain('Счёт № A-11-1 ABEKMHOPCTX');
  });

  it('a long table repeats its header row on every page, keeps numbers and numbers the pages', async () => {
    const doc = createPdf({ title: 'Таблица', author: 'Тест' });
    table(doc, {
      columns: [
        { header: 'Дата операции', width: 2 },
        { header: 'Сумма, руб.', width: 1, align: 'right' },
      ],
      rows: Array.from({ length: 200 }, (_, i) => [`строка ${i + 1}`, `${i + 1} 000,00`]),
    });
    const { pages, info } = await readPdf(await finishPdf(doc));
    expect(info.Title).toBe('Таблица');
    expect(info.Author).toBe('Тест');
    expect(pages.length).toBeGreaterThanOrEqual(3);
    pages.forEach((p, i) => {
      expect(p.startsWith('Дата операции Сумма, руб.')).toBe(true);
      expect(p).toContain(`Страница ${i + 1} из ${pages.length}`);
    });
    expect(pages.join(' ')).toContain('строка 200 200 000,00');
  });

  it('an act with an overpayment puts the closing balance on the credit side', async () => {
    const pdf = await actPdf({
      from: '2026-01-01',
      to: '2026-03-31',
      supplier: { name: 'ООО "ТЭК-Энерго"', inn: '3250000001' },
      customer: { name: 'ООО "Ромашка"', inn: '3250000000' },
      contract: { number: '1000123', date: '2015-01-01' },
      accountNumber: '3200000001',
      openingKop: 60882279,
      rows: [
        {
          date: '2026-02-25',
          document: 'Поступление платежа от 25.02.2026',
          debitKop: null,
          creditKop: 97999044,
        },
      ],
      debitTurnoverKop: 0,
      creditTurnoverKop: 97999044,
      closingKop: -37116765,
      sentence: 'На 31.03.2026 задолженность в пользу ООО "Ромашка" составляет 371 167,65 ₽',
    });
    const { text } = await readPdf(pdf);
    expect(text).toContain('Сальдо начальное на 01.01.2026 608 822,79');
    expect(text).toContain('Сальдо конечное на 31.03.2026 371 167,65');
    expect(text).toContain('задолженность в пользу ООО "Ромашка" составляет 371 167,65 ₽');
  });

  it('names files in ASCII and in UTF-8', () => {
    expect(contentDisposition('Акт сверки 2026.pdf')).toBe(
      `inline; filename="Akt-sverki-2026.pdf"; filename*=UTF-8''%D0%90%D0%BA%D1%82%20%D1%81%D0%B2%D0%B5%D1%80%D0%BA%D0%B8%202026.pdf`,
    );
  });
});

describe('amounts in words and units', () => {
  it.each([
    [0, 'ноль'],
    [1, 'один'],
    [2, 'два'],
    [11, 'одиннадцать'],
    [21, 'двадцать один'],
    [1000, 'одна тысяча'],
    [2000, 'две тысячи'],
    [5000, 'пять тысяч'],
    [42429, 'сорок две тысячи четыреста двадцать девять'],
    [1000000, 'один миллион'],
    [2512007, 'два миллиона пятьсот двенадцать тысяч семь'],
  ])('%i is "%s"', (n, words) => expect(integerInWords(n)).toBe(words));

  it('writes roubles and kopecks with their forms', () => {
    expect(amountInWords(4242935)).toBe('Сорок две тысячи четыреста двадцать девять рублей 35 копеек');
    expect(amountInWords(101)).toBe('Один рубль 01 копейка');
    expect(amountInWords(22222)).toBe('Двести двадцать два рубля 22 копейки');
    expect(amountInWords(-500)).toBe('Минус пять рублей 00 копеек');
  });

  it('knows the OKEI codes of the units on invoices', () => {
    expect(okeiCode('кВт·ч')).toBe('245');
    expect(okeiCode('Гкал')).toBe('233');
    expect(okeiCode('м3')).toBe('113');
    expect(okeiCode('попугай')).toBe('');
  });
});
