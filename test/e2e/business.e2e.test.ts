// A company walks the business sections of #20 in Chromium at 1280 and 375 px with the demo's
// Kemerovo and Bryansk: client information, the account, the calculator (typed and uploaded),
// additional services and О сервисе; accessible, with screenshots to look at.
import { describe, it, expect, beforeAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { startE2E, screenshot, accessibilityViolations, signIn } from './support.js';
import { fixedClock } from '../../src/platform/clock.js';
import { loadDemoData } from '../../src/features/import/demoLoad.js';

const TODAY = '2026-11-23';
const e = await startE2E({ today: TODAY });

beforeAll(async () => {
  await loadDemoData(e.db, fixedClock(TODAY), (id) => e.services.debt.settle(id));
  await e.db('users').whereNull('phone').update({ phone: '+79120000000' });
});

const KEMEROVO = '4200000001';
const BRYANSK = '3200000001';
const sections = (n: string) =>
  [
    ['client', `/accounts/${n}/client`, 'Информация о клиенте'],
    ['overview', `/accounts/${n}/overview`, 'Лицевой счет'],
    ['calculator', `/accounts/${n}/calculator`, 'Калькулятор'],
    ['additional-services', `/accounts/${n}/additional-services`, 'Дополнительные услуги'],
    ['details', `/accounts/${n}/details`, 'Реквизиты ЛС'],
    ['about', '/about', 'О сервисе'],
  ] as const;

/** October 2026 as the calculator's CSV: a working-day profile with a morning and an evening peak. */
function octoberCsv(): string {
  const lines = ['Дата;Час;Объём, кВт·ч'];
  for (let d = 1; d <= 31; d++) {
    const weekday = new Date(Date.UTC(2026, 9, d)).getUTCDay();
    for (let h = 0; h < 24; h++) {
      const base = weekday === 0 || weekday === 6 ? 40 : h >= 8 && h < 18 ? 160 : 60;
      const peak = weekday !== 0 && weekday !== 6 && (h === 10 || h === 18) ? 40 : 0;
      lines.push(`${String(d).padStart(2, '0')}.10.2026;${h};${base + peak},5`);
    }
  }
  return lines.join('\n');
}

async function walk(page: Page, n: string, width: number) {
  for (const [name, url, h1] of sections(n)) {
    await page.goto(url);
    expect(await page.locator('h1').textContent(), url).toBe(h1);
    await screenshot(page, `business-${n}-${name}-${width}`);
    expect(await accessibilityViolations(page), url).toEqual([]);
    // nothing makes the page scroll sideways (wide tables scroll inside their own region)
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `${url} at ${width} px`).toBeLessThanOrEqual(0);
  }
}

describe('the business sections in a browser', () => {
  for (const width of [1280, 375])
    it(`Kemerovo at ${width} px: every section, a typed month and an uploaded profile`, async () => {
      const page = await e.newPage({ width, height: 900 });
      await signIn(page, 'kuzbass@example.ru', 'Kemerovo2026!');
      await walk(page, KEMEROVO, width);
      expect(await page.locator('footer').textContent()).toContain('8 800 3012 555');

      await page.goto(`/accounts/${KEMEROVO}/calculator`);
      await page.fill('#field-total_kwh', '72 000');
      await page.check('input[name=zones][value=two]');
      await page.fill('#field-night_kwh', '20000');
      await page.click('main button[type=submit]');
      await page.waitForSelector('.calculator-result');
      expect(await page.locator('.calculator-result .notice--success').textContent()).toContain(
        'Дешевле всего',
      );
      await screenshot(page, `business-calculator-monthly-${width}`);
      expect(await accessibilityViolations(page)).toEqual([]);

      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'profile-')), 'october.csv');
      fs.writeFileSync(file, octoberCsv());
      await page.fill('#field-month', '2026-10');
      await page.check('input[name=mode][value=hourly]');
      await page.setInputFiles('#field-profile', file);
      await page.click('main button[type=submit]');
      await page.waitForSelector('.calculator-result');
      expect(await page.locator('.calculator-result').textContent()).toContain('по почасовому графику');
      expect(
        await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
      ).toBeLessThanOrEqual(0);
      await screenshot(page, `business-calculator-hourly-${width}`);
      await page
        .locator('.calculator-result')
        .screenshot({ path: `test-results/screenshots/business-calculator-result-${width}.png` });

      fs.writeFileSync(file, octoberCsv().replace('01.10.2026;3;60,5', '01.10.2026;3;шестьдесят'));
      await page.setInputFiles('#field-profile', file);
      await page.click('main button[type=submit]');
      await page.waitForSelector('.error-summary');
      expect(await page.locator('#field-profile-error').textContent()).toContain('Строка 5:');
      await screenshot(page, `business-calculator-error-${width}`);
      expect(await accessibilityViolations(page)).toEqual([]);
    });

  it('Bryansk at 375 px: both branches on Информация о клиенте', async () => {
    const page = await e.newPage({ width: 375, height: 800 });
    await signIn(page, 'bryansk@example.ru', 'Bryansk2026!');
    await walk(page, BRYANSK, 375);
    await page.goto(`/accounts/${BRYANSK}/client`);
    expect(await page.locator('main table').textContent()).toContain('Филиал "Сельцо"');
  });

  it('the admin pages of the calculator prices and the client services', async () => {
    const page = await e.newPage({ width: 1280, height: 900 });
    await signIn(page, 'admin@example.ru', 'Admin2026!');
    for (const [name, url] of [
      ['admin-calculator-prices', '/admin/calculator-prices'],
      ['admin-client-services', '/admin/client-services'],
    ] as const) {
      await page.goto(url);
      await page.selectOption('#supplier-filter', { label: 'ООО "Энергосбытовая компания Кузбасса"' });
      await page.click('form.filters button');
      await page.waitForLoadState();
      await screenshot(page, name);
      expect(await accessibilityViolations(page), url).toEqual([]);
    }
  });
});
