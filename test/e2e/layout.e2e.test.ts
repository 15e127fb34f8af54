// The layout a person sees first: the login page, at desktop and at 320 px, accessible, and signing in.
import { describe, it, expect } from 'vitest';
import { startE2E, screenshot, accessibilityViolations } from './support.js';
import { givenAccount, givenUser } from '../support/builders.js';

const e = await startE2E();

describe('the login page', () => {
  it('shows the header, the form and the footer, with no serious accessibility problems', async () => {
    const page = await e.newPage();
    await page.goto('/login');
    expect(await page.title()).toContain('Вход в личный кабинет');
    await expect(page.locator('h1').textContent()).resolves.toBe('Вход в личный кабинет');
    expect(await page.locator('.site-footer').isVisible()).toBe(true);
    await screenshot(page, 'login-desktop');
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('fits a 320 px screen without horizontal scrolling', async () => {
    const page = await e.newPage({ width: 320, height: 640 });
    await page.goto('/login');
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'login-320');
  });

  it('a wrong password is reported beside the field and the login stays typed', async () => {
    const page = await e.newPage();
    await page.goto('/login');
    await page.fill('#field-login', 'someone@example.ru');
    await page.fill('#field-password', 'wrong-password');
    await page.click('button[type=submit]');
    expect(await page.locator('.error-summary').textContent()).toContain('Неверный логин или пароль');
    expect(await page.inputValue('#field-login')).toBe('someone@example.ru');
    await screenshot(page, 'login-error');
  });

  it("a customer's wrong password at 375 px: the message, the login kept, no signed-in session; the right one signs in", async () => {
    const account = await givenAccount(e.db);
    const user = await givenUser(e.db, { accounts: [account.id] });
    const signedIn = async () =>
      Number(
        (
          await e
            .db('session')
            .whereRaw(`sess->>'userId' = ?`, [String(user.id)])
            .count({ n: '*' })
        )[0]!.n,
      );
    const page = await e.newPage({ width: 375, height: 740 });
    await page.goto('/login');
    await page.fill('#field-login', user.login);
    await page.fill('#field-password', `${user.password}x`);
    await page.click('button[type=submit]');
    expect(await page.locator('.error-summary').textContent()).toContain('Неверный логин или пароль');
    expect(await page.inputValue('#field-login')).toBe(user.login);
    expect(await page.inputValue('#field-password')).toBe('');
    expect(await signedIn()).toBe(0);
    await screenshot(page, 'login-wrong-password-375');
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.fill('#field-password', user.password);
    await page.click('button[type=submit]');
    await page.waitForURL(/\/accounts\//);
    expect(page.url()).toContain(`/accounts/${account.number}`);
    expect(await signedIn()).toBe(1);
  });

  it('a customer signs in and reaches the account, then signs out', async () => {
    const account = await givenAccount(e.db);
    const user = await givenUser(e.db, { accounts: [account.id] });
    const page = await e.newPage();
    await page.goto('/login');
    await page.fill('#field-login', user.login);
    await page.fill('#field-password', user.password);
    await page.click('button[type=submit]');
    await page.waitForURL(/\/accounts\//);
    expect(page.url()).toContain(`/accounts/${account.number}`);
    await page.goto('/cabinet');
    await page.click('text=Выйти');
    await page.waitForURL(/\/login$/);
  });
});
