// Helpers of the security suites: many browsers at once, and what the audit log says was evaluated.
import type TestAgent from 'supertest/lib/agent.js';
import type { Db } from '../../../src/db/knex.js';
import { csrfFrom, type TestApp } from '../../support/app.js';

export const BURST = 50;

export interface FormAgent {
  agent: TestAgent;
  csrf: string;
}

/** `n` separate browsers, each with a session and the CSRF token of the form on `path`. */
export async function formAgents(t: TestApp, n: number, path: string): Promise<FormAgent[]> {
  const out: FormAgent[] = [];
  for (let i = 0; i < n; i++) {
    const agent = t.agent();
    out.push({ agent, csrf: await csrfFrom(agent, path) });
  }
  return out;
}

/** Sends every request at once and waits for all of them. */
export function burst<T>(n: number, send: (i: number) => PromiseLike<T>): Promise<T[]> {
  return Promise.all(Array.from({ length: n }, (_, i) => send(i)));
}

export async function audited(db: Db, action: string, where: Record<string, unknown> = {}): Promise<number> {
  const [r] = await db('audit_log')
    .where({ action, ...where })
    .count<{ count: string }[]>('* as count');
  return Number(r!.count);
}

/**
 * Forgets the per-IP budgets (every test request comes from 127.0.0.1): what refuses the right
 * secret afterwards is then the budget of the identity alone.
 */
export async function forgetIpBudgets(db: Db): Promise<void> {
  await db('rate_limits').where('key', 'like', '%PerIp:%').del();
}

export interface RouteEntry {
  method: string;
  path: string;
}

/** Every route the express app answers, read from its router (not a hand-kept list). */
export function routesOf(app: TestApp['app']): RouteEntry[] {
  const out: RouteEntry[] = [];
  interface Layer {
    route?: { path: unknown; methods: Record<string, boolean> };
    handle?: { stack?: Layer[] };
  }
  const walk = (stack: Layer[]) => {
    for (const l of stack) {
      if (l.route) {
        for (const m of Object.keys(l.route.methods))
          if (m !== '_all') out.push({ method: m.toUpperCase(), path: String(l.route.path) });
      } else if (l.handle?.stack) walk(l.handle.stack);
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack);
  return out;
}

/**
 * A fingerprint of every table but the session store and the rate limits (reading a form saves
 * its session, and every attempt is counted): equal fingerprints mean nothing was changed.
 */
export async function tablesFingerprint(db: Db): Promise<Record<string, string>> {
  const tables = await db('pg_tables')
    .where({ schemaname: 'public' })
    .whereNotIn('tablename', ['session', 'rate_limits', 'knex_migrations', 'knex_migrations_lock'])
    .pluck('tablename');
  const out: Record<string, string> = {};
  for (const table of tables as string[]) {
    const r = await db.raw(
      `select md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as h from ?? x`,
      [table],
    );
    out[table] = r.rows[0].h;
  }
  return out;
}
