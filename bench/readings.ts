// Reading submission throughput: accepted readings per second with 50 customers posting at once, each a
// representative of 1/50 of the accounts, on a copy of the `seed:bulk` dataset (bench/dataset.ts); the
// portal runs in its own process, this one only sends the load.
// Run alone: npx tsx bench/readings.ts   (BENCH_READINGS_ACCOUNTS, BENCH_READINGS_SECONDS, BENCH_READINGS_CUSTOMERS)
import { benchContext, baseline, type BenchContext, type Figure } from './support.js';
import { createDb } from '../src/db/knex.js';
import {
  addRepresentatives,
  BENCH_TODAY,
  copyDataset,
  databaseUrl,
  dropDatabase,
  ensureDataset,
} from './dataset.js';
import { spawnServer, type ServerProcess } from './processes/spawn.js';
import { signIn, VIA_PROXY } from './pages.js';

const ACCOUNTS = Number(process.env.BENCH_READINGS_ACCOUNTS ?? 100_000);
const SECONDS = Number(process.env.BENCH_READINGS_SECONDS ?? 15);
const CUSTOMERS = Number(process.env.BENCH_READINGS_CUSTOMERS ?? 50);
const SESSION_SECRET = 'b'.repeat(40);

interface Target {
  number: string;
  registerId: number;
  previous: number;
  month: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export async function run(ctx: BenchContext): Promise<Figure[]> {
  const dataset = await ensureDataset(ctx.adminUrl, ACCOUNTS);
  const copy = await copyDataset(ctx.adminUrl, dataset, 'readings');
  const url = databaseUrl(ctx.adminUrl, copy);
  const db = createDb(url, { max: 2 });
  let app: ServerProcess | undefined;
  try {
    // each customer a representative of 1/CUSTOMERS of the accounts; their single-zone meters are the ones submitted for
    await addRepresentatives(db, CUSTOMERS, 'spread');
    app = await spawnServer('portal', {
      DATABASE_URL: url,
      SESSION_SECRET,
      BENCH_TODAY,
      TRUST_PROXY: 'loopback',
    });
    const baseUrl = app.baseUrl;
    const users: { id: number; login: string }[] = await db('users')
      .where('login', 'like', 'bench-%')
      .orderBy('id')
      .select('id', 'login');
    // each single-zone meter's last reading and its last month's consumption: the new reading adds
    // that month again, as a customer's usual month would (an unusual one asks for a confirmation)
    const rows: { user_id: number; number: string; register_id: number; previous: string; month: string }[] =
      await db
        .select('ua.user_id', 'a.number', 'r.id as register_id', 'last.value as previous', 'last.month')
        .from('user_accounts as ua')
        .join('users as u', 'u.id', 'ua.user_id')
        .join('accounts as a', 'a.id', 'ua.account_id')
        .join('meters as m', 'm.account_id', 'a.id')
        .join('meter_registers as r', 'r.meter_id', 'm.id')
        .joinRaw(
          `cross join lateral (select value, value - lag(value) over (order by date) as month from readings rd
           where rd.register_id = r.id order by rd.date desc limit 1) last`,
        )
        .where('u.login', 'like', 'bench-%')
        .whereRaw('(select count(*) from meter_registers r2 where r2.meter_id = m.id) = 1')
        // a meter past its verification date asks the customer to confirm the reading first
        .whereRaw('(m.verification_due is null or m.verification_due > ?)', [BENCH_TODAY])
        .orderBy(['ua.user_id', 'a.id']);
    const customers = await Promise.all(
      users.map(async (u, i) => {
        const cookie = await signIn(baseUrl, u.login, `10.4.${i >> 8}.${i & 255}`);
        const targets: Target[] = rows
          .filter((r) => r.user_id === u.id)
          .map((r) => ({
            number: r.number,
            registerId: r.register_id,
            previous: Number(r.previous),
            month: Math.max(1, Math.round(Number(r.month ?? 100))),
          }));
        const page = await fetch(`${baseUrl}/accounts/${targets[0]!.number}/readings`, {
          headers: { ...VIA_PROXY, cookie },
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
    let firstRefusal = '';
    let failed = 0;
    const deadline = Date.now() + SECONDS * 1000;
    const started = Date.now();
    await Promise.all(
      customers.map(async (c) => {
        for (let i = 0; Date.now() < deadline && i < c.targets.length; i++) {
          const t = c.targets[i]!;
          const body = new URLSearchParams({
            _csrf: c.csrf,
            [`reading[${t.registerId}]`]: String(t.previous + t.month),
            [`date[${t.registerId}]`]: BENCH_TODAY,
          });
          const at = performance.now();
          const res = await fetch(`${baseUrl}/accounts/${t.number}/readings`, {
            method: 'POST',
            headers: { ...VIA_PROXY, cookie: c.cookie, 'content-type': 'application/x-www-form-urlencoded' },
            body,
            redirect: 'manual',
          });
          const answer = await res.text();
          latencies.push(performance.now() - at);
          if (res.status === 303) accepted++;
          else if (res.status === 400 || res.status === 422) {
            refused++;
            if (refused === 1)
              firstRefusal = answer
                .replace(/<[^>]+>/g, ' ')
                .replace(/\s+/g, ' ')
                .slice(0, 2000);
          } else failed++;
        }
      }),
    );
    const elapsed = (Date.now() - started) / 1000;
    const stored = Number(
      (
        await db('readings')
          .where({ source: 'customer', date: BENCH_TODAY })
          .count<{ count: string }[]>('* as count')
      )[0]!.count,
    );
    if (failed > 0 || refused > 0)
      throw new Error(
        `${failed} failed and ${refused} refused submissions out of ${accepted + refused + failed}; the first refusal: ${firstRefusal}`,
      );
    if (stored !== accepted)
      throw new Error(`${accepted} submissions answered as accepted but ${stored} readings stored`);
    latencies.sort((a, b) => a - b);
    const note = `${ACCOUNTS.toLocaleString('ru-RU')} accounts × 24 months (a copy of the dataset), the portal in its own process, ${CUSTOMERS} concurrent customers, ${accepted} readings in ${elapsed.toFixed(1)} s, p50 ${percentile(latencies, 50).toFixed(0)} ms, p99 ${percentile(latencies, 99).toFixed(0)} ms`;
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
    await app?.stop();
    await db.destroy();
    await dropDatabase(ctx.adminUrl, copy);
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
