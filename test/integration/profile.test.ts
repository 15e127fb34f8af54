// The profile (seeds 002, 003): personal data, e-mail change by link, password change with the
// current password, subscriptions, marketing consent, and withdrawal of the personal-data consent.
import { describe, it, expect, beforeEach } from 'vitest';
import { createTestApp, submitForm, loginAs } from '../support/app.js';
import { givenAccount, givenUser } from '../support/builders.js';
import { clearRateLimits, count, lastSentTo, linkIn, sentTo, STRONG } from './identity-support.js';

const t = await createTestApp();

beforeEach(() => clearRateLimits(t.db));

async function signedInPerson() {
  const user = await givenUser(t.db);
  await t.db('users').where({ id: user.id }).update({ customer_kind: 'person', phone: '+79120000000' });
  await t.db('consents').insert([
    { user_id: user.id, kind: 'personal_data', version: 'pd-2026-01' },
    { user_id: user.id, kind: 'user_agreement', version: 'ua-2026-01' },
  ]);
  const agent = t.agent();
  await loginAs(agent, user.login, STRONG);
  return { user, agent };
}

describe('the profile page', () => {
  it('needs a signed-in user', async () => {
    expect((await t.agent().get('/profile')).headers.location).toBe('/login');
  });

  it('shows the saved data, the forms of seeds 002 and 003 and the consents given', async () => {
    const { user, agent } = await signedInPerson();
    const res = await agent.get('/profile');
    expect(res.status).toBe(200);
    expect(res.text).toContain('value="Иванов"');
    expect(res.text).toContain(user.login);
    for (const name of [
      'last_name',
      'first_name',
      'middle_name',
      'gender',
      'birth_date',
      'phone',
      'email',
      'login',
      'current_password',
      'password',
      'password_confirm',
      'bills_email',
      'reading_reminder',
      'debt_notice',
      'marketing',
    ]) {
      expect(res.text, name).toContain(`name="${name}"`);
    }
    expect(res.text).toContain('pd-2026-01');
    expect(res.text).toContain('Отозвать согласие на обработку персональных данных');
  });
});

describe('personal data', () => {
  it('are saved and audited', async () => {
    const { user, agent } = await signedInPerson();
    const res = await submitForm(agent, '/profile', {
      last_name: 'Петрова',
      first_name: 'Мария',
      middle_name: 'Ивановна',
      gender: 'female',
      birth_date: '14.03.1985',
      phone: '+7 (913) 222-33-44',
    });
    expect(res.status).toBe(302);
    expect((await agent.get('/profile')).text).toContain('Данные профиля сохранены');
    expect(await t.db('users').where({ id: user.id }).first()).toMatchObject({
      last_name: 'Петрова',
      middle_name: 'Ивановна',
      gender: 'female',
      birth_date: '1985-03-14',
      phone: '+79132223344',
    });
    expect(await count(t.db, 'audit_log', { actor_id: user.id, action: 'profile.updated' })).toBe(1);
  });

  it('bad input is refused beside the field, typed values kept, nothing saved', async () => {
    const { user, agent } = await signedInPerson();
    const res = await submitForm(agent, '/profile', {
      last_name: '',
      first_name: 'Мария',
      birth_date: '2099-01-01',
      phone: '123',
    });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Введите фамилию');
    expect(res.text).toContain('Проверьте дату рождения');
    expect(res.text).toContain('Введите номер мобильного телефона, например');
    expect(res.text).toContain('value="123"');
    expect((await t.db('users').where({ id: user.id }).first()).last_name).toBe('Иванов');
  });
});

describe('e-mail change', () => {
  it('takes effect only through the link sent to the new address; the old address is told', async () => {
    const { user, agent } = await signedInPerson();
    const next = `new-${user.id}@example.ru`;
    const res = await submitForm(
      agent,
      '/profile/email',
      { email: next, email_current_password: STRONG },
      '/profile',
    );
    expect(res.status).toBe(302);
    expect((await t.db('users').where({ id: user.id }).first()).email).toBe(user.login);
    expect((await agent.get('/profile')).text).toContain(`Ожидает подтверждения: ${next}`);
    expect((await lastSentTo(t.db, user.login)).kind).toBe('email_change_notice');
    const link = linkIn((await lastSentTo(t.db, next)).body);
    expect(link).toMatch(/^\/profile\/email\/confirm\//);
    const confirm = await t.agent().get(link);
    expect(confirm.status).toBe(200);
    const after = await t.db('users').where({ id: user.id }).first();
    expect(after.email).toBe(next);
    expect(after.login).toBe(next);
    await loginAs(t.agent(), next, STRONG);
    expect((await t.agent().get(link)).status).toBe(410);
  });

  it('needs the current password', async () => {
    const { user, agent } = await signedInPerson();
    const res = await submitForm(
      agent,
      '/profile/email',
      { email: `x-${user.id}@example.ru`, email_current_password: 'Wrong1234' },
      '/profile',
    );
    expect(res.status).toBe(400);
    expect(res.text).toContain('Текущий пароль указан неверно');
    expect(res.text).toContain(`value="x-${user.id}@example.ru"`);
    expect(await sentTo(t.db, `x-${user.id}@example.ru`)).toHaveLength(0);
  });

  it('an address of another user is not revealed: the page says the same, the address gets a notice only', async () => {
    const other = await givenUser(t.db);
    const { user, agent } = await signedInPerson();
    const res = await submitForm(
      agent,
      '/profile/email',
      { email: other.login, email_current_password: STRONG },
      '/profile',
    );
    expect(res.status).toBe(302);
    expect((await lastSentTo(t.db, other.login)).kind).toBe('already_registered');
    expect((await t.db('users').where({ id: user.id }).first()).email).toBe(user.login);
  });
});

describe('password change', () => {
  it('needs the right current password, follows the policy, and ends the other sessions only', async () => {
    const { user, agent } = await signedInPerson();
    const other = t.agent();
    await loginAs(other, user.login, STRONG);
    expect((await other.get('/profile')).status).toBe(200);

    const wrong = await submitForm(
      agent,
      '/profile/password',
      { current_password: 'Wrong1234', password: 'Newpass2026', password_confirm: 'Newpass2026' },
      '/profile',
    );
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('Текущий пароль указан неверно');
    expect(wrong.text).not.toContain('Newpass2026');
    const weak = await submitForm(
      agent,
      '/profile/password',
      { current_password: STRONG, password: 'newpass', password_confirm: 'newpass' },
      '/profile',
    );
    expect(weak.text).toContain('Пароль не подходит');

    const ok = await submitForm(
      agent,
      '/profile/password',
      { current_password: STRONG, password: 'Newpass2026', password_confirm: 'Newpass2026' },
      '/profile',
    );
    expect(ok.status).toBe(302);
    expect((await agent.get('/profile')).status).toBe(200);
    expect((await other.get('/profile')).status).toBe(302);
    expect(await t.services.sessions.countFor(user.id)).toBe(1);
    await loginAs(t.agent(), user.login, 'Newpass2026');
    expect((await lastSentTo(t.db, user.login)).kind).toBe('password_changed');
    expect(await count(t.db, 'audit_log', { actor_id: user.id, action: 'password.changed' })).toBe(1);
  });

  it('after 5 wrong current passwords even the right one waits 15 minutes', async () => {
    const { agent } = await signedInPerson();
    for (let i = 0; i < 5; i++) {
      const r = await submitForm(
        agent,
        '/profile/password',
        { current_password: `Wrong${i}aaa`, password: 'Newpass2026', password_confirm: 'Newpass2026' },
        '/profile',
      );
      expect(r.status).toBe(400);
    }
    const right = await submitForm(
      agent,
      '/profile/password',
      { current_password: STRONG, password: 'Newpass2026', password_confirm: 'Newpass2026' },
      '/profile',
    );
    expect(right.status).toBe(429);
    expect(right.text).toContain('Слишком много попыток. Попробуйте через 15 минут');
  });
});

describe('subscriptions and marketing consent', () => {
  it('are saved; the marketing consent is recorded when given and when withdrawn', async () => {
    const { user, agent } = await signedInPerson();
    await submitForm(
      agent,
      '/profile/subscriptions',
      { bills_email: 'on', debt_notice: 'on', marketing: 'on' },
      '/profile',
    );
    expect((await t.db('subscriptions').where({ user_id: user.id }).pluck('kind')).sort()).toEqual([
      'bills_email',
      'debt_notice',
    ]);
    expect((await t.db('users').where({ id: user.id }).first()).marketing_consent).toBe(true);
    expect(
      await t.db('consents').where({ user_id: user.id, kind: 'marketing' }).whereNull('withdrawn_at').first(),
    ).toBeTruthy();
    const page = await agent.get('/profile');
    expect(page.text).toMatch(/name="bills_email" value="on" checked/);
    expect(page.text).not.toMatch(/name="reading_reminder" value="on" checked/);

    await submitForm(agent, '/profile/subscriptions', { reading_reminder: 'on' }, '/profile');
    expect(await t.db('subscriptions').where({ user_id: user.id }).pluck('kind')).toEqual([
      'reading_reminder',
    ]);
    expect((await t.db('users').where({ id: user.id }).first()).marketing_consent).toBe(false);
    expect(
      (await t.db('consents').where({ user_id: user.id, kind: 'marketing' }).first()).withdrawn_at,
    ).not.toBeNull();
  });
});

describe('withdrawing the personal-data consent', () => {
  it('the page explains the consequences before anything happens', async () => {
    const { agent } = await signedInPerson();
    const res = await agent.get('/profile/consent/withdraw');
    expect(res.status).toBe(200);
    expect(res.text).toContain('доступ к личному кабинету будет прекращён сразу');
    expect(res.text).toContain('на основании договора и закона');
  });

  it('needs the password and the explicit confirmation', async () => {
    const { user, agent } = await signedInPerson();
    const res = await submitForm(
      agent,
      '/profile/consent/withdraw',
      { current_password: STRONG },
      '/profile/consent/withdraw',
    );
    expect(res.status).toBe(400);
    expect(res.text).toContain('Подтвердите, что понимаете последствия');
    const wrong = await submitForm(
      agent,
      '/profile/consent/withdraw',
      { current_password: 'Wrong1234', confirm: 'on' },
      '/profile/consent/withdraw',
    );
    expect(wrong.text).toContain('Текущий пароль указан неверно');
    expect((await t.db('users').where({ id: user.id }).first()).status).toBe('active');
  });

  it('records withdrawn_at, blocks the cabinet, ends every session, erases the profile and unlinks the accounts', async () => {
    const account = await givenAccount(t.db);
    const { user, agent } = await signedInPerson();
    await t.db('user_accounts').insert({ user_id: user.id, account_id: account.id, relation: 'owner' });
    await t.db('subscriptions').insert({ user_id: user.id, kind: 'bills_email' });
    const other = t.agent();
    await loginAs(other, user.login, STRONG);

    const res = await submitForm(
      agent,
      '/profile/consent/withdraw',
      { current_password: STRONG, confirm: 'on' },
      '/profile/consent/withdraw',
    );
    expect(res.status).toBe(200);
    expect(res.text).toContain('Доступ к личному кабинету прекращён');
    const after = await t.db('users').where({ id: user.id }).first();
    expect(after).toMatchObject({
      status: 'blocked',
      blocked_reason: 'personal_data_consent_withdrawn',
      email: null,
      phone: null,
      last_name: null,
      first_name: null,
      password_hash: null,
    });
    const consents = await t.db('consents').where({ user_id: user.id });
    expect(consents.length).toBe(2);
    expect(consents.every((c) => c.withdrawn_at !== null)).toBe(true);
    expect(await count(t.db, 'user_accounts', { user_id: user.id })).toBe(0);
    expect(await count(t.db, 'subscriptions', { user_id: user.id })).toBe(0);
    expect(await t.services.sessions.countFor(user.id)).toBe(0);
    expect((await other.get('/profile')).headers.location).toBe('/login');
    expect((await agent.get('/profile')).headers.location).toBe('/login');
    expect((await submitForm(t.agent(), '/login', { login: user.login, password: STRONG })).text).toContain(
      'Неверный логин или пароль',
    );
    expect((await lastSentTo(t.db, user.login)).kind).toBe('consent_withdrawn');
    expect(
      await count(t.db, 'audit_log', { actor_id: user.id, action: 'consent.personal_data_withdrawn' }),
    ).toBe(1);
    // the account and its data stay with the supplier
    expect(await count(t.db, 'accounts', { id: account.id })).toBe(1);
    // the person may register again with the same address
    const again = await submitForm(t.agent(), '/register', {
      email: user.login,
      password: STRONG,
      password_confirm: STRONG,
      last_name: 'Иванов',
      first_name: 'Иван',
      consent: 'on',
      agreement: 'on',
    });
    expect(again.status).toBe(200);
    expect(await t.db('users').where({ email: user.login, status: 'pending' }).first()).toBeTruthy();
  });
});
