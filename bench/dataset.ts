// The load-test database: `seed:bulk`'s dataset (accounts × 24 months of readings, bills with lines,
// payments with their allocation) imported once through the real import and kept between runs.
// It is built under a temporary name and renamed when complete, so an interrupted build is never
// mistaken for a finished one. Runs that write (readings) work on a copy (CREATE DATABASE … TEMPLATE).
// Build or check it alone: npx tsx bench/dataset.ts [accounts]
import { Readable } from 'node:stream';
import pg from 'pg';
import { createDb, type Db } from '../src/db/knex.js';
import { hashPassword } from '../src/platform/passwords.js';
import { migrateLatest } from '../src/db/migrate.js';
import { fixedClock } from '../src/platform/clock.js';
import { generateBulkJson } from '../src/features/import/bulk.js';
import { fromStream, importDataset } from '../src/features/import/service.js';

/** The day the dataset's history ends before and the bench's server takes as today. */
export const BENCH_TODAY = '2026-11-23';
export const BENCH_MONTHS = 24;
/** Portal users (the first accounts' owners, bulk-1-<i>@example.ru / Bulk2026!). */
export const BENCH_USERS = 1000;
export const BENCH_PASSWORD = 'Bulk2026!';

export function datasetName(accounts: number): string {
  return `bench_bulk_${accounts}_m${BENCH_MONTHS}_u${BENCH_USERS}`;
}

export function databaseUrl(adminUrl: string, name: string): string {
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

async function adminQuery<T extends pg.QueryResultRow>(adminUrl: string, sql: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    return (await c.query<T>(sql)).rows;
  } finally {
    await c.end();
  }
}

async function exists(adminUrl: string, name: string): Promise<boolean> {
  const rows = await adminQuery(adminUrl, `select 1 from pg_database where datname = '${name}'`);
  return rows.length > 0;
}

/**
 * The name of the finished dataset database, building it first when it is missing (about 12 minutes
 * for 100 000 accounts on 2 cores). Migrations added since it was built are applied to it.
 */
export async function ensureDataset(
  adminUrl: string,
  accounts: number,
  log: (s: string) => void = (s) => console.error(s),
): Promise<string> {
  const name = datasetName(accounts);
  if (!(await exists(adminUrl, name))) {
    const building = `${name}_building`;
    await adminQuery(adminUrl, `drop database if exists ${building} with (force)`);
    await adminQuery(adminUrl, `create database ${building}`);
    const db = createDb(databaseUrl(adminUrl, building), { max: 4 });
    const started = Date.now();
    log(`building ${name}: ${accounts} accounts × ${BENCH_MONTHS} months through the import`);
    try {
      await migrateLatest(db);
      const opts = { accounts, months: BENCH_MONTHS, seed: 1, users: BENCH_USERS, today: BENCH_TODAY };
      await importDataset(
        db,
        fromStream(() => Readable.from(generateBulkJson(opts))),
        { clock: fixedClock(BENCH_TODAY) },
      );
    } finally {
      await db.destroy();
    }
    await adminQuery(adminUrl, `alter database ${building} rename to ${name}`);
    log(`built ${name} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
  const db = createDb(databaseUrl(adminUrl, name), { max: 2 });
  try {
    await migrateLatest(db);
  } finally {
    await db.destroy();
  }
  return name;
}

/** A throwaway copy of the dataset for a run that writes; the caller drops it. */
export async function copyDataset(adminUrl: string, name: string, label: string): Promise<string> {
  const copy = `${name}_${label}_${process.pid}`;
  await adminQuery(adminUrl, `drop database if exists ${copy} with (force)`);
  await adminQuery(adminUrl, `create database ${copy} template ${name}`);
  return copy;
}

/**
 * On a copy of the dataset: `count` customers, `bench-<i>@bench.example` with the dataset's password,
 * each a representative of accounts, as a management company's accountant would be. 'spread': every
 * account goes to one of them (account id modulo `count`); `{ last: n }`: each takes the next `n`
 * accounts from the highest id down, so the first holds the newest accounts. Returns their logins.
 */
export async function addRepresentatives(
  db: Db,
  count: number,
  accounts: 'spread' | { last: number },
): Promise<string[]> {
  const hash = await hashPassword(BENCH_PASSWORD);
  await db.transaction(async (tx) => {
    await tx.raw(
      `insert into users (login, email, phone, password_hash, last_name, first_name, role, status, email_verified_at)
       select 'bench-' || g || '@bench.example', 'bench-' || g || '@bench.example', '+7 900 555-' || lpad(g::text, 4, '0'),
              ?, 'Петров', 'Пётр', 'customer', 'active', now()
         from generate_series(0, ? - 1) g`,
      [hash, count],
    );
    if (accounts === 'spread')
      await tx.raw(
        `insert into user_accounts (user_id, account_id, relation)
         select u.id, a.id, 'representative' from accounts a
           join users u on u.login = 'bench-' || (a.id % ?) || '@bench.example'`,
        [count],
      );
    else
      await tx.raw(
        `insert into user_accounts (user_id, account_id, relation)
         select u.id, a.id, 'representative'
           from (select id, row_number() over (order by id desc) - 1 as k from accounts) a
           join users u on u.login = 'bench-' || (a.k / ?) || '@bench.example'
          where a.k < ?`,
        [accounts.last, accounts.last * count],
      );
  });
  await db.raw('analyze users, user_accounts');
  return Array.from({ length: count }, (_, i) => `bench-${i}@bench.example`);
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  await adminQuery(adminUrl, `drop database if exists ${name} with (force)`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) throw new Error('set DATABASE_URL to the server the dataset is kept on');
  const accounts = Number(process.argv[2] ?? 100_000);
  console.log(await ensureDataset(adminUrl, accounts));
}
