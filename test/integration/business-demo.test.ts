// The business sections of #20 with the demo companies (Bryansk: partner code 1000123, two branches,
// 3rd price category; Kemerovo: contract 0001с, ESKK, 1st category, a corrective invoice).
import { describe, it, expect, beforeAll } from 'vitest';
import type TestAgent from 'supertest/lib/agent.js';
import { createTestApp, csrfFrom, loginAs, submitForm } from '../support/app.js';
import { fixedClock } from '../../src/platform/clock.js';
import { buildDemoDataset, DEMO_LOGINS } from '../../src/features/import/demo.js';
import { demoPenaltyReference, loadDemoData } from '../../src/features/import/demoLoad.js';
import { fromData, importDataset } from '../../src/features/import/service.js';
import { visibleText as text } from '../support/text.js';

const TODAY = '2026-11-23';
const t = await createTestApp({ today: TODAY });
await loadDemoData(t.db, fixedClock(TODAY), (id) => t.services.debt.settle(id));
await t.db('users').whereNull('phone').update({ phone: '+79120000000' });

async function as(login: string): Promise<TestAgent> {
  const agent = t.agent();
  await loginAs(agent, login, DEMO_LOGINS.find((d) => d.login === login)!.password);
  return agent;
}

let bryansk: TestAgent;
let kemerovo: TestAgent;
beforeAll(async () => {
  bryansk = await as('bryansk@example.ru');
  kemerovo = await as('kuzbass@example.ru');
});

describe('Bryansk (seed 003)', () => {
  it('Информация о клиенте: partner code 1000123 and both branches with their contracts', async () => {
    const page = text((await bryansk.get('/accounts/3200000001/client')).text);
    expect(page).toContain('Код делового партнера 1000123');
    expect(page).toContain('3200000001 № 1000123/01 от 01.01.2015');
    expect(page).toContain(
      '3200000002 № 1000123/02 от 01.01.2015 Филиал "Сельцо" 241550, Брянская обл., г. Сельцо',
    );
    expect(page).toMatch(/ИНН\/КПП \d{10} \/ \d{9}/);
  });

  it('Лицевой счет shows the financial state the state page shows', async () => {
    // the balance every page shows (Основные данные, Обзор, Состояние расчётов)
    const debt = (
      await t.services.debt.owed((await t.db('accounts').where({ number: '3200000001' }).first()).id, TODAY)
    ).balanceKop;
    const page = text((await bryansk.get('/accounts/3200000001/overview')).text);
    expect(page).toContain('Договор № 1000123/01 от 01.01.2015');
    const figure = new Intl.NumberFormat('ru-RU', { minimumFractionDigits: 2 })
      .format(Math.abs(debt) / 100)
      .replace(/[\u00a0\u202f]/g, ' ');
    expect(page).toContain(`${debt >= 0 ? 'Долг' : 'Переплата'} ${debt === 0 ? 'нет' : figure + ' ₽'}`);
  });

  it('the calculator names the 3rd category as current and prices a month from the demo prices', async () => {
    const path = '/accounts/3200000001/calculator';
    expect(text((await bryansk.get(path)).text)).toContain('сейчас — третья ценовая категория');
    const res = await bryansk
      .post(path)
      .field('_csrf', await csrfFrom(bryansk, path))
      .field('month', '2026-10')
      .field('mode', 'monthly')
      .field('total_kwh', '72000')
      .field('zones', 'one');
    expect(res.status).toBe(200);
    // 72 000 × 9.38 = 675 360.00 for the 1st category
    expect(text(res.text)).toContain('72 000 кВт·ч × 9,38 ₽/кВт·ч = 675 360,00 ₽');
  });

  it("the footer names Bryansk's supplier and its contact centre", async () => {
    const page = text((await bryansk.get('/accounts/3200000001')).text);
    expect(page).toContain('Контакт-центр: 8 800 700-32-32');
  });
});

describe('Kemerovo (seed 004)', () => {
  it("Лицевой счет: consumer, the company's INN and KPP, contract 0001с", async () => {
    const org = await t.db('customers').where({ ref: 'kemerovo-hleb' }).first();
    const page = text((await kemerovo.get('/accounts/4200000001/overview')).text);
    expect(page).toContain('Наименование потребителя ООО "Кузнецкий хлеб"');
    expect(page).toContain(`ИНН ${org.inn} КПП ${org.kpp}`);
    expect(page).toContain('Договор № 0001с');
    expect(page).toMatch(/Финансовое состояние на 23\.11\.2026 (Долг|Переплата)/);
  });

  it('the footer and О сервисе give ESKK\'s "8 800 3012 555" and its hours', async () => {
    const page = text((await kemerovo.get('/accounts/4200000001')).text);
    expect(page).toContain('Контакт-центр: 8 800 3012 555');
    const about = text((await kemerovo.get('/about')).text);
    expect(about).toContain('Контакт-центр 8 800 3012 555 Часы работы по будням с 8:00 до 19:00');
  });

  it("Дополнительные услуги lists the supplier's services with request links", async () => {
    const res = await kemerovo.get('/accounts/4200000001/additional-services');
    const page = text(res.text);
    expect(page).toContain('Технологическое присоединение');
    expect(page).toContain('Смена ценовой категории');
    expect(res.text).toContain(
      `href="/requests/new?topic=${encodeURIComponent('Энергоаудит')}&amp;account=4200000001"`,
    );
  });

  it('the corrective invoice is named as such and is not due before it was issued', async () => {
    const bills = text((await kemerovo.get('/accounts/4200000001/bills')).text);
    expect(bills).toContain('Корректировочный счёт-фактура');
    const c = await t
      .db('bills')
      .where({ type: 'correction' })
      .andWhere('number', 'like', '0001с-КСФ-%')
      .first();
    expect(c.due_date > c.date).toBe(true);
    const page = text((await kemerovo.get(`/accounts/4200000001/bills/${c.id}`)).text);
    // the page promises the stored date, which follows the issue date, and no earlier one
    const due = /Оплатить до (\d\d)\.(\d\d)\.(\d{4})/.exec(page);
    expect(due && `${due[3]}-${due[2]}-${due[1]}`).toBe(c.due_date);
    expect(page).toContain('Скачать корректировочный счет-фактуру (PDF)');
  });

  it('Реквизиты ЛС has no household fields and the calculator names the 1st category', async () => {
    const details = text((await kemerovo.get('/accounts/4200000001/details')).text);
    expect(details).not.toContain('Кол-во зарегистрированных');
    expect(details).not.toContain('Общая/жилая площадь');
    expect(text((await kemerovo.get('/accounts/4200000001/calculator')).text)).toContain(
      'сейчас — первая ценовая категория',
    );
  });

  it('Расшифровка потребления puts every volume on the meter with ratio 40', async () => {
    const page = text((await kemerovo.get('/accounts/4200000001/consumption?period=12m')).text);
    expect(page).toContain('прибор учёта № 108008060');
    expect(page).not.toContain('без прибора учёта');
  });
});

describe('Kemerovo: an invoice imported without a meter (#20)', () => {
  it('Расшифровка потребления puts its volume on the supply point’s meter with ratio 40, not "без прибора учёта"', async () => {
    const demo = buildDemoDataset(TODAY, await demoPenaltyReference(t.db));
    const account = demo.accounts.find((a) => a.number === '4200000001')!;
    const customer = demo.customers.find((c) => c.ref === account.customer)!;
    const supplier = demo.suppliers.find((s) => s.code === account.supplier)!;
    const plans = demo.tariff_plans.filter((p) => p.supplier === supplier.code);
    // the billing system's invoice line as DATASET.md has it: a service and a volume, no meter
    const invoice = {
      number: '0001с-СФ-ИМПОРТ',
      date: TODAY,
      period: '2026-11',
      type: 'invoice' as const,
      lines: [{ service: 'el', quantity: '4000', tariff: '9.00', charged: '36000.00' }],
    };
    await importDataset(
      t.db,
      fromData({
        suppliers: [supplier],
        tariff_plans: plans,
        key_rates: [],
        customers: [customer],
        accounts: [{ ...account, bills: [invoice], payments: [] }],
        users: [],
      }),
      { clock: fixedClock(TODAY) },
    );
    expect(
      await t
        .db('bill_lines as l')
        .join('bills as b', 'b.id', 'l.bill_id')
        .where('b.number', invoice.number)
        .pluck('l.meter_id'),
    ).toEqual([null]);
    const page = text(
      (await kemerovo.get('/accounts/4200000001/consumption?from=2026-11-01&to=2026-11-30')).text,
    );
    expect(page).toContain('прибор учёта № 108008060');
    expect(page).not.toContain('без прибора учёта');
    expect(page).toMatch(/ноябрь 2026 сутки 40 4 000 по показаниям 0001с-СФ-ИМПОРТ Итого 4 000/);
    const pdf = await kemerovo.get(
      '/accounts/4200000001/consumption?from=2026-11-01&to=2026-11-30&format=pdf',
    );
    expect(pdf.headers['content-type']).toContain('application/pdf');
  });
});

describe('Kemerovo: registration and login by city (seed 004)', () => {
  it('the contract form offers Кемерово and Березовский by name; 0001с in Березовский is the registered company', async () => {
    const form = await t.agent().get('/register/business?method=contract');
    const select = form.text.slice(
      form.text.indexOf('<select id="field-city"'),
      form.text.indexOf('</select>'),
    );
    expect(text(select)).toContain(' Кемерово Березовский ');
    expect(select).not.toMatch(/eskk|ЭСКК/);
    const berezovsky = /<option value="(c\d+)">Березовский<\/option>/.exec(select)![1]!;
    const res = await submitForm(
      t.agent(),
      '/register/business',
      {
        method: 'contract',
        contract_number: '0001с',
        inn: '4205000009',
        org_name: 'ООО "Кузнецкий хлеб"',
        city: berezovsky,
        email: 'new-kuzbass@example.ru',
        password: 'Kemerovo2026!x',
        password_confirm: 'Kemerovo2026!x',
        consent: 'on',
        agreement: 'on',
      },
      '/register/business?method=contract',
    );
    expect(res.status).toBe(422);
    expect(text(res.text)).toContain('Для этой организации личный кабинет уже зарегистрирован');
  });
});
