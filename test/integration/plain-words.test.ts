// The words households read on every page of the demo: no jargon, ₽ and ё throughout, one way to print a reading, a register's zone once.
import { describe, it, expect, beforeAll } from 'vitest';
import type TestAgent from 'supertest/lib/agent.js';
import { createTestApp, loginAs } from '../support/app.js';
import { DEMO_LOGINS } from '../../src/features/import/demo.js';
import { loadDemoData } from '../../src/features/import/demoLoad.js';
import { visibleText as text } from '../support/text.js';

const t = await createTestApp({ today: '2026-11-23' });

async function as(login: string): Promise<TestAgent> {
  const agent = t.agent();
  await loginAs(agent, login, DEMO_LOGINS.find((d) => d.login === login)!.password);
  return agent;
}

const SECTIONS = [
  '',
  '/services',
  '/bills',
  '/payments',
  '/contract-values',
  '/meters',
  '/readings',
  '/details',
  '/history',
  '/history?tab=readings',
  '/history?tab=payments',
  '/usage',
];
const HOUSEHOLDS: [string, string[]][] = [
  ['110000001', ['110000001']],
  ['malashta@example.ru', ['700100103492', '800200112233', '800200445566']],
];

beforeAll(async () => {
  await loadDemoData(t.db, t.clock, (id) => t.services.debt.settle(id));
}, 60_000);

describe('the household pages of the demo', () => {
  it('say "₽" rather than "руб.", spell out ЛС, э/э, ЕПД and ЛКК, write ё, and print no raw codes', async () => {
    for (const [login, accounts] of HOUSEHOLDS) {
      const agent = await as(login);
      const pages = [
        '/cabinet',
        '/cabinet/accounts/connect',
        ...accounts.flatMap((n) => SECTIONS.map((s) => `/accounts/${n}${s}`)),
      ];
      for (const path of pages) {
        const res = await agent.get(path);
        // a person with one account goes straight to it
        if (path === '/cabinet' && res.status === 302) continue;
        expect(res.status, path).toBe(200);
        const s = text(res.text);
        for (const bad of [
          'руб.',
          'э/э',
          'учета',
          'Коэф.',
          '(komi)',
          'N 8617',
          'Счет ',
          'Разноска',
          'Здесь приведены',
          '№ ЛС',
          '№ ПУ',
        ])
          expect(s, `${path}: "${bad}"`).not.toContain(bad);
        // an abbreviation that stays is explained where it stands
        for (const m of res.text.matchAll(/(?<![\p{L}>])(ЛС|ЕПД|ЛКК|МПИ)(?![\p{L}])/gu)) {
          const before = res.text.slice(Math.max(0, m.index! - 60), m.index!);
          const after = res.text.slice(m.index! + m[0].length, m.index! + m[0].length + 40);
          expect(
            /<abbr title="[^"]+">$/.test(before) ||
              /^\)/.test(after) ||
              before.includes('<title>') ||
              /title>[^<]*$/.test(before),
            `${path}: "${m[0]}" unexplained: …${before.slice(-40)}${m[0]}${after.slice(0, 20)}…`,
          ).toBe(true);
        }
      }
    }
  });

  it('a two-zone register reads "T1 (день)" once, on the meters page and the reading form alike', async () => {
    const agent = await as('malashta@example.ru');
    let seen = 0;
    for (const n of ['700100103492', '800200112233', '800200445566']) {
      for (const path of [`/accounts/${n}/meters`, `/accounts/${n}/readings`]) {
        const s = text((await agent.get(path)).text);
        expect(s, path).not.toContain('(T1 (день))');
        expect(s, path).not.toContain('T1 (день) (T1)');
        if (s.includes('T1 (день)')) seen++;
      }
    }
    expect(seen).toBe(2);
  });

  it("a meter's last reading prints the same on Приборы учёта, the reading form and the meter's history", async () => {
    const agent = await as('110000001');
    const meters = await agent.get('/accounts/110000001/meters');
    const link = /href="(\/accounts\/110000001\/meters\/\d+\/readings)"[^>]*>([^<]+)<\/a>/.exec(meters.text)!;
    const shown = link[2]!.replace(/\u00a0/g, ' ');
    expect(shown).toMatch(/^\d[\d ]*(,\d*[1-9])?$/); // no ",00"
    expect(text((await agent.get('/accounts/110000001/readings')).text)).toContain(`${shown} от`);
    expect(text((await agent.get(link[1]!)).text)).toContain(shown);
  });

  it('a company meter with a transformer ratio names its coefficient in words on the reading form and its history', async () => {
    const agent = await as('kuzbass@example.ru');
    const entry = await agent.get('/accounts/4200000001/readings');
    const history = /href="(\/accounts\/4200000001\/meters\/\d+\/readings)"/.exec(entry.text)![1]!;
    for (const path of ['/accounts/4200000001/readings', history]) {
      const s = text((await agent.get(path)).text);
      expect(s, path).toMatch(/Расчётный коэффициент:? 40/);
      expect(s, path).not.toContain('Коэф.');
    }
  });
});
