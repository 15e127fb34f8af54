// The support desk in Chromium: a customer asks with a file, support finds them, opens the file and
// answers, the customer reads the answer; a password reset from the desk to the customer's first
// login and forced change; "Смотреть как клиент" with its banner and disabled forms.
import { describe, it, expect, beforeAll } from 'vitest';
import type { Page } from 'playwright-core';
import { startE2E, screenshot, accessibilityViolations, signIn } from './support.js';
import { givenAccount, givenUser, type GivenAccount } from '../support/builders.js';
import { FILES } from '../support/files.js';

const e = await startE2E();

let account: GivenAccount;
let customer: Awaited<ReturnType<typeof givenUser>>;
let staff: Awaited<ReturnType<typeof givenUser>>;

beforeAll(async () => {
  account = await givenAccount(e.db, { meters: 1 });
  await e.db('customers').where({ id: account.customerId }).update({ last_name: 'Ласточкина' });
  customer = await givenUser(e.db, { login: 'lastochkina@example.ru', accounts: [account.id] });
  await e.db('users').where({ id: customer.id }).update({ customer_kind: 'person', phone: '+79123334455' });
  staff = await givenUser(e.db, { role: 'support' });
});

/** Screenshots at a phone's and a desktop's width, and no serious accessibility violation. */
async function look(page: Page, name: string) {
  expect(await accessibilityViolations(page), name).toEqual([]);
  for (const width of [375, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await screenshot(page, `${name}-${width}`);
  }
}

describe('a request with a file, answered by support', () => {
  it('customer asks → support finds, opens the file and answers → customer sees the answer', async () => {
    const page = await e.newPage();
    await signIn(page, customer.login, customer.password);
    await page.click('header >> text=Обращения');
    await page.waitForURL(/\/requests$/);
    await page.click('text=Новое обращение');
    await page.selectOption('#field-account_number', account.number);
    await page.selectOption('#field-supplier', String(account.supplierId));
    await page.selectOption('#field-topic', { label: 'Начисления' });
    await page.fill('#field-text', 'Прошу проверить начисление за октябрь: прикладываю фото счётчика');
    // a program renamed to .jpg is refused beside the field, the text stays
    await page.setInputFiles('#field-files', [
      { name: 'фото.jpg', mimeType: 'image/jpeg', buffer: FILES.exe },
    ]);
    await page.click('main button[type=submit]');
    await page.locator('#field-files-error').waitFor();
    expect(await page.locator('#field-files-error').textContent()).toContain('PDF, JPG, PNG, DOCX или XLSX');
    expect(await page.inputValue('#field-text')).toContain('начисление за октябрь');
    await look(page, 'request-new-refused');
    await page.setInputFiles('#field-files', [
      { name: 'фото счётчика.png', mimeType: 'image/png', buffer: FILES.png },
    ]);
    await page.click('main button[type=submit]');
    await page.waitForURL(/\/requests\/\d+$/);
    const id = Number(/\/requests\/(\d+)$/.exec(page.url())![1]);
    expect(await page.locator('.notice--success').textContent()).toContain(`№ ${id}`);
    expect(await page.locator('.attachments').textContent()).toContain('фото счётчика.png');

    const desk = await e.newPage();
    await signIn(desk, staff.login, staff.password);
    expect(new URL(desk.url()).pathname).toBe('/support');
    await desk.fill('#field-q', account.number.slice(0, 5));
    await desk.click('main button[type=submit]');
    await desk.locator(`a[href="/support/customers/${customer.id}"]`).waitFor();
    await look(desk, 'support-search');
    await desk.click(`a[href="/support/customers/${customer.id}"]`);
    await desk.waitForURL(/\/support\/customers\/\d+$/);
    await look(desk, 'support-customer-card');
    await desk.click(`a[href="/support/requests/${id}"]`);
    await desk.waitForURL(/\/support\/requests\/\d+$/);
    const [download] = await Promise.all([desk.waitForEvent('download'), desk.click('.attachments a')]);
    expect(download.suggestedFilename()).toBe('фото счётчика.png');
    // the download finishes before the next click (a click during it may be lost)
    expect(await download.failure()).toBeNull();
    await desk.click('text=Взять в работу');
    await desk.locator('.notice--success', { hasText: 'взято в работу' }).waitFor();
    await desk.fill(
      '#field-text',
      'Начисление проверено: показания учтены, перерасчёт будет в ноябрьском счёте.',
    );
    await desk.click('text=Ответить');
    await desk.locator('.notice--success', { hasText: 'Ответ отправлен' }).waitFor();
    await look(desk, 'support-request');
    await desk.goto('/support/requests?status=all');
    await look(desk, 'support-queue');
    await desk.goto('/support/topics');
    await look(desk, 'support-topics');
    await desk.goto(`/support/audit?customer=${customer.id}`);
    await look(desk, 'support-audit');

    await page.goto('/requests');
    await page.click(`summary:has-text("№ ${id}")`);
    expect(await page.locator('.request-item').first().textContent()).toContain(
      'перерасчёт будет в ноябрьском счёте',
    );
    expect(await page.locator('.request-item .badge').first().textContent()).toBe('ответ дан');
    await look(page, 'requests-list');
    const mail = await e.db('outbox').where({ recipient: customer.login, kind: 'request_answered' }).first();
    expect(mail.body).toContain('перерасчёт будет в ноябрьском счёте');
  });
});

describe('a password reset from the support desk', () => {
  it('support shows a one-time password → the customer signs in with it and must choose their own', async () => {
    const u = await givenUser(e.db, { accounts: [account.id] });
    await e.db('users').where({ id: u.id }).update({ customer_kind: 'person', phone: '+79123330000' });
    const desk = await e.newPage();
    await signIn(desk, staff.login, staff.password);
    await desk.goto(`/support/customers/${u.id}`);
    await desk.click('text=Сбросить пароль >> nth=-1');
    const otp = (await desk.locator('.one-time-password__value').textContent())!.trim();
    expect(otp).toMatch(/^[A-Za-z0-9]{10}$/);
    await look(desk, 'support-password-reset');

    const page = await e.newPage();
    await signIn(page, u.login, otp, /\/password\/new$/);
    await page.fill('#field-password', 'Lastochka2026');
    await page.fill('#field-password_confirm', 'Lastochka2026');
    await page.click('main button[type=submit]');
    await page.waitForURL((url) => !url.pathname.startsWith('/password'));
    expect(new URL(page.url()).pathname).toMatch(/^\/(cabinet|accounts\/)/);
    const again = await e.newPage();
    await signIn(again, u.login, 'Lastochka2026');
    expect((await e.db('users').where({ id: u.id }).first()).must_change_password).toBe(false);
  });
});

describe('"Смотреть как клиент"', () => {
  it("shows the customer's cabinet with a banner on every page and the forms disabled", async () => {
    const desk = await e.newPage();
    await signIn(desk, staff.login, staff.password);
    await desk.goto(`/support/customers/${customer.id}`);
    await desk.click('text=Смотреть как клиент');
    await desk.waitForURL(/\/accounts\//);
    expect(await desk.locator('.view-as-banner').textContent()).toContain(customer.login);
    await desk.goto(`/accounts/${account.number}/readings`);
    expect(await desk.locator('.view-as-banner').count()).toBe(1);
    expect(await desk.locator('main form[method="post"] button[type=submit]').first().isDisabled()).toBe(
      true,
    );
    await look(desk, 'support-view-as-readings');
    await desk.click('text=Завершить просмотр');
    await desk.waitForURL(/\/support\/customers\/\d+$/);
    expect(await desk.locator('.view-as-banner').count()).toBe(0);
  });
});
