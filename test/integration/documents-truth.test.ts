// Issue #16 through the demo personas on 06.12.2026: VAT by the billed month's rate on every document,
// line 5 of the invoice, "Сумма оплат", the ЕПД's contracts, the advance bills, the business profile and INNs.
import { beforeAll, describe, expect, it } from 'vitest';
import type TestAgent from 'supertest/lib/agent.js';
import { createTestApp, loginAs, submitForm } from '../support/app.js';
import { fixedClock } from '../../src/platform/clock.js';
import { buildDemoDataset, DEMO_LOGINS } from '../../src/features/import/demo.js';
import { demoPenaltyReference, loadDemoData } from '../../src/features/import/demoLoad.js';
import { isValidInn } from '../../src/features/registration/inn.js';
import { decodeQrOnPage, readPdf } from '../support/documents-pdf.js';
import { parsePaymentQrString } from '../../src/documents/qr.js';
import { readFileSync } from 'node:fs';
import { visibleText as text } from '../support/text.js';

const TODAY = '2026-12-06';
const t = await createTestApp({ today: TODAY });
const { db } = t;

async function as(login: string): Promise<TestAgent> {
  const agent = t.agent();
  await loginAs(agent, login, DEMO_LOGINS.find((d) => d.login === login)!.password);
  return agent;
}

/** "1 234,56" of kopecks, as the documents print money. */
const rub = (kop: number) =>
  `${Math.trunc(kop / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ' ')},${String(Math.abs(kop) % 100).padStart(2, '0')}`;

async function billOf(account: string, number: string) {
  return db('bills as b')
    .join('accounts as a', 'a.id', 'b.account_id')
    .join('bill_totals as t', 't.bill_id', 'b.id')
    .where({ 'a.number': account, 'b.number': number })
    .first('b.id', 'b.date', 't.amount_kop', 't.vat_kop');
}

beforeAll(async () => {
  await loadDemoData(db, fixedClock(TODAY), (id: number) => t.services.debt.settle(id));
  await db('users')
    .where({ role: 'customer', customer_kind: 'person' })
    .whereNull('phone')
    .update({ phone: '+79120000000' });
});

describe('VAT of the demo documents', () => {
  it("Bryansk's November 2026 invoice prints 22 % VAT of what is due (21 376,21 of 118 540,80)", async () => {
    const inv = await billOf('3200000001', '1000123/01-СФ-202611');
    expect(inv.amount_kop).toBe(11854080);
    expect(inv.vat_kop).toBe(2137621);
    const lines = await db('bill_lines').where({ bill_id: inv.id });
    expect(lines.map((l: { vat_percent: string }) => l.vat_percent)).toEqual(lines.map(() => '22.00'));
    const agent = await as('bryansk@example.ru');
    const pdf = await readPdf(
      (await agent.get(`/accounts/3200000001/bills/${inv.id}.pdf`).buffer(true)).body,
    );
    expect(pdf.text).toContain('21 376,21');
    expect(pdf.text).toContain('22 %');
    expect(pdf.text).not.toContain('19 756,80');
  });

  it('a December 2025 invoice keeps 20 %, an advance bill of 2026 and the corrective invoice of 2026 split 22 %', async () => {
    const dec = await billOf('3200000001', '1000123/01-СФ-202512');
    expect(dec.vat_kop).toBe(Math.round((dec.amount_kop * 20) / 120));
    const adv = await billOf('3200000001', '1000123/01-А1-202612');
    expect(adv.vat_kop).toBe(Math.round((adv.amount_kop * 22) / 122));
    const corr = await db('bills as b')
      .join('bill_totals as t', 't.bill_id', 'b.id')
      .where('b.type', 'correction')
      .where('b.number', 'like', '0001с-КСФ-%')
      .first('b.id', 'b.period', 't.amount_kop', 't.vat_kop');
    const rate = corr.period >= '2026-01-01' ? 22 : 20;
    expect(corr.vat_kop).toBe(-Math.round((-corr.amount_kop * rate) / (100 + rate)));
    const agent = await as('bryansk@example.ru');
    const pdf = await readPdf(
      (await agent.get(`/accounts/3200000001/bills/${adv.id}.pdf`).buffer(true)).body,
    );
    expect(pdf.text).toContain(rub(adv.vat_kop));
    expect(pdf.text).toContain('22 %');
  });
});

describe('line 5 of an invoice', () => {
  it('lists only the payments allocated to that invoice by its date, not those that paid an earlier one', async () => {
    // October's first advance (07.10) paid September's invoice; 17.10 and 24.10 paid October's
    const inv = await billOf('3200000001', '1000123/01-СФ-202610');
    const account = await db('accounts').where({ number: '3200000001' }).first();
    const linked = { ...account, customer_kind: 'organisation', relation: 'owner', visible: true };
    const doc = await t.services.documents.business(linked, inv.id);
    if (doc?.type !== 'invoice') throw new Error('not an invoice');
    const listed = (doc.data.paymentDocs ?? '').split('; ').filter(Boolean);
    const ddmmyyyy = (d: string) => d.split('-').reverse().join('.');
    // what paid this invoice by its date, by the разноска the demo persisted
    const own: { date: string }[] = await db('bill_settlements as s')
      .join('payments as p', 'p.id', 's.payment_id')
      .where('s.bill_id', inv.id)
      .where('p.date', '<=', inv.date)
      .orderBy('p.date')
      .select('p.date');
    const others: { date: string }[] = await db('payments as p')
      .where('p.account_id', account.id)
      .whereBetween('p.date', ['2026-10-01', inv.date])
      .whereNotIn(
        'p.id',
        db('bill_settlements').where('bill_id', inv.id).whereNotNull('payment_id').select('payment_id'),
      )
      .select('p.date');
    expect(others.map((o) => o.date)).toEqual(['2026-10-07']);
    expect(listed.map((l) => l.replace(/^.*от /, ''))).toEqual(own.map((o) => ddmmyyyy(o.date)));
  });
});

describe('Выставленные счета', () => {
  it("Kemerovo's «Сумма оплат» counts payments only: 1 631 223,20, the 7 540,00 correction in its own column (a household without corrections has none)", async () => {
    const agent = await as('kuzbass@example.ru');
    const page = text((await agent.get('/accounts/4200000001/bills?period=all').query({})).text);
    const total = /Итого [^0-9]*([\d ]+,\d\d) ([\d ]+,\d\d) ([\d ]+,\d\d) ([\d ]+,\d\d)/.exec(page);
    expect(page).toContain('Зачтено корректировкой');
    expect(total?.[2]).toBe('1 631 223,20');
    expect(total?.[3]).toBe('7 540,00');
    const household = text(
      (await (await as('malashta@example.ru')).get('/accounts/800200112233/bills')).text,
    );
    expect(household).toContain('Сумма оплат');
    expect(household).not.toContain('Зачтено корректировкой');
  });
});

describe('the Tomsk single payment document on Основные данные', () => {
  it("shows each contract's own last payment and the seller of its services", async () => {
    const agent = await as('malashta@example.ru');
    const html = (await agent.get('/accounts/700100103492')).text;
    const sections = html.split('<section').slice(1).map(text);
    const contracts = await db('contracts as c')
      .join('accounts as a', 'a.id', 'c.account_id')
      .where('a.number', '700100103492')
      .orderBy('c.id')
      .select('c.id', 'c.number');
    expect(contracts.length).toBe(3);
    let withFour = 0;
    for (const c of contracts) {
      const s = sections.find((x) => x.includes(`Договор ${c.number}`))!;
      const sellers = await db('services as v')
        .join('suppliers as s', 's.id', 'v.supplier_id')
        .where('v.contract_id', c.id)
        .distinct('s.name');
      for (const { name } of sellers) expect(s, c.number).toContain(`Продавец ${name}`);
      if (/Последний платёж [\d.]+ на сумму 4,00 ₽/.test(s)) withFour += 1;
    }
    // the 4,00 went to heating only
    expect(withFour).toBe(1);
  });
});

describe('«Счета на оплату текущего потребления»', () => {
  it('list the advance bills issued in the chosen period and nothing not yet issued', async () => {
    const agent = await as('bryansk@example.ru');
    const page = text((await agent.get('/accounts/3200000001/state?from=2026-10-01&to=2026-11-30')).text);
    const part = page.slice(page.indexOf('Счета на оплату текущего потребления'));
    expect(part).toContain('1000123/01-А1-202611');
    expect(part).toContain('1000123/01-А2-202610');
    expect(part).not.toContain('1000123/01-А1-202612');
    expect(part).not.toContain('январь 2027');
    expect(part).not.toContain('декабрь 2026');
  });

  it('on Документы each advance bill shows what is left of it, as the state page has it paid or not', async () => {
    const agent = await as('bryansk@example.ru');
    const page = text((await agent.get('/accounts/3200000001/documents?period=3m')).text);
    // December's first advance is not paid yet; November's was paid on 08.11
    expect(page).toContain('1000123/01-А1-202612 (аванс) 01.12.2026 декабрь 2026 39 782,40 ₽ 39 782,40 ₽');
    expect(page).toContain('1000123/01-А1-202611 (аванс) 01.11.2026 ноябрь 2026 37 363,20 ₽ 0,00 ₽');
    const state = text((await agent.get('/accounts/3200000001/state')).text);
    expect(state).toMatch(/А1- ?202612 от 01\.12\.2026 за декабрь 2026 10\.12\.2026 39 782,40 ₽ не оплачен/);
    expect(state).toMatch(/А1- ?202611 от 01\.11\.2026 за ноябрь 2026 10\.11\.2026 37 363,20 ₽ оплачен/);
  });

  it('show none for a customer who has no advance bills', async () => {
    const agent = await as('kuzbass@example.ru');
    const page = text((await agent.get('/accounts/4200000001/state')).text);
    const part = page.slice(page.indexOf('Счета на оплату текущего потребления'));
    expect(part).not.toContain('Счет на оплату текущего потребления за');
    expect(part).toContain('Счетов на оплату текущего потребления за выбранный период нет');
  });
});

describe('business identity', () => {
  it('the business profile names the organisation, not the user', async () => {
    const agent = await as('bryansk@example.ru');
    const page = text((await agent.get('/profile')).text);
    const org = await db('customers').where({ partner_code: '1000123' }).first('name');
    expect(page).toContain(`Организация: ${org.name}`);
  });

  it("every demo INN passes the portal's checksum, and the README's Kemerovo INN registers by contract (seed 004)", async () => {
    const ds = buildDemoDataset(TODAY, await demoPenaltyReference(db));
    for (const s of ds.suppliers) expect(isValidInn(s.inn), s.code).toBe(true);
    for (const c of ds.customers) if (c.kind === 'organisation') expect(isValidInn(c.inn!), c.ref).toBe(true);
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const inn = /Kemerovo company: .*INN `(\d+)`/.exec(readme)![1]!;
    expect(isValidInn(inn)).toBe(true);
    const kemerovo = await db('customers').where({ ref: 'kemerovo-hleb' }).first('inn', 'name');
    expect(kemerovo.inn).toBe(inn);
    const kemerovoCity = await db('supplier_cities').where({ name: 'Кемерово' }).first('id');
    // the demo's company already has its cabinet: the form finds it (not "ИНН указан с ошибкой")
    const res = await submitForm(t.agent(), '/register/business', {
      method: 'contract',
      contract_number: '0001с',
      inn,
      org_name: kemerovo.name,
      city: `c${kemerovoCity.id}`,
      email: 'new-kuzbass@example.ru',
      password: 'Kemerovo-2026!x',
      password_confirm: 'Kemerovo-2026!x',
      consent: 'on',
      agreement: 'on',
    });
    expect(text(res.text)).not.toContain('ИНН указан с ошибкой');
    expect(text(res.text)).toContain('Для этой организации личный кабинет уже зарегистрирован');
  });
});

// Issue #19: one definition of what is owed (DebtService.owed: the balance as of today, the penalties
// apart, and what to pay) read off every page, PDF and QR code of each demo account.
describe('one owed figure on every page, PDF and QR code of each demo account', () => {
  const ACCOUNTS: [login: string, number: string][] = [
    ['110000001', '110000001'],
    ['malashta@example.ru', '700100103492'],
    ['malashta@example.ru', '800200112233'],
    ['malashta@example.ru', '800200445566'],
    ['bryansk@example.ru', '3200000001'],
    ['bryansk@example.ru', '3200000002'],
    ['kuzbass@example.ru', '4200000001'],
  ];
  const money = (kop: number) => `${rub(kop)} ₽`;
  const DAY = '06.12.2026';

  it.each(ACCOUNTS)('%s, account %s', async (login, number) => {
    const account = await db('accounts as a')
      .join('customers as c', 'c.id', 'a.customer_id')
      .where('a.number', number)
      .first('a.id', 'c.kind');
    const st = await t.services.debt.statement(account.id, TODAY);
    const owed = await t.services.debt.owed(account.id, TODAY, st);
    const { balanceKop: balance, penaltyKop: penalty, toPayKop: toPay } = owed;
    // the figures hold together: what to pay is the balance and the penalties, never below nothing
    expect(toPay).toBe(Math.max(0, balance + penalty));
    const agent = await as(login);
    const page = async (path: string) => {
      const res = await agent.get(path);
      expect(res.status, path).toBe(200);
      return text(res.text);
    };

    // Основные данные: what to pay today, the debt (or overpayment) it is made of
    const basic = await page(`/accounts/${number}`);
    expect(basic).toContain(`К оплате на ${DAY} ${money(toPay)}`);
    if (balance > 0) expect(basic).toContain(`Оплатить долг ${money(balance)}`);
    if (balance > 0 && penalty > 0)
      expect(basic).toContain(`(долг ${money(balance)} и пени ${money(penalty)})`);
    if (balance < 0) expect(basic).toContain(`переплата ${money(-balance)}`);

    // Выставленные счета: the button pays the debt; an overpayment is named
    const bills = await page(`/accounts/${number}/bills`);
    if (balance > 0) expect(bills).toContain(`Оплатить ${money(balance)}`);
    if (balance < 0) expect(bills).toContain(`Переплата ${money(-balance)}`);
    // a bill's page: what is left of it is the statement's (the allocation), the one the list sums
    const last = st.bills.filter((b) => b.type !== 'advance').at(-1)!;
    expect(await page(`/accounts/${number}/bills/${last.id}`)).toContain(
      `Не оплачено по счёту ${money(last.outstandingKop)}`,
    );
    expect(st.debtKop - st.overpaymentKop).toBe(balance);

    // История: the debt as of today, the penalties and what to pay
    const history = await page(`/accounts/${number}/history`);
    if (toPay > 0) expect(history).toContain(`К оплате на ${DAY}: ${money(toPay)}`);
    if (balance > 0 && penalty > 0)
      expect(history).toContain(`(долг ${money(balance)} и пени ${money(penalty)})`);
    if (toPay === 0 && balance + penalty < 0)
      expect(history).toContain(`Переплата на ${DAY}: ${money(-(balance + penalty))}`);
    if (toPay === 0 && balance + penalty === 0) expect(history).toContain(`Долга нет на ${DAY}`);

    // Оплата: the form comes filled with the debt, line by line
    const pay = await agent.get(`/accounts/${number}/pay`);
    expect(pay.status).toBe(200);
    const prefilled = [...pay.text.matchAll(/<input[^>]*data-pay-amount[^>]*>/g)].map((m) =>
      Math.round(
        Number(
          /value="([^"]*)"/
            .exec(m[0])![1]!
            .replace(/[\s\u00a0]/g, '')
            .replace(',', '.'),
        ) * 100,
      ),
    );
    expect(prefilled.length).toBeGreaterThan(0);
    expect(prefilled.reduce((s, k) => s + k, 0)).toBe(Math.max(0, balance));
    expect(text(pay.text)).toContain(`К оплате: ${money(Math.max(0, balance))}`);

    if (account.kind === 'organisation') {
      // Состояние расчётов leads with the same balance and what to pay
      const state = await page(`/accounts/${number}/state`);
      expect(state).toContain(`К оплате на ${DAY} ${money(toPay)}`);
      if (balance > 0) expect(state).toContain(`Расчёты на ${DAY} Долг ${money(balance)}`);
      if (balance < 0) expect(state).toContain(`Расчёты на ${DAY} Переплата ${money(-balance)}`);
      expect(state).toContain(`Пени ${money(penalty)}`);
      // the act to today closes on the balance, on the page and in its PDF
      expect(state).toContain(`составляет ${money(Math.abs(balance))}`);
      const act = await agent
        .get(`/accounts/${number}/reconciliation?format=pdf&from=01.01.2026&to=${DAY}`)
        .buffer(true);
      expect(act.status).toBe(200);
      expect((await readPdf(act.body as Buffer)).text.replace(/\s+/g, ' ')).toContain(
        `составляет ${money(Math.abs(balance))}`,
      );
    } else {
      // the receipt printed today says what is owed today, and its QR code asks for exactly that
      const res = await agent.get(`/accounts/${number}/bills/${last.id}.pdf`).buffer(true);
      expect(res.status).toBe(200);
      const pdf = res.body as Buffer;
      const pdfText = (await readPdf(pdf)).text.replace(/\s+/g, ' ');
      const qr = await decodeQrOnPage(pdf);
      if (toPay > 0) {
        expect(pdfText).toContain(`к оплате на ${DAY}: ${money(toPay)}`);
        expect(parsePaymentQrString(qr!).Sum).toBe(String(toPay));
      } else {
        expect(qr).toBeNull();
        expect(pdfText).toContain(`на ${DAY} к оплате ничего нет (переплата ${money(owed.creditKop)})`);
      }
    }
  });
});
