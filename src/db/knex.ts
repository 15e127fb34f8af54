// The knex instance and the pg type parsing every module relies on.
import knexFactory, { type Knex } from 'knex';
import pg from 'pg';

// bigint (kopecks, ids) as JS numbers: safe far beyond any amount we hold; refuse silently wrong ones.
pg.types.setTypeParser(pg.types.builtins.INT8, (v: string) => {
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw new RangeError(`bigint out of safe range: ${v}`);
  return n;
});
// Calendar dates stay 'YYYY-MM-DD' strings: a Date would shift them by the server's time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (v: string) => v);
// numeric stays a string (exact); the domain parses it.

export type Db = Knex;
export type Tx = Knex.Transaction;

export function createDb(connectionString: string, pool: { min?: number; max?: number } = {}): Db {
  return knexFactory({
    client: 'pg',
    connection: {
      connectionString,
      application_name: 'energo-cabinet',
      // JIT pays off for long analytic queries, not for a page's millisecond lookups: on 100 000 accounts the bills
      // query's estimated cost passed jit_above_cost and each call spent 28-35 ms compiling instead of 0.3 ms running
      options: '-c jit=off',
    },
    pool: { min: pool.min ?? 0, max: pool.max ?? 10 },
    acquireConnectionTimeout: 10_000,
  });
}

const NEEDS_ESCAPE = /[\\"]/;

function arrayElement(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new RangeError(`not a finite number: ${v}`);
    return String(v);
  }
  return NEEDS_ESCAPE.test(v) ? `"${v.replace(/[\\"]/g, '\\$&')}"` : `"${v}"`;
}

/**
 * A PostgreSQL array literal of numbers, strings and nulls, for `unnest(?::type[])` bulk writes
 * (knex's binding types do not admit arrays with nulls). Strings are always quoted.
 */
export function pgArray(values: readonly (string | number | null)[]): string {
  return `{${values.map(arrayElement).join(',')}}`;
}
