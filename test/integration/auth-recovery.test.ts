// Recovery: a reset link by e-mail (seeds 002, 003) and a one-time password by SMS (seed 001).
// Neither tells whether the e-mail or the number exists.
import { describe, it, expect, beforeEach } from 'vitest';
import { createTestApp, submitForm, loginAs } from '../support/app.js';
import { givenAccount, givenUser } from '../support/builders.js';
import { clearRateLimits, count, lastSentTo, linkIn, sentTo, STRONG } from './identity-support.js';

const t = await createTestApp();

beforeEach(() => clearRateLimits(t.db));

const NEW = 'Fresh2026pass';

describe('recovery by e-mail', () => {
  it('a known address gets a single-use link; an unknown one gets the same page and nothing is sent', async () => {
    const user = await givenUser(t.db);
    const known = await submitForm(t.agent(), '/password/forgot', { email: user.login });
    const unknown = await submitForm(t.agent(), '/password/forgot', { email: 'never-registered@example.ru' });
    expect(known.status).toBe(200);
    expect(unknown.status).toBe(200);
    const strip = (s: string) =>
      s
        .replace(/name="_csrf" value="[^"]+"/g, '')
        .replace(/[\w.-]+@example\.ru/g, 'EMAIL')
        .replace(/nonce-[^'"]+|nonce="[^"]+"/g, '');
    expect(strip(known.text)).toBe(strip(unknown.text));
    expect(known.text).toContain('Если адрес');
    expect(await sentTo(t.db, 'never-registered@example.ru')).toHaveLength(0);
    const mail = await lastSentTo(t.db, user.login);
    expect(mail.kind).toBe('reset_password');
    expect(linkIn(mail.body)).toMatch(/^\/password\/reset\/[\w-]{40,}$/);
  });

  it('the link sets a new password, ends every session of the user, and works once', async () => {
    const user = await givenUser(t.db);
    const elsewhere = t.agent();
    await loginAs(elsewhere, user.login, STRONG);
    expect((await elsewhere.get('/profile')).status).toBe(200);
    await submitForm(t.agent(), '/password/forgot', { email: user.login });
    const link = linkIn((await lastSentTo(t.db, user.login)).body);
    const agent = t.agent();
    const form = await agent.get(link);
    expect(form.status).toBe(200);
    expect(form.text).toContain('Не менее 8 знаков');
    const weak = await submitForm(agent, link, { password: 'short', password_confirm: 'short' });
    expect(weak.status).toBe(400);
    expect(weak.text).toContain('Пароль не подходит');
    const ok = await submitForm(agent, link, { password: NEW, password_confirm: NEW });
    expect(ok.status).toBe(302);
    expect(ok.headers.location).toBe('/login');
    expect((await elsewhere.get('/profile')).status).toBe(302);
    expect((await submitForm(t.agent(), '/login', { login: user.login, password: STRONG })).text).toContain(
      'Неверный логин или пароль',
    );
    await loginAs(t.agent(), user.login, NEW);
    expect((await t.agent().get(link)).status).toBe(410);
    expect(await count(t.db, 'audit_log', { actor_id: user.id, action: 'password.reset' })).toBe(1);
    expect((await lastSentTo(t.db, user.login)).kind).toBe('password_changed');
  });

  it('an expired link is refused and nothing changes', async () => {
    const user = await givenUser(t.db);
    await submitForm(t.agent(), '/password/forgot', { email: user.login });
    const link = linkIn((await lastSentTo(t.db, user.login)).body);
    await t
      .db('tokens')
      .where({ user_id: user.id, kind: 'reset_password' })
      .update({ expires_at: new Date(t.clock.now().getTime() - 1) });
    const res = await t.agent().get(link);
    expect(res.status).toBe(410);
    expect(res.text).toContain('устарела или уже использована');
    const post = await submitForm(
      t.agent(),
      link,
      { password: NEW, password_confirm: NEW },
      '/password/forgot',
    );
    expect(post.status).toBe(410);
    await loginAs(t.agent(), user.login, STRONG);
  });

  it('a newer link replaces the older one', async () => {
    const user = await givenUser(t.db);
    await submitForm(t.agent(), '/password/forgot', { email: user.login });
    const first = linkIn((await lastSentTo(t.db, user.login)).body);
    await submitForm(t.agent(), '/password/forgot', { email: user.login });
    const second = linkIn((await lastSentTo(t.db, user.login)).body);
    expect((await t.agent().get(first)).status).toBe(410);
    expect((await t.agent().get(second)).status).toBe(200);
  });

  it('a malformed address is refused beside the field', async () => {
    const res = await submitForm(t.agent(), '/password/forgot', { email: 'nope' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Введите адрес электронной почты');
    expect(res.text).toContain('value="nope"');
  });

  it('the same address may ask 3 times an hour, known or not', async () => {
    const user = await givenUser(t.db);
    for (const email of [user.login, 'ghost-recovery@example.ru']) {
      for (let i = 0; i < 3; i++)
        expect((await submitForm(t.agent(), '/password/forgot', { email })).status).toBe(200);
      const res = await submitForm(t.agent(), '/password/forgot', { email });
      expect(res.status).toBe(429);
      expect(res.text).toContain('Слишком много попыток. Попробуйте через 60 минут');
    }
    expect(await sentTo(t.db, user.login)).toHaveLength(3);
  });

  it('one IP may ask 10 times an hour', async () => {
    for (let i = 0; i < 10; i++)
      await submitForm(t.agent(), '/password/forgot', { email: `ip-${i}@example.ru` });
    const res = await submitForm(t.agent(), '/password/forgot', { email: 'ip-last@example.ru' });
    expect(res.status).toBe(429);
  });
});

describe('one-time password by SMS (seed 001)', () => {
  async function givenPerson() {
    const a = await givenAccount(t.db);
    await t
      .db('customers')
      .where({ id: a.customerId })
      .update({ phone: '+79121234567', birth_date: '1970-05-12' });
    return a;
  }
  const form = (number: string, over: Record<string, string> = {}) => ({
    account_number: number,
    last_name: 'иванов',
    first_name: 'Иван',
    middle_name: 'Иванович',
    birth_date: '12.05.1970',
    phone: '8 912 123-45-67',
    ...over,
  });

  it('matching data send an 8-digit password to the phone on record; it opens the cabinet once and asks for a new password', async () => {
    const a = await givenPerson();
    const res = await submitForm(t.agent(), '/password/sms', form(a.number));
    expect(res.status).toBe(200);
    expect(res.text).toContain('Если данные совпадают');
    const sms = await lastSentTo(t.db, '+79121234567');
    expect(sms.channel).toBe('sms');
    const code = /(\d{8})/.exec(sms.body)![1]!;
    const agent = t.agent();
    const login = await submitForm(agent, '/login', { login: a.number, password: code });
    expect(login.status).toBe(302);
    expect(login.headers.location).toBe('/password/new');
    const user = await t.db('users').where({ login: a.number }).first();
    expect(user.must_change_password).toBe(true);
    expect(await count(t.db, 'tokens', { token_hash: code })).toBe(0);
    await submitForm(agent, '/password/new', { password: NEW, password_confirm: NEW });
    expect((await submitForm(t.agent(), '/login', { login: a.number, password: code })).text).toContain(
      'Неверный логин или пароль',
    );
    await loginAs(t.agent(), a.number, NEW);
  });

  it('the password expires after an hour', async () => {
    const a = await givenPerson();
    await submitForm(t.agent(), '/password/sms', form(a.number));
    const code = /(\d{8})/.exec((await lastSentTo(t.db, '+79121234567')).body)![1]!;
    await t
      .db('tokens')
      .where({ kind: 'otp' })
      .update({ expires_at: new Date(t.clock.now().getTime() - 1) });
    expect((await submitForm(t.agent(), '/login', { login: a.number, password: code })).text).toContain(
      'Неверный логин или пароль',
    );
  });

  const mismatches: [string, Record<string, string>][] = [
    ['another surname', { last_name: 'Петров' }],
    ['another birth date', { birth_date: '13.05.1970' }],
    ['another phone', { phone: '+7 999 000-00-00' }],
    ['no middle name where the contract has one', { middle_name: '' }],
  ];
  for (const [what, over] of mismatches) {
    it(`${what}: the same answer, and no SMS is sent`, async () => {
      const a = await givenPerson();
      const before = await count(t.db, 'outbox', { channel: 'sms' });
      const res = await submitForm(t.agent(), '/password/sms', form(a.number, over));
      expect(res.status).toBe(200);
      expect(res.text).toContain('Если данные совпадают');
      expect(await count(t.db, 'outbox', { channel: 'sms' })).toBe(before);
    });
  }

  it('an unknown number gets the same answer', async () => {
    const res = await submitForm(t.agent(), '/password/sms', form('123456789000'));
    expect(res.status).toBe(200);
    expect(res.text).toContain('Если данные совпадают');
  });

  it('empty fields are refused beside each field, input kept', async () => {
    const res = await submitForm(t.agent(), '/password/sms', {
      account_number: '110000001',
      last_name: '',
      first_name: '',
      birth_date: '',
      phone: '',
    });
    expect(res.status).toBe(400);
    for (const f of ['last_name', 'first_name', 'birth_date', 'phone'])
      expect(res.text).toContain(`href="#field-${f}"`);
    expect(res.text).toContain('value="110000001"');
  });

  it('one number may ask 3 times an hour', async () => {
    const a = await givenPerson();
    const before = (await sentTo(t.db, '+79121234567')).length;
    for (let i = 0; i < 3; i++)
      expect((await submitForm(t.agent(), '/password/sms', form(a.number))).status).toBe(200);
    const res = await submitForm(t.agent(), '/password/sms', form(a.number));
    expect(res.status).toBe(429);
    expect(res.text).toContain('Слишком много попыток');
    expect(await sentTo(t.db, '+79121234567')).toHaveLength(before + 3);
  });
});
