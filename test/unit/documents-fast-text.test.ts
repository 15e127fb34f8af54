import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { canPayByQr, receiptQrString, writeReceipt, type ReceiptData } from '../../src/documents/receipt.js';
import { createPdf, finishPdf, type Pdf } from '../../src/documents/pdf.js';
import { formatAmount, formatDate, formatDecimal, formatMoney } from '../../src/platform/format.js';
import { plainPdfkit } from '../../src/documents/fastText.js';
import { qrMatrix } from '../../src/documents/qr.js';
import { receiptFixture, tomskPayee } from '../support/documents-fixtures.js';

/** Receipts unlike each other: long and short names and addresses, overpaid, without bank details, one supplier or two, no meters. */
function receipts(n: number): ReceiptData[] {
  const names = ['Клековкина Юлия Владимировна', 'Ли Ан', 'Оглы-Мамедова Зульфия Рашидовна', 'Smith John «Jr.» — AV WA Ty', 'Цыганков Яков Хасанович'];
  const addresses = [
    'г. Томск, пер. Нечевский, д. 10, кв. 5',
    'Томский р-н, с. Богашёво, ул. Юности, д. 8',
    'г. Томск, ул. 79 Гвардейской Дивизии, д. 24/1, кв. 208, подъезд 3, этаж 12, домофон 208К, вход со двора за аптекой «Ромашка»',
  ];
  return Array.from({ length: n }, (_, i) => {
    const base = receiptFixture();
    const debtEndKop = [4219916, -123456, 0, 99][i % 4]!;
    return receiptFixture({
      payer: { name: names[i % names.length]!, address: addresses[i % addresses.length]! },
      account: { number: String(110000001 + i * 7919), contractNumber: i % 3 ? `7001${i}` : null, area: i % 2 ? '60.60' : null, residents: i % 4, bindCode: i % 5 ? '466305' : null },
      period: `20${25 + (i % 2)}-${String((i % 12) + 1).padStart(2, '0')}-01`,
      dueDate: i % 6 ? '2026-11-15' : null,
      payee: i % 7 === 3 ? { ...tomskPayee, account: null } : tomskPayee,
      blocks: i % 2 ? base.blocks : base.blocks.slice(0, 1),
      total: { ...base.total, debtEndKop },
      meters: i % 5 === 4 ? [] : base.meters,
      toPayKop: Math.max(0, debtEndKop) + i * 1013,
      penaltyKop: i * 37,
      notes: debtEndKop < 0 ? ['Переплата на конец периода: 1 234,56 руб.'] : [],
    });
  });
}

async function render(r: ReceiptData, setUp: (doc: Pdf) => void): Promise<Buffer> {
  // a footer too long for its line is cut off with an ellipsis by pdfkit's wrapper
  const footer = r.account.bindCode ? `Лицевой счёт ${r.account.number}` : `Лицевой счёт ${r.account.number}, ${r.payer.name}, ${r.payer.address}, ${r.payer.address}`;
  const doc = createPdf({ title: 'Квитанция', author: 'Тест', createdAt: new Date('2026-11-23T00:00:00Z'), footer });
  setUp(doc);
  writeReceipt(doc, r, canPayByQr(r.payee) ? qrMatrix(receiptQrString(r)) : null);
  return finishPdf(doc);
}

describe('text written without pdfkit’s per-call work', () => {
  it('gives receipts of many payers the same file, byte for byte, as pdfkit’s own text code', async () => {
    for (const r of receipts(40)) {
      const expected = await render(r, plainPdfkit);
      // the first time lays the texts out, the second writes the kept lines and blocks
      for (const pass of ['first', 'again']) {
        const got = await render(r, () => undefined);
        expect(got.equals(expected), `${pass}: ${r.payer.name}, ${r.payer.address}`).toBe(true);
      }
    }
  });

  it('deflates every font and ToUnicode map as pdfkit does (zlib’s default), whether its bytes were kept from an earlier receipt or not', async () => {
    const list = receipts(6);
    for (const pass of ['first', 'again']) {
      for (const r of list) {
        const pdf = await render(r, () => undefined);
        const streams = [...pdf.toString('latin1').matchAll(/\/FlateDecode\n>>\nstream\n([\s\S]*?)\nendstream/g)].map((m) => Buffer.from(m[1]!, 'latin1'));
        const pages = streams.filter((b) => zlib.inflateSync(b).toString('latin1').startsWith('1 0 0 -1 0 841.89 cm'));
        expect(pages).toHaveLength(1);
        expect(streams.length).toBeGreaterThan(8); // four subsets, four maps
        for (const b of streams) if (!pages.includes(b)) expect(zlib.deflateSync(zlib.inflateSync(b)).equals(b), pass).toBe(true);
      }
    }
  });

  it('lays out the words of amounts, dates and numbers glyph for glyph and advance for advance as fontkit shapes them', () => {
    const doc = createPdf({ title: 't', author: 'a' });
    const texts: string[] = [];
    for (let i = 0; i < 400; i++) {
      const kop = Math.round(((i * 7919) % 100_003) ** 1.7) * (i % 7 === 0 ? -1 : 1);
      texts.push(formatAmount(kop), formatMoney(kop), formatDecimal(String(kop / 1000), 0, 4), `№ Т-2026-${i}-000${i} от ${formatDate(`20${10 + (i % 20)}-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`)}`);
    }
    // and strings of every sort of character amounts and dates hold, beside letters that are never plain
    const chars = '0123456789 ,.:;-+%/()\u00a0\u202f\u2212\u20bd\u00d7=№AVTyfiЁйК«»—';
    for (let i = 0; i < 3000; i++) texts.push(Array.from({ length: 2 + (i % 11) }, (_, k) => chars[(i * 31 + k * 17 + ((i * k) % 13)) % chars.length]).join(''));
    const words = new Set(texts.flatMap((t) => t.split(/(?<=[ \t])/)));
    let plain = 0;
    for (const name of ['regular', 'bold', 'condensed', 'condensedBold'] as const) {
      doc.font(name);
      const embedded = (doc as unknown as { _font: { layoutRun: (t: string) => Run } })._font;
      const fontkit = Object.getPrototypeOf(embedded).layoutRun as (t: string) => Run;
      for (const word of words) {
        const ours = embedded.layoutRun(word);
        const theirs = fontkit.call(embedded, word);
        if (ours.constructor === Object) plain++;
        expect(ours.glyphs.map((g) => g.id), word).toEqual(theirs.glyphs.map((g) => g.id));
        expect(ours.positions.map((p) => ({ ...p })), word).toEqual(theirs.positions.map((p) => ({ ...p })));
        expect(ours.advanceWidth, word).toBe(theirs.advanceWidth);
      }
    }
    expect(plain).toBeGreaterThan(words.size); // most amounts took the plain path in every font
  });
});

interface Run {
  glyphs: { id: number }[];
  positions: object[];
  advanceWidth: number;
}

describe('numbers in page content', () => {
  it('a coordinate that is not a number is refused, as pdfkit refuses it, rather than written into the page', () => {
    const fast = createPdf({ title: 't', author: 'a' });
    fast.font('regular').fontSize(9);
    expect(() => fast.text('12 345,67', Number.NaN, 100, { width: 100, lineBreak: false })).toThrow('unsupported number: NaN');
    const plain = createPdf({ title: 't', author: 'a' });
    plainPdfkit(plain);
    plain.font('regular').fontSize(9);
    expect(() => plain.text('12 345,67', Number.NaN, 100, { width: 100, lineBreak: false })).toThrow('unsupported number: NaN');
  });
});
