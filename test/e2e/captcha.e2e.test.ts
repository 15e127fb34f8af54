// The captcha widget in a real browser under the strict CSP: it loads, solves its proof of work in
// blob: workers, and the registration it protects goes through.
import { describe, it, expect } from 'vitest';
import { startE2E, screenshot } from './support.js';

// startE2E passes its options to createTestApp, which takes environment overrides
const options = { env: { CAPTCHA: 'on' } } as { today?: string };
const e = await startE2E(options);

describe('the captcha widget', () => {
  it("works under the page's CSP and lets a registration through", async () => {
    const page = await e.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
    await page.goto('/register');
    await page.locator('altcha-widget input[type=checkbox]').waitFor();
    await page.fill('#field-email', 'captcha-person@example.ru');
    await page.fill('#field-phone', '+7 912 000-11-22');
    await page.fill('#field-password', 'Browser2026');
    await page.fill('#field-password_confirm', 'Browser2026');
    await page.fill('#field-last_name', 'Настоящая');
    await page.fill('#field-first_name', 'Анна');
    await page.check('#field-consent');
    await page.check('#field-agreement');
    await screenshot(page, 'register-captcha-before');
    await page.locator('altcha-widget label', { hasText: 'Я не робот' }).click();
    await expect
      .poll(
        async () =>
          page
            .locator('input[name=altcha]')
            .first()
            .inputValue()
            .catch(() => ''),
        { timeout: 30_000 },
      )
      .not.toBe('');
    await screenshot(page, 'register-captcha-verified');
    await page.getByRole('button', { name: 'Продолжить' }).click();
    await page.locator('h1', { hasText: 'Подтвердите e-mail' }).waitFor();
    expect(violations).toEqual([]);
    const user = await e.db('users').where({ email: 'captcha-person@example.ru' }).first();
    expect(user.status).toBe('pending');
  });
});
