// The business account state page (seed 003 §4.2): advances of 30 % and 40 %, the final settlement,
// the debt counting only what is due, the recommended payment; households have no such page.
import { describe, it, expect, beforeAll } from 'vitest';
import { createTestApp, loginAs } from '../support/app.js';
import { givenAccount, givenAdvanceAccount, givenUser, type GivenAccount } from '../support/builders.js';

const t = await createTestApp({ today: '2026-11-23' });
const db = t.db;
const plain = (html: string) => html.replace(/\u00a0/g, ' ');

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

  it("the page shows seed 003's blocks in its wording", async () => {
    const agent = t.agent();
    await loginAs(agent, user.login, user.password);
    const res = await agent.get(`/accounts/${a.number}/state`);
    expect(res.status).toBe(200);
    const html = plain(res.text);
    expect(html).toContain('«Расчетная задолженность потребителя на текущий момент»');
    expect(html).toMatch(
      /Долг\(\+\)\/Переплата\(-\) потребителя на 23\.11\.2026 составляет:<\/th>\s*<td class="num money highlight-danger">13 000,00/,
    );
    expect(html).toMatch(
      /Рекомендуемый платеж на 23\.11\.2026 составляет:<\/th>\s*<td class="num money">37 000,00/,
    );
    expect(html).toContain('«Задолженность потребителя в соответствии с актом сверки»');
    expect(html).toContain('«Счета на оплату текущего потребления»');
    expect(html).toMatch(
      /Авансовый платёж за ноябрь 2026 \(40 %\)<\/td>\s*<td>25\.11\.2026<\/td>\s*<td class="num money">24 000,00/,
    );
    expect(html).toMatch(
      /Окончательный расчёт за октябрь 2026<\/td>\s*<td>18\.11\.2026<\/td>\s*<td class="num money">13 000,00/,
    );
    // the 18 000,00 of 09.11 paid November's first advance (due 10.11), so October's final 13 000,00
    // is overdue from 19.11: advances bear penalties like any payment due by a date, and the page says so
    const pen = await t.services.debt.penalties(a.id, '2026-11-23');
    expect(pen.bills.map((b) => [b.label, b.dueDate, b.amountKop])).toEqual([
      [`СФ-${a.number}`, '2026-11-18', 1300000],
    ]);
    expect(pen.totalKop).toBeGreaterThan(0);
    expect(html).toContain('в т.ч. пени на 23.11.2026');
    expect(html).toContain(
      'на каждый просроченный платёж — авансовые платежи и окончательный расчёт за месяц',
    );
    expect(html).toContain(`href="/accounts/${a.number}/state"`);
  });

  it('a household account has no state page', async () => {
    const person = await givenAccount(db);
    const u = await givenUser(db, { accounts: [person.id] });
    const agent = t.agent();
    await loginAs(agent, u.login, u.password);
    expect((await agent.get(`/accounts/${person.number}/state`)).status).toBe(404);
  });
});
