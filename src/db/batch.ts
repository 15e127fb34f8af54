// Several knex queries in one round trip: their SQL, values written in by knex, sent as one message
// of statements (PostgreSQL's simple query protocol). A page that reads an account sent a dozen
// queries one after another, and each cost Node a send and a wake-up of the server (a quarter of
// the portal's CPU time under load went to those writes) and PostgreSQL a message of its own.
import type { Knex } from 'knex';
import type { Db, Tx } from './knex.js';

/** A knex query's SQL with its values written in by knex, and whether it was built with first(). */
function compile(query: PromiseLike<unknown>): { sql: string; first: boolean } {
  const q = query as unknown as Partial<Knex.QueryBuilder>;
  if (typeof q.toSQL !== 'function' || typeof q.toString !== 'function')
    throw new TypeError('not a knex query builder: it would have run on its own');
  const { method } = q.toSQL();
  if (method !== 'select' && method !== 'first')
    throw new TypeError(`only reads go in one round trip, not ${method}`);
  return { sql: q.toString(), first: method === 'first' };
}

/** The queries' SQL as one message (no bindings left: a "?" in it is not a placeholder). */
export function oneMessage(queries: readonly PromiseLike<unknown>[]): string {
  return queries
    .map((q) => compile(q).sql)
    .join(';\n')
    .replace(/\?/g, '\\?');
}

/**
 * The results of knex read queries (select or first) sent in one round trip, each as knex would
 * have answered it alone: rows, or the first row (undefined when none). Inside a transaction, pass
 * the transaction as `db`.
 */
export async function inOneRoundTrip<const Q extends readonly PromiseLike<unknown>[]>(
  db: Db | Tx,
  queries: Q,
): Promise<{ -readonly [K in keyof Q]: Awaited<Q[K]> }> {
  const compiled = queries.map(compile);
  const sql = compiled
    .map((c) => c.sql)
    .join(';\n')
    .replace(/\?/g, '\\?');
  const answer = (await db.raw(sql)) as unknown as { rows: unknown[] } | { rows: unknown[] }[];
  const results = Array.isArray(answer) ? answer : [answer];
  if (results.length !== compiled.length)
    throw new Error(`${compiled.length} statements answered ${results.length} results`);
  return results.map((r, i) => (compiled[i]!.first ? r.rows[0] : r.rows)) as {
    -readonly [K in keyof Q]: Awaited<Q[K]>;
  };
}
