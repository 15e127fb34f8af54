// Page rendering throughput: the login page (template, layout, session, CSRF token).
import { benchContext, baseline, requestsPerSecond, type BenchContext, type Figure } from './support.js';

export async function run(ctx: BenchContext): Promise<Figure[]> {
  const { db, url } = await ctx.scratch('pages');
  const app = await ctx.serve(db, url);
  try {
    const r = await requestsPerSecond(`${app.baseUrl}/login`, { seconds: 4 });
    if (r.non2xx > 0 || r.errors > 0) throw new Error(`GET /login failed ${r.non2xx + r.errors} times`);
    return [
      {
        name: 'GET /login (anonymous, new session each)',
        value: r.rps,
        unit: 'req/s',
        better: 'higher',
        note: `p99 ${r.p99} ms`,
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
    for (const f of [base, ...(await run(ctx))]) console.log(f.name, Math.round(f.value), f.unit);
  } finally {
    await ctx.close();
  }
}
