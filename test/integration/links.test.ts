// Every link a demo persona can follow leads somewhere: a crawl of the signed-in pages finds no 404 or 500.
import { describe, it, expect } from 'vitest';
import type TestAgent from 'supertest/lib/agent.js';
import { createTestApp, loginAs, TODAY } from '../support/app.js';
import { fixedClock } from '../../src/platform/clock.js';
import { DEMO_LOGINS } from '../../src/features/import/demo.js';
import { loadDemoData } from '../../src/features/import/demoLoad.js';

const t = await createTestApp();
const settle = (id: number) => t.services.debt.settle(id);
await loadDemoData(t.db, fixedClock(TODAY), settle);
// the first-login completion form (missing mobile phone) is the identity tests' subject, not this one's
await t.db('users').whereNull('phone').update({ phone: '+79120000000' });

const hrefs = (html: string) =>
  [...html.matchAll(/href="([^"#]*)(?:#[^"]*)?"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));

/** Breadth-first over same-site GET links; returns the pages that did not answer 200 (or a redirect to one). */
async function crawl(
  agent: TestAgent,
  start: string,
  limit: number,
): Promise<{ visited: number; broken: string[] }> {
  const seen = new Set<string>([start]);
  const queue = [start];
  const broken: string[] = [];
  let visited = 0;
  while (queue.length && visited < limit) {
    const url = queue.shift()!;
    const res = await agent.get(url).redirects(2);
    visited++;
    if (res.status !== 200) {
      broken.push(`${url} → ${res.status}`);
      continue;
    }
    if (!String(res.headers['content-type']).startsWith('text/html')) continue;
    for (const href of hrefs(res.text)) {
      if (!href.startsWith('/') || href.startsWith('//') || href.startsWith('/public/')) continue;
      // a PDF per bill is the documents tests' subject; one of each kind is enough here
      const key = href.replace(/\/bills\/\d+\.pdf$/, '/bills/N.pdf');
      if (seen.has(key)) continue;
      seen.add(key);
      queue.push(href);
    }
  }
  return { visited, broken };
}

describe('links of the signed-in pages', () => {
  it.each(DEMO_LOGINS.map((d) => [d.who, d.login, d.password] as const))(
    '%s: no link leads to a missing or failing page',
    async (_who, login, password) => {
      const agent = t.agent();
      await loginAs(agent, login, password);
      const { visited, broken } = await crawl(agent, '/cabinet', 250);
      expect(broken).toEqual([]);
      expect(visited).toBeGreaterThan(5);
    },
    120_000,
  );
});
