// The business account state page (seed 003 §4.2): advances of 30 % and 40 %, the final settlement,
// the debt counting only what is due, the recommended payment; households have no such page.
import { describe, it, expect, beforeAll } from 'vitest';
import { createTestApp, loginAs } from '../support/app.js';
import {
  givenAccount,
  givenAdvanceAccount,
  givenBill,
  givenUser,
  type GivenAccount,
} from '../support/builders.js';
import { formatMoney } from '../../src/domain/format.js';
import { visibleText as text } from '../support/text.js';

const t = await createTestApp({ today: '2026-11-23' });
const db = t.db;
const plain = (html: string) => html.replace(/\u00a0/g, ' ');
/** The page's words as a reader sees them, one space apart. */

describe('account state of a business account', () => {
  let a: GivenAccount;
  let user: { login: string; password: string };

  beforeAll(async () => {
    // 60 000.00 a month contracted (10 000 kWh at 6.00 with VAT); October's invoice: 55 000.00
    a = await givenAdvanceAccount(db);
    await db('payments').insert([
      { account_id: a.id, ref: `a1-${a.number}`, date: '2026-10-09', amount_kop: 1800000 },
      { account_id: a.id, ref: `a2-${a.number}`, date: '2026-10-24', amount_kop: 2400000 },
      { account_id: a.id, ref: `a3-${a.number}`, date: '2026-11-09', amount_kop: 1800000 },
    ]);
    user = await givenUser(db, { accounts: [a.id] });
  });

  it('the service counts October by its invoice (final date passed) and November by its first advance', async () => {
    const s = await t.services.debt.advanceState(a.id, '2026-11-23');
    // due: 55 000 (October) + 18 000 (November 30 %) − paid 60 000 = 13 000
    expect(s.debtKop).toBe(1300000);
    // by 25.11: 55 000 + 42 000 − 60 000 = 37 000
    expect(s.recommendedKop).toBe(3700000);
    expect(s.recommendedBy).toBe('2026-11-25');
    const oct = s.months.find((m) => m.period === '2026-10')!;
    expect(oct.items.map((i) => [i.kind, i.dueDate, i.amountKop])).toEqual([
      ['advance', '2026-10-10', 1800000],
      ['advance', '2026-10-25', 2400000],
      ['final', '2026-11-18', 1300000],
    ]);
    // on the 10th the first November advance can still be paid in time and October counts by its advances
    expect((await t.services.debt.advanceState(a.id, '2026-11-10')).debtKop).toBe(4200000 - 6000000);
  });

  it('the page leads with the balance every page shows, the overdue advances and the recommended payment, in ₽', async () => {
    const agent = t.agent();
    await loginAs(agent, user.login, user.password);
    const res = await agent.get(`/accounts/${a.number}/state`);
    expect(res.status).toBe(200);
    const html = plain(res.text);
    const page = text(res.text);
    // the statement's balance (October's invoice 55 000 − 60 000 paid) is the figure Основные данные shows
    const owed = await t.services.debt.owed(a.id, '2026-11-23');
    expect(owed.balanceKop).toBe(-500000);
    expect(page).toContain('Расчёты на 23.11.2026 Переплата 5 000,00 ₽');
    // the schedule's November advance (18 000, due 10.11) is overdue beyond it, and the page says so
    expect(page).toContain('Просроченные авансы 13 000,00 ₽');
    expect(page).toContain(
      'Рекомендуемый платёж до 25.11.2026 37 000,00 ₽ просроченное 13 000,00 ₽ и платежи по договору со сроком до 25.11.2026 — 24 000,00 ₽; пени — отдельно',
    );
    // something is due by 25.11, so the page offers to pay
    expect(html).toMatch(new RegExp(`href="/accounts/${a.number}/pay">Оплатить</a>`));
    expect(page).not.toContain('Долг(+)/Переплата(-)');
    expect(page).not.toContain('руб.');
    expect(html).toMatch(
      /Авансовый платёж за ноябрь 2026 \(40 %\)<\/th>\s*<td data-label="Оплатить до">25\.11\.2026<\/td>\s*<td class="num money" data-label="Сумма">24 000,00/,
    );
    expect(html).toMatch(
      /Окончательный расчёт за октябрь 2026<\/th>\s*<td data-label="Оплатить до">18\.11\.2026<\/td>\s*<td class="num money" data-label="Сумма">13 000,00/,
    );
    // the 18 000,00 of 09.11 paid November's first advance (due 10.11), so October's final 13 000,00
    // is overdue from 19.11: advances bear penalties like any payment due by a date, and the page says so
    const pen = await t.services.debt.penalties(a.id, '2026-11-23');
    expect(pen.bills.map((b) => [b.label, b.dueDate, b.amountKop])).toEqual([
      [`СФ-${a.number}`, '2026-11-18', 1300000],
    ]);
    expect(pen.totalKop).toBeGreaterThan(0);
    expect(page).toContain(`Пени ${text(formatMoney(pen.totalKop))}`);
    expect(page).toContain(
      'на каждый просроченный платёж — авансовые платежи и окончательный расчёт за месяц',
    );
    // the order the issue asks for: balance, then the act (with its PDF), then the advance bills
    const at = (s: string) => page.indexOf(s);
    expect(at('Расчёты на 23.11.2026')).toBeLessThan(at('Задолженность по акту сверки'));
    expect(at('Задолженность по акту сверки')).toBeLessThan(at('Счета на оплату текущего потребления'));
    expect(html).toContain(
      `href="/accounts/${a.number}/reconciliation?from=2026-09-01&amp;to=2026-11-23&amp;format=pdf"`,
    );
    expect(html).toContain(`href="/accounts/${a.number}/state"`);
  });

  it('each advance bill of the period says paid, not yet paid or overdue, as the allocation of the schedule has it', async () => {
    const bill = async (number: string, date: string, due: string, kop: number) => {
      const b = await givenBill(db, a, {
        number,
        date,
        period: '2026-11',
        type: 'advance',
        lines: [{ charged: kop }],
      });
      await db('bills').where({ id: b.id }).update({ due_date: due });
    };
    await bill(`А1-${a.number}`, '2026-11-01', '2026-11-10', 1800000);
    await bill(`А2-${a.number}`, '2026-11-16', '2026-11-25', 2400000);
    const agent = t.agent();
    await loginAs(agent, user.login, user.password);
    const page = text((await agent.get(`/accounts/${a.number}/state`)).text);
    const part = page.slice(page.indexOf('Счета на оплату текущего потребления'));
    expect(part).toMatch(
      new RegExp(`А1- ?${a.number} от 01\\.11\\.2026 за ноябрь 2026 10\\.11\\.2026 18 000,00 ₽ оплачен`),
    );
    expect(part).toMatch(
      new RegExp(`А2- ?${a.number} от 16\\.11\\.2026 за ноябрь 2026 25\\.11\\.2026 24 000,00 ₽ не оплачен`),
    );
    // after its due date the unpaid second advance is overdue; a payment that reaches it marks it paid
    const later = await t.services.debt.advanceBillsWithState(a.id, '2026-11-01', '2026-11-30', '2026-11-26');
    expect(later.map((b) => [b.number, b.status])).toEqual([
      [`А1-${a.number}`, 'paid'],
      [`А2-${a.number}`, 'overdue'],
    ]);
    // the period filter applies to them: none issued in October
    const october = text(
      (await agent.get(`/accounts/${a.number}/state?period=custom&from=01.10.2026&to=31.10.2026`)).text,
    );
    expect(october).toContain('Счетов на оплату текущего потребления за выбранный период нет');
    await db('bills')
      .whereIn('number', [`А1-${a.number}`, `А2-${a.number}`])
      .delete();
  });

  it('the act page offers its PDF for the period shown, and the link gives the PDF', async () => {
    const agent = t.agent();
    await loginAs(agent, user.login, user.password);
    const page = plain((await agent.get(`/accounts/${a.number}/reconciliation?period=3m`)).text);
    const href = /href="([^"]*format=pdf[^"]*)"[^>]*>Скачать акт сверки \(PDF\)/.exec(page)?.[1];
    expect(href).toBe(
      `/accounts/${a.number}/reconciliation?from=2026-09-01&amp;to=2026-11-23&amp;format=pdf`,
    );
    const pdf = await agent.get(href!.replace(/&amp;/g, '&')).buffer(true);
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toContain('application/pdf');
  });

  it('a household account has no state page', async () => {
    const person = await givenAccount(db);
    const u = await givenUser(db, { accounts: [person.id] });
    const agent = t.agent();
    await loginAs(agent, u.login, u.password);
    expect((await agent.get(`/accounts/${person.number}/state`)).status).toBe(404);
  });
});
