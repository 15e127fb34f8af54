// What a page costs the database does not grow with the account's history, its meters, or how many accounts the
// person holds: a household with two months and one meter pays the same number of queries as one with a year and
// a half, three meters, and thirty accounts beside it.
import { describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { createTestApp, loginAs } from '../support/app.js';
import {
  givenAccount,
  givenBill,
  givenPayment,
  givenReading,
  givenSupplier,
  givenUser,
  type GivenAccount,
} from '../support/builders.js';
import { paths } from '../../src/paths.js';

const t = await createTestApp({ today: '2026-11-23' });

async function household(months: number, meters: number, otherAccounts: number) {
  const supplier = await givenSupplier(t.db);
  const a = await givenAccount(t.db, { supplierId: supplier.id, meters });
  let billId = 0;
  for (let m = 0; m < months; m++) {
    const month = new Date(Date.UTC(2026, 10 - months + m, 1)).toISOString().slice(0, 7);
    const bill = await givenBill(t.db, a, {
      date: `${month}-28`,
      period: month,
      lines: [{ charged: 100_000 + m, quantity: '163.40', tariff: '6.12' }],
    });
    billId = bill.id;
    await givenPayment(t.db, a, { date: `${month}-27`, amount: 90_000 });
    for (const meter of a.meters)
      for (const r of meter.registers)
        await givenReading(t.db, r.id, { date: `${month}-20`, value: String(1000 + 150 * m) });
  }
  const others: GivenAccount[] = [];
  for (let i = 0; i < otherAccounts; i++) others.push(await givenAccount(t.db, { supplierId: supplier.id }));
  const user = await givenUser(t.db, { accounts: [a.id, ...others.map((o) => o.id)] });
  const agent = t.agent();
  await loginAs(agent, user.login, user.password);
  return { agent, number: a.number, billId };
}

type Visitor = Awaited<ReturnType<typeof household>>;

const PAGES: [string, (v: Visitor) => string][] = [
  ['Основные данные', (v) => paths.account(v.number)],
  ['Оказываемые услуги', (v) => paths.services(v.number)],
  ['Выставленные счета', (v) => paths.bills(v.number)],
  ['Зачисленные платежи', (v) => paths.payments(v.number)],
  ['Приборы учёта', (v) => paths.meters(v.number)],
  ['Ввод показаний', (v) => paths.readings(v.number)],
  ['История', (v) => paths.history(v.number)],
  ['Реквизиты ЛС', (v) => paths.details(v.number)],
  ['Потребление', (v) => paths.usage(v.number)],
  ['квитанция PDF', (v) => paths.billPdf(v.number, v.billId)],
];

/** The queries the app's knex sends while one page is served, and the rows they bring back. */
async function costOf(v: Visitor, path: string): Promise<{ queries: number; rows: number }> {
  const cost = { queries: 0, rows: 0 };
  const query = (q: Knex.Sql) => void (q.sql ? cost.queries++ : 0);
  const response = (r: unknown) => void (cost.rows += Array.isArray(r) ? r.length : 0);
  t.db.on('query', query).on('query-response', response);
  try {
    const res = await v.agent.get(path);
    expect(res.status, path).toBe(200);
  } finally {
    t.db.off('query', query).off('query-response', response);
  }
  return cost;
}

describe('queries a page costs', () => {
  it('are the same for two months, one meter and one account as for eighteen months, three meters and thirty accounts', async () => {
    const small = await household(2, 1, 0);
    const large = await household(18, 3, 30);
    const counts: Record<string, [number, number]> = {};
    for (const [name, path] of PAGES)
      counts[name] = [(await costOf(small, path(small))).queries, (await costOf(large, path(large))).queries];
    for (const [name, [few, many]] of Object.entries(counts))
      expect(many, `${name}: ${few} → ${many}`).toBe(few);
  }, 60_000);

  it("read the account of the address once: the footer's supplier contacts come with the guard's lookup", async () => {
    const v = await household(2, 1, 0);
    for (const [name, path] of PAGES) {
      const lookups: string[] = [];
      const query = (q: Knex.Sql) => {
        if (/"a"\."number" = \$\d/.test(q.sql) && q.bindings?.includes(v.number)) lookups.push(q.sql);
      };
      t.db.on('query', query);
      try {
        const res = await v.agent.get(path(v));
        expect(res.status, name).toBe(200);
        // the footer names the supplier's contact centre all the same
        if (!name.includes('PDF')) expect(res.text, name).toContain('Контакт-центр');
      } finally {
        t.db.off('query', query);
      }
      expect(lookups, name).toHaveLength(1);
    }
  }, 60_000);

  it('read only the account shown (and the first twenty of the switcher): a representative of sixty accounts reads what one of twenty-five does', async () => {
    const some = await household(2, 1, 24);
    const many = await household(2, 1, 59);
    for (const [name, path] of PAGES) {
      const [a, b] = [(await costOf(some, path(some))).rows, (await costOf(many, path(many))).rows];
      expect(b, `${name}: ${a} → ${b} rows`).toBe(a);
    }
    // the rest are a click away, and the person is told how many there are
    const page = await many.agent.get(paths.account(many.number));
    expect(page.text.match(/class="account-switch__number"/g)).toHaveLength(20);
    expect(page.text).toContain('Все счета (60)');
    // the twenty are listed by number
    const listed = [...page.text.matchAll(/class="account-switch__number">([^<]+)</g)].map((m) =>
      m[1]!.trim(),
    );
    expect(listed).toEqual([...listed].sort());
  }, 60_000);
});

describe('"Ваши счета"', () => {
  it('computes the debt of one page of twenty accounts: sixty accounts cost the queries of twenty-five', async () => {
    const some = await household(2, 1, 24);
    const many = await household(2, 1, 59);
    const [a, b] = [
      (await costOf(some, paths.cabinet())).queries,
      (await costOf(many, paths.cabinet())).queries,
    ];
    expect(b, `${a} → ${b} queries`).toBe(a);
    const page = await many.agent.get(paths.cabinet());
    expect(page.text.match(/class="account-card"/g)).toHaveLength(20);
    expect(page.text).toContain('Страница 1 из 3');
  }, 60_000);
});
