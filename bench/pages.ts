// Cabinet pages under load: 50 signed-in customers on the `seed:bulk` database (100 000 accounts ×
// 24 months unless BENCH_PAGES_ACCOUNTS says otherwise), each page against a bare express + pg +
// EJS page doing one indexed query, measured in the same run. The portal and the bare page run in
// their own processes; this process only generates the load (autocannon).
// Also: GET /login, a signed-in page that reads one table (the platform's floor), a page's p99
// while 20 logins run at once, and the portal's peak RSS.
// Run alone: npx tsx bench/pages.ts   (BENCH_PAGES_ACCOUNTS, BENCH_PAGES_SECONDS, BENCH_PAGES_CUSTOMERS)
import autocannon from 'autocannon';
import pg from 'pg';
import { benchContext, baseline, type BenchContext, type Figure } from './support.js';
import { BENCH_PASSWORD, BENCH_TODAY, databaseUrl, ensureDataset } from './dataset.js';
import { spawnServer, type ServerProcess } from './processes/spawn.js';
import { paths } from '../src/paths.js';

const ACCOUNTS = Number(process.env.BENCH_PAGES_ACCOUNTS ?? 100_000);
const SECONDS = Number(process.env.BENCH_PAGES_SECONDS ?? 10);
const CUSTOMERS = Number(process.env.BENCH_PAGES_CUSTOMERS ?? 50);
const LOGINS = 20;
const SESSION_SECRET = 'b'.repeat(40);
/** The portal runs as behind a TLS proxy (TRUST_PROXY), so its session cookie is Secure as in production. */
export const VIA_PROXY = { 'x-forwarded-proto': 'https' };

export interface Customer {
  login: string;
  number: string;
  billId: number;
  cookie: string;
}

/** The customers' logins, account numbers and latest bills, read from the dataset. */
async function customersOf(url: string, from: number, count: number) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query<{ login: string; number: string; bill_id: number }>(
      `select u.login, a.number,
              (select b.id from bills b where b.account_id = a.id order by b.period desc, b.id desc limit 1) as bill_id
         from users u join user_accounts ua on ua.user_id = u.id join accounts a on a.id = ua.account_id
        where u.login like 'bulk-%' order by u.id offset $1 limit $2`,
      [from, count],
    );
    return rows;
  } finally {
    await c.end();
  }
}

/** Signs in through the login form (from its own address, as a customer would), returns the session cookie. */
export async function signIn(baseUrl: string, login: string, ip: string): Promise<string> {
  const form = await fetch(`${baseUrl}${paths.login()}`, {
    headers: { ...VIA_PROXY, 'x-forwarded-for': ip },
  });
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1];
  const cookie = form.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  if (!csrf) throw new Error(`no login form: ${form.status}`);
  const res = await fetch(`${baseUrl}${paths.login()}`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      ...VIA_PROXY,
      cookie,
      'content-type': 'application/x-www-form-urlencoded',
      'x-forwarded-for': ip,
    },
    body: new URLSearchParams({ _csrf: csrf, login, password: BENCH_PASSWORD }),
  });
  await res.arrayBuffer();
  const session =
    res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ') || cookie;
  if (res.status !== 302 && res.status !== 303) throw new Error(`login of ${login} answered ${res.status}`);
  return session;
}

interface Load {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

/** `connections` clients for `seconds`, each request for the next customer's `path`. */
async function load<C extends { number: string; cookie?: string }>(
  baseUrl: string,
  customers: C[],
  path: (c: C) => string,
  seconds = SECONDS,
): Promise<Load> {
  let next = 0;
  const result = await autocannon({
    url: baseUrl,
    connections: CUSTOMERS,
    duration: seconds,
    requests: [
      {
        setupRequest: (req) => {
          const c = customers[next++ % customers.length]!;
          const headers = { ...req.headers, ...VIA_PROXY, ...(c.cookie ? { cookie: c.cookie } : {}) };
          return { ...req, path: path(c), headers };
        },
      },
    ],
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

/** The cabinet pages a customer opens, with the path each takes for a customer. */
export const PAGES: [string, (c: Customer) => string][] = [
  ['Основные данные', (c) => paths.account(c.number)],
  ['Обзор', (c) => paths.summary(c.number)],
  ['Выставленные счета', (c) => paths.bills(c.number)],
  ['История', (c) => paths.history(c.number)],
  ['Зачисленные платежи', (c) => paths.payments(c.number)],
  ['Приборы учёта', (c) => paths.meters(c.number)],
  ['Передача показаний', (c) => paths.readings(c.number)],
  ['Квитанция (PDF)', (c) => paths.billPdf(c.number, c.billId)],
];

export async function run(ctx: BenchContext): Promise<Figure[]> {
  const name = await ensureDataset(ctx.adminUrl, ACCOUNTS);
  const url = databaseUrl(ctx.adminUrl, name);
  const figures: Figure[] = [];
  const bare = await spawnServer('bare', { DATABASE_URL: url });
  let portal: ServerProcess | undefined;
  try {
    const rows = await customersOf(url, 0, CUSTOMERS);
    // the bare page has no sessions: the same account numbers, anonymously
    const bareLoad = await load(bare.baseUrl, rows, (c) => `/accounts/${c.number}`);
    if (bareLoad.errors) throw new Error(`the bare page failed ${bareLoad.errors} times`);
    figures.push({
      name: `bare page: express + pg + EJS, one indexed query (${ACCOUNTS.toLocaleString('ru-RU')} accounts)`,
      value: bareLoad.rps,
      unit: 'req/s',
      better: 'higher',
      note: `p50 ${bareLoad.p50} ms, p99 ${bareLoad.p99} ms; the ceiling the pages are compared with`,
    });

    portal = await spawnServer('portal', {
      DATABASE_URL: url,
      SESSION_SECRET,
      BENCH_TODAY,
      TRUST_PROXY: 'loopback',
    });
    const p = portal;
    const customers: Customer[] = [];
    for (const [i, r] of rows.entries())
      customers.push({
        login: r.login,
        number: r.number,
        billId: r.bill_id,
        cookie: await signIn(p.baseUrl, r.login, `10.1.${i >> 8}.${i & 255}`),
      });

    const login = await load(p.baseUrl, customers, () => paths.login());
    figures.push({
      name: 'GET /login (a new session each)',
      value: login.rps,
      unit: 'req/s',
      better: 'higher',
      note: `${((login.rps / bareLoad.rps) * 100).toFixed(0)} % of the bare page; p99 ${login.p99} ms`,
    });
    // The platform's own floor: a signed-in page that reads one short table, as the bare page reads
    // one row, but through the session, CSRF, security headers and layout every cabinet page has.
    const floor = await load(p.baseUrl, customers, () => paths.faq());
    if (floor.errors) throw new Error(`Вопросы и ответы: ${floor.errors} errors or non-2xx answers`);
    figures.push({
      name: `Вопросы и ответы, signed in (${CUSTOMERS} customers): the floor of a signed-in page`,
      value: floor.rps,
      unit: 'req/s',
      better: 'higher',
      note: `${((floor.rps / bareLoad.rps) * 100).toFixed(0)} % of the bare page; p50 ${floor.p50} ms, p99 ${floor.p99} ms`,
    });
    const results: Record<string, Load> = {};
    for (const [title, path] of PAGES) {
      const r = await load(p.baseUrl, customers, path);
      results[title] = r;
      if (r.errors) throw new Error(`${title}: ${r.errors} errors or non-2xx answers`);
      figures.push({
        name: `${title} (${CUSTOMERS} signed-in customers)`,
        value: r.rps,
        unit: 'req/s',
        better: 'higher',
        note: `${((r.rps / bareLoad.rps) * 100).toFixed(0)} % of the bare page; p50 ${r.p50} ms, p99 ${r.p99} ms`,
      });
    }

    // a page while 20 customers sign in at once, each from its own address and login
    const burstRows = await customersOf(url, 500, 500);
    let stop = false;
    let logins = 0;
    let n = 0;
    const burst = Promise.all(
      Array.from({ length: LOGINS }, async () => {
        while (!stop) {
          const i = n++;
          const r = burstRows[i % burstRows.length]!;
          await signIn(p.baseUrl, r.login, `10.2.${i >> 8}.${i & 255}`);
          logins++;
        }
      }),
    );
    const [title, path] = PAGES[0]!;
    const during = await load(p.baseUrl, customers, path);
    stop = true;
    await burst;
    // a figure from no answers (or failed ones) would be a p99 of nothing
    if (during.errors || during.rps === 0)
      throw new Error(`${title} during the logins: ${during.errors} errors, ${during.rps} req/s; run longer`);
    figures.push({
      name: `${title} during a burst of ${LOGINS} concurrent logins`,
      value: during.p99,
      unit: 'ms p99',
      better: 'lower',
      note: `${(during.p99 / results[title]!.p99).toFixed(2)}× the p99 without logins; ${during.rps.toFixed(0)} req/s; ${(logins / SECONDS).toFixed(0)} logins/s`,
    });
    figures.push({
      name: 'portal peak RSS over the run',
      value: p.peakRssMb(),
      unit: 'MB',
      better: 'lower',
    });
    return figures;
  } finally {
    await bare.stop();
    await portal?.stop();
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
