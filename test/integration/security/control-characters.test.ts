// NUL and other control characters, and arrays where text belongs: refused beside the field in
// Russian, the form kept, never a 500 (PostgreSQL refuses 0x00 in text) and never zod's English.
import { describe, it, expect, beforeEach } from 'vitest';
import { createTestApp, csrfFrom, loginAs, submitForm } from '../../support/app.js';
import { givenAccount, givenUser } from '../../support/builders.js';
import { CONTROL_CHARS_TEXT } from '../../../src/platform/validation.js';
import { clearRateLimits, count } from '../identity-support.js';

const t = await createTestApp({ env: { NODE_ENV: 'development' } });
beforeEach(() => clearRateLimits(t.db));

// zod's default texts ("Invalid input: expected string, received array", "Too big: …")
const ENGLISH = /Invalid|expected|received|Too big|Too small/;

const residential = (over: Record<string, string | string[]>) => ({
  email: `nul-${Date.now()}@example.ru`,
  password: 'Secret123',
  password_confirm: 'Secret123',
  last_name: 'Иванов',
  first_name: 'Иван',
  consent: 'on',
  agreement: 'on',
  ...over,
});

describe('control characters in form fields', () => {
  it('a NUL in a name at registration is refused beside that field, the other values kept, nothing stored', async () => {
    const res = await submitForm(
      t.agent(),
      '/register',
      residential({ last_name: 'Ива\u0000нов', first_name: 'Пётр' }),
    );
    expect(res.status).toBe(400);
    expect(res.text).toContain(
      `id="field-last_name-error"><span class="visually-hidden">Ошибка:</span> ${CONTROL_CHARS_TEXT}`,
    );
    expect(res.text).toContain('value="Пётр"');
    expect(res.text).not.toMatch(ENGLISH);
    expect(await count(t.db, 'users', { first_name: 'Пётр' })).toBe(0);
  });

  for (const ch of ['\u0000', '\u0007', '\u001b', '\u007f', '\u0085']) {
    it(`U+${ch.codePointAt(0)!.toString(16).padStart(4, '0')} in the login field is refused with the Russian message, no 500`, async () => {
      const res = await submitForm(t.agent(), '/login', {
        login: `user${ch}@example.ru`,
        password: 'Secret123',
      });
      expect(res.status).toBe(400);
      expect(res.text).toContain(CONTROL_CHARS_TEXT);
    });
  }

  it('a NUL in the account number of the connect form and in a profile name: refused, nothing changes', async () => {
    const a = await givenAccount(t.db);
    const user = await givenUser(t.db, { accounts: [a.id] });
    await t.db('users').where({ id: user.id }).update({ phone: '+79121234567' });
    const agent = t.agent();
    await loginAs(agent, user.login, user.password);
    const connect = await submitForm(agent, '/cabinet/accounts/connect', {
      account_number: '123\u00004567',
      relation: 'owner',
    });
    expect(connect.status).toBe(400);
    expect(connect.text).toContain(CONTROL_CHARS_TEXT);
    const profile = await submitForm(agent, '/profile', {
      last_name: 'Пе\u0000тров',
      first_name: 'Пётр',
      phone: '+79121234567',
    });
    expect(profile.status).toBe(400);
    expect(profile.text).toContain(CONTROL_CHARS_TEXT);
    expect((await t.db('users').where({ id: user.id }).first()).last_name).toBe('Иванов');
  });
});

describe('arrays and objects where text belongs', () => {
  it("are refused in Russian, never with zod's English text", async () => {
    const agent = t.agent();
    const csrf = await csrfFrom(agent, '/login');
    const res = await agent
      .post('/login')
      .type('form')
      .send(`login=a&login=b&password[x]=1&_csrf=${encodeURIComponent(csrf)}`);
    expect(res.status).toBe(400);
    expect(res.text).not.toMatch(ENGLISH);
    expect(res.text).toContain('Исправьте ошибки');
  });
});

describe('control characters in the address', () => {
  it('a NUL in a path or a query names no page: 404, not 500 with the SQL and the stack', async () => {
    const a = await givenAccount(t.db);
    const user = await givenUser(t.db, { accounts: [a.id] });
    await t.db('users').where({ id: user.id }).update({ phone: '+79121234567' });
    const agent = t.agent();
    await loginAs(agent, user.login, user.password);
    for (const path of [
      '/accounts/%00',
      `/accounts/${a.number}%00/bills`,
      '/password/reset/%00',
      '/register/confirm/ab%00cd',
      `/accounts/${a.number}/payments?from=2026-01-01%00`,
    ]) {
      const res = await agent.get(path);
      expect(res.status, path).toBe(404);
      expect(res.text, path).not.toContain('at ');
    }
  });
});

describe('parallel registrations with one e-mail', () => {
  it('store one user and every request gets the usual page', async () => {
    const email = `race-${Date.now()}@example.ru`;
    const agents = [];
    for (let i = 0; i < 10; i++) {
      const agent = t.agent();
      agents.push({ agent, csrf: await csrfFrom(agent, '/register') });
    }
    const res = await Promise.all(
      agents.map(({ agent, csrf }) =>
        agent
          .post('/register')
          .type('form')
          .send({ ...residential({ email }), _csrf: csrf }),
      ),
    );
    // the address's registration budget (5 an hour) refuses the rest of the burst; none fails
    expect(res.map((r) => r.status).filter((s) => s !== 200 && s !== 429)).toEqual([]);
    const served = res.filter((r) => r.status === 200);
    expect(served.length).toBeGreaterThan(1);
    for (const r of served) expect(r.text).toContain('Подтвердите e-mail');
    expect(await count(t.db, 'users', { email })).toBe(1);
  });
});
