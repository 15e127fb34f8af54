// Информация о клиенте (seed 003 §4.1) and Лицевой счет (seed 004 fig. 5) with data built here:
// the organisation's details and accounts, and the financial state as the debt module has it.
import { describe, it, expect, beforeAll } from 'vitest';
import type TestAgent from 'supertest/lib/agent.js';
import { createTestApp, loginAs } from '../support/app.js';
import { givenAccount, givenAdvanceAccount, givenUser, type GivenAccount } from '../support/builders.js';
import { formatMoney } from '../../src/domain/format.js';
import { visibleText as text } from '../support/text.js';

const t = await createTestApp({ today: '2026-11-23' });
const db = t.db;
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

let main: GivenAccount;
let branch: GivenAccount;
let notMine: GivenAccount;
let household: GivenAccount;
let agent: TestAgent;

beforeAll(async () => {
  // 13 000.00 due on 23.11 (see state-page.test.ts): October's invoice 55 000 + November's 30 % − 60 000 paid
  main = await givenAdvanceAccount(db);
  await db('payments').insert([
    { account_id: main.id, ref: `a1-${main.number}`, date: '2026-10-09', amount_kop: 1800000 },
    { account_id: main.id, ref: `a2-${main.number}`, date: '2026-10-24', amount_kop: 2400000 },
    { account_id: main.id, ref: `a3-${main.number}`, date: '2026-11-09', amount_kop: 1800000 },
  ]);
  await db('customers').where({ id: main.customerId }).update({
    name: 'АО "Станкозавод"',
    inn: '3250512345',
    kpp: '325001001',
    partner_code: '7000123',
    address: '241035, г. Брянск, ул. Ульянова, д. 26',
    phone: '+7 4832 123456',
    email: 'buh@stanok.example.ru',
  });
  await db('contracts').where({ id: main.contractId }).update({ number: '7000123/01', date: '2015-01-01' });
  await db('accounts').where({ id: main.id }).update({ address: '241035, г. Брянск, ул. Ульянова, д. 26' });
  // a second account of the same organisation: a branch
  branch = await givenAccount(db, { kind: 'organisation', supplierId: main.supplierId });
  await db('accounts')
    .where({ id: branch.id })
    .update({ customer_id: main.customerId, address: '241550, г. Сельцо, ул. Кирова, д. 1' });
  await db('contracts')
    .where({ id: branch.contractId })
    .update({ number: '7000123/02', date: '2016-03-01', branch: 'Филиал "Сельцо"' });
  // a third account of the organisation that this person has not registered
  notMine = await givenAccount(db, { kind: 'organisation', supplierId: main.supplierId });
  await db('accounts').where({ id: notMine.id }).update({ customer_id: main.customerId });
  household = await givenAccount(db, { supplierId: main.supplierId });
  const user = await givenUser(db, { accounts: [main.id, branch.id, household.id] });
  agent = t.agent();
  await loginAs(agent, user.login, user.password);
});

describe('Информация о клиенте', () => {
  it('shows the partner code, organisation, legal address, contacts and each registered account', async () => {
    const res = await agent.get(`/accounts/${main.number}/client`);
    expect(res.status).toBe(200);
    const page = text(res.text);
    expect(page).toContain('Код делового партнера 7000123');
    expect(page).toContain('Наименование предприятия АО "Станкозавод"');
    expect(page).toContain('Адрес предприятия 241035, г. Брянск, ул. Ульянова, д. 26');
    expect(page).toContain('Контактная информация +7 4832 123456, buh@stanok.example.ru');
    expect(page).toContain(
      `${main.number} № 7000123/01 от 01.01.2015 — 241035, г. Брянск, ул. Ульянова, д. 26 3250512345 / 325001001`,
    );
    expect(page).toContain(
      `${branch.number} № 7000123/02 от 01.03.2016 Филиал "Сельцо" 241550, г. Сельцо, ул. Кирова, д. 1 3250512345 / 325001001`,
    );
    expect(page).not.toContain(notMine.number);
  });

  it('a household account has no such page', async () => {
    expect((await agent.get(`/accounts/${household.number}/client`)).status).toBe(404);
    expect((await agent.get(`/accounts/${household.number}/overview`)).status).toBe(404);
  });
});

describe('Лицевой счет', () => {
  it('shows the consumer, address, INN and KPP, the contract and the debt the state page shows', async () => {
    const res = await agent.get(`/accounts/${main.number}/overview`);
    expect(res.status).toBe(200);
    const page = text(res.text);
    expect(page).toContain('Наименование потребителя АО "Станкозавод"');
    expect(page).toContain('Адрес 241035, г. Брянск, ул. Ульянова, д. 26');
    expect(page).toContain('ИНН 3250512345 КПП 325001001');
    expect(page).toContain('Договор № 7000123/01 от 01.01.2015');
    // the balance of Основные данные and Состояние расчётов: the October invoice 55 000 less 60 000 paid
    const owed = await t.services.debt.owed(main.id, '2026-11-23');
    expect(owed.balanceKop).toBe(-500_000);
    expect(page).toContain('Финансовое состояние на 23.11.2026 Переплата 5 000,00 ₽');
    // penalties as the debt module reckons them for the day (none, or the ledger's figure)
    expect(page).toContain(
      owed.penaltyKop > 0 ? `Пени ${plain(formatMoney(owed.penaltyKop))} (начисляются отдельно)` : 'Пени нет',
    );
    // what the schedule asks by its next date: 13 000 overdue by the schedule and November's 40 % advance
    expect(page).toContain('Рекомендуемый платёж 37 000,00 ₽ до 25.11.2026');
    const state = text((await agent.get(`/accounts/${main.number}/state`)).text);
    expect(state).toContain('Переплата 5 000,00 ₽');
    expect(state).toContain('37 000,00 ₽');
  });

  it('an overpayment is shown as such', async () => {
    await db('payments').insert({
      account_id: branch.id,
      ref: `over-${branch.number}`,
      date: '2026-11-01',
      amount_kop: 250000,
    });
    const page = text((await agent.get(`/accounts/${branch.number}/overview`)).text);
    expect(page).toContain('Переплата 2 500,00 ₽');
    expect(page).toContain('Договор № 7000123/02 от 01.03.2016, Филиал "Сельцо"');
  });

  it('penalties of an overdue invoice appear beside the debt', async () => {
    const [inv] = await db('bills')
      .insert({
        account_id: branch.id,
        supplier_id: branch.supplierId,
        contract_id: branch.contractId,
        number: `СФ-late-${branch.number}`,
        date: '2026-08-31',
        period: '2026-08-01',
        type: 'invoice',
        due_date: '2026-09-18',
      })
      .returning('id');
    await db('bill_lines').insert({
      bill_id: inv.id,
      service_id: branch.serviceId,
      supplier_id: branch.supplierId,
      zone: 'T',
      quantity: '1000',
      tariff: '10.0000',
      charged_kop: 1000000,
    });
    const penalties = (await t.services.debt.penalties(branch.id, '2026-11-23')).totalKop;
    const debt = (await t.services.debt.advanceState(branch.id, '2026-11-23')).debtKop;
    const page = text((await agent.get(`/accounts/${branch.number}/overview`)).text);
    expect(penalties).toBeGreaterThan(0);
    expect(debt).toBeGreaterThan(0);
    expect(page).toContain(`Пени ${plain(formatMoney(penalties))} (начисляются отдельно)`);
    expect(page).toContain(`Долг ${plain(formatMoney(debt))}`);
  });

  it('both pages are in the section navigation of a business account', async () => {
    const html = (await agent.get(`/accounts/${main.number}`)).text;
    expect(html).toContain(`href="/accounts/${main.number}/client"`);
    expect(html).toContain(`href="/accounts/${main.number}/overview"`);
    const home = (await agent.get(`/accounts/${household.number}`)).text;
    expect(home).not.toContain(`/accounts/${household.number}/client`);
  });
});

describe('Потребление for a company', () => {
  it("is in the company's menu and charts the kWh its invoices charged, as a household's does", async () => {
    const basic = await agent.get(`/accounts/${main.number}`);
    expect(basic.text).toContain(`href="/accounts/${main.number}/usage"`);
    const res = await agent.get(`/accounts/${main.number}/usage`);
    expect(res.status).toBe(200);
    const page = text(res.text);
    // October's invoice: 9 166,67 kWh, one bar with its value in the chart and the table under it
    expect(res.text).toContain('<svg');
    expect(page).toContain('октябрь 2026, Круглосуточно: 9 166,67 кВт·ч');
    expect(page).toMatch(/октябрь 2026 9 166,67/);
  });
});
