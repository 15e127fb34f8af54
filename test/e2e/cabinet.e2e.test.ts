// A household walks every section of its cabinet in Chromium: desktop and 320 px, accessible, with screenshots.
import { describe, it, expect, beforeAll } from 'vitest';
import type { Page } from 'playwright-core';
import { startE2E, screenshot, accessibilityViolations, signIn } from './support.js';
import {
  givenAccount,
  givenBill,
  givenPayment,
  givenReading,
  givenUser,
  type GivenAccount,
} from '../support/builders.js';

const e = await startE2E({ today: '2026-11-23' });

let acc: GivenAccount;
let second: GivenAccount;
let login: { login: string; password: string };

beforeAll(async () => {
  acc = await givenAccount(e.db, { meters: 1, zones: ['T1', 'T2'] });
  await e.db('contracts').where({ id: acc.contractId }).update({ number: '37065432' });
  await e
    .db('accounts')
    .where({ id: acc.id })
    .update({ address: 'Сыктывкар, Петрозаводская д.56 кв. 38', bind_code: '466305' });
  await e.db('meters').where({ id: acc.meters[0]!.id }).update({ verification_due: '2026-12-20' });
  // 24 months of two-zone bills, each paid on the 20th, the last one owed
  for (let i = 0; i < 24; i++) {
    const y = 2024 + Math.floor((10 + i) / 12);
    const m = ((10 + i) % 12) + 1;
    const period = `${y}-${String(m).padStart(2, '0')}`;
    const billMonth = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
    const day = 120 + ((i * 37) % 90);
    const night = 60 + ((i * 23) % 40);
    const bill = await givenBill(e.db, acc, {
      number: `37065432-${100 + i}`,
      date: `${billMonth}-05`,
      period,
      lines: [
        { zone: 'T1', quantity: String(day), tariff: '6.12', charged: day * 612 },
        { zone: 'T2', quantity: String(night), tariff: '3.10', charged: night * 310 },
      ],
    });
    if (i < 23) await givenPayment(e.db, acc, { date: `${billMonth}-20`, amount: day * 612 + night * 310 });
    void bill;
  }
  for (const [j, reg] of acc.meters[0]!.registers.entries()) {
    await givenReading(e.db, reg.id, {
      date: '2026-10-24',
      value: j === 0 ? '12345.60' : '5432.10',
      billedPeriod: '2026-10',
    });
    await givenReading(e.db, reg.id, {
      date: '2026-09-23',
      value: j === 0 ? '12200.00' : '5380.00',
      billedPeriod: '2026-09',
      source: 'inspector',
    });
  }
  await e.db('contract_values').insert([
    { service_id: acc.serviceId, month: '2026-12-01', volume: '380' },
    { service_id: acc.serviceId, month: '2026-11-01', volume: '311' },
  ]);
  second = await givenAccount(e.db, { meters: 0 });
  await e
    .db('accounts')
    .where({ id: second.id })
    .update({ address: 'Сыктывкар, ул. Советская, д. 16, кв. 1' });
  const user = await givenUser(e.db, { accounts: [acc.id, second.id] });
  login = { login: user.login, password: user.password };
});

const signInHere = (page: Page) => signIn(page, login.login, login.password, /\/cabinet$/);

const sections = (n: string) =>
  [
    ['basic', `/accounts/${n}`, 'Основные данные'],
    ['services', `/accounts/${n}/services`, 'Оказываемые услуги'],
    ['bills', `/accounts/${n}/bills`, 'Выставленные счета'],
    ['payments', `/accounts/${n}/payments`, 'Зачисленные платежи'],
    ['contract-values', `/accounts/${n}/contract-values`, 'Договорные значения'],
    ['meters', `/accounts/${n}/meters`, 'Приборы учёта'],
    ['details', `/accounts/${n}/details`, 'Реквизиты ЛС'],
    ['history', `/accounts/${n}/history`, 'История'],
    ['history-readings', `/accounts/${n}/history?tab=readings`, 'История'],
    ['history-payments', `/accounts/${n}/history?tab=payments`, 'История'],
    ['usage', `/accounts/${n}/usage`, 'Потребление'],
  ] as const;

describe('the residential cabinet in a browser', () => {
  it('the list of accounts, then every section of one account, with no serious accessibility problems', async () => {
    const page = await e.newPage();
    await signInHere(page);
    expect(await page.locator('h1').textContent()).toBe('Ваши счета');
    await screenshot(page, 'cabinet-accounts');
    expect(await accessibilityViolations(page)).toEqual([]);
    for (const [name, path, h1] of sections(acc.number)) {
      await page.goto(path);
      expect(await page.locator('h1').textContent(), path).toBe(h1);
      expect(await page.locator('.info-panel').count(), path).toBeLessThanOrEqual(1);
      await screenshot(page, `cabinet-${name}`);
      expect(await accessibilityViolations(page), path).toEqual([]);
    }
  });

  it('the bill page, from the bills list, and the history details open without JavaScript tricks', async () => {
    const page = await e.newPage();
    await signInHere(page);
    await page.goto(`/accounts/${acc.number}/bills`);
    await page.click('text=37065432-122');
    expect(await page.locator('h1').textContent()).toBe('Счёт 37065432-122');
    await screenshot(page, 'cabinet-bill');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.goto(`/accounts/${acc.number}/history`);
    await page.locator('.history-details summary').first().click();
    await screenshot(page, 'cabinet-history-open');
  });

  it('the switcher goes to the same section of the other account', async () => {
    const page = await e.newPage();
    await signInHere(page);
    await page.goto(`/accounts/${acc.number}/payments`);
    await page.click('.account-switch summary');
    await page.click(`.account-switch a[href="/accounts/${second.number}/payments"]`);
    await page.waitForURL(new RegExp(`/accounts/${second.number}/payments$`));
    expect(await page.locator('.empty-state').textContent()).toContain(
      'Платежей по этому лицевому счёту пока не было.',
    );
  });

  it('selecting bills to print submits their ids to the print address', async () => {
    const page = await e.newPage();
    await signInHere(page);
    await page.goto(`/accounts/${acc.number}/bills`);
    const boxes = page.locator('input[name=ids]');
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    await Promise.all([
      page.waitForURL(/\/bills\/print\?ids=\d+&ids=\d+$/),
      page.click('text=Распечатать выбранные счета'),
    ]);
  });

  it("the printed receipts arrive as one PDF; an id of someone else's bill or a word in the address gives 404", async () => {
    const page = await e.newPage();
    await signInHere(page);
    await page.goto(`/accounts/${acc.number}/bills`);
    const ids = await page
      .locator('input[name=ids]')
      .evaluateAll((els) => els.slice(0, 2).map((el) => (el as HTMLInputElement).value));
    const pdf = await page.request.get(`/accounts/${acc.number}/bills/print?ids=${ids[0]}&ids=${ids[1]}`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect(pdf.headers()['content-disposition']).toMatch(/kvitancii-\d+-2\.pdf/);
    expect((await pdf.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const other = await givenAccount(e.db, { meters: 0 });
    const foreign = await givenBill(e.db, other, {
      number: 'X-1-' + other.number,
      date: '2026-10-05',
      period: '2026-09',
      lines: [{ quantity: '10', tariff: '6.12', charged: 6120 }],
    });
    expect(
      (
        await page.request.get(`/accounts/${acc.number}/bills/print?ids=${ids[0]}&ids=${foreign.id}`)
      ).status(),
    ).toBe(404);
    expect((await page.request.get(`/accounts/${acc.number}/bills/${foreign.id}.pdf`)).status()).toBe(404);
    expect((await page.request.get(`/accounts/${acc.number}/bills/print?ids=abc`)).status()).toBe(404);
  });

  it('a representative of forty-five accounts pages through them and finds one by address, on a phone and a desktop', async () => {
    const accounts: GivenAccount[] = [];
    for (let i = 0; i < 45; i++) accounts.push(await givenAccount(e.db));
    await e
      .db('accounts')
      .where({ id: accounts[33]!.id })
      .update({ address: 'Ухта, пр. Ленина, д. 3, кв. 7' });
    const many = await givenUser(e.db, { accounts: accounts.map((a) => a.id) });
    for (const width of [375, 1280]) {
      const page = await e.newPage({ width, height: 800 });
      await signIn(page, many.login, many.password);
      expect(await page.locator('.account-card').count()).toBe(20);
      expect(await page.locator('.pager').textContent()).toContain('Страница 1 из 3');
      await page.click('.pager a[rel=next]');
      await page.waitForURL(/page=2/);
      expect(await page.locator('main [role=status]').textContent()).toContain('Показаны счета 21–40 из 45');
      expect(
        await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        ),
      ).toBeLessThanOrEqual(0);
      await screenshot(page, `cabinet-many-page2-${width}`);
      await page.fill('#field-q', 'ленина, д. 3');
      await page.click('form[role=search] button[type=submit]');
      await page.waitForURL(/q=/);
      expect(await page.locator('.account-card').count()).toBe(1);
      expect(await page.locator('main [role=status]').textContent()).toBe('Найдено счетов: 1.');
      expect(await page.locator('.account-card').textContent()).toContain(accounts[33]!.number);
      expect(await page.inputValue('#field-q')).toBe('ленина, д. 3');
      expect(await accessibilityViolations(page)).toEqual([]);
      await screenshot(page, `cabinet-many-search-${width}`);
      await page.click('text=Показать все');
      expect(await page.locator('.account-card').count()).toBe(20);

      // the list editor (fifty rows a page: all forty-five here), one account unticked, Применить hides it only
      const target = accounts[25]!;
      await page.goto('/cabinet/accounts');
      expect(await page.locator('input[name="visible"]').count()).toBe(45);
      await page.uncheck(`#visible-${target.id}`);
      await screenshot(page, `cabinet-many-editor-${width}`);
      await page.click('main form[method="post"] button[type=submit]');
      await page.waitForURL(/\/cabinet$/);
      expect(await page.locator('.notice--success').textContent()).toContain(
        'Список лицевых счетов сохранён',
      );
      expect(await page.locator('main').textContent()).toContain('скрыто: 1');
      expect(
        await e.db('user_accounts').where({ user_id: many.id, visible: false }).pluck('account_id'),
      ).toEqual([target.id]);
      // and shown again, so the next width starts from forty-five
      await page.goto('/cabinet/accounts');
      await page.check(`#visible-${target.id}`);
      await page.click('main form[method="post"] button[type=submit]');
      await page.waitForURL(/\/cabinet$/);
      expect(await e.db('user_accounts').where({ user_id: many.id, visible: false })).toEqual([]);
    }
  });

  it('a reading typed as a word comes back beside its field, kept, with the switcher, and nothing stored', async () => {
    const page = await e.newPage({ width: 375, height: 800 });
    await signInHere(page);
    await page.goto(`/accounts/${acc.number}/readings`);
    const reg = acc.meters[0]!.registers[0]!.id;
    const stored = () => e.db('readings').where({ register_id: reg }).count('* as n').first();
    const before = await stored();
    await page.fill(`input[name="reading[${reg}]"]`, 'сто');
    await page.click('.actions button.button--primary');
    await page.waitForSelector('.field__error');
    expect(await page.inputValue(`input[name="reading[${reg}]"]`)).toBe('сто');
    expect(await page.locator('details.account-switch').innerHTML()).toContain(
      `/accounts/${second.number}/readings`,
    );
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'cabinet-reading-error-375');
    expect(await stored()).toEqual(before);
  });

  it('every section fits a 320 px screen without the page scrolling sideways', async () => {
    const page = await e.newPage({ width: 320, height: 640 });
    await signInHere(page);
    await screenshot(page, 'cabinet-accounts-320');
    for (const [name, path] of sections(acc.number)) {
      await page.goto(path);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow, path).toBeLessThanOrEqual(0);
      if (['basic', 'bills', 'history', 'usage', 'meters'].includes(name))
        await screenshot(page, `cabinet-${name}-320`);
    }
  });

  it('connecting an account: wrong number, then the control question', async () => {
    const other = await givenAccount(e.db);
    await e.db('accounts').where({ id: other.id }).update({ bind_code: '778899' });
    const page = await e.newPage();
    await signInHere(page);
    await page.goto('/cabinet/accounts/connect');
    await page.fill('#field-account_number', '000000001');
    await page.click('main button[type=submit]');
    expect(await page.locator('.error-summary').textContent()).toContain(
      'Лицевой счёт с таким номером не найден',
    );
    await screenshot(page, 'cabinet-connect-error');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.fill('#field-account_number', other.number);
    await page.selectOption('#field-relation', 'tenant');
    await page.click('main button[type=submit]');
    expect(await page.locator('h1').textContent()).toBe('Ответьте на контрольный вопрос');
    await page.fill('#field-answer', '778899');
    await screenshot(page, 'cabinet-connect-question');
    await page.click('main button[type=submit]');
    await page.waitForURL(new RegExp(`/accounts/${other.number}/summary$`));
    await screenshot(page, 'cabinet-connect-done');
    expect(await page.locator('.notice--success').textContent()).toContain('подключён');
  });

  it('FAQ and news read well', async () => {
    const page = await e.newPage();
    await page.goto('/faq');
    await page.click('text=Какова методика расчёта пени?');
    await screenshot(page, 'faq');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.goto('/news');
    await screenshot(page, 'news');
    expect(await accessibilityViolations(page)).toEqual([]);
  });
});
