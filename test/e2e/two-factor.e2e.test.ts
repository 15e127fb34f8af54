// The journey of turning on two-factor login in the browser: scan the QR (a data: image the CSP
// lets through), confirm with a code, keep the recovery codes, then sign in with password and code.
import { describe, it, expect } from 'vitest';
import { generate } from 'otplib';
import { startE2E, screenshot, accessibilityViolations, signIn } from './support.js';
import { givenUser } from '../support/builders.js';

const e = await startE2E();

describe('two-factor login in the browser', () => {
  it('profile → QR and key → confirm with a code → recovery codes → next login asks for the code', async () => {
    const user = await givenUser(e.db);
    const page = await e.newPage();
    await signIn(page, user.login, user.password);
    await page.goto('/profile');
    await page.click('text=Включить вход с кодом из приложения');
    await page.waitForURL(/\/profile\/two-factor$/);
    // the QR really shows (a data: image blocked by the CSP would have no size)
    expect(
      await page
        .locator('img[alt^="QR-код"]')
        .evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0),
    ).toBe(true);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'two-factor-setup');
    const secret = (await page.locator('code.secret').textContent())!.replace(/\s/g, '');

    await page.fill('#field-code', '000000' === (await generate({ secret })) ? '111111' : '000000');
    await page.click('main button[type=submit]');
    expect(await page.locator('#field-code-error').textContent()).toContain('Код не подошёл');

    await page.fill('#field-code', await generate({ secret }));
    await page.click('main button[type=submit]');
    await page.locator('h1', { hasText: 'Коды восстановления' }).waitFor();
    expect(await page.locator('.recovery-codes li').count()).toBe(10);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'two-factor-recovery-codes');

    const next = await e.newPage();
    await signIn(next, user.login, user.password, /\/login\/code$/);
    expect(await accessibilityViolations(next)).toEqual([]);
    // the next 30-second step: the code used to confirm cannot be used again
    await next.fill('#field-code', await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 }));
    await next.click('main button[type=submit]');
    await next.waitForURL((u) => !u.pathname.startsWith('/login'));
    expect(new URL(next.url()).pathname).toBe('/cabinet');
  });
});
