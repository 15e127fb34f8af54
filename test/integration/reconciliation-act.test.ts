// The reconciliation act page with seed 003's figures in the database (fig. 8), and its refusals.
import { describe, it, expect, beforeAll } from 'vitest';
import { createTestApp, loginAs } from '../support/app.js';
import { givenAccount, givenUser, type GivenAccount } from '../support/builders.js';

const t = await createTestApp({ today: '2016-08-01' });
const db = t.db;
const plain = (html: string) => html.replace(/\u00a0/g, ' ').replace(/&#34;/g, '"');

async function bill(
  a: GivenAccount,
  number: string,
  date: string,
  period: string,
  type: string,
  amountKop: number,
) {
  const [b] = await db('bills')
    .insert({
      account_id: a.id,
      supplier_id: a.supplierId,
      contract_id: a.contractId,
      number,
      date,
      period,
      type,
    })
    .returning('id');
  await db('bill_lines').insert({
    bill_id: b.id,
    service_id: a.serviceId,
    supplier_id: a.supplierId,
    zone: 'T',
    charged_kop: amountKop,
  });
  return b.id as number;
}

async function payment(a: GivenAccount, ref: string, date: string, amountKop: number) {
  await db('payments').insert({ account_id: a.id, ref, date, amount_kop: amountKop });
}

describe('seed 003: the act for 01.05.2016 – 01.08.2016', () => {
  let account: GivenAccount;
  let login: { login: string; password: string };

  beforeAll(async () => {
    account = await givenAccount(db, { kind: 'organisation', openingKop: 60882279 });
    await db('accounts').where({ id: account.id }).update({ opening_balance_date: '2016-05-01' });
    // history before the opening is already inside it and must not count twice
    await bill(account, 'СФ-0416', '2016-04-30', '2016-04-01', 'invoice', 19868501);
    await payment(account, 'p-2016-05-25', '2016-05-25', 97999044);
    await bill(account, 'КСФ-0524', '2016-05-24', '2016-04-01', 'correction', -19868501);
    await bill(account, 'СФ-0531', '2016-05-31', '2016-05-01', 'invoice', 48284486);
    await payment(account, 'p-2016-06-20', '2016-06-20', 42499921);
    // an advance bill is a request for money, not an operation of the act
    await bill(account, 'СЧ-0601', '2016-06-01', '2016-06-01', 'advance', 24422301);
    login = await givenUser(db, { accounts: [account.id] });
  });

  it('the service gives the opening, turnovers and the closing overpayment on the credit side', async () => {
    const act = await t.services.reconciliation.act(account.id, '2016-05-01', '2016-08-01');
    expect(act.openingKop).toBe(60882279);
    expect(act.rows.map((r) => [r.date, r.debitKop, r.creditKop])).toEqual([
      ['2016-05-24', -19868501, null],
      ['2016-05-25', null, 97999044],
      ['2016-05-31', 48284486, null],
      ['2016-06-20', null, 42499921],
    ]);
    expect([act.debitTurnoverKop, act.creditTurnoverKop, act.closingKop]).toEqual([
      28415985, 140498965, -51200701,
    ]);
    expect(act.closingSide).toBe('credit');
    expect(act.inFavourOf).toBe('customer');
  });

  it('the page renders fig. 8: opening in the debit, turnovers, the closing on the credit side and in whose favour', async () => {
    const agent = t.agent();
    await loginAs(agent, login.login, login.password);
    const res = await agent.get(`/accounts/${account.number}/reconciliation?from=2016-05-01&to=2016-08-01`);
    expect(res.status).toBe(200);
    const html = plain(res.text);
    expect(html).toMatch(
      /Сальдо на 01\.05\.2016<\/th><td class="num money" data-label="Дебет, ₽">608 822,79<\/td><td class="num money" data-label="Кредит, ₽"><\/td>/,
    );
    expect(html).toContain(
      'Корректировочный счёт-фактура № КСФ-0524 от 24.05.2016</th><td class="num money" data-label="Дебет, ₽">−198 685,01',
    );
    expect(html).toContain(
      'Поступление платежа от 25.05.2016</th><td class="num money" data-label="Дебет, ₽"></td><td class="num money" data-label="Кредит, ₽">979 990,44',
    );
    expect(html).toMatch(
      /Итого оборотов<\/th><td class="num money" data-label="Дебет, ₽">284 159,85<\/td><td class="num money" data-label="Кредит, ₽">1 404 989,65/,
    );
    expect(html).toMatch(
      /Сальдо на 01\.08\.2016<\/th><td class="num money" data-label="Дебет, ₽"><\/td><td class="num money" data-label="Кредит, ₽">512 007,01/,
    );
    expect(html).toContain('На 01.08.2016 задолженность в пользу ООО "Ромашка" составляет 512 007,01 ₽');
    expect(html).not.toContain('СЧ-0601');
    expect(html).not.toContain('СФ-0416');
  });

  it('the same act stands on the state page, with dates typed as people type them', async () => {
    const agent = t.agent();
    await loginAs(agent, login.login, login.password);
    const res = await agent.get(`/accounts/${account.number}/state?from=01.05.2016&to=01.08.2016`);
    expect(res.status).toBe(200);
    expect(plain(res.text)).toMatch(
      /Итого оборотов<\/th><td class="num money" data-label="Дебет, ₽">284 159,85/,
    );
  });

  it('invalid dates are refused beside the fields with the input kept, not a crash', async () => {
    const agent = t.agent();
    await loginAs(agent, login.login, login.password);
    const res = await agent.get(`/accounts/${account.number}/reconciliation?from=31.02.2016&to=abc`);
    expect(res.status).toBe(400);
    expect(res.text).toContain('<title>Ошибка:');
    expect(res.text).toContain('Начало периода — дата в виде ДД.ММ.ГГГГ');
    expect(res.text).toContain('Конец периода — дата в виде ДД.ММ.ГГГГ');
    expect(res.text).toContain('value="31.02.2016"');
    expect(res.text).toContain('aria-invalid="true"');
    const reversed = await agent.get(
      `/accounts/${account.number}/reconciliation?from=2016-08-01&to=2016-05-01`,
    );
    expect(reversed.status).toBe(400);
    expect(reversed.text).toContain('Конец периода не может быть раньше начала');
  });

  it('reads ?period=3m like every other page: the last three whole months including this one', async () => {
    const agent = t.agent();
    await loginAs(agent, login.login, login.password);
    const res = await agent.get(`/accounts/${account.number}/reconciliation?period=3m`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('value="01.06.2016"');
    expect(res.text).toContain('value="01.08.2016"');
    // the state page has the period filter of the other pages, and its act follows it
    const state = await agent.get(`/accounts/${account.number}/state?period=3m`);
    expect(state.status).toBe(200);
    expect(state.text).toMatch(/<option value="3m" selected>/);
    expect(state.text).toContain('Показано: с 01.06.2016 по 01.08.2016');
    expect(state.text).toContain('Акт сверки с 01.06.2016 по 01.08.2016');
  });

  it('a date typed correctly beside a wrong one is shown as typed', async () => {
    const agent = t.agent();
    await loginAs(agent, login.login, login.password);
    const res = await agent.get(`/accounts/${account.number}/reconciliation?from=01.05.2016&to=abc`);
    expect(res.status).toBe(400);
    expect(res.text).toContain('value="01.05.2016"');
    expect(res.text).toContain('value="abc"');
  });

  it('defaults to the current year to date', async () => {
    const agent = t.agent();
    await loginAs(agent, login.login, login.password);
    const res = await agent.get(`/accounts/${account.number}/reconciliation`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('value="01.01.2016"');
    expect(res.text).toContain('value="01.08.2016"');
  });

  it('another customer gets 404 for this account', async () => {
    const other = await givenUser(db, { accounts: [] });
    const agent = t.agent();
    await loginAs(agent, other.login, other.password);
    expect((await agent.get(`/accounts/${account.number}/reconciliation`)).status).toBe(404);
    expect((await agent.get(`/accounts/${account.number}/state`)).status).toBe(404);
  });
});
