import { describe, expect, it } from 'vitest';
import { receiptFileName, receiptQrString, receiptsPdf } from '../../src/documents/receipt.js';
import { parsePaymentQrString } from '../../src/documents/qr.js';
import { decodeQrOnPage, readPdf } from '../support/documents-pdf.js';
import { receiptFixture } from '../support/documents-fixtures.js';

describe('residential receipt PDF', () => {
  it('shows the payee, payer, period, the table per supplier and service, meters, the total and the bind code', async () => {
    const pdf = await receiptsPdf([receiptFixture()]);
    const { text, pages, info } = await readPdf(pdf);
    expect(pages).toHaveLength(1);
    expect(info.Title).toBe('Единый платёжный документ за октябрь 2026, лицевой счёт 110000001');
    expect(info.Author).toBe('ПАО "Томскэнергосбыт"');
    for (const s of [
      'Получатель платежа: ПАО "Томскэнергосбыт"',
      'ИНН 7017114680',
      'БИК 046902606',
      'р/с 40702810264000008260',
      'к/с 30101810800000000606',
      'Плательщик: Клековкина Юлия Владимировна',
      'Лицевой счёт: 110000001',
      'Расчётный период: октябрь 2026',
      'Ресурсоснабжающая организация: АО "ТомскРТС"',
      'Отопление',
      '37 806,72',
      '4,00',
      '1,6968',
      '1 947,69',
      '3 304,84',
      '41 107,56',
      'Долг на начало периода',
      'Долг на конец периода',
      'Пени',
      '230,19',
      '−10,00',
      'Сведения по приборам учёта',
      '201704012803',
      '12 345',
      '12 495',
      'день (T1)',
      'ВСЕГО К ОПЛАТЕ: 42 429,35 ₽',
      'в т.ч. пени: 230,19 ₽',
      'оплатить до 15.11.2026',
      'Код для добавления договора в ЛКК: 466305',
      'Страница 1 из 1',
    ])
      expect(text).toContain(s);
  });

  it('carries a payment QR code that a reader decodes to the amount in kopecks, the account and the period', async () => {
    const r = receiptFixture({ toPayKop: 1234567 });
    const pdf = await receiptsPdf([r]);
    const decoded = await decodeQrOnPage(pdf, 1);
    expect(decoded).toBe(receiptQrString(r));
    const f = parsePaymentQrString(decoded!);
    expect(f.Sum).toBe('1234567');
    expect(f.persAcc).toBe('110000001');
    expect(f.paymPeriod).toBe('102026');
    expect(f.PersonalAcc).toBe('40702810264000008260');
  });

  it('prints no QR code, and says why, when the payee has no bank details', async () => {
    const r = receiptFixture();
    const pdf = await receiptsPdf([{ ...r, payee: { ...r.payee, account: null } }]);
    expect(await decodeQrOnPage(pdf, 1)).toBeNull();
    expect((await readPdf(pdf)).text).toContain('QR-код не печатается');
  });

  it('puts several receipts on their own pages, numbered through the file', async () => {
    const pdf = await receiptsPdf([
      receiptFixture(),
      receiptFixture({ period: '2026-09-01', number: 'Т-2026-09-000120', toPayKop: 5000 }),
    ]);
    const { pages } = await readPdf(pdf);
    expect(pages).toHaveLength(2);
    expect(pages[0]).toContain('за октябрь 2026');
    expect(pages[0]).toContain('Страница 1 из 2');
    expect(pages[1]).toContain('за сентябрь 2026');
    expect(pages[1]).toContain('ВСЕГО К ОПЛАТЕ: 50,00 ₽');
    expect(pages[1]).toContain('Страница 2 из 2');
    expect(parsePaymentQrString((await decodeQrOnPage(pdf, 2))!).Sum).toBe('5000');
  });

  it('names the file after the account and the period', () => {
    expect(receiptFileName(receiptFixture())).toBe('kvitanciya-110000001-2026-10.pdf');
  });
});
