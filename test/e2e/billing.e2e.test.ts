// An admin bills the month that has closed in Chromium: a wrong month is refused beside the field and
// kept, the run is listed with a summary; the household then sees its new bill, with the volume its
// reading measured less what an estimated month had charged.
import { describe, it, expect } from 'vitest';
import { startE2E, screenshot, accessibilityViolations, signIn } from './support.js';
import { givenAccount, givenBill, givenSupplier, givenUser } from '../support/builders.js';

const e = await startE2E({ today: '2026-11-23' });

describe('the billing run from the admin page', () => {
  it('refuses a wrong month beside the field, bills October, and the household sees its bill', async () => {
    const supplier = await givenSupplier(e.db);
    const home = await givenAccount(e.db, { supplierId: supplier.id, meters: 1 });
    const reg = home.meters[0]!.registers[0]!.id;
    // read in August, September billed by its average (110 kWh), read again in October: 250 measured
    await e.db('readings').insert([
      {
        register_id: reg,
        date: '2026-08-20',
        value: '1000',
        source: 'customer',
        status: 'billed',
        billed_period: '2026-08-01',
      },
      { register_id: reg, date: '2026-10-20', value: '1250', source: 'customer', status: 'accepted' },
    ]);
    await givenBill(e.db, home, {
      number: `${home.number}-202609`,
      date: '2026-09-30',
      period: '2026-09',
      lines: [{ charged: 67320, quantity: '110', tariff: '6.12' }],
    });
    await e
      .db('bill_lines')
      .whereIn(
        'bill_id',
        e
          .db('bills')
          .select('id')
          .where({ number: `${home.number}-202609` }),
      )
      .update({ method: 'average' });
    const customer = await givenUser(e.db, { accounts: [home.id] });
    const admin = await givenUser(e.db, { role: 'admin' });

    const page = await e.newPage();
    await signIn(page, admin.login, admin.password);
    await page.goto('/admin/billing');
    expect(await page.locator('h1').textContent()).toBe('Расчёт начислений');
    // on 23 November the month offered is October, the one that has closed
    expect(await page.inputValue('#field-period')).toBe('2026-10');

    await page.fill('#field-period', '2026-13');
    await page.click('form.admin-billing button[type=submit]');
    await page.waitForSelector('.error-summary');
    expect(await page.title()).toMatch(/^Ошибка:/);
    expect(await page.locator('#field-period-error').textContent()).toContain('Месяц в виде ГГГГ-ММ');
    expect(await page.inputValue('#field-period')).toBe('2026-13');
    expect(await e.db('bills').where({ account_id: home.id, period: '2026-10-01' })).toHaveLength(0);

    await page.fill('#field-period', '2026-10');
    await page.selectOption('#field-supplier', supplier.code);
    await page.click('form.admin-billing button[type=submit]');
    await page.waitForSelector('.notice--success');
    expect(await page.locator('.notice--success').textContent()).toContain(
      'Расчёт за 2026-10 выполнен: выставлено документов — 1, не рассчитано — 0',
    );
    const run = page.locator('table tbody tr').first();
    expect(await run.textContent()).toContain('октябрь 2026');
    expect(await run.textContent()).toContain('завершён');
    await screenshot(page, 'admin-billing-run');
    expect(await accessibilityViolations(page)).toEqual([]);

    // 250 kWh measured − 110 billed by average = 140 kWh × 6.12 = 856.80
    const bill = await e.db('bills').where({ account_id: home.id, period: '2026-10-01' }).first();
    const customerPage = await e.newPage();
    await signIn(customerPage, customer.login, customer.password);
    await customerPage.goto(`/accounts/${home.number}/bills/${bill.id}`);
    const text = (await customerPage.locator('main').textContent())!.replace(/\u00a0/g, ' ');
    expect(text).toContain('856,80');
    expect(text).toContain('за вычетом 110 кВт·ч, начисленных без показаний за 09.2026');
    // one supplier: its name stands above the lines, and every amount column fits without scrolling
    await screenshot(customerPage, 'bill-after-estimated-month');
    expect(await customerPage.locator('table.table--lines th', { hasText: 'Поставщик' }).count()).toBe(0);
    expect(
      await customerPage.evaluate(() =>
        [...document.querySelectorAll('.table-wrap')].every((w) => w.scrollWidth <= w.clientWidth),
      ),
    ).toBe(true);
    expect(await accessibilityViolations(customerPage)).toEqual([]);
  });
});
