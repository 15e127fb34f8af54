// Every page of every demo persona at 375 and 1280 px: no serious accessibility problem, no page
// wider than the screen, every money column's header in view at 1280 px; screenshots of each.
import { describe, it, expect, beforeAll } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { startE2E, screenshot, accessibilityViolations, signIn } from './support.js';
import { DEMO_LOGINS } from '../../src/features/import/demo.js';
import { loadDemoData } from '../../src/features/import/demoLoad.js';

const e = await startE2E({ today: '2026-11-23' });

beforeAll(async () => {
  await loadDemoData(e.db, e.clock, (id) => e.services.debt.settle(id));
}, 120_000);

/** A money column, by its header: amounts, debts, payments, penalties, balances. */
const MONEY = /сумм|₽|руб|начислен|оплач|оплат|долг|задолж|переплат|пени|сальдо|итого|к оплате|стоимост/i;

/** Pages one persona can reach from the cabinet: one page per address shape, ids and dates folded. */
async function crawl(
  page: Page,
  start = '/cabinet',
  within = /^\/(accounts|cabinet|profile)(\/|$)/,
): Promise<string[]> {
  const seen = new Set<string>([start]);
  const shapes = new Set<string>();
  const queue = [start];
  const out: string[] = [];
  while (queue.length) {
    const path = queue.shift()!;
    await page.goto(path);
    out.push(path);
    const hrefs = await page.$$eval('a[href^="/"]', (as) => as.map((a) => a.getAttribute('href')!));
    for (const href of hrefs) {
      const url = new URL(href, 'http://x');
      if (!within.test(url.pathname)) continue;
      if (/\.pdf$|\/print$|\/disconnect$/.test(url.pathname) || url.searchParams.has('format')) continue;
      if (url.searchParams.has('period') || url.searchParams.has('from')) continue;
      if (url.searchParams.get('tab') === 'documents') continue; // History's first tab again
      const full = url.pathname + url.search;
      // every account's sections; one bill and one meter of each account
      const shape = url.pathname.replace(/\/(bills|meters)\/\d+/g, '/$1/:id') + url.search;
      if (seen.has(full) || shapes.has(shape)) continue;
      seen.add(full);
      shapes.add(shape);
      queue.push(full);
    }
  }
  return out;
}

interface Problem {
  path: string;
  width: number;
  what: string;
}

async function check(page: Page, path: string, width: number, name: string): Promise<Problem[]> {
  const problems: Problem[] = [];
  const res = await page.goto(path);
  if (!res || res.status() !== 200) problems.push({ path, width, what: `status ${res?.status()}` });
  await screenshot(page, `walk-${name}-${width}`);
  // what a person can open is checked open: the months of History, the menu, the switcher
  await page.$$eval('details', (ds) => ds.forEach((d) => ((d as HTMLDetailsElement).open = true)));
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  if (overflow > 0) problems.push({ path, width, what: `page ${overflow}px wider than the screen` });
  if (width >= 1280) {
    const hidden = await page.$$eval(
      'table thead th',
      (ths, re) => {
        const money = new RegExp(re, 'i');
        return ths
          .filter((th) => money.test(th.textContent ?? ''))
          .filter((th) => {
            const r = th.getBoundingClientRect();
            if (r.width === 0) return true;
            let limit = document.documentElement.clientWidth;
            for (let el = th.parentElement; el; el = el.parentElement) {
              const s = getComputedStyle(el);
              if (s.overflowX !== 'visible') limit = Math.min(limit, el.getBoundingClientRect().right);
            }
            return r.right > limit + 1;
          })
          .map((th) => (th.textContent ?? '').replace(/\s+/g, ' ').trim());
      },
      MONEY.source,
    );
    for (const h of hidden) problems.push({ path, width, what: `money column "${h}" out of view` });
  }
  for (const v of await accessibilityViolations(page))
    problems.push({ path, width, what: `axe ${v.id}: ${v.nodes.slice(0, 3).join(', ')}` });
  return problems;
}

const slug = (path: string) =>
  path
    .replace(/^\//, '')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/-$/, '') || 'root';

const customers = DEMO_LOGINS.filter((d) => !d.login.includes('support') && !d.login.includes('admin'));

describe('every page of the demo personas', () => {
  for (const who of customers) {
    it(`${who.login}: at 375 and 1280 px`, async () => {
      const context: BrowserContext = (await e.newPage()).context();
      const page = context.pages()[0]!;
      await signIn(page, who.login, who.password);
      const pages = await crawl(page);
      expect(pages.length).toBeGreaterThan(5);
      const problems: Problem[] = [];
      for (const width of [1280, 375]) {
        await page.setViewportSize({ width, height: width < 800 ? 812 : 900 });
        for (const path of pages)
          problems.push(...(await check(page, path, width, `${slug(who.login)}-${slug(path)}`)));
      }
      expect(problems).toEqual([]);
    }, 600_000);
  }
});

describe('the admin pages', () => {
  it('admin@example.ru: at 375 and 1280 px', async () => {
    const admin = DEMO_LOGINS.find((d) => d.login === 'admin@example.ru')!;
    const page = await e.newPage();
    await signIn(page, admin.login, admin.password);
    const pages = await crawl(page, '/admin/billing', /^\/(admin|profile)(\/|$)/);
    expect(pages.length).toBeGreaterThanOrEqual(4);
    const problems: Problem[] = [];
    for (const width of [1280, 375]) {
      await page.setViewportSize({ width, height: width < 800 ? 812 : 900 });
      for (const path of pages) problems.push(...(await check(page, path, width, `admin-${slug(path)}`)));
    }
    expect(problems).toEqual([]);
  }, 300_000);
});

describe('phones', () => {
  const komi = DEMO_LOGINS.find((d) => d.login === '110000001')!;

  it('the sections fold into "Разделы", which opens without script; content starts high on the screen', async () => {
    const page = await e.newPage({ width: 375, height: 812 });
    await signIn(page, komi.login, komi.password);
    await page.goto('/accounts/110000001/bills');
    expect(await page.locator('.account-nav__list').isVisible()).toBe(false);
    const top = await page.locator('main h1').evaluate((h) => h.getBoundingClientRect().top);
    expect(top).toBeLessThan(400);
    await page.locator('.account-nav__menu summary').click();
    await page.locator('.account-nav__menu a', { hasText: 'Приборы учёта' }).click();
    await page.waitForURL(/\/meters$/);
    await page.setViewportSize({ width: 1280, height: 900 });
    expect(await page.locator('.account-nav__list').isVisible()).toBe(true);
    expect(await page.locator('.account-nav__menu').isVisible()).toBe(false);
  });

  it('after a refused reading the error summary is at the top of the screen and has the focus', async () => {
    const page = await e.newPage({ width: 375, height: 812 });
    await signIn(page, komi.login, komi.password);
    await page.goto('/accounts/110000001/readings');
    await page.locator('input[name^="reading["]').first().fill('abc');
    await page.click('.actions button.button--primary');
    await page.waitForSelector('.error-summary');
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('error-summary');
    const box = await page.locator('.error-summary').boundingBox();
    expect(box!.y).toBeGreaterThanOrEqual(0);
    expect(box!.y + box!.height).toBeLessThanOrEqual(812);
    // the first thing in the page's main part
    expect(await page.locator('main > :first-child').getAttribute('class')).toBe('error-summary');
    await screenshot(page, 'walk-refused-reading-375');
  });

  it('the period filter shows its dates only for a custom period and takes ДД.ММ.ГГГГ', async () => {
    const page = await e.newPage({ width: 375, height: 812 });
    await signIn(page, komi.login, komi.password);
    await page.goto('/accounts/110000001/payments');
    expect(await page.locator('#field-from').isVisible()).toBe(false);
    await page.selectOption('#field-period', 'custom');
    expect(await page.locator('#field-from').isVisible()).toBe(true);
    await page.fill('#field-from', '01.01.2026');
    await page.fill('#field-to', '31.03.2026');
    await page.click('.filters button[type=submit]');
    await page.waitForURL(/from=01\.01\.2026/);
    expect(await page.inputValue('#field-from')).toBe('01.01.2026');
    expect(await page.locator('.filters__hint').textContent()).toContain('с 01.01.2026 по 31.03.2026');
    // a named period again: the dates still in the form do not override it
    await page.selectOption('#field-period', '3m');
    expect(await page.locator('#field-from').isVisible()).toBe(false);
    await page.click('.filters button[type=submit]');
    await page.waitForURL(/period=3m/);
    expect(await page.locator('.filters__hint').textContent()).toContain('с 01.09.2026 по 23.11.2026');
  });
});
