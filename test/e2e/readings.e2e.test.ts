// A customer with a two-zone (T1/T2) meter sends readings in Chromium: the table, a refusal, the confirmation, the history; desktop and 320 px.
import { describe, it, expect } from 'vitest';
import type { Page } from 'playwright-core';
import { startE2E, screenshot, accessibilityViolations, signIn } from './support.js';
import { givenAccount, givenTariffPlan, givenUser } from '../support/builders.js';

const e = await startE2E();

async function customerWithTwoZones() {
  const account = await givenAccount(e.db, { meters: 1, zones: ['T1', 'T2'] });
  const plan = await givenTariffPlan(e.db, account.supplierId, [
    { from: '2020-01-01', zone: 'T1', price: '6.12' },
    { from: '2020-01-01', zone: 'T2', price: '3.06' },
  ]);
  await e.db('services').where({ id: account.serviceId }).update({ tariff_plan_id: plan.id });
  const [t1, t2] = account.meters[0]!.registers;
  await e.db('readings').insert([
    {
      register_id: t1!.id,
      date: '2026-10-20',
      value: '1000',
      source: 'inspector',
      status: 'billed',
      billed_period: '2026-10-01',
    },
    {
      register_id: t2!.id,
      date: '2026-10-20',
      value: '500',
      source: 'inspector',
      status: 'billed',
      billed_period: '2026-10-01',
    },
  ]);
  const user = await givenUser(e.db, { accounts: [account.id] });
  return { account, user, t1: t1!.id, t2: t2!.id };
}

const field = (name: string) => `input[name="${name}"]`;

/** Every table of the page fits its column: nothing hidden behind a sideways scroll. */
const tablesFit = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('.table-wrap')].every((w) => w.scrollWidth <= w.clientWidth),
  );

describe('sending readings of a two-zone meter', () => {
  it('a wrong value is refused beside the field; corrected, both zones are sent and the confirmation shows volumes and the charge', async () => {
    const c = await customerWithTwoZones();
    const page = await e.newPage();
    await signIn(page, c.user.login, c.user.password, /\/accounts\//);
    await page.goto(`/accounts/${c.account.number}/readings`);
    expect(await page.locator('h1').textContent()).toBe('Ввод показаний приборов учёта');
    expect(await page.inputValue(field(`date[${c.t1}]`))).toBe('23.11.2026');
    expect(await page.locator('.reading-window').textContent()).toContain(
      'Показания принимаются с 15 по 25 число месяца',
    );
    expect(await tablesFit(page)).toBe(true);
    await screenshot(page, 'readings-entry-desktop');
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.fill(field(`reading[${c.t1}]`), '1100,5');
    await page.fill(field(`reading[${c.t2}]`), '49O'); // a letter O instead of a zero
    await page.click('.actions button.button--primary');
    await page.waitForSelector('.error-summary');
    expect(await page.title()).toMatch(/^Ошибка:/);
    expect(await page.locator('.error-summary').textContent()).toContain('Показание должно быть числом');
    expect(await page.inputValue(field(`reading[${c.t1}]`))).toBe('1100,5');
    expect(await page.inputValue(field(`reading[${c.t2}]`))).toBe('49O');
    expect(await tablesFit(page)).toBe(true);
    await screenshot(page, 'readings-error-desktop');
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(
      await e
        .db('readings')
        .whereIn('register_id', [c.t1, c.t2])
        .where({ source: 'customer' })
        .count('* as n'),
    ).toEqual([{ n: 0 }]);

    await page.fill(field(`reading[${c.t2}]`), '530');
    // Enter in a field sends the whole table, not just one meter
    await page.press(field(`reading[${c.t2}]`), 'Enter');
    await page.waitForURL(/\/readings\/confirmation\?ids=/);
    expect(await page.locator('.notice--success').textContent()).toContain('Показания переданы');
    const text = (await page.locator('main').textContent())!.replace(/\s+/g, ' ');
    // T1: 100.5 × 6.12 = 615.06; T2: 30 × 3.06 = 91.80; total 706.86
    expect(text).toContain('100,5');
    expect(text).toContain('615,06');
    expect(text).toContain('91,80');
    expect(text).toContain('Ожидаемое начисление: 706,86');
    expect(await tablesFit(page)).toBe(true);
    await screenshot(page, 'readings-confirmation-desktop');
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.click('text=История показаний прибора');
    await page.waitForURL(/\/meters\/\d+\/readings/);
    const history = (await page.locator('table.reading-history').textContent())!.replace(/\s+/g, ' ');
    expect(history).toContain('23.11.2026 Абонент 1 100,5 530');
    expect(history).toContain('20.10.2026 Контролёр 1 000 500 октябрь 2026');
    expect(await tablesFit(page)).toBe(true);
    await screenshot(page, 'readings-history-desktop');
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('works on a 320 px screen without sideways scrolling', async () => {
    const c = await customerWithTwoZones();
    const page = await e.newPage({ width: 320, height: 700 });
    await signIn(page, c.user.login, c.user.password, /\/accounts\//);
    await page.goto(`/accounts/${c.account.number}/readings`);
    const overflow = () =>
      page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(await overflow()).toBeLessThanOrEqual(0);
    await screenshot(page, 'readings-entry-320');

    await page.fill(field(`reading[${c.t1}]`), '1010');
    await page.fill(field(`reading[${c.t2}]`), '505');
    // one meter: one submit button
    expect(await page.locator('main form button[type=submit]:not([aria-hidden])').count()).toBe(1);
    await page.click('.actions button.button--primary');
    await page.waitForURL(/\/readings\/confirmation\?ids=/);
    expect(await overflow()).toBeLessThanOrEqual(0);
    await screenshot(page, 'readings-confirmation-320');

    await page.goto(`/accounts/${c.account.number}/meters/${c.account.meters[0]!.id}/readings`);
    expect(await overflow()).toBeLessThanOrEqual(0);
    await screenshot(page, 'readings-history-320');
  });
});

describe('a business meter with a calculation coefficient', () => {
  it('shows the coefficient, warns about the passed verification date and stores the reading once confirmed', async () => {
    const account = await givenAccount(e.db, { meters: 1, kind: 'organisation' });
    const meter = account.meters[0]!;
    const reg = meter.registers[0]!.id;
    await e
      .db('meters')
      .where({ id: meter.id })
      .update({ ratio: '40', verification_due: '2026-06-30', model: 'СКАТ 101Э/1-3 ШР1' });
    await e.db('readings').insert({
      register_id: reg,
      date: '2026-10-31',
      value: '36156',
      source: 'inspector',
      status: 'billed',
      billed_period: '2026-10-01',
    });
    const user = await givenUser(e.db, { accounts: [account.id] });
    const page = await e.newPage();
    await signIn(page, user.login, user.password, /\/accounts\//);
    await page.goto(`/accounts/${account.number}/readings`);
    const text = (await page.locator('main').textContent())!.replace(/\s+/g, ' ');
    expect(text).toContain('Расчётный коэффициент: 40');

    await page.fill(field(`reading[${reg}]`), '36200');
    await page.click('.actions button.button--primary');
    await page.waitForSelector('.reading-warning');
    expect(await page.title()).toMatch(/^Подтвердите показания/);
    expect(await page.locator('.reading-warning').textContent()).toContain(
      'Срок поверки прибора истёк 30.06.2026',
    );
    expect((await page.locator('.reading-volume').textContent())!.replace(/\s+/g, ' ')).toContain(
      'Расход: 1 760 кВт·ч',
    );
    expect(await tablesFit(page)).toBe(true);
    await screenshot(page, 'readings-business-warning-desktop');
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.check(`input[name="confirm[${reg}]"]`);
    await page.click('.actions button.button--primary');
    await page.waitForURL(/\/readings\/confirmation\?ids=/);
    // (36 200 − 36 156) × 40 = 1 760 kWh × 6.12 ₽ = 10 771.20 ₽
    expect((await page.locator('main').textContent())!.replace(/\s+/g, ' ')).toContain('10 771,20');
    await screenshot(page, 'readings-business-confirmation-desktop');
  });
});
