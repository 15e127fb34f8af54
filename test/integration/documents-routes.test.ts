import { beforeAll, describe, expect, it } from 'vitest';
import { formatMoney } from '../../src/domain/format.js';
import type { Response } from 'supertest';
import { createTestApp, loginAs, type TestApp } from '../support/app.js';
import { givenAccount, givenSupplier, givenUser, type GivenAccount } from '../support/builders.js';
import { decodeQrOnPage, readPdf } from '../support/documents-pdf.js';
import { parsePaymentQrString } from '../../src/documents/qr.js';
import type { Db } from '../../src/db/knex.js';
import type { LinkedAccount } from '../../src/features/auth/repo.js';
import { DocumentsService } from '../../src/features/documents/service.js';

/** Collects a binary body (supertest buffers only text types). */
function binary(res: Response, cb: (err: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}

type Line = Partial<{
  quantity: string;
  tariff: string;
  charged_kop: number;
  vat_kop: number;
  vat_percent: string;
  adjustment_kop: number;
  penalty_kop: number;
  zone: string;
  meter_id: number;
  reading_prev: string;
  reading_curr: string;
  description: string;
  unit: string;
  method: string;
}>;

async function givenBill(
  db: Db,
  a: GivenAccount,
  b: { number: string; date: string; period: string; type?: string; corrects?: number; due?: string },
  lines: Line[],
) {
  const [bill] = await db('bills')
    .insert({
      account_id: a.id,
      supplier_id: a.supplierId,
      contract_id: a.contractId,
      number: b.number,
      date: b.date,
      period: b.period,
      type: b.type ?? 'bill',
      due_date: b.due ?? null,
      corrects_bill_id: b.corrects ?? null,
    })
    .returning('id');
  await db('bill_lines').insert(
    lines.map((l, i) => ({
      bill_id: bill.id,
      service_id: a.serviceId,
      supplier_id: a.supplierId,
      unit: 'кВт·ч',
      zone: 'T',
      method: 'meter',
      position: i,
      ...l,
    })),
  );
  return bill.id as number;
}

async function givenPayment(db: Db, a: GivenAccount, ref: string, date: string, amountKop: number) {
  await db('payments').insert({
    account_id: a.id,
    ref,
    date,
    amount_kop: amountKop,
    place: 'Сбербанк',
    channel: 'bank',
  });
}

describe('documents over HTTP', () => {
  let t: TestApp;
  let home: GivenAccount;
  let firm: GivenAccount;
  let other: GivenAccount;
  const bills: Record<string, number> = {};
  const homeUser = { login: 'home@example.ru', password: 'Secret123' };
  const firmUser = { login: 'firm@example.ru', password: 'Secret123' };

  beforeAll(async () => {
    t = await createTestApp({ today: '2026-11-23' });
    const { db } = t;
    const supplier = await givenSupplier(db, { name: 'ПАО "Томскэнергосбыт"', inn: '7017114680' });
    home = await givenAccount(db, { supplierId: supplier.id, meters: 1, number: '110000001' });
    await db('accounts').where({ id: home.id }).update({ bind_code: '466305', opening_balance_kop: 0 });
    const m = home.meters[0]!.id;
    bills.sep = await givenBill(
      db,
      home,
      { number: 'R-09', date: '2026-09-30', period: '2026-09-01', due: '2026-10-15' },
      [
        {
          quantity: '100',
          tariff: '6.12',
          charged_kop: 61200,
          meter_id: m,
          reading_prev: '1000',
          reading_curr: '1100',
        },
      ],
    );
    bills.oct = await givenBill(
      db,
      home,
      { number: 'R-10', date: '2026-10-31', period: '2026-10-01', due: '2026-11-15' },
      [
        {
          quantity: '150',
          tariff: '6.12',
          charged_kop: 91800,
          penalty_kop: 1234,
          meter_id: m,
          reading_prev: '1100',
          reading_curr: '1250',
        },
      ],
    );
    await givenPayment(db, home, 'p-home-1', '2026-10-05', 50000);

    firm = await givenAccount(db, {
      supplierId: supplier.id,
      kind: 'organisation',
      meters: 1,
      number: '3200000001',
    });
    const fm = firm.meters[0]!.id;
    await db('meters').where({ id: fm }).update({ point: 'Брянск, ул. Ленина, 1, цех 2', ratio: 40 });
    bills.advance = await givenBill(
      db,
      firm,
      { number: 'A-11-1', date: '2026-11-01', period: '2026-11-01', type: 'advance', due: '2026-11-10' },
      [
        {
          quantity: null as unknown as string,
          tariff: null as unknown as string,
          charged_kop: 3000000,
          vat_kop: 540984,
          description: 'Авансовый платёж 30 % за ноябрь 2026',
        },
      ],
    );
    bills.invoice = await givenBill(
      db,
      firm,
      { number: 'F-10', date: '2026-10-31', period: '2026-10-01', type: 'invoice' },
      [
        {
          quantity: '4000',
          tariff: '5.0000',
          charged_kop: 2400000,
          vat_kop: 400000,
          meter_id: fm,
          reading_prev: '100',
          reading_curr: '200',
          description: 'Электроэнергия',
        },
      ],
    );
    bills.correction = await givenBill(
      db,
      firm,
      {
        number: 'F-10-К1',
        date: '2026-11-15',
        period: '2026-10-01',
        type: 'correction',
        corrects: bills.invoice,
      },
      [
        {
          quantity: '-400',
          tariff: '5.0000',
          charged_kop: -240000,
          vat_kop: -40000,
          method: 'manual',
          description: 'Электроэнергия',
        },
      ],
    );
    // daily payments for a quarter: enough operations for an act of several pages
    for (let d = 0; d < 120; d++) {
      const date = new Date(Date.UTC(2026, 6, 1 + d)).toISOString().slice(0, 10);
      await givenPayment(db, firm, `p-firm-${d}`, date, 10000 + d);
    }
    other = await givenAccount(db, { supplierId: supplier.id, number: '110000999' });
    bills.foreign = await givenBill(db, other, { number: 'X-10', date: '2026-10-31', period: '2026-10-01' }, [
      { quantity: '1', tariff: '6.12', charged_kop: 612 },
    ]);

    await givenUser(db, { ...homeUser, accounts: [home.id] });
    await givenUser(db, { ...firmUser, accounts: [firm.id] });
  });

  async function as(user: { login: string; password: string }) {
    const agent = t.agent();
    await loginAs(agent, user.login, user.password);
    return agent;
  }

  it('a household downloads its receipt: a PDF named after the account and period, with the figures and a QR code of the amount', async () => {
    const agent = await as(homeUser);
    const res = await agent.get(`/accounts/110000001/bills/${bills.oct}.pdf`).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/pdf/);
    expect(res.headers['content-disposition']).toBe(
      `inline; filename="kvitanciya-110000001-2026-10.pdf"; filename*=UTF-8''kvitanciya-110000001-2026-10.pdf`,
    );
    const pdf = res.body as Buffer;
    const { text, info } = await readPdf(pdf);
    expect(info.Title).toContain('Единый платёжный документ за октябрь 2026');
    // debt at start 612.00 − paid 500.00 + charged 918.00 = 1 030.00 at the end, penalty 12.34 apart: 1 042.34 to pay
    for (const s of [
      'Лицевой счёт: 110000001',
      'R-10',
      '612,00',
      '500,00',
      '918,00',
      '1 030,00',
      '12,34',
      'ВСЕГО К ОПЛАТЕ: 1 042,34 ₽',
      '1 100',
      '1 250',
      'Код для добавления договора в ЛКК: 466305',
    ]) {
      expect(text).toContain(s);
    }
    // the QR code asks for what is owed the day it is printed (balance + penalties accrued by then), and says so
    const owed = await t.services.debt.owed(home.id, '2026-11-23');
    expect(owed.toPayKop).toBe(owed.balanceKop + owed.penaltyKop);
    const spaced = (x: string) => x.replace(/[\u00a0\u202f]/g, ' ');
    expect(spaced(text)).toContain(spaced(`к оплате на 23.11.2026: ${formatMoney(owed.toPayKop)}`));
    const qr = parsePaymentQrString((await decodeQrOnPage(pdf))!);
    expect(qr.Sum).toBe(String(owed.toPayKop));
    expect(qr.persAcc).toBe('110000001');
    expect(qr.paymPeriod).toBe('102026');
  });

  it('the receipt says what История ЛС says for the month', async () => {
    const agent = await as(homeUser);
    const page = await agent.get('/accounts/110000001/history?period=custom&from=2026-10-01&to=2026-10-31');
    expect(page.status).toBe(200);
    expect(page.text.replace(/\u00a0/g, ' ')).toContain('1 042,34');
  });

  it('a receipt reads its account in one round trip and builds the very statement and История ЛС months the cabinet shows', async () => {
    const today = '2026-11-23';
    for (const a of [home, firm]) {
      const linked: LinkedAccount = {
        id: a.id,
        number: a.number,
        address: '',
        supplier_id: a.supplierId,
        supplier_name: '',
        supplier_time_zone: 'Europe/Moscow',
        customer_kind: a === firm ? 'organisation' : 'person',
        relation: 'owner',
        visible: true,
      };
      const cabinet = await t.services.account.statement(linked, today);
      expect(cabinet.bills.length).toBeGreaterThan(1);
      const ids = cabinet.bills.map((b) => b.id);
      let queries = 0;
      const count = () => queries++;
      t.db.on('query', count);
      const sources = await t.services.documents.receiptSources(linked, ids, today);
      t.db.off('query', count);
      expect(queries).toBe(1);
      expect(sources.statement).toEqual(cabinet);
      const history = await t.services.account.history(
        linked,
        today,
        cabinet.bills[0]!.date,
        cabinet.bills[cabinet.bills.length - 1]!.date,
      );
      expect(history.months.length).toBeGreaterThan(0);
      expect(DocumentsService.historyOf(sources, cabinet.bills)).toEqual(history.months);
      expect(sources.rows.docLines.map((l) => l.bill_id).sort()).toEqual(
        (await t.services.documents.repo.lines(a.id, ids)).map((l) => l.bill_id).sort(),
      );
    }
  });

  it('an overpaid month says so on the receipt with the amount in Russian format', async () => {
    const paid = await givenAccount(t.db, { supplierId: home.supplierId });
    const id = await givenBill(
      t.db,
      paid,
      { number: 'R-OVER', date: '2026-10-31', period: '2026-10-01', due: '2026-11-15' },
      [{ quantity: '10', tariff: '6.12', charged_kop: 6120 }],
    );
    await givenPayment(t.db, paid, 'p-over', '2026-10-20', 1500000);
    const linked: LinkedAccount = {
      id: paid.id,
      number: paid.number,
      address: '',
      supplier_id: paid.supplierId,
      supplier_name: '',
      supplier_time_zone: 'Europe/Moscow',
      customer_kind: 'person',
      relation: 'owner',
      visible: true,
    };
    const statement = await t.services.account.statement(linked, '2026-11-23');
    const [receipt] = await t.services.documents.receipts(
      linked,
      statement.bills.filter((b) => b.id === id),
      '2026-11-23',
    );
    // 15 000,00 paid − 61,20 billed
    expect(receipt!.notes).toContain('Переплата на конец периода: 14\u00a0938,80 ₽');
    expect(receipt!.toPayKop).toBe(0);
  });

  it('ticked bills print as one PDF, one receipt a page', async () => {
    const agent = await as(homeUser);
    const res = await agent
      .get(`/accounts/110000001/bills/print?ids=${bills.sep}&ids=${bills.oct}`)
      .buffer(true)
      .parse(binary);
    expect(res.status).toBe(200);
    const { pages } = await readPdf(res.body as Buffer);
    expect(pages).toHaveLength(2);
    expect(pages[0]).toContain('за сентябрь 2026');
    expect(pages[1]).toContain('за октябрь 2026');
    expect(pages[1]).toContain('Страница 2 из 2');
    // the same bills as one comma-separated list
    expect((await agent.get(`/accounts/110000001/bills/print?ids=${bills.sep},${bills.oct}`)).status).toBe(
      200,
    );
  });

  it("another account's bill, a bill under the wrong account and someone else's account all answer 404", async () => {
    const agent = await as(homeUser);
    expect((await agent.get(`/accounts/110000001/bills/${bills.foreign}.pdf`)).status).toBe(404);
    expect((await agent.get(`/accounts/110000001/bills/${bills.invoice}.pdf`)).status).toBe(404);
    expect((await agent.get(`/accounts/110000999/bills/${bills.foreign}.pdf`)).status).toBe(404);
    expect(
      (await agent.get(`/accounts/110000001/bills/print?ids=${bills.oct}&ids=${bills.foreign}`)).status,
    ).toBe(404);
    expect(
      (await agent.get(`/accounts/3200000001/reconciliation?format=pdf&from=2026-07-01&to=2026-10-31`))
        .status,
    ).toBe(404);
  });

  it('without signing in, a document redirects to the login page', async () => {
    const res = await t.agent().get(`/accounts/110000001/bills/${bills.oct}.pdf`);
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/login');
  });

  it('a business gets an invoice with VAT, an advance bill and a corrective invoice', async () => {
    const agent = await as(firmUser);
    const inv = await agent.get(`/accounts/3200000001/bills/${bills.invoice}.pdf`).buffer(true).parse(binary);
    expect(inv.status).toBe(200);
    expect(inv.headers['content-disposition']).toContain('filename="schet-faktura-F-10-2026-10-31.pdf"');
    const invText = (await readPdf(inv.body as Buffer)).text;
    for (const s of [
      'Счёт-фактура № F-10 от 31.10.2026',
      'ИНН/КПП продавца',
      'ИНН/КПП покупателя',
      'Российский рубль, 643',
      '245',
      '4 000',
      '20 000,00',
      '4 000,00',
      '24 000,00',
      'без акциза',
    ]) {
      expect(invText).toContain(s);
    }
    // line 5: the payments allocated to this invoice by its date: the firm owed nothing else, so every
    // daily payment of 01.07–28.10 waited as an advance and went to it
    expect(invText).toMatch(/К платёжно-расчётному документу:\s*от 01\.07\.2026; от 02\.07\.2026/);
    expect(invText).toContain('от 30.09.2026');
    expect(invText).toContain('от 28.10.2026');
    const adv = await agent.get(`/accounts/3200000001/bills/${bills.advance}.pdf`).buffer(true).parse(binary);
    const advText = (await readPdf(adv.body as Buffer)).text;
    for (const s of [
      'Счёт на оплату № A-11-1 от 01.11.2026',
      'Авансовый платёж',
      'до 10.11.2026',
      'Всего к оплате: 30 000,00',
      'Тридцать тысяч рублей 00 копеек',
    ])
      expect(advText).toContain(s);
    // November 2026's advance, VAT 22 % inside its 30 000,00: the rate in force beside the VAT
    expect(advText).toContain('В том числе НДС (22 %): 5 409,84');

    const corr = await agent
      .get(`/accounts/3200000001/bills/${bills.correction}.pdf`)
      .buffer(true)
      .parse(binary);
    const corrText = (await readPdf(corr.body as Buffer)).text;
    for (const s of [
      'Корректировочный счёт-фактура № F-10-К1 от 15.11.2026',
      'к счёту-фактуре № F-10 от 31.10.2026',
      'А (до изменения)',
      'Б (после изменения)',
      '3 600',
      '21 600,00',
      'Г (уменьшение)',
      '2 400,00',
    ]) {
      expect(corrText).toContain(s);
    }
  });

  it('a reconciliation act of several pages repeats its table header on every page and ends with the sentence and signatures', async () => {
    const agent = await as(firmUser);
    const res = await agent
      .get('/accounts/3200000001/reconciliation?from=2026-07-01&to=2026-11-30&format=pdf')
      .buffer(true)
      .parse(binary);
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toContain(
      'filename="akt-sverki-3200000001-2026-07-01-2026-11-30.pdf"',
    );
    const { pages, text } = await readPdf(res.body as Buffer);
    expect(pages.length).toBeGreaterThanOrEqual(3);
    pages.forEach((p, i) => {
      expect(p).toContain('Дата, документ');
      expect(p).toContain(`Страница ${i + 1} из ${pages.length}`);
    });
    const view = await t.services.reconciliation.act(firm.id, '2026-07-01', '2026-11-30');
    expect(text).toContain(view.sentence.replace(/\u00a0/g, ' '));
    expect(text).toContain('Обороты за период');
    expect(text).toContain('От покупателя');
    expect(text).toContain('Поступление платежа от 01.07.2026');
  });

  it('a settled balance prints 0,00 on the debit side of the act, not a blank', async () => {
    const agent = await as(firmUser);
    const res = await agent
      .get('/accounts/3200000001/reconciliation?from=2026-01-01&to=2026-06-30&format=pdf')
      .buffer(true)
      .parse(binary);
    const { text } = await readPdf(res.body as Buffer);
    expect(text).toMatch(/Сальдо начальное на 01\.01\.2026\s*0,00/);
  });

  it('an act with a wrong period shows the form again with the message and 400', async () => {
    const agent = await as(firmUser);
    const res = await agent.get(
      '/accounts/3200000001/reconciliation?from=2026-12-01&to=2026-01-01&format=pdf',
    );
    expect(res.status).toBe(400);
    expect(res.text).toContain('Конец периода не может быть раньше начала');
    expect(res.text).toContain('<title>Ошибка: ');
  });

  it('the Документы page lists bills, advance bills, invoices and corrections with PDF links and offers the act', async () => {
    const agent = await as(firmUser);
    const res = await agent.get('/accounts/3200000001/documents');
    expect(res.status).toBe(200);
    for (const s of [
      'Счета на оплату',
      'Счета-фактуры',
      'Корректировочные счета-фактуры',
      'F-10-К1',
      `/accounts/3200000001/bills/${bills.invoice}.pdf`,
      'name="format" value="pdf"',
    ]) {
      expect(res.text).toContain(s);
    }
    // the advance bill is not a charge (the statement leaves it out) but is a document to print
    expect(res.text).toMatch(/A-11-1 <span class="muted small">\(аванс\)<\/span>/);
    expect(res.text).toContain(`/accounts/3200000001/bills/${bills.advance}.pdf`);
  });

  it('an invoice on prices with VAT prints the price without it at the line rate, and a Cyrillic number gives a Latin file name', async () => {
    const firm2 = await givenAccount(t.db, { kind: 'organisation' });
    const id = await givenBill(
      t.db,
      firm2,
      { number: '0001с-СФ-202610', date: '2026-10-31', period: '2026-10-01', type: 'invoice' },
      [
        {
          quantity: '10680',
          tariff: '7.2100',
          charged_kop: 7700280,
          vat_kop: 1283380,
          vat_percent: '20',
          description: 'Электрическая энергия',
        },
      ],
    );
    const u = await givenUser(t.db, { accounts: [firm2.id] });
    const agent = await as(u);
    const res = await agent.get(`/accounts/${firm2.number}/bills/${id}.pdf`).buffer(true).parse(binary);
    expect(res.headers['content-disposition']).toContain(
      'filename="schet-faktura-0001s-SF-202610-2026-10-31.pdf"',
    );
    const text = (await readPdf(res.body as Buffer)).text;
    // 7,21 with VAT 20 % is 6,0083 without it; 10 680 × 6,0083 ≈ 64 169,00 without VAT
    expect(text).toContain('6,0083');
    expect(text).toContain('64 169,00');
  });

  it('the consumption breakdown per supply point is a page and a PDF with the same volumes', async () => {
    // an advance bill's volume is a share of the contract, not consumption: it stays out
    const adv = await givenBill(
      t.db,
      firm,
      { number: 'A-10-2', date: '2026-10-20', period: '2026-10-01', type: 'advance' },
      [
        {
          quantity: '1200',
          tariff: '5.0000',
          charged_kop: 720000,
          vat_kop: 120000,
          meter_id: firm.meters[0]!.id,
          description: 'Авансовый платёж 40 % за октябрь 2026',
        },
      ],
    );
    const agent = await as(firmUser);
    const page = await agent.get('/accounts/3200000001/consumption?from=2026-10-01&to=2026-11-30');
    expect(page.status).toBe(200);
    const html = page.text.replace(/\u00a0/g, ' ');
    expect(html).toContain('Брянск, ул. Ленина, 1, цех 2');
    expect(html).toContain('3 600');
    const pdf = await agent
      .get('/accounts/3200000001/consumption?from=2026-10-01&to=2026-11-30&format=pdf')
      .buffer(true)
      .parse(binary);
    expect(pdf.headers['content-type']).toMatch(/^application\/pdf/);
    const { text } = await readPdf(pdf.body as Buffer);
    for (const s of [
      'Точка поставки: Брянск, ул. Ленина, 1, цех 2',
      '4 000',
      '−400',
      'Итого, кВт·ч 3 600',
      '40',
    ])
      expect(text).toContain(s);
    expect(text).not.toContain('A-10-2');
    await t.db('bills').where({ id: adv }).delete();
  });
});
