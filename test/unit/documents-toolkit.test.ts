import zlib from 'node:zlib';
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { COLORS, PAGE, contentDisposition, createPdf, finishPdf, font, table, type Pdf } from '../../src/documents/pdf.js';
import { parsedFonts } from '../../src/documents/fonts.js';
import { actPdf } from '../../src/documents/act.js';
import { amountInWords, integerInWords } from '../../src/documents/words.js';
import { okeiCode } from '../../src/documents/business.js';
import { readPdf } from '../support/documents-pdf.js';


/** The inflated content streams of a PDF's pages (those that start with the page's flip transform). */
function pageContents(pdf: Buffer): string[] {
  return [...pdf.toString('latin1').matchAll(/\/FlateDecode\n>>\nstream\n([\s\S]*?)\nendstream/g)]
    .map((m) => zlib.inflateSync(Buffer.from(m[1]!, 'latin1')).toString('latin1'))
    .filter((c) => c.startsWith('1 0 0 -1 0 841.89 cm'));
}
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
      columns: [{ header: 'Дата операции', width: 2 }, { header: 'Сумма, руб.', width: 1, align: 'right' }],
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

  it('writes the operators of every page as pdfkit itself writes them, however many pages there are', async () => {
    const draw = (doc: Pdf) => {
      font(doc, 'bold', 12).text('Акт сверки № 7 — «Ромашка»', PAGE.marginX, PAGE.marginTop);
      doc.save().rect(40, 80, 120, 30).fill('#e8e8e8').restore();
      table(doc, {
        columns: [{ header: 'Дата операции', width: 2 }, { header: 'Сумма, руб.', width: 1, align: 'right' }],
        rows: Array.from({ length: 150 }, (_, i) => [`строка ${i + 1}`, `${i + 1} 000,00`]),
      });
    };
    const ours = createPdf({ title: 't', author: 'a', createdAt: new Date('2026-11-23T00:00:00Z') });
    draw(ours);
    // pdfkit on its own: the same page set-up and fonts, nothing of the toolkit's
    const plain = new PDFDocument({
      size: 'A4', margins: { top: PAGE.marginTop, bottom: PAGE.marginBottom, left: PAGE.marginX, right: PAGE.marginX }, bufferPages: true,
      font: null as unknown as undefined, info: { CreationDate: new Date('2026-11-23T00:00:00Z') },
    });
    for (const [name, parsed] of Object.entries(parsedFonts())) plain.registerFont(name, parsed as unknown as Buffer);
    plain.font('regular').fontSize(9).fillColor(COLORS.text).lineGap(0);
    draw(plain);
    const expected = pageContents(await finishPdf(plain));
    const got = pageContents(await finishPdf(ours));
    expect(expected.length).toBeGreaterThanOrEqual(3);
    expect(got).toEqual(expected);
  });

  it("writes a table's one-line cells exactly as pdfkit's own text() writes them", async () => {
    const draw = (doc: Pdf) =>
      table(doc, {
        condensed: true,
        columns: [{ header: 'Наименование услуги', width: 3 }, { header: 'Объём', width: 1, align: 'right' }, { header: 'Ед. изм.', width: 1, align: 'center' }, { header: 'Сумма, руб.', width: 1.2, align: 'right' }],
        rows: Array.from({ length: 90 }, (_, i) => ({
          bold: i % 10 === 9,
          cells: [i % 4 ? `Электроэнергия ${i}` : 'Электроэнергия (ночь), перерасчёт за прошлый период по показаниям', String(i * 37), 'кВт·ч', `${i} 918,${i % 10}0 `],
        })),
      });
    const fast = createPdf({ title: 't', author: 'a', createdAt: new Date('2026-11-23T00:00:00Z') });
    draw(fast);
    const plain = createPdf({ title: 't', author: 'a', createdAt: new Date('2026-11-23T00:00:00Z') });
    // pdfkit's continued-text state set: the table then leaves every cell to doc.text and its line wrapper
    Object.defineProperty(plain, '_textOptions', { get: () => ({}), set: () => undefined });
    draw(plain);
    const expected = pageContents(await finishPdf(plain));
    expect(expected.length).toBeGreaterThanOrEqual(2);
    expect(pageContents(await finishPdf(fast))).toEqual(expected);
  });

  it('an act with an overpayment puts the closing balance on the credit side', async () => {
    const pdf = await actPdf({
      from: '2026-01-01', to: '2026-03-31', supplier: { name: 'ООО "ТЭК-Энерго"', inn: '3250000001' }, customer: { name: 'ООО "Ромашка"', inn: '3250000000' },
      contract: { number: '1000123', date: '2015-01-01' }, accountNumber: '3200000001', openingKop: 60882279,
      rows: [{ date: '2026-02-25', document: 'Поступление платежа от 25.02.2026', debitKop: null, creditKop: 97999044 }],
      debitTurnoverKop: 0, creditTurnoverKop: 97999044, closingKop: -37116765, sentence: 'На 31.03.2026 задолженность в пользу ООО "Ромашка" составляет 371 167,65 руб.',
    });
    const { text } = await readPdf(pdf);
    expect(text).toContain('Сальдо начальное на 01.01.2026 608 822,79');
    expect(text).toContain('Сальдо конечное на 31.03.2026 371 167,65');
    expect(text).toContain('задолженность в пользу ООО "Ромашка" составляет 371 167,65 руб.');
  });

  it('names files in ASCII and in UTF-8', () => {
    expect(contentDisposition('Акт сверки 2026.pdf')).toBe(`inline; filename="Akt-sverki-2026.pdf"; filename*=UTF-8''%D0%90%D0%BA%D1%82%20%D1%81%D0%B2%D0%B5%D1%80%D0%BA%D0%B8%202026.pdf`);
  });
});

describe('amounts in words and units', () => {
  it.each([
    [0, 'ноль'], [1, 'один'], [2, 'два'], [11, 'одиннадцать'], [21, 'двадцать один'], [1000, 'одна тысяча'], [2000, 'две тысячи'],
    [5000, 'пять тысяч'], [42429, 'сорок две тысячи четыреста двадцать девять'], [1000000, 'один миллион'], [2512007, 'два миллиона пятьсот двенадцать тысяч семь'],
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
