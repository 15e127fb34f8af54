// Signed scans in Chromium (issue #20): support attaches a scan to a company's invoice (a disguised
// file refused first) and to the act of a quarter; the company's accountant finds both on
// Документы and the invoice's scan in the act's line, and downloads it. Screenshots at 375 and 1280.
import { describe, it, expect, beforeAll } from 'vitest';
import type { Page } from 'playwright-core';
import { startE2E, screenshot, accessibilityViolations, signIn } from './support.js';
import { givenAccount, givenBill, givenPayment, givenUser, type GivenAccount } from '../support/builders.js';
import { FILES } from '../support/files.js';

const e = await startE2E();

let company: GivenAccount;
let invoice: { id: number; number: string };
let accountant: Awaited<ReturnType<typeof givenUser>>;
let staff: Awaited<ReturnType<typeof givenUser>>;

beforeAll(async () => {
  company = await givenAccount(e.db, { kind: 'organisation' });
  await e.db('customers').where({ id: company.customerId }).update({ name: 'ООО "Сканер и партнёры"' });
  const today = e.clock.today('Europe/Moscow');
  const month = today.slice(0, 7);
  invoice = await givenBill(e.db, company, {
    number: 'СФ-2026-0917',
    date: `${month}-01`,
    period: month,
    type: 'invoice',
    lines: [{ charged: 18_706_88, quantity: '3000', tariff: '6.235627' }],
  });
  await givenPayment(e.db, company, { date: `${month}-02`, amount: 18_706_88 });
  accountant = await givenUser(e.db, { login: 'buh-scan@example.ru', accounts: [company.id] });
  await e.db('users').where({ id: accountant.id }).update({ customer_kind: 'organisation' });
  staff = await givenUser(e.db, { role: 'support' });
});

async function look(page: Page, name: string) {
  expect(await accessibilityViolations(page), name).toEqual([]);
  for (const width of [375, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await screenshot(page, `${name}-${width}`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

const signed = Buffer.concat([FILES.pdf, Buffer.from('% signed\n')]);

describe('signed scans', () => {
  it('support attaches scans → the accountant sees them on Документы and the act, and downloads one', async () => {
    const desk = await e.newPage();
    await signIn(desk, staff.login, staff.password);
    await desk.goto(`${e.baseUrl}/support/customers/${accountant.id}`);
    await desk.click(`a[href="/support/accounts/${company.id}/scans"]`);
    await desk.waitForURL(/\/scans$/);
    await look(desk, 'scans-staff-empty');

    // a program named .pdf is refused beside the field; the chosen document stays
    await desk.selectOption('#field-target', `bill:${invoice.id}`);
    await desk.setInputFiles('#field-file', [
      { name: 'сф.pdf', mimeType: 'application/pdf', buffer: FILES.exe },
    ]);
    await desk.click('main button:has-text("Приложить скан")');
    await desk.locator('#field-file-error').waitFor();
    expect(await desk.locator('#field-file-error').textContent()).toContain('PDF, JPG или PNG');
    expect(await desk.inputValue('#field-target')).toBe(`bill:${invoice.id}`);
    await look(desk, 'scans-staff-refused');

    await desk.setInputFiles('#field-file', [
      { name: 'СФ-2026-0917 подписан.pdf', mimeType: 'application/pdf', buffer: signed },
    ]);
    await desk.click('main button:has-text("Приложить скан")');
    await desk.locator('.notice--success', { hasText: 'Скан приложен' }).waitFor();

    await desk.selectOption('#field-target', 'act');
    await desk.fill('#field-act_from', '01.07.2026');
    await desk.fill('#field-act_to', '30.09.2026');
    await desk.setInputFiles('#field-file', [
      { name: 'акт 3 кв.png', mimeType: 'image/png', buffer: FILES.png },
    ]);
    await desk.click('main button:has-text("Приложить скан")');
    await desk.locator('.notice--success', { hasText: 'Акт сверки с 01.07.2026 по 30.09.2026' }).waitFor();
    expect(await desk.locator('main table tbody tr').count()).toBe(2);
    await look(desk, 'scans-staff-attached');

    const page = await e.newPage();
    await signIn(page, accountant.login, accountant.password);
    await page.goto(
      `${e.baseUrl}/accounts/${company.number}/documents?period=custom&from=01.07.2026&to=${e.clock
        .today('Europe/Moscow')
        .split('-')
        .reverse()
        .join('.')}`,
    );
    const scanLink = page.locator('td[data-label="Подписанный скан"] a.scan-link');
    await scanLink.waitFor();
    expect(await page.locator('#docs-act-scans').textContent()).toContain('Подписанные акты сверки');
    expect(await page.locator('.scan-list').textContent()).toContain('Акт сверки с 01.07.2026 по 30.09.2026');
    await look(page, 'scans-customer-documents');
    const [download] = await Promise.all([page.waitForEvent('download'), scanLink.click()]);
    expect(download.suggestedFilename()).toBe('СФ-2026-0917 подписан.pdf');
    expect(await download.failure()).toBeNull();

    await page.goto(`${e.baseUrl}/accounts/${company.number}/reconciliation?period=3m`);
    await page.locator('table.reconciliation a.scan-link').waitFor();
    await look(page, 'scans-customer-act');
  });
});
