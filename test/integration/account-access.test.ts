// A customer never reaches another account's page, PDF or data by changing a URL or a form field:
// every /accounts/:number route answers 404 exactly as for an account that does not exist.
// ADD YOUR ROUTE to ACCOUNT_ROUTES when you add one under /accounts/:number.
import { describe, it, expect, beforeAll } from 'vitest';
import type TestAgent from 'supertest/lib/agent.js';
import { createTestApp, csrfFrom, loginAs } from '../support/app.js';
import { givenAccount, givenBill, givenUser, type GivenAccount } from '../support/builders.js';
import { paths } from '../../src/paths.js';

const t = await createTestApp({ today: '2026-11-23' });

interface Ids {
  number: string;
  billId: number;
  meterId: number;
  registerId: number;
}

export interface AccountRoute {
  name: string;
  method: 'GET' | 'POST';
  path: (ids: Ids) => string;
  /** Form fields for a POST (may name the other account's ids). */
  fields?: (ids: Ids) => Record<string, string | string[]>;
  /** The status the account's own user gets; undefined while the route's owner has not said. */
  own?: number;
}

/** Every route under /accounts/:number; `ids` are the account's own, or the other account's. */
export const ACCOUNT_ROUTES: AccountRoute[] = [
  // residential cabinet sections (features/account)
  { name: 'Основные данные', method: 'GET', path: (i) => paths.account(i.number), own: 200 },
  { name: 'Оказываемые услуги', method: 'GET', path: (i) => paths.services(i.number), own: 200 },
  { name: 'Выставленные счета', method: 'GET', path: (i) => paths.bills(i.number), own: 200 },
  { name: 'счёт', method: 'GET', path: (i) => paths.bill(i.number, i.billId), own: 200 },
  { name: 'Зачисленные платежи', method: 'GET', path: (i) => paths.payments(i.number), own: 200 },
  { name: 'Договорные значения', method: 'GET', path: (i) => paths.contractValues(i.number), own: 200 },
  { name: 'Приборы учёта', method: 'GET', path: (i) => paths.meters(i.number), own: 200 },
  { name: 'Реквизиты ЛС', method: 'GET', path: (i) => paths.details(i.number), own: 200 },
  { name: 'История', method: 'GET', path: (i) => paths.history(i.number), own: 200 },
  {
    name: 'История, показания',
    method: 'GET',
    path: (i) => `${paths.history(i.number)}?tab=readings&period=12m`,
    own: 200,
  },
  { name: 'Потребление', method: 'GET', path: (i) => paths.usage(i.number), own: 200 },
  // documents
  { name: 'квитанция PDF', method: 'GET', path: (i) => paths.billPdf(i.number, i.billId), own: 200 },
  {
    name: 'печать выбранных счетов',
    method: 'GET',
    path: (i) => paths.billsPrint(i.number, [i.billId]),
    own: 200,
  },
  // readings
  {
    name: 'показания прибора',
    method: 'GET',
    path: (i) => paths.meterReadings(i.number, i.meterId),
    own: 200,
  },
  { name: 'ввод показаний', method: 'GET', path: (i) => paths.readings(i.number), own: 200 },
  {
    name: 'передача показаний',
    method: 'POST',
    path: (i) => paths.readings(i.number),
    fields: (i) => ({ [`reading[${i.registerId}]`]: '1500', [`date[${i.registerId}]`]: '2026-11-20' }),
  },
  // payment
  { name: 'оплата', method: 'GET', path: (i) => paths.pay(i.number) },
  {
    name: 'оплата, отправка',
    method: 'POST',
    path: (i) => paths.pay(i.number),
    fields: () => ({ amount: '100.00' }),
  },
  // business sections
  { name: 'состояние расчётов', method: 'GET', path: (i) => paths.state(i.number) },
  {
    name: 'акт сверки',
    method: 'GET',
    path: (i) => `${paths.reconciliation(i.number)}?from=2026-01-01&to=2026-10-31`,
  },
  {
    name: 'акт сверки PDF',
    method: 'GET',
    path: (i) => `${paths.reconciliation(i.number)}?from=2026-01-01&to=2026-10-31&format=pdf`,
  },
  { name: 'документы', method: 'GET', path: (i) => paths.documents(i.number) },
  { name: 'потребление (юрлица)', method: 'GET', path: (i) => paths.consumption(i.number) },
  { name: 'калькулятор', method: 'GET', path: (i) => paths.calculator(i.number) },
];

/** The 404 page without what differs per request (nonce, CSRF token, request id). */
const normalise = (html: string) =>
  html.replace(/nonce-[^'"]+|nonce="[^"]*"|name="_csrf" value="[^"]*"/g, '');

let mine: Ids;
let theirs: Ids;
let agent: TestAgent;

async function idsOf(a: GivenAccount): Promise<Ids> {
  const bill = await givenBill(t.db, a, {
    date: '2026-10-05',
    period: '2026-09',
    lines: [{ charged: 59458 }],
  });
  return {
    number: a.number,
    billId: bill.id,
    meterId: a.meters[0]!.id,
    registerId: a.meters[0]!.registers[0]!.id,
  };
}

async function send(route: AccountRoute, ids: Ids, as: TestAgent = agent) {
  if (route.method === 'GET') return as.get(route.path(ids));
  const _csrf = await csrfFrom(as, paths.connectAccount());
  return as
    .post(route.path(ids))
    .type('form')
    .send({ ...(route.fields?.(ids) ?? {}), _csrf });
}

beforeAll(async () => {
  const a = await givenAccount(t.db, { meters: 1 });
  const b = await givenAccount(t.db, { meters: 1 });
  mine = await idsOf(a);
  theirs = await idsOf(b);
  await givenUser(t.db, { accounts: [b.id] });
  const user = await givenUser(t.db, { accounts: [a.id] });
  agent = t.agent();
  await loginAs(agent, user.login, user.password);
});

describe.each(ACCOUNT_ROUTES)('$method $name', (route) => {
  it("another person's account answers 404, the same page as an account that does not exist", async () => {
    const foreign = await send(route, theirs);
    const missing = await send(route, { ...theirs, number: '000000000' });
    expect(foreign.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(normalise(foreign.text)).toBe(normalise(missing.text));
  });

  it("the own account with another account's bill or meter id answers 404", async () => {
    const res = await send(route, {
      ...mine,
      billId: theirs.billId,
      meterId: theirs.meterId,
      registerId: theirs.registerId,
    });
    // routes without ids are the own account's page; the ids they carry in fields must not leak or store anything
    if (route.path(mine) === route.path({ ...mine, billId: theirs.billId, meterId: theirs.meterId })) {
      expect(res.status).not.toBe(500);
      if (route.method === 'POST')
        expect(await t.db('readings').where({ register_id: theirs.registerId })).toEqual([]);
    } else {
      expect(res.status).toBe(404);
    }
  });

  if (route.method === 'GET') {
    it('an anonymous visitor is sent to the login page (404 where the route is not built yet)', async () => {
      const res = await t.agent().get(route.path(theirs));
      if (route.own !== undefined) expect(res.status).toBe(302);
      else expect([302, 404]).toContain(res.status);
      if (res.status === 302) expect(res.headers.location).toBe('/login');
    });
  }

  if (route.own !== undefined) {
    it(`the account's own user gets ${route.own}`, async () => {
      expect((await send(route, mine)).status).toBe(route.own);
    });
  }
});

describe('ids in the account pages', () => {
  it('a bill id that is not a number, or does not exist, answers 404', async () => {
    for (const id of ['abc', '0', '-1', '999999999', '1e3'])
      expect((await agent.get(`/accounts/${mine.number}/bills/${id}`)).status, id).toBe(404);
  });

  it('staff typing an account address are sent to the support desk (they look through "Смотреть как клиент")', async () => {
    const staff = await givenUser(t.db, { role: 'support' });
    const s = t.agent();
    await loginAs(s, staff.login, staff.password);
    expect((await s.get(paths.bills(theirs.number))).headers.location).toBe('/support');
  });
});
