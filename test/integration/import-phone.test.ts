// A household migrated with its phone on record signs in straight to the cabinet, not to "Заполните реквизиты".
import { describe, expect, it, beforeAll } from 'vitest';
import { createTestApp, loginAs } from '../support/app.js';
import { fromData, importDataset } from '../../src/features/import/service.js';
import type { DatasetDocument } from '../../src/features/import/schemas.js';

const t = await createTestApp();

const account = (number: string, customer: string) => ({
  number,
  supplier: 'komi',
  customer,
  address: 'Сыктывкар, Петрозаводская д.56 кв. 38',
  residents: 1,
  opening_balance: { date: '2026-01-01', amount: '0.00' },
  contracts: [],
});

const dataset: DatasetDocument = {
  suppliers: [
    {
      code: 'komi',
      name: 'ОАО "Коми энергосбытовая компания"',
      inn: '1101301856',
      kpp: '110101001',
      address: 'Сыктывкар, ул. Первомайская, 70',
      phone: '8 800 200-21-21',
      bank: {
        name: 'Коми ОСБ',
        bic: '048702640',
        account: '40702810928000100503',
        corr_account: '30101810400000000640',
      },
      time_zone: 'Europe/Moscow',
      reading_window: { from_day: 15, to_day: 25 },
    },
  ],
  customers: [
    { ref: 'ivanova', kind: 'person', last_name: 'Иванова', first_name: 'Мария', phone: '+7 912 100-20-30' },
    { ref: 'petrov', kind: 'person', last_name: 'Петров', first_name: 'Олег', phone: '+7 912 555-00-11' },
  ],
  accounts: [account('110000001', 'ivanova'), account('110000002', 'petrov')],
  users: [
    // the holder herself, migrated without a phone of the portal user
    {
      login: '110000001',
      password: 'Demo2026!',
      names: { last: 'Иванова', first: 'Мария' },
      accounts: [{ number: '110000001', relation: 'owner' }],
    },
    // a tenant of someone else's account: the holder's phone is not theirs
    {
      login: 'tenant@example.ru',
      password: 'Demo2026!',
      names: { last: 'Сидорова', first: 'Анна' },
      accounts: [{ number: '110000002', relation: 'tenant' }],
    },
  ],
} as DatasetDocument;

beforeAll(async () => {
  await importDataset(t.db, fromData(dataset), {
    clock: t.clock,
    settle: (id) => t.services.debt.settle(id),
  });
});

describe('the first login of an imported household', () => {
  it('the holder whose phone is on the customer record reaches the cabinet, with that phone in the profile', async () => {
    const user = await t.db('users').where({ login: '110000001' }).first();
    expect(user.phone).toBe('+7 912 100-20-30');
    const agent = t.agent();
    await loginAs(agent, '110000001', 'Demo2026!');
    // one account: the cabinet goes straight to it
    const res = await agent.get('/cabinet');
    expect(res.headers.location).toBe('/accounts/110000001/summary');
    expect((await agent.get('/accounts/110000001/summary')).status).toBe(200);
  });

  it("a tenant of another person's account does not receive the holder's phone and is still asked for one", async () => {
    const user = await t.db('users').where({ login: 'tenant@example.ru' }).first();
    expect(user.phone).toBeNull();
    const agent = t.agent();
    await loginAs(agent, 'tenant@example.ru', 'Demo2026!');
    const res = await agent.get('/cabinet');
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/profile/complete');
  });

  it('the demo household of Komi, imported with its phone on record, is not stopped either', async () => {
    const { loadDemoData } = await import('../../src/features/import/demoLoad.js');
    const { DEMO_LOGINS } = await import('../../src/features/import/demo.js');
    const other = await createTestApp();
    await loadDemoData(other.db, other.clock, (id) => other.services.debt.settle(id));
    const agent = other.agent();
    const komi = DEMO_LOGINS[0]!;
    await loginAs(agent, komi.login, komi.password);
    const res = await agent.get('/cabinet');
    expect(res.headers.location ?? '').not.toContain('/profile/complete');
    expect(res.status).toBeLessThan(400);
  });
});
