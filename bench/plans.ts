// The plans of the cabinet pages' queries on the load-test database (bench/dataset.ts, 100 000
// accounts × 24 months unless BENCH_PLANS_ACCOUNTS says otherwise): every query a signed-in
// customer's page sends is run again under EXPLAIN (ANALYZE, FORMAT JSON) through the app's own
// knex (createDb: its connections' settings, jit=off among them). It fails when a plan is JIT-compiled or reads a large table (over 10 000 rows)
// by a sequential scan: both make a page's cost grow with the data of every other account.
// Run alone: npx tsx bench/plans.ts
import type { Knex } from 'knex';
import { benchContext, baseline, type BenchContext, type Figure } from './support.js';
import { BENCH_TODAY, databaseUrl, ensureDataset } from './dataset.js';
import { createDb } from '../src/db/knex.js';
import { fixedClock } from '../src/platform/clock.js';
import { PAGES, signIn, VIA_PROXY, type Customer } from './pages.js';

const ACCOUNTS = Number(process.env.BENCH_PLANS_ACCOUNTS ?? 100_000);
/** A sequential scan of a table with more rows than this is a page reading other accounts' rows. */
const LARGE_TABLE_ROWS = 10_000;

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}

interface Explained {
  Plan: PlanNode;
  JIT?: unknown;
  'Planning Time': number;
  'Execution Time': number;
}

function seqScans(node: PlanNode, out: string[] = []): string[] {
  if (node['Node Type'] === 'Seq Scan' && node['Relation Name']) out.push(node['Relation Name']);
  for (const child of node.Plans ?? []) seqScans(child, out);
  return out;
}

/**
 * The statements of one query event, as knex.raw takes them: pg's $n placeholders back to knex's "?"
 * (numbered in order), and a message of several (src/db/batch.ts, values written in) split again.
 */
function statementsOf(sql: string, bindings: readonly unknown[]): { sql: string; bindings: unknown[] }[] {
  if (bindings.length > 0) return [{ sql: sql.replace(/\$\d+/g, '?'), bindings: [...bindings] }];
  return sql
    .split(';\n')
    .map((s) => ({ sql: s.replace(/(?<!\\)\?/g, '\\?'), bindings: [] }))
    .filter((s) => s.sql.trim() !== '');
}

/** Only reads are explained again (ANALYZE runs the statement). */
function isRead(sql: string): boolean {
  return /^\s*(select|with)\b/i.test(sql);
}

export async function run(ctx: BenchContext): Promise<Figure[]> {
  const name = await ensureDataset(ctx.adminUrl, ACCOUNTS);
  const url = databaseUrl(ctx.adminUrl, name);
  const db = createDb(url, { max: 4 });
  const sizes = new Map<string, number>();
  const app = await ctx.serve(db, url, fixedClock(BENCH_TODAY), { TRUST_PROXY: 'loopback' });
  try {
    const relations: { rows: { relname: string; rows: number }[] } = await db.raw(
      `select relname, reltuples::bigint as rows from pg_class where relkind in ('r', 'p', 'm')`,
    );
    for (const r of relations.rows) sizes.set(r.relname, Number(r.rows));
    const { rows }: { rows: { login: string; number: string; bill_id: number }[] } = await db.raw(
      `select u.login, a.number,
              (select b.id from bills b where b.account_id = a.id order by b.period desc, b.id desc limit 1) as bill_id
         from users u join user_accounts ua on ua.user_id = u.id join accounts a on a.id = ua.account_id
        where u.login like 'bulk-%' order by u.id limit 1`,
    );
    const row = rows[0]!;
    const customer: Customer = {
      login: row.login,
      number: row.number,
      billId: row.bill_id,
      cookie: await signIn(app.baseUrl, row.login, '10.3.0.1'),
    };

    const figures: Figure[] = [];
    const problems: string[] = [];
    for (const [title, path] of PAGES) {
      const sent: { sql: string; bindings: readonly unknown[] }[] = [];
      const listen = (q: { sql: string; bindings?: readonly unknown[] }) =>
        sent.push({ sql: q.sql, bindings: q.bindings ?? [] });
      db.on('query', listen);
      try {
        const res = await fetch(`${app.baseUrl}${path(customer)}`, {
          headers: { ...VIA_PROXY, cookie: customer.cookie },
        });
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`${title} answered ${res.status}`);
      } finally {
        db.off('query', listen);
      }
      let statements = 0;
      let slowest = 0;
      let planning = 0;
      for (const q of sent)
        for (const s of statementsOf(q.sql, q.bindings)) {
          if (!isRead(s.sql)) continue;
          statements++;
          const { rows: plan }: { rows: { 'QUERY PLAN': Explained[] }[] } = await db.raw(
            `explain (analyze, format json) ${s.sql}`,
            s.bindings as Knex.RawBinding[],
          );
          const e = plan[0]!['QUERY PLAN'][0]!;
          slowest = Math.max(slowest, e['Execution Time']);
          planning += e['Planning Time'];
          if (e.JIT) problems.push(`${title}: JIT-compiled: ${s.sql.slice(0, 120)}`);
          for (const table of seqScans(e.Plan))
            if ((sizes.get(table) ?? 0) > LARGE_TABLE_ROWS)
              problems.push(`${title}: a sequential scan of ${table}: ${s.sql.slice(0, 160)}`);
        }
      figures.push({
        name: `${title}: slowest query's execution`,
        value: slowest,
        unit: 'ms',
        better: 'lower',
        note: `${statements} reads, planning ${planning.toFixed(1)} ms in all, no JIT, no sequential scan of a table over ${LARGE_TABLE_ROWS.toLocaleString('ru-RU')} rows (${ACCOUNTS.toLocaleString('ru-RU')} accounts)`,
      });
    }
    if (problems.length) throw new Error(`page queries with bad plans:\n${problems.join('\n')}`);
    return figures;
  } finally {
    await app.stop();
    await db.destroy();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const ctx = await benchContext();
  try {
    const base = await baseline(ctx);
    for (const f of [base, ...(await run(ctx))])
      console.log(`${f.name}: ${f.value.toFixed(2)} ${f.unit}${f.note ? ` (${f.note})` : ''}`);
  } finally {
    await ctx.close();
  }
}
