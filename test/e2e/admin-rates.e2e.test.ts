// The admin pages of dated rates and rules in Chromium: a wrong VAT rate and a penalty set with a
// missing tier are refused beside their fields, what was typed stays, nothing is stored; a good
// one is saved, listed and audited.
import { describe, it, expect } from 'vitest';
import { startE2E, screenshot, accessibilityViolations, signIn } from './support.js';
import { givenUser } from '../support/builders.js';

const e = await startE2E({ today: '2026-11-23' });

const count = async (table: string) =>
  Number((await e.db(table).count<{ count: string }[]>('* as count').first())!.count);

describe('admin: VAT rates and penalty rules', () => {
  it('a VAT rate of 100 % and a date that does not exist are refused and kept; 22,5 % from 01.01.2031 is saved and listed', async () => {
    const admin = await givenUser(e.db, { role: 'admin' });
    const page = await e.newPage();
    await signIn(page, admin.login, admin.password);
    await page.goto('/admin/vat-rates');
    expect(await page.locator('h1').textContent()).toBe('Ставка НДС');
    const before = await count('vat_rates');

    await page.fill('#field-valid_from', '31.02.2031');
    await page.fill('#field-percent', '100');
    await page.click('main form button[type=submit]');
    await page.waitForSelector('.error-summary');
    expect(await page.title()).toMatch(/^Ошибка:/);
    expect(await page.locator('#field-valid_from-error').textContent()).toContain('Дата в виде ДД.ММ.ГГГГ');
    expect(await page.locator('#field-percent-error').textContent()).toContain(
      'Ставка должна быть меньше 100 %',
    );
    expect(await page.inputValue('#field-valid_from')).toBe('31.02.2031');
    expect(await page.inputValue('#field-percent')).toBe('100');
    expect(await count('vat_rates')).toBe(before);
    await screenshot(page, 'admin-vat-rates-error');
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.fill('#field-valid_from', '1.1.2031');
    await page.fill('#field-percent', '22,5');
    await page.click('main form button[type=submit]');
    await page.waitForSelector('.notice--success');
    expect(await page.locator('.notice--success').textContent()).toContain(
      'Ставка НДС 22,5 % с 01.01.2031 сохранена',
    );
    expect(await page.locator('table tbody tr').first().textContent()).toContain('01.01.2031');
    expect(await e.db('vat_rates').where({ valid_from: '2031-01-01' }).first()).toEqual({
      valid_from: '2031-01-01',
      percent: '22.50',
    });
    expect(
      await e.db('audit_log').where({ actor_id: admin.id, action: 'vat_rate.add' }).first(),
    ).toBeDefined();
    await e.db('vat_rates').where({ valid_from: '2031-01-01' }).delete();
  });

  it('a penalty set with a tier missing its share and tiers out of order is refused with every message at once; nothing is stored', async () => {
    const admin = await givenUser(e.db, { role: 'admin' });
    const page = await e.newPage();
    await signIn(page, admin.login, admin.password);
    await page.goto('/admin/debt-rules');
    const before = await count('penalty_rules');
    await page.selectOption('#field-kind', 'organisation');
    await page.fill('#field-penalty_from', '01.01.2027');
    await page.fill('#field-tier1_day', '31');
    await page.fill('#field-tier1_divisor', '300');
    await page.fill('#field-tier2_day', '10');
    await page.click('form[action="/admin/debt-rules/penalty"] button[type=submit]');
    await page.waitForSelector('.error-summary');
    expect(await page.locator('#field-tier2_divisor-error').textContent()).toContain('Укажите долю ставки');
    expect(await page.locator('#field-tier2_day-error').textContent()).toContain(
      'Ступени по возрастанию дня просрочки',
    );
    // what was typed stays, the choice of kind too
    expect(await page.inputValue('#field-kind')).toBe('organisation');
    expect(await page.inputValue('#field-tier2_day')).toBe('10');
    expect(await count('penalty_rules')).toBe(before);
    await screenshot(page, 'admin-debt-rules-error');
    expect(await accessibilityViolations(page)).toEqual([]);
  });
});
