// The plans of the cabinet pages' queries on the load-test database (bench/dataset.ts, 100 000
// accounts × 24 months unless BENCH_PLANS_ACCOUNTS says otherwise): every query a signed-in
// customer's page sends is run again under EXPLAIN (ANALYZE, FORMAT JSON) through the app's own
// knex (createDb: its connections' settings, jit=off among them). It fails when a plan is JIT-compiled, reads a large table (over 10 000 rows)
// by a sequential scan, or reads over 10 000 rows of a table at any one scan: each makes a page's cost
// grow with the data of every other account. The pages are loaded twice: by a customer of one account,
// and by a representative of the 2 000 accounts with the highest ids (their pages must not pay for the
// other 1 999), who is added to a throwaway copy of the dataset.
// Run alone: npx tsx bench/plans.ts
import type { Knex } from 'knex';
import { benchContext, baseline, type BenchContext, type Figure } from './support.js';
import {
  addRepresentatives,
  BENCH_TODAY,
  copyDataset,
  databaseUrl,
  dropDatabase,
  ensureDataset,
} from './dataset.js';
import { createDb } from '../src/db/knex.js';
import { fixedClock } from '../src/platform/clock.js';
import { PAGES, signIn, VIA_PROXY, type Customer } from './pages.js';

const ACCOUNTS = Number(process.env.BENCH_PLANS_ACCOUNTS ?? 100_000);
/** A sequential scan of a table with more rows than this, or a scan that reads more rows, is a page reading other accounts' rows. */
const LARGE_TABLE_ROWS = 10_000;
/** How many accounts the representative holds. */
const REPRESENTED = 2_000;

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
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

/** Scans that read more than LARGE_TABLE_ROWS rows in all (rows × loops). */
function largeReads(node: PlanNode, out: string[] = []): string[] {
  const read = (node['Actual Rows'] ?? 0) * (node['Actual Loops'] ?? 1);
  if (node['Relation Name'] && read > LARGE_TABLE_ROWS)
    out.push(
      `${node['Node Type']} of ${node['Relation Name']}${node['Index Name'] ? ` by ${node['Index Name']}` : ''}: ${read} rows`,
    );
  for (const child of node.Plans ?? []) largeReads(child, out);
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

/** A user's account (the one with the highest id) and its latest bill, signed in. */
async function visitor(db: Knex, baseUrl: string, login: string, ip: string): Promise<Customer> {
  const { rows }: { rows: { number: string; bill_id: number }[] } = await db.raw(
    `select a.number,
            (select b.id from bills b where b.account_id = a.id order by b.period desc, b.id desc limit 1) as bill_id
       from users u join user_accounts ua on ua.user_id = u.id join accounts a on a.id = ua.account_id
      where u.login = ? order by a.id desc limit 1`,
    [login],
  );
  const row = rows[0]!;
  return { login, number: row.number, billId: row.bill_id, cookie: await signIn(baseUrl, login, ip) };
}

export async function run(ctx: BenchContext): Promise<Figure[]> {
  const dataset = await ensureDataset(ctx.adminUrl, ACCOUNTS);
  // the representative is added to a copy, so the dataset stays as the other benches expect it
  const copy = await copyDataset(ctx.adminUrl, dataset, 'plans');
  const url = databaseUrl(ctx.adminUrl, copy);
  const db = createDb(url, { max: 4 });
  const sizes = new Map<string, number>();
  let app: Awaited<ReturnType<BenchContext['serve']>> | undefined;
  try {
    const representative = (await addRepresentatives(db, 1, { last: REPRESENTED }))[0]!;
    app = await ctx.serve(db, url, fixedClock(BENCH_TODAY), { TRUST_PROXY: 'loopback' });
    const relations: { rows: { relname: string; rows: number }[] } = await db.raw(
      `select relname, reltuples::bigint as rows from pg_class where relkind in ('r', 'p', 'm')`,
    );
    for (const r of relations.rows) sizes.set(r.relname, Number(r.rows));
    const { rows }: { rows: { login: string }[] } = await db.raw(
      `select login from users where login like 'bulk-%' order by id limit 1`,
    );
    const visitors: [string, Customer][] = [
      ['', await visitor(db, app.baseUrl, rows[0]!.login, '10.3.0.1')],
      [
        ` (a representative of ${REPRESENTED.toLocaleString('ru-RU')} accounts)`,
        await visitor(db, app.baseUrl, representative, '10.3.0.2'),
      ],
    ];

    const figures: Figure[] = [];
    const problems: string[] = [];
    for (const [who, customer] of visitors)
      for (const [page, path] of PAGES) {
        const title = page + who;
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
            for (const read of largeReads(e.Plan)) problems.push(`${title}: ${read}: ${s.sql.slice(0, 160)}`);
          }
        figures.push({
          name: `${title}: slowest query's execution`,
          value: slowest,
          unit: 'ms',
          better: 'lower',
          note: `${statements} reads, planning ${planning.toFixed(1)} ms in all, no JIT, no scan of over ${LARGE_TABLE_ROWS.toLocaleString('ru-RU')} rows (${ACCOUNTS.toLocaleString('ru-RU')} accounts)`,
        });
      }
    if (problems.length) throw new Error(`page queries with bad plans:\n${problems.join('\n')}`);
    return figures;
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
      console.log(`${f.name}: ${f.value.toFixed(2)} ${f.unit}${f.note ? ` (${f.note})` : ''}`);
  } finally {
    await ctx.close();
  }
}
