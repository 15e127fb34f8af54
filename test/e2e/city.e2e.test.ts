// Seed 004's city in a browser without JavaScript, at 1280 and 375 px: the business registration
// offers Кемерово and Березовский by name and refuses a missing city beside the field, keeping the
// rest; the login by a contract number known at two suppliers asks the city and signs in with it.
import { describe, it, expect, beforeAll } from 'vitest';
import type { Page } from 'playwright-core';
import { startE2E, screenshot, accessibilityViolations } from './support.js';
import { fixedClock } from '../../src/platform/clock.js';
import { loadDemoData } from '../../src/features/import/demoLoad.js';
import { givenAccount } from '../support/builders.js';

const TODAY = '2026-11-23';
const e = await startE2E({ today: TODAY });

beforeAll(async () => {
  await loadDemoData(e.db, fixedClock(TODAY), (id) => e.services.debt.settle(id));
  await e.db('users').whereNull('phone').update({ phone: '+79120000000' });
  // Bryansk has a contract 0001с too: the Kemerovo company's login then has to say its city
  const bryansk = await e.db('suppliers').where({ code: 'bryansk' }).first('id');
  const other = await givenAccount(e.db, { supplierId: bryansk.id, kind: 'organisation' });
  await e.db('contracts').where({ id: other.contractId }).update({ number: '0001с' });
});

async function noScriptPage(width: number): Promise<Page> {
  const context = await e.browser.newContext({
    baseURL: e.baseUrl,
    viewport: { width, height: 900 },
    locale: 'ru-RU',
    javaScriptEnabled: false,
  });
  return context.newPage();
}

const optionTexts = (page: Page) => page.locator('#field-city option').allTextContents();

async function fitsAndIsAccessible(width: number, url: string) {
  // axe needs script: the same page is checked in a browser with it
  const page = await e.newPage({ width, height: 900 });
  await page.goto(url);
  expect(await accessibilityViolations(page), url).toEqual([]);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${url} at ${width} px`).toBeLessThanOrEqual(0);
  await page.context().close();
}

describe('registration and login by city without JavaScript', () => {
  for (const width of [1280, 375]) {
    it(`registration at ${width} px: the cities by name, a missing one refused beside the field`, async () => {
      await fitsAndIsAccessible(width, '/register/business?method=contract');
      const page = await noScriptPage(width);
      await page.goto('/register/business?method=contract');
      const cities = await optionTexts(page);
      expect(cities).toEqual(expect.arrayContaining(['Кемерово', 'Березовский']));
      expect(cities.indexOf('Кемерово') + 1).toBe(cities.indexOf('Березовский'));
      expect(cities.join(' ')).not.toMatch(/eskk|ЭСКК|bryansk/);
      await screenshot(page, `city-registration-${width}`);

      await page.fill('#field-contract_number', '0001с');
      await page.fill('#field-inn', '4205000009');
      await page.fill('#field-org_name', 'ООО "Кузнецкий хлеб"');
      await page.fill('#field-email', 'city-e2e@example.ru');
      await page.fill('#field-password', 'Kemerovo2026!x');
      await page.fill('#field-password_confirm', 'Kemerovo2026!x');
      await page.check('#field-consent');
      await page.check('#field-agreement');
      await page.click('main button[type=submit]');
      expect(await page.title()).toMatch(/^Ошибка:/);
      // the city is the only thing missing, and the summary says so
      expect(await page.locator('.error-summary a').allTextContents()).toEqual(['Выберите город']);
      expect(await page.locator('#field-city-error').textContent()).toContain('Выберите город');
      expect(await page.inputValue('#field-contract_number')).toBe('0001с');
      expect(await page.inputValue('#field-org_name')).toBe('ООО "Кузнецкий хлеб"');
      expect(await page.isChecked('#field-consent')).toBe(true);
      await screenshot(page, `city-registration-error-${width}`);

      await page.selectOption('#field-city', { label: 'Березовский' });
      await page.fill('#field-password', 'Kemerovo2026!x');
      await page.fill('#field-password_confirm', 'Kemerovo2026!x');
      await page.click('main button[type=submit]');
      // the demo company already has its cabinet: the contract was found in Березовский
      await expect
        .poll(() => page.locator('main').textContent())
        .toContain('Для этой организации личный кабинет уже зарегистрирован');
      await page.context().close();
    });

    it(`login at ${width} px: 0001с asks the city, Березовский signs the Kemerovo company in`, async () => {
      await fitsAndIsAccessible(width, '/login');
      const page = await noScriptPage(width);
      await page.goto('/login');
      expect(await page.locator('#field-city').count()).toBe(0);
      await screenshot(page, `city-login-${width}`);
      await page.fill('#field-login', '0001с');
      await page.fill('#field-password', 'Kemerovo2026!');
      await page.click('main button[type=submit]');
      expect(await page.locator('#field-city-error').textContent()).toContain('выберите свой город');
      expect(await optionTexts(page)).toEqual(['— выберите город —', 'Брянск', 'Кемерово', 'Березовский']);
      expect(await page.inputValue('#field-login')).toBe('0001с');
      await screenshot(page, `city-login-ask-${width}`);
      await page.selectOption('#field-city', { label: 'Березовский' });
      await page.fill('#field-password', 'Kemerovo2026!');
      await page.click('main button[type=submit]');
      await page.waitForURL((u) => !u.pathname.startsWith('/login'));
      await page.context().close();
    });
  }
});
