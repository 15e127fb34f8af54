// Two-factor login: an authenticator app turned on and off in the profile, the code step after the
// password, recovery codes that work once, and the limit counted before each code is checked.
import { describe, it, expect, beforeEach } from 'vitest';
import { generate, generateSecret } from 'otplib';
import type TestAgent from 'supertest/lib/agent.js';
import { createTestApp, csrfFrom, loginAs, submitForm } from '../support/app.js';
import { givenAccount, givenUser } from '../support/builders.js';
import { hashPassword } from '../../src/platform/passwords.js';
import { LIMITS } from '../../src/platform/rateLimit.js';
import { recoveryCodeHash } from '../../src/features/auth/twoFactor.js';
import { clearRateLimits, count, lastSentTo } from './identity-support.js';
import { audited, burst, forgetIpBudgets } from './security/support.js';

const t = await createTestApp();
beforeEach(() => clearRateLimits(t.db));

const CODE_PAGE = '/login/code';
const SETUP = '/profile/two-factor';
const nowSec = () => Math.floor(Date.now() / 1000);

/** The code the app shows now (`stepsAhead` 30-second steps later). */
const codeFor = (secret: string, stepsAhead = 0) => generate({ secret, epoch: nowSec() + 30 * stepsAhead });

/** Six digits no app would show for this secret around now. */
async function wrongCodeFor(secret: string): Promise<string> {
  const near = new Set(await Promise.all([-1, 0, 1, 2].map((s) => codeFor(secret, s))));
  for (let n = 0; ; n++) {
    const c = String(n * 7919)
      .padStart(6, '0')
      .slice(-6);
    if (!near.has(c)) return c;
  }
}

const RECOVERY = ['1111-2222-3333-4444', 'aaaa-bbbb-cccc-dddd'];

/** A customer whose authenticator app is on, with two known recovery codes. */
async function givenTwoFactorUser(role: 'customer' | 'support' = 'customer') {
  const user = await givenUser(t.db, { role });
  const secret = generateSecret();
  await t.db('users').where({ id: user.id }).update({ totp_secret: secret, totp_enabled_at: t.db.fn.now() });
  await t
    .db('recovery_codes')
    .insert(RECOVERY.map((c) => ({ user_id: user.id, code_hash: recoveryCodeHash(c) })));
  return { ...user, secret };
}

async function passwordStep(agent: TestAgent, user: { login: string; password: string }) {
  const res = await submitForm(agent, '/login', { login: user.login, password: user.password });
  expect(res.status).toBe(302);
  expect(res.headers.location).toBe(CODE_PAGE);
}

const secretOnPage = (html: string) =>
  /<code class="secret">([A-Z2-7 ]+)<\/code>/.exec(html)![1]!.replace(/ /g, '');

describe('turning the authenticator app on in the profile', () => {
  it('a wrong confirmation code is refused beside the field and nothing is stored; the right one shows 10 recovery codes once', async () => {
    const user = await givenUser(t.db);
    const agent = t.agent();
    await loginAs(agent, user.login, user.password);
    const page = await agent.get(SETUP);
    expect(page.status).toBe(200);
    expect(page.text).toContain('src="data:image/png;base64,');
    const secret = secretOnPage(page.text);
    // the same secret while the page is reloaded: the QR scanned a minute ago stays valid
    expect(secretOnPage((await agent.get(SETUP)).text)).toBe(secret);

    const wrong = await submitForm(
      agent,
      '/profile/two-factor/enable',
      { code: await wrongCodeFor(secret) },
      SETUP,
    );
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('Код не подошёл');
    expect(wrong.text).toMatch(/<title>Ошибка:/);
    expect(wrong.text).toMatch(/id="field-code"[^>]*value=""/);
    let row = await t.db('users').where({ id: user.id }).first();
    expect(row.totp_secret).toBeNull();
    expect(row.totp_enabled_at).toBeNull();
    expect(await count(t.db, 'recovery_codes', { user_id: user.id })).toBe(0);

    const right = await submitForm(
      agent,
      '/profile/two-factor/enable',
      { code: await codeFor(secret) },
      SETUP,
    );
    expect(right.status).toBe(200);
    const codes = [...right.text.matchAll(/<li><code>([0-9a-f-]{19})<\/code><\/li>/g)].map((m) => m[1]!);
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    row = await t.db('users').where({ id: user.id }).first();
    expect(row.totp_secret).toBe(secret);
    expect(row.totp_enabled_at).not.toBeNull();
    const stored = await t.db('recovery_codes').where({ user_id: user.id }).pluck('code_hash');
    expect(stored.sort()).toEqual(codes.map(recoveryCodeHash).sort());
    expect(stored).not.toContain(codes[0]);
    expect(await count(t.db, 'audit_log', { actor_id: user.id, action: 'totp.enabled' })).toBe(1);
    expect(await count(t.db, 'audit_log', { actor_id: user.id, action: 'totp.enable_failed' })).toBe(1);
    expect((await lastSentTo(t.db, user.login)).kind).toBe('two_factor_enabled');
    // never shown again
    const after = await agent.get(SETUP);
    expect(after.text).toContain('включён');
    expect(after.text).not.toContain(codes[0]);
    expect((await agent.get('/profile')).text).toContain('Вход с кодом из приложения');
  });
});

describe('guessing the confirmation code', () => {
  it(`20 parallel wrong codes: at most ${LIMITS.totpPerUser.points} are checked and nothing is stored`, async () => {
    const user = await givenUser(t.db);
    const agent = t.agent();
    await loginAs(agent, user.login, user.password);
    const secret = secretOnPage((await agent.get(SETUP)).text);
    const csrf = await csrfFrom(agent, SETUP);
    const wrong = await wrongCodeFor(secret);
    const res = await burst(20, () =>
      agent.post('/profile/two-factor/enable').type('form').send({ code: wrong, _csrf: csrf }),
    );
    expect(await audited(t.db, 'totp.enable_failed', { actor_id: user.id })).toBeLessThanOrEqual(
      LIMITS.totpPerUser.points,
    );
    expect(res.some((r) => r.status === 429)).toBe(true);
    await forgetIpBudgets(t.db);
    const right = await submitForm(
      agent,
      '/profile/two-factor/enable',
      { code: await codeFor(secret) },
      SETUP,
    );
    expect(right.status).toBe(429);
    expect((await t.db('users').where({ id: user.id }).first()).totp_secret).toBeNull();
  });
});

describe('signing in with the app on', () => {
  it('the password alone does not sign in; a wrong code is refused with the message; the right one signs in once', async () => {
    const user = await givenTwoFactorUser();
    const agent = t.agent();
    await passwordStep(agent, user);
    expect((await agent.get('/profile')).headers.location).toBe('/login');
    // the code step keeps the person there
    await passwordStep(agent, user);

    const wrong = await submitForm(agent, CODE_PAGE, { code: await wrongCodeFor(user.secret) });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('Код не подошёл');
    expect(wrong.text).toMatch(/id="field-code"[^>]*value=""/);
    expect((await agent.get('/profile')).status).toBe(302);

    const code = await codeFor(user.secret);
    const right = await submitForm(agent, CODE_PAGE, { code });
    expect(right.status).toBe(302);
    // to the page that sent the person to /login
    expect(right.headers.location).toBe('/profile');
    expect((await agent.get('/profile')).status).toBe(200);
    expect(await count(t.db, 'audit_log', { actor_id: user.id, action: 'login.totp_succeeded' })).toBe(1);
    // the password steps are not logged as sign-ins: only the code step is
    expect(await count(t.db, 'audit_log', { actor_id: user.id, action: 'login.password_accepted' })).toBe(2);
    expect(await count(t.db, 'audit_log', { actor_id: user.id, action: 'login.succeeded' })).toBe(0);
    expect(await count(t.db, 'audit_log', { actor_id: user.id, action: 'login.totp_failed' })).toBe(1);

    // the same code seen once (over a shoulder) does not open a second session
    const thief = t.agent();
    await passwordStep(thief, user);
    expect((await submitForm(thief, CODE_PAGE, { code })).status).toBe(400);
    expect((await thief.get('/profile')).status).toBe(302);
  });

  it('a PIN from the bill and the right answer stand for the password: the code is still asked', async () => {
    const account = await givenAccount(t.db);
    await t
      .db('accounts')
      .where({ id: account.id })
      .update({ pin_hash: await hashPassword('4817') });
    await t
      .db('customers')
      .where({ id: account.customerId })
      .update({ birth_date: '1970-05-12', passport: null });
    const user = await givenTwoFactorUser();
    await t.db('user_accounts').insert({ user_id: user.id, account_id: account.id, relation: 'owner' });
    const agent = t.agent();
    expect(
      (await submitForm(agent, '/login', { login: account.number, password: '4817' })).headers.location,
    ).toBe('/login/security-question');
    const answered = await submitForm(agent, '/login/security-question', { answer: '12.05.1970' });
    expect(answered.headers.location).toBe(CODE_PAGE);
    expect((await agent.get('/profile')).headers.location).toBe('/login');
    const right = await submitForm(agent, CODE_PAGE, { code: RECOVERY[0]! });
    expect(right.headers.location).toBe('/password/new');
  });

  it('the code page without a right password first sends the person to /login', async () => {
    const agent = t.agent();
    expect((await agent.get(CODE_PAGE)).headers.location).toBe('/login');
    const csrf = await csrfFrom(agent, '/login');
    expect(
      (await agent.post(CODE_PAGE).type('form').send({ code: '123456', _csrf: csrf })).headers.location,
    ).toBe('/login');
  });

  it('a recovery code opens the cabinet once, and the owner is told by mail', async () => {
    const user = await givenTwoFactorUser();
    const first = t.agent();
    await passwordStep(first, user);
    const res = await submitForm(first, CODE_PAGE, { code: RECOVERY[1]!.toUpperCase() });
    expect(res.status).toBe(302);
    expect((await first.get('/profile')).status).toBe(200);
    const mail = await lastSentTo(t.db, user.login);
    expect(mail.kind).toBe('recovery_code_used');
    expect(mail.body).toContain('осталось: 1');

    const again = t.agent();
    await passwordStep(again, user);
    const reused = await submitForm(again, CODE_PAGE, { code: RECOVERY[1]! });
    expect(reused.status).toBe(400);
    expect(reused.text).toContain('Код не подошёл');
    expect((await again.get('/profile')).status).toBe(302);
    // the other code still works
    expect((await submitForm(again, CODE_PAGE, { code: RECOVERY[0]! })).status).toBe(302);
  });

  it(`20 parallel wrong codes: at most ${LIMITS.totpPerUser.points} are checked, then the right code is refused too`, async () => {
    const user = await givenTwoFactorUser();
    const agent = t.agent();
    await passwordStep(agent, user);
    const csrf = await csrfFrom(agent, CODE_PAGE);
    const wrong = await wrongCodeFor(user.secret);
    const res = await burst(20, () => agent.post(CODE_PAGE).type('form').send({ code: wrong, _csrf: csrf }));
    expect(await audited(t.db, 'login.totp_failed', { actor_id: user.id })).toBeLessThanOrEqual(
      LIMITS.totpPerUser.points,
    );
    expect(res.some((r) => r.status === 429)).toBe(true);
    expect(res.filter((r) => r.status === 429)[0]!.text).toContain('Слишком много попыток');

    await forgetIpBudgets(t.db);
    const again = t.agent();
    await passwordStep(again, user);
    const right = await submitForm(again, CODE_PAGE, { code: await codeFor(user.secret) });
    expect(right.status).toBe(429);
    expect((await again.get('/profile')).status).toBe(302);
  });
});

describe('turning the app off', () => {
  it('a wrong password is refused and the app stays on; the right password turns it off and the owner is told', async () => {
    const user = await givenTwoFactorUser();
    const agent = t.agent();
    await passwordStep(agent, user);
    expect((await submitForm(agent, CODE_PAGE, { code: RECOVERY[0]! })).status).toBe(302);

    const wrong = await submitForm(
      agent,
      '/profile/two-factor/disable',
      { code: '', password: 'not-my-password' },
      SETUP,
    );
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('Текущий пароль указан неверно');
    const empty = await submitForm(agent, '/profile/two-factor/disable', { code: '', password: '' }, SETUP);
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('Введите код из приложения или текущий пароль');
    expect((await t.db('users').where({ id: user.id }).first()).totp_secret).toBe(user.secret);

    const off = await submitForm(
      agent,
      '/profile/two-factor/disable',
      { code: '', password: user.password },
      SETUP,
    );
    expect(off.status).toBe(302);
    expect(off.headers.location).toBe('/profile');
    const row = await t.db('users').where({ id: user.id }).first();
    expect(row.totp_secret).toBeNull();
    expect(row.totp_enabled_at).toBeNull();
    expect(await count(t.db, 'recovery_codes', { user_id: user.id })).toBe(0);
    expect(await count(t.db, 'audit_log', { actor_id: user.id, action: 'totp.disabled' })).toBe(1);
    expect((await lastSentTo(t.db, user.login)).kind).toBe('two_factor_disabled');
    // the password alone signs in again
    const next = t.agent();
    await loginAs(next, user.login, user.password);
    expect((await next.get('/profile')).status).toBe(200);
  });

  it('a current code from the app turns it off too', async () => {
    const user = await givenTwoFactorUser();
    const agent = t.agent();
    await passwordStep(agent, user);
    expect((await submitForm(agent, CODE_PAGE, { code: RECOVERY[0]! })).status).toBe(302);
    const off = await submitForm(
      agent,
      '/profile/two-factor/disable',
      { code: await codeFor(user.secret) },
      SETUP,
    );
    expect(off.status).toBe(302);
    expect((await t.db('users').where({ id: user.id }).first()).totp_enabled_at).toBeNull();
  });
});

describe('staff outside production', () => {
  it('may sign in with the password alone (the demo logins)', async () => {
    const support = await givenUser(t.db, { role: 'support' });
    const agent = t.agent();
    await loginAs(agent, support.login, support.password);
    expect((await agent.get('/support')).status).toBe(200);
  });
});
