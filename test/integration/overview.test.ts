// Обзор (/accounts/:number/summary), the landing page: its figures are the debt service's for every
// demo account, the login and the account choice land on it, and only the account's own users see it.
import { describe, it, expect, beforeAll } from 'vitest';
import type TestAgent from 'supertest/lib/agent.js';
import { createTestApp, loginAs, submitForm } from '../support/app.js';
import { givenAccount, givenBill, givenUser } from '../support/builders.js';
import { fixedClock } from '../../src/platform/clock.js';
import { DEMO_LOGINS } from '../../src/features/import/demo.js';
import { loadDemoData } from '../../src/features/import/demoLoad.js';
import { formatDate, formatMoney } from '../../src/domain/format.js';
import { owedParts } from '../../src/platform/labels.js';
import { visibleText as text } from '../support/text.js';

const TODAY = '2026-11-23';
const t = await createTestApp({ today: TODAY });

const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');
/** The text of the element carrying data-owed="<what>", or undefined. */
const owedFigure = (html: string, what: string) =>
  new RegExp(`data-owed="${what}"[^>]*>([^<]+)<`)
    .exec(html)?.[1]
    ?.replace(/[\u00a0\u202f]/g, ' ')
    .trim();

async function as(login: string, password?: string): Promise<TestAgent> {
  const agent = t.agent();
  await loginAs(agent, login, password ?? DEMO_LOGINS.find((d) => d.login === login)!.password);
  return agent;
}

beforeAll(async () => {
  await loadDemoData(t.db, fixedClock(TODAY), (id) => t.services.debt.settle(id));
  // the first-login step (seed 002: the missing mobile phone) is the identity pages' business; done here
  await t
    .db('users')
    .where({ role: 'customer', customer_kind: 'person' })
    .whereNull('phone')
    .update({ phone: '+79120000000' });
});

describe('Обзор of the demo accounts', () => {
  for (const { login } of DEMO_LOGINS.filter(
    (d) => !d.login.includes('support') && !d.login.includes('admin'),
  )) {
    it(`${login}: every account's card shows what the debt service owes today, with the penalties named`, async () => {
      const agent = await as(login);
      const user = await t.db('users').where({ login }).first();
      const accounts = await t.services.users.linkedAccounts(user.id);
      expect(accounts.length).toBeGreaterThan(0);
      for (const a of accounts) {
        const res = await agent.get(`/accounts/${a.number}/summary`);
        expect(res.status, a.number).toBe(200);
        const { owed, due, split } = await t.services.debt.standing(a.id, TODAY);
        // every account's balance is the debt service's amount owed, the one Основные данные, Состояние
        // расчётов and the receipt's QR show
        expect(owed, a.number).toEqual(await t.services.debt.owed(a.id, TODAY));
        if (a.customer_kind === 'organisation') {
          // a company's is split by the advance schedule's due dates; the recommended payment is the schedule's
          const state = await t.services.debt.advanceState(a.id, TODAY);
          expect(due.dueByKop, a.number).toBe(state.recommendedKop);
          expect(split!.overdueKop + split!.notYetDueKop, a.number).toBe(Math.max(0, owed.balanceKop));
          if (split!.notYetDueKop > 0)
            expect(owedFigure(res.text, 'notYetDue')).toBe(plain(formatMoney(split!.notYetDueKop)));
          if (split!.overdueKop > 0)
            expect(owedFigure(res.text, 'overdue')).toBe(plain(formatMoney(split!.overdueKop)));
        }
        const page = text(res.text);
        if (owed.toPayKop > 0) {
          expect(owedFigure(res.text, 'toPay'), a.number).toBe(plain(formatMoney(owed.toPayKop)));
          const parts = owedParts(owed);
          if (owed.penaltyKop > 0) {
            // the difference between "к оплате" and the debt is named on the page
            expect(plain(parts)).toContain(plain(formatMoney(owed.penaltyKop)));
            expect(page).toContain(`из них ${plain(parts)}`);
          }
          if (due.overdueKop > 0 && a.customer_kind === 'person')
            expect(owedFigure(res.text, 'overdue')).toBe(plain(formatMoney(due.overdueKop)));
        } else if (owed.creditKop > 0) {
          expect(owedFigure(res.text, 'credit'), a.number).toBe(plain(formatMoney(owed.creditKop)));
        } else {
          expect(owedFigure(res.text, 'none'), a.number).toBe('Долга нет');
        }
        if (a.customer_kind === 'organisation' && due.dueBy && due.dueByKop > 0)
          expect(owedFigure(res.text, 'dueBy')).toBe(plain(formatMoney(due.dueByKop)));
        if (a.customer_kind === 'person' && due.dueBy && due.overdueKop === 0 && owed.toPayKop > 0)
          expect(owedFigure(res.text, 'dueBy')).toBe(formatDate(due.dueBy));
        // the same figure on Основные данные, in the same words
        const basic = text((await agent.get(`/accounts/${a.number}`)).text);
        if (owed.toPayKop > 0 && a.customer_kind === 'person')
          expect(basic).toContain(`К оплате на ${formatDate(TODAY)} ${plain(formatMoney(owed.toPayKop))}`);
        // the seed's sections stay one click away, Обзор first
        const nav = /<ul class="account-nav__list">([\s\S]*?)<\/ul>/.exec(res.text)![1]!;
        const labels = [...nav.matchAll(/<a [^>]*>([\s\S]*?)<\/a>/g)].map((m) => text(m[1]!).trim());
        expect(labels[0]).toBe('Обзор');
        expect(labels).toContain('Основные данные');
        expect(labels).toContain('Выставленные счета');
        expect(res.text).toContain('aria-current=page');
      }
    });
  }

  it('Tomsk: the card of the account with debt and penalties has «Оплатить» to the pay page, the last bill its PDF', async () => {
    const agent = await as('malashta@example.ru');
    const user = await t.db('users').where({ login: 'malashta@example.ru' }).first();
    const accounts = await t.services.users.linkedAccounts(user.id);
    let seen = 0;
    for (const a of accounts) {
      const owed = await t.services.debt.owed(a.id, TODAY);
      if (owed.penaltyKop === 0 || owed.toPayKop === 0) continue;
      seen++;
      const html = (await agent.get(`/accounts/${a.number}/summary`)).text;
      expect(html).toContain(`href="/accounts/${a.number}/pay">Оплатить</a>`);
      const st = await t.services.account.statement(a, TODAY);
      const last = [...st.bills].reverse().find((b) => b.type !== 'advance')!;
      expect(html).toContain(`/accounts/${a.number}/bills/${last.id}.pdf`);
      expect((await agent.get(`/accounts/${a.number}/bills/${last.id}.pdf`)).status).toBe(200);
      expect(text(html)).toMatch(/Передайте показания|Показания за [а-я]+ приняты \d\d\.\d\d/);
    }
    expect(seen).toBeGreaterThan(0);
  });
});

describe('landing on Обзор', () => {
  it('the Komi household (one account) lands on its overview after the login', async () => {
    const agent = t.agent();
    const res = await submitForm(agent, '/login', { login: '110000001', password: 'Demo2026!' });
    expect(res.status).toBe(302);
    const cabinet = await agent.get(res.headers.location!);
    expect(cabinet.headers.location).toBe('/accounts/110000001/summary');
    expect((await agent.get('/')).headers.location).toBe('/cabinet');
  });

  it('the account choice of a customer with several accounts leads to each overview', async () => {
    const agent = await as('malashta@example.ru');
    const res = await agent.get('/cabinet');
    expect(res.status).toBe(200);
    const links = [...res.text.matchAll(/class="account-card__title"><a href="([^"]+)"/g)].map((m) => m[1]);
    expect(links.length).toBeGreaterThan(1);
    for (const l of links) expect(l).toMatch(/^\/accounts\/[^/]+\/summary$/);
  });
});

describe('who may see an overview', () => {
  it("another customer's account is a 404 and shows nothing of it; without a login it asks for one", async () => {
    const owner = await givenAccount(t.db, { meters: 1 });
    await givenBill(t.db, owner, { date: '2026-10-31', period: '2026-10', lines: [{ charged: 777777 }] });
    const stranger = await givenUser(t.db, { accounts: [(await givenAccount(t.db)).id] });
    const agent = t.agent();
    await loginAs(agent, stranger.login, stranger.password);
    const res = await agent.get(`/accounts/${owner.number}/summary`);
    expect(res.status).toBe(404);
    expect(res.text).not.toContain('7 777,77');
    const anonymous = await t.agent().get(`/accounts/${owner.number}/summary`);
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.location).toMatch(/^\/login/);
    // the owner sees it
    const ownerUser = await givenUser(t.db, { accounts: [owner.id] });
    const mine = t.agent();
    await loginAs(mine, ownerUser.login, ownerUser.password);
    const page = await mine.get(`/accounts/${owner.number}/summary`);
    expect(page.status).toBe(200);
    expect(owedFigure(page.text, 'toPay')).toBe('7 777,77 ₽');
  });
});
