// The journey of a new residential customer: register, follow the e-mail link from /dev/outbox,
// sign in for the first time (completing the missing phone), reach the cabinet, sign out.
import { describe, it, expect } from 'vitest';
import { startE2E, screenshot, accessibilityViolations } from './support.js';
import { givenUser } from '../support/builders.js';

// the demo's mailbox is read at /dev/outbox, which exists only when switched on
const e = await startE2E({ env: { DEV_OUTBOX: 'on' } });

describe('registration in the browser', () => {
  it('register → e-mail link → first login with the completion form → cabinet → logout', async () => {
    const page = await e.newPage();
    await page.goto('/login');
    await page.click('text=Регистрация физического лица');
    await page.waitForURL(/\/register$/);
    expect(await accessibilityViolations(page)).toEqual([]);

    // a first try with a weak password: the error is beside the field and the input stays
    await page.fill('#field-email', 'browser-person@example.ru');
    await page.fill('#field-password', 'weak');
    await page.fill('#field-password_confirm', 'weak');
    await page.fill('#field-last_name', 'Малашта');
    await page.fill('#field-first_name', 'Анна');
    await page.check('#field-consent');
    await page.check('#field-agreement');
    await page.click('button[type=submit]');
    expect(await page.locator('#field-password-error').textContent()).toContain('Пароль не подходит');
    expect(await page.inputValue('#field-last_name')).toBe('Малашта');
    expect(await page.inputValue('#field-password')).toBe('');
    await screenshot(page, 'register-error');

    await page.fill('#field-password', 'Browser2026');
    await page.fill('#field-password_confirm', 'Browser2026');
    await page.click('button[type=submit]');
    await page.locator('h1', { hasText: 'Подтвердите e-mail' }).waitFor();

    // not yet: the address is unconfirmed
    await page.goto('/login');
    await page.fill('#field-login', 'browser-person@example.ru');
    await page.fill('#field-password', 'Browser2026');
    await page.click('button[type=submit]');
    expect(await page.locator('.error-summary').textContent()).toContain('не подтверждена');

    // the demo's mailbox
    await page.goto('/dev/outbox');
    const link = page.locator('a[href*="/register/confirm/"]').first();
    const href = await link.getAttribute('href');
    expect(href).toBeTruthy();
    await page.goto(new URL(href!).pathname);
    await page.locator('h1', { hasText: 'Регистрация подтверждена' }).waitFor();
    await screenshot(page, 'register-confirmed');

    await page.getByRole('link', { name: 'Войти', exact: true }).click();
    await page.waitForURL(/\/login$/);
    await page.fill('#field-login', 'browser-person@example.ru');
    await page.fill('#field-password', 'Browser2026');
    await page.click('button[type=submit]');
    // no mobile phone was given: seed 002's completion form comes first
    await page.waitForURL(/\/profile\/complete$/);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.fill('#field-phone', '+7 912 345-67-89');
    await page.getByRole('button', { name: 'Продолжить' }).click();
    await page.waitForURL(/\/cabinet$/);
    expect(await page.locator('h1').textContent()).toContain('Ваши счета');
    await screenshot(page, 'register-first-cabinet');

    await page.click('text=Выйти');
    await page.waitForURL(/\/login$/);
    await page.goto('/cabinet');
    await page.waitForURL(/\/login$/);
  });

  it('the registration form fits a 320 px screen', async () => {
    const page = await e.newPage({ width: 320, height: 640 });
    await page.goto('/register');
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'register-320');
  });

  it('the business registration, recovery and profile pages have no serious accessibility problems', async () => {
    const page = await e.newPage();
    for (const path of [
      '/register/business',
      '/register/business?method=contract',
      '/password/forgot',
      '/password/sms',
    ]) {
      await page.goto(path);
      expect(await accessibilityViolations(page), path).toEqual([]);
    }
    await page.goto('/register/business');
    await page.getByRole('button', { name: 'Зарегистрироваться' }).click();
    expect(await page.locator('.error-summary').textContent()).toContain('Введите номер лицевого счёта');
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'register-business-errors');

    const user = await givenUser(e.db);
    await page.goto('/login');
    await page.fill('#field-login', user.login);
    await page.fill('#field-password', user.password);
    await page.getByRole('button', { name: 'Войти' }).click();
    await page.goto('/profile');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Сменить пароль' }).click();
    expect(await page.locator('#field-current_password-error').textContent()).toContain(
      'Введите текущий пароль',
    );
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'profile-errors');
  });
});
