// Reading submission throughput: accepted readings per second with 50 customers posting at once,
// against the real app on a free port over a database of 100 000 accounts built by direct inserts.
// Run alone: npx tsx bench/readings.ts   (BENCH_READINGS_ACCOUNTS, BENCH_READINGS_SECONDS, BENCH_READINGS_CUSTOMERS)
import crypto from 'node:crypto';
import { benchContext, baseline, type BenchContext, type Figure } from './support.js';
import type { Db } from '../src/db/knex.js';
import { hashPassword } from '../src/platform/passwords.js';

const ACCOUNTS = Number(process.env.BENCH_READINGS_ACCOUNTS ?? 100_000);
const SECONDS = Number(process.env.BENCH_READINGS_SECONDS ?? 15);
const CUSTOMERS = Number(process.env.BENCH_READINGS_CUSTOMERS ?? 50);
const TODAY = '2026-11-23';
// the secret the bench app signs session cookies with (bench/support.ts serve())
const SESSION_SECRET = 'b'.repeat(40);

/**
 * The database: one supplier, `accounts` residential accounts each with a contract, an
 * electricity service, a single-zone meter with last month's billed reading, and an owner; plus
 * `customers` people acting as the load, each a representative of an equal share of the accounts.
 */
async function buildDatabase(db: Db, accounts: number, customers: number): Promise<void> {
  const hash = await hashPassword('Bench-Password-1');
  await db.transaction(async (tx) => {
    const [supplier] = await tx('suppliers')
      .insert({
        code: 'bench',
        name: 'Бенчмарк-Энергосбыт',
        inn: '1101301856',
        reading_window_from: 15,
        reading_window_to: 25,
      })
      .returning('id');
    const [plan] = await tx('tariff_plans')
      .insert({
        code: 'bench-plan',
        supplier_id: supplier.id,
        name: 'город',
        service_kind: 'electricity',
        unit: 'кВт·ч',
      })
      .returning('id');
    await tx('tariff_rates').insert({
      tariff_plan_id: plan.id,
      valid_from: '2020-01-01',
      zone: 'T',
      price: '6.12',
    });
    const s = supplier.id as number;
    await tx.raw(
      `insert into customers (ref, kind, last_name, first_name, middle_name)
       select 'bench-' || g, 'person', 'Иванов', 'Иван', 'Иванович' from generate_series(1, ?) g`,
      [accounts],
    );
    await tx.raw(
      `insert into accounts (number, supplier_id, customer_id, address, residents, opening_balance_date)
       select (800000000 + substr(c.ref, 7)::int)::text, ?, c.id, 'Сыктывкар, ул. Ленина, д. ' || (c.id % 200 + 1), 2, '2024-01-01'
         from customers c where c.ref like 'bench-%'`,
      [s],
    );
    await tx.raw(
      `insert into contracts (account_id, number, date) select id, 'D' || number, '2010-01-01' from accounts where supplier_id = ?`,
      [s],
    );
    await tx.raw(
      `insert into services (account_id, contract_id, supplier_id, code, kind, name, unit, method, tariff_plan_id)
       select c.account_id, c.id, ?, 'el', 'electricity', 'электроэнергия', 'кВт·ч', 'meter', ? from contracts c join accounts a on a.id = c.account_id where a.supplier_id = ?`,
      [s, plan.id, s],
    );
    await tx.raw(
      `insert into meters (account_id, service_id, serial, model, installed, verification_due, digits, decimals)
       select sv.account_id, sv.id, 'BM' || sv.account_id, 'СЕ101 S6 145 M6, Энергомера', '2015-01-01', '2031-01-01', 6, 2
         from services sv where sv.supplier_id = ?`,
      [s],
    );
    await tx.raw(
      `insert into meter_registers (meter_id, zone) select m.id, 'T' from meters m join accounts a on a.id = m.account_id where a.supplier_id = ?`,
      [s],
    );
    await tx.raw(
      `insert into readings (register_id, date, value, source, status, billed_period)
       select r.id, '2026-10-20', 1000 + (r.id % 500), 'inspector', 'billed', '2026-10-01'
         from meter_registers r join meters m on m.id = r.meter_id join accounts a on a.id = m.account_id where a.supplier_id = ?`,
      [s],
    );
    await tx.raw(
      `insert into users (login, email, password_hash, last_name, first_name, role, status, email_verified_at)
       select 'owner' || a.number || '@bench.example', 'owner' || a.number || '@bench.example', ?, 'Иванов', 'Иван', 'customer', 'active', now()
         from accounts a where a.supplier_id = ?`,
      [hash, s],
    );
    await tx.raw(
      `insert into user_accounts (user_id, account_id, relation)
       select u.id, a.id, 'owner' from accounts a join users u on u.login = 'owner' || a.number || '@bench.example' where a.supplier_id = ?`,
      [s],
    );
    await tx.raw(
      `insert into users (login, email, password_hash, last_name, first_name, role, status, email_verified_at)
       select 'bench-' || g || '@bench.example', 'bench-' || g || '@bench.example', ?, 'Петров', 'Пётр', 'customer', 'active', now()
         from generate_series(0, ? - 1) g`,
      [hash, customers],
    );
    await tx.raw(
      `insert into user_accounts (user_id, account_id, relation)
       select u.id, a.id, 'representative' from accounts a
         join users u on u.login = 'bench-' || (a.id % ?) || '@bench.example' where a.supplier_id = ?`,
      [customers, s],
    );
  });
  await db.raw('analyze');
}

/** A signed-in session made the way express-session stores one, so the load needs no logins (and no login rate limits). */
async function sessionCookie(db: Db, userId: number): Promise<string> {
  const sid = crypto.randomBytes(24).toString('base64url');
  const sess = {
    cookie: {
      originalMaxAge: null,
      expires: null,
      httpOnly: true,
      path: '/',
      sameSite: 'lax',
      secure: false,
    },
    userId,
    remember: true,
    lastSeen: Date.now(),
  };
  await db('session').insert({ sid, sess: JSON.stringify(sess), expire: db.raw(`now() + interval '1 day'`) });
  const signature = crypto
    .createHmac('sha256', SESSION_SECRET)
    .update(sid)
    .digest('base64')
    .replace(/=+$/, '');
  return `sid=${encodeURIComponent(`s:${sid}.${signature}`)}`;
}

interface Target {
  number: string;
  registerId: number;
  previous: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export async function run(ctx: BenchContext): Promise<Figure[]> {
  const { db, url } = await ctx.scratch('readings');
  const built = Date.now();
  await buildDatabase(db, ACCOUNTS, CUSTOMERS);
  const buildSeconds = (Date.now() - built) / 1000;
  const app = await ctx.serve(db, url);
  try {
    const users: { id: number; login: string }[] = await db('users')
      .where('login', 'like', 'bench-%')
      .orderBy('id')
      .select('id', 'login');
    const rows: { user_id: number; number: string; register_id: number; previous: string }[] = await db(
      'user_accounts as ua',
    )
      .join('users as u', 'u.id', 'ua.user_id')
      .join('accounts as a', 'a.id', 'ua.account_id')
      .join('meters as m', 'm.account_id', 'a.id')
      .join('meter_registers as r', 'r.meter_id', 'm.id')
      .join('readings as rd', 'rd.register_id', 'r.id')
      .where('u.login', 'like', 'bench-%')
      .orderBy(['ua.user_id', 'a.id'])
      .select('ua.user_id', 'a.number', 'r.id as register_id', 'rd.value as previous');
    const customers = await Promise.all(
      users.map(async (u) => {
        const cookie = await sessionCookie(db, u.id);
        const targets: Target[] = rows
          .filter((r) => r.user_id === u.id)
          .map((r) => ({ number: r.number, registerId: r.register_id, previous: Number(r.previous) }));
        const page = await fetch(`${app.baseUrl}/accounts/${targets[0]!.number}/readings`, {
          headers: { cookie },
        });
        const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1];
        if (page.status !== 200 || !csrf)
          throw new Error(`the entry page did not open for ${u.login}: ${page.status}`);
        return { cookie, csrf, targets };
      }),
    );

    const latencies: number[] = [];
    let accepted = 0;
    let refused = 0;
    let failed = 0;
    const deadline = Date.now() + SECONDS * 1000;
    const started = Date.now();
    await Promise.all(
      customers.map(async (c) => {
        for (let i = 0; Date.now() < deadline && i < c.targets.length; i++) {
          const t = c.targets[i]!;
          const body = new URLSearchParams({
            _csrf: c.csrf,
            [`reading[${t.registerId}]`]: String(t.previous + 50 + (i % 100)) + ',5',
            [`date[${t.registerId}]`]: TODAY,
          });
          const at = performance.now();
          const res = await fetch(`${app.baseUrl}/accounts/${t.number}/readings`, {
            method: 'POST',
            headers: { cookie: c.cookie, 'content-type': 'application/x-www-form-urlencoded' },
            body,
            redirect: 'manual',
          });
          await res.arrayBuffer();
          latencies.push(performance.now() - at);
          if (res.status === 303) accepted++;
          else if (res.status === 400 || res.status === 422) refused++;
          else failed++;
        }
      }),
    );
    const elapsed = (Date.now() - started) / 1000;
    const stored = Number(
      (await db('readings').where({ source: 'customer' }).count<{ count: string }[]>('* as count'))[0]!.count,
    );
    if (failed > 0 || refused > 0)
      throw new Error(
        `${failed} failed and ${refused} refused submissions out of ${accepted + refused + failed}`,
      );
    if (stored !== accepted)
      throw new Error(`${accepted} submissions answered as accepted but ${stored} readings stored`);
    latencies.sort((a, b) => a - b);
    const note = `${ACCOUNTS.toLocaleString('ru-RU')} accounts (built in ${buildSeconds.toFixed(0)} s), ${CUSTOMERS} concurrent customers, ${accepted} readings in ${elapsed.toFixed(1)} s, p50 ${percentile(latencies, 50).toFixed(0)} ms, p99 ${percentile(latencies, 99).toFixed(0)} ms`;
    return [
      {
        name: 'POST /accounts/:number/readings (accepted readings)',
        value: accepted / elapsed,
        unit: 'readings/s',
        better: 'higher',
        note,
      },
    ];
  } finally {
    await app.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const ctx = await benchContext();
  try {
    const base = await baseline(ctx);
    for (const f of [base, ...(await run(ctx))])
      console.log(`${f.name}: ${Math.round(f.value)} ${f.unit}${f.note ? ` (${f.note})` : ''}`);
  } finally {
    await ctx.close();
  }
}
