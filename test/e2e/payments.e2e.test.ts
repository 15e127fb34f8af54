// A household pays what it owes in Chromium: "Оплатить" on Основные данные, the pay form, the sandbox
// bank's card page (success, decline) and SBP page, back to the portal and a lower debt at once.
import { describe, it, expect } from 'vitest';
import type { Page } from 'playwright-core';
import { startE2E, screenshot, accessibilityViolations, signIn } from './support.js';
import { givenAccount, givenBill, givenUser } from '../support/builders.js';

const e = await startE2E();

/** An element's text with no-break spaces (money, "1 348,88 ₽") as plain ones. */
const text = async (page: Page, selector: string) =>
  ((await page.locator(selector).first().textContent()) ?? '').replace(/\u00a0/g, ' ');

async function household() {
  const account = await givenAccount(e.db, { meters: 1 });
  await givenBill(e.db, account, { date: '2026-10-31', period: '2026-10', lines: [{ charged: 134888 }] });
  const user = await givenUser(e.db, { accounts: [account.id] });
  return { account, user };
}

/** From Основные данные through "Оплатить" and the pay form to the bank's page. */
async function toBank(page: Page, number: string, method: 'bank_card' | 'sbp', shots?: string) {
  await page.goto(`/accounts/${number}`);
  expect(await text(page, '.settlement')).toContain('долг 1 348,88 ₽');
  await page
    .locator('main a', { hasText: /^Оплатить/ })
    .first()
    .click();
  await page.waitForURL(`**/accounts/${number}/pay`);
  expect(await text(page, '.pay-total__sum')).toBe('1 348,88 ₽');
  expect(await text(page, '.pay-test')).toContain('Тестовый платёж');
  if (shots) {
    await screenshot(page, `${shots}-pay-form`);
    expect(await accessibilityViolations(page)).toEqual([]);
  }
  await page.check(`input[name="method"][value="${method}"]`);
  await page.check('#field-consent');
  await page.click('main button[type=submit]');
  await page.waitForURL(/\/sandbox-acquirer\/payments\//);
}

async function payByCard(page: Page, card: string) {
  await page.fill('#field-card_number', card);
  await page.fill('#field-expiry', '12/29');
  await page.fill('#field-cvc', '123');
  await page.click('button.bank__pay');
}

describe('paying online with the sandbox acquirer', () => {
  it('by a test card: the form is prefilled, the bank page takes the card, the debt on Основные данные is gone', async () => {
    const c = await household();
    const page = await e.newPage();
    await signIn(page, c.user.login, c.user.password, /\/accounts\//);
    // an empty amount is refused beside the field and the form keeps the rest
    await page.goto(`/accounts/${c.account.number}/pay`);
    await page.fill(`input[name="amount[${c.account.contractId}]"]`, '12,345');
    await page.check('#field-consent');
    await page.click('main button[type=submit]');
    expect(await text(page, '.error-summary')).toContain('больше двух знаков');
    expect(await page.inputValue(`input[name="amount[${c.account.contractId}]"]`)).toBe('12,345');

    await toBank(page, c.account.number, 'bank_card', 'payments-desktop');
    expect(await text(page, '.bank__test')).toContain('ТЕСТОВЫЙ ПЛАТЁЖ');
    expect(await text(page, '.bank__amount')).toBe('1 348,88 ₽');
    await screenshot(page, 'payments-desktop-sandbox-card');
    expect(await accessibilityViolations(page)).toEqual([]);
    // the same payment's SBP page, then back to the card
    await page.click('text=Оплатить через СБП');
    await page.waitForURL(/\/sbp$/);
    await screenshot(page, 'payments-desktop-sandbox-sbp');
    await page.goBack();
    await payByCard(page, '4111 1111 1111 1111');
    await page.waitForURL(/\/accounts\/\d+\/pay\/\d+$/);
    expect(await text(page, 'h1')).toBe('Платёж зачислен');
    await screenshot(page, 'payments-desktop-status');

    await page.goto(`/accounts/${c.account.number}`);
    expect(await text(page, '.settlement')).toContain('долга нет');
    await page.goto(`/accounts/${c.account.number}/online-payments`);
    expect(await page.locator('tbody tr').count()).toBe(1);
    expect(await text(page, 'tbody')).toContain('Оплачен и зачислен');
    await screenshot(page, 'payments-desktop-history');
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('a declined card leaves the debt as it was and says why', async () => {
    const c = await household();
    const page = await e.newPage();
    await signIn(page, c.user.login, c.user.password, /\/accounts\//);
    await toBank(page, c.account.number, 'bank_card');
    await payByCard(page, '4000 0000 0000 0002');
    await page.waitForURL(/\/accounts\/\d+\/pay\/\d+$/);
    expect(await text(page, '.notice--error')).toContain('Банк отклонил операцию');
    await page.goto(`/accounts/${c.account.number}`);
    expect(await text(page, '.settlement')).toContain('долг 1 348,88 ₽');
  });

  it('by SBP on a phone: the QR page and "paid in the bank app"; 3-D Secure on the card page', async () => {
    const c = await household();
    const page = await e.newPage({ width: 375, height: 800 });
    await signIn(page, c.user.login, c.user.password, /\/accounts\//);
    await toBank(page, c.account.number, 'sbp', 'payments-mobile');
    await page.waitForURL(/\/sbp$/);
    expect(await page.locator('.bank__qr img').getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    await screenshot(page, 'payments-mobile-sandbox-sbp');
    expect(await accessibilityViolations(page)).toEqual([]);
    // the card page of the same payment, with the 3-D Secure step, as a phone shows it
    await page.click('text=Оплатить картой');
    await screenshot(page, 'payments-mobile-sandbox-card');
    await payByCard(page, '5555 5555 5555 4444');
    await page.waitForURL(/\/3ds$/);
    await screenshot(page, 'payments-mobile-sandbox-3ds');
    await page.fill('#field-code', '12345');
    await page.click('button.bank__pay');
    await page.waitForURL(/\/accounts\/\d+\/pay\/\d+$/);
    expect(await text(page, 'h1')).toBe('Платёж зачислен');
    await screenshot(page, 'payments-mobile-status');
    await page.goto(`/accounts/${c.account.number}/online-payments`);
    await screenshot(page, 'payments-mobile-history');
    await page.goto(`/accounts/${c.account.number}`);
    expect(await text(page, '.settlement')).toContain('долга нет');
  });
});
