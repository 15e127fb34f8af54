// Staff in production: support and admin without an authenticator app are sent to turn it on and
// reach nothing else until they have; once on, the code is asked at every login and cannot be turned off.
import { describe, it, expect } from 'vitest';
import { generate } from 'otplib';
import { createTestApp, loginAs, submitForm } from '../support/app.js';
import { givenAccount, givenUser } from '../support/builders.js';
import { clearRateLimits } from './identity-support.js';

const t = await createTestApp({
  env: { NODE_ENV: 'production', CAPTCHA: 'on', SESSION_SECRET: 'x'.repeat(40) },
});

const SETUP = '/profile/two-factor';
const secretOnPage = (html: string) =>
  /<code class="secret">([A-Z2-7 ]+)<\/code>/.exec(html)![1]!.replace(/ /g, '');

describe('staff in production', () => {
  for (const role of ['support', 'admin'] as const) {
    it(`${role} without the app is sent to turn it on, reaches nothing else, and after it needs the code to sign in`, async () => {
      await clearRateLimits(t.db);
      const account = await givenAccount(t.db);
      const staff = await givenUser(t.db, { role });
      const agent = t.agent();
      await loginAs(agent, staff.login, staff.password);
      for (const url of ['/cabinet', `/accounts/${account.number}`, '/profile', '/admin/billing']) {
        const res = await agent.get(url);
        expect(res.status, url).toBe(302);
        expect(res.headers.location, url).toBe(SETUP);
      }
      const page = await agent.get(SETUP);
      expect(page.status).toBe(200);
      expect(page.text).toContain('Сотрудникам вход без кода из приложения не разрешён');
      const secret = secretOnPage(page.text);
      const on = await submitForm(
        agent,
        '/profile/two-factor/enable',
        { code: await generate({ secret }) },
        SETUP,
      );
      expect(on.status).toBe(200);
      expect(on.text).toContain('Коды восстановления');
      expect((await agent.get('/support')).status).toBe(200);

      // it cannot be turned off, not even with the password
      const off = await submitForm(agent, '/profile/two-factor/disable', { password: staff.password }, SETUP);
      expect(off.headers.location).toBe(SETUP);
      expect((await t.db('users').where({ id: staff.id }).first()).totp_enabled_at).not.toBeNull();

      // the next login asks for the code
      const next = t.agent();
      const res = await submitForm(next, '/login', { login: staff.login, password: staff.password });
      expect(res.headers.location).toBe('/login/code');
      expect((await next.get(`/accounts/${account.number}`)).headers.location).toBe('/login');
    });
  }

  it('a customer in production is not asked to turn the app on', async () => {
    const customer = await givenUser(t.db);
    const agent = t.agent();
    await loginAs(agent, customer.login, customer.password);
    expect((await agent.get('/profile')).status).toBe(200);
  });
});
