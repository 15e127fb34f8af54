// The new-password page without the current password is only for a session that must choose one
// (after a PIN, an SMS password or a temporary password); every change and reset tells the owner.
import { describe, it, expect, beforeEach } from 'vitest';
import { createTestApp, csrfFrom, loginAs, submitForm } from '../../support/app.js';
import { givenAccount, givenUser } from '../../support/builders.js';
import { hashPassword } from '../../../src/platform/passwords.js';
import { clearRateLimits, count, linkIn, lastSentTo, sentTo, STRONG } from '../identity-support.js';

const t = await createTestApp();
beforeEach(() => clearRateLimits(t.db));

const NEW = 'Takeover2026x';

describe('the forced password change', () => {
  it('a signed-in session that need not change its password cannot set one without the current: nothing changes, no session ends', async () => {
    const user = await givenUser(t.db);
    await t.db('users').where({ id: user.id }).update({ phone: '+79121234567' });
    const owner = t.agent();
    await loginAs(owner, user.login, user.password);
    const thief = t.agent();
    await loginAs(thief, user.login, user.password);
    const before = await t.db('users').where({ id: user.id }).first('password_hash');

    expect((await thief.get('/password/new')).status).toBe(303);
    const csrf = await csrfFrom(thief, '/profile');
    const res = await thief
      .post('/password/new')
      .type('form')
      .send({ password: NEW, password_confirm: NEW, _csrf: csrf });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/profile');
    expect(await t.db('users').where({ id: user.id }).first('password_hash')).toEqual(before);
    expect(await count(t.db, 'audit_log', { actor_id: user.id, action: 'password.set' })).toBe(0);
    // the owner is still signed in
    expect((await owner.get('/cabinet')).status).toBe(200);
  });

  it('after a temporary password the new one is set and the owner gets a notice by e-mail', async () => {
    const user = await givenUser(t.db);
    await t.db('users').where({ id: user.id }).update({ must_change_password: true, phone: '+79121234567' });
    const agent = t.agent();
    await loginAs(agent, user.login, user.password);
    const res = await submitForm(agent, '/password/new', { password: NEW, password_confirm: NEW });
    expect(res.status).toBe(302);
    const notice = await lastSentTo(t.db, user.login);
    expect(notice.kind).toBe('password_changed');
    expect(notice.subject).toBe('Пароль изменён');
  });

  it('after a PIN login with no e-mail on record the notice goes by SMS to the phone', async () => {
    const a = await givenAccount(t.db);
    await t
      .db('accounts')
      .where({ id: a.id })
      .update({ pin_hash: await hashPassword('4817') });
    await t.db('customers').where({ id: a.customerId }).update({ birth_date: '1970-05-12', passport: null });
    const agent = t.agent();
    await submitForm(agent, '/login', { login: a.number, password: '4817' });
    expect(
      (await submitForm(agent, '/login/security-question', { answer: '12.05.1970' })).headers.location,
    ).toBe('/password/new');
    await t.db('users').where({ login: a.number }).update({ phone: '+79127654321' });
    expect(
      (await submitForm(agent, '/password/new', { password: STRONG, password_confirm: STRONG })).status,
    ).toBe(302);
    const [sms] = await sentTo(t.db, '+79127654321');
    expect(sms?.channel).toBe('sms');
    expect(sms?.kind).toBe('password_changed');
  });
});

describe('every other password change tells the owner', () => {
  it('a change in the profile and a reset by link each send a notice', async () => {
    const user = await givenUser(t.db);
    await t.db('users').where({ id: user.id }).update({ phone: '+79121234567' });
    const agent = t.agent();
    await loginAs(agent, user.login, user.password);
    expect(
      (
        await submitForm(
          agent,
          '/profile/password',
          { current_password: user.password, password: NEW, password_confirm: NEW },
          '/profile',
        )
      ).status,
    ).toBe(302);
    expect((await lastSentTo(t.db, user.login)).kind).toBe('password_changed');

    await submitForm(t.agent(), '/password/forgot', { email: user.login });
    const link = linkIn((await lastSentTo(t.db, user.login)).body);
    expect((await submitForm(t.agent(), link, { password: STRONG, password_confirm: STRONG })).status).toBe(
      302,
    );
    const kinds = (await sentTo(t.db, user.login)).map((m) => m.kind);
    expect(kinds.filter((k) => k === 'password_changed')).toHaveLength(2);
  });
});
