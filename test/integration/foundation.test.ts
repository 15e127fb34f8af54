// The skeleton every feature stands on: health, pages, errors, security headers, login and account access.
import { describe, it, expect } from 'vitest';
import { createTestApp, loginAs, submitForm } from '../support/app.js';
import { givenAccount, givenUser } from '../support/builders.js';

const t = await createTestApp();

describe('health', () => {
  it('answers 200 when the database is reachable', async () => {
    const res = await t.agent().get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', database: 'up' });
  });
});

describe('pages and errors', () => {
  it('the login page has the layout, a CSRF field and a CSP with a nonce and no unsafe-inline', async () => {
    const res = await t.agent().get('/login');
    expect(res.status).toBe(200);
    expect(res.text).toContain('Вход в личный кабинет');
    expect(res.text).toMatch(/name="_csrf" value="[^"]{20,}"/);
    expect(res.text).toContain('class="site-footer"');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers['x-request-id']).toBeTruthy();
  });

  it('an unknown address shows the Russian 404 page', async () => {
    const res = await t.agent().get('/no-such-page');
    expect(res.status).toBe(404);
    expect(res.text).toContain('Страница не найдена');
  });

  it('a form posted without its CSRF token is refused and changes nothing', async () => {
    const res = await t.agent().post('/login').type('form').send({ login: 'x', password: 'y' });
    expect(res.status).toBe(403);
    expect(res.text).toContain('Страница устарела');
  });
});

describe('login', () => {
  it('an empty form is refused with messages beside the fields and the typed login kept', async () => {
    const agent = t.agent();
    const res = await submitForm(agent, '/login', { login: 'someone@example.ru', password: '' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Исправьте ошибки');
    expect(res.text).toContain('Введите пароль');
    expect(res.text).toContain('value="someone@example.ru"');
    expect(res.text).toContain('<title>Ошибка:');
  });

  it('a wrong password says only that the login or the password is wrong', async () => {
    const user = await givenUser(t.db);
    const wrong = await submitForm(t.agent(), '/login', { login: user.login, password: 'nope-nope' });
    const unknown = await submitForm(t.agent(), '/login', {
      login: 'nobody@example.ru',
      password: 'nope-nope',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('Неверный логин или пароль');
    expect(unknown.text).toContain('Неверный логин или пароль');
    const audit = await t
      .db('audit_log')
      .where({ action: 'login.failed' })
      .count<{ count: string }[]>('* as count');
    expect(Number(audit[0]!.count)).toBeGreaterThanOrEqual(2);
  });

  it('a customer logs in by account number or contract number and lands on the account', async () => {
    const account = await givenAccount(t.db);
    await givenUser(t.db, {
      login: `u${account.number}@example.ru`,
      password: 'Secret123',
      accounts: [account.id],
    });
    for (const login of [account.number, account.contractNumber]) {
      const agent = t.agent();
      await loginAs(agent, login, 'Secret123');
      const home = await agent.get('/cabinet');
      expect(home.status).toBe(302);
      expect(home.headers.location).toBe(`/accounts/${account.number}/summary`);
    }
  });

  it('the session id changes at login', async () => {
    const user = await givenUser(t.db);
    const agent = t.agent();
    const before = await agent.get('/login');
    const sidBefore = String(before.headers['set-cookie']).match(/sid=([^;]+)/)?.[1];
    const res = await submitForm(agent, '/login', { login: user.login, password: user.password });
    const sidAfter = String(res.headers['set-cookie']).match(/sid=([^;]+)/)?.[1];
    expect(sidBefore).toBeTruthy();
    expect(sidAfter).toBeTruthy();
    expect(sidAfter).not.toBe(sidBefore);
  });
});

describe('access', () => {
  it('the cabinet sends an anonymous visitor to the login page', async () => {
    const res = await t.agent().get('/cabinet');
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/login');
  });
});
