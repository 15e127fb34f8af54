// Residential registration (seed 002): the form, the confirmation e-mail, its single-use expiring link, re-sending it.
import { describe, it, expect, beforeEach } from 'vitest';
import { createTestApp, submitForm, loginAs } from '../support/app.js';
import { clearRateLimits, count, lastSentTo, linkIn, sentTo, STRONG } from './identity-support.js';

const t = await createTestApp();

beforeEach(() => clearRateLimits(t.db));

let seq = 0;
const newEmail = () => `person${++seq}-${Date.now()}@example.ru`;

function form(over: Record<string, string> = {}) {
  return {
    phone: '+7 912 345-67-89',
    email: newEmail(),
    password: STRONG,
    password_confirm: STRONG,
    last_name: 'Малашта',
    first_name: 'Анна',
    middle_name: 'Сергеевна',
    birth_date: '1985-03-14',
    gender: 'female',
    consent: 'on',
    agreement: 'on',
    ...over,
  };
}

describe('the registration form', () => {
  it('shows every field of seed 002, the password rule beside the password and separate consents', async () => {
    const res = await t.agent().get('/register');
    expect(res.status).toBe(200);
    for (const name of [
      'phone',
      'email',
      'password',
      'password_confirm',
      'last_name',
      'first_name',
      'middle_name',
      'birth_date',
      'gender',
      'consent',
      'agreement',
    ]) {
      expect(res.text).toContain(`name="${name}"`);
    }
    expect(res.text).toContain(
      'Не менее 8 знаков, включая цифры, большие и маленькие буквы латинского алфавита',
    );
    expect(res.text).toContain('согласие на обработку моих персональных данных');
    expect(res.text).toContain('пользовательское соглашение');
  });

  it('with the captcha switched off (CAPTCHA=off) no widget is shown', async () => {
    const res = await t.agent().get('/register');
    expect(res.text).not.toContain('altcha-widget');
  });
});

describe('registering', () => {
  it('creates a pending user with both consents and mails a confirmation link; the login waits for it', async () => {
    const f = form();
    const res = await submitForm(t.agent(), '/register', f);
    expect(res.status).toBe(200);
    expect(res.text).toContain('Подтвердите e-mail');
    expect(res.text).toContain(f.email);
    const user = await t.db('users').where({ email: f.email }).first();
    expect(user).toMatchObject({
      login: f.email,
      status: 'pending',
      phone: '+79123456789',
      last_name: 'Малашта',
      birth_date: '1985-03-14',
      gender: 'female',
      customer_kind: 'person',
    });
    expect(user.password_hash).toMatch(/^\$argon2id\$/);
    const consents = await t.db('consents').where({ user_id: user.id }).orderBy('kind');
    expect(consents.map((c) => c.kind)).toEqual(['personal_data', 'user_agreement']);
    expect(consents.every((c) => c.version && c.given_at && !c.withdrawn_at)).toBe(true);
    const mail = await lastSentTo(t.db, f.email);
    expect(mail).toMatchObject({ channel: 'email', kind: 'confirm_email', status: 'pending' });
    expect(mail.body).toMatch(/\/register\/confirm\/[\w-]{40,}/);
    // the token is kept only as its hash
    const token = linkIn(mail.body).split('/').pop()!;
    expect(await count(t.db, 'tokens', { token_hash: token })).toBe(0);
    expect(await count(t.db, 'tokens', { user_id: user.id, kind: 'confirm_email' })).toBe(1);

    const before = await submitForm(t.agent(), '/login', { login: f.email, password: STRONG });
    expect(before.status).toBe(400);
    expect(before.text).toContain('Учётная запись не подтверждена');
    const audit = await count(t.db, 'audit_log', { actor_id: user.id, action: 'registration.created' });
    expect(audit).toBe(1);
  });

  it('the link confirms once; then the person logs in, and the link does not work a second time', async () => {
    const f = form();
    await submitForm(t.agent(), '/register', f);
    const link = linkIn((await lastSentTo(t.db, f.email)).body);
    const confirm = await t.agent().get(link);
    expect(confirm.status).toBe(200);
    expect(confirm.text).toContain('Регистрация подтверждена');
    const user = await t.db('users').where({ email: f.email }).first();
    expect(user.status).toBe('active');
    expect(user.email_verified_at).not.toBeNull();
    const again = await t.agent().get(link);
    expect(again.status).toBe(410);
    expect(again.text).toContain('Ссылка недействительна');
    const agent = t.agent();
    await loginAs(agent, f.email, STRONG);
    const cabinet = await agent.get('/cabinet');
    expect(cabinet.status).toBe(200);
  });

  it('a link older than 24 hours has expired: the page offers to send a new one, which replaces it', async () => {
    const f = form();
    await submitForm(t.agent(), '/register', f);
    const link = linkIn((await lastSentTo(t.db, f.email)).body);
    const user = await t.db('users').where({ email: f.email }).first();
    const now = t.clock.now().getTime();
    await t
      .db('tokens')
      .where({ user_id: user.id })
      .update({ expires_at: new Date(now - 1000) });
    const res = await t.agent().get(link);
    expect(res.status).toBe(410);
    expect(res.text).toContain('Срок действия ссылки истёк');
    expect(res.text).toContain('/register/resend');
    expect((await t.db('users').where({ id: user.id }).first()).status).toBe('pending');

    const resent = await submitForm(t.agent(), '/register/resend', { email: f.email });
    expect(resent.status).toBe(200);
    const newLink = linkIn((await lastSentTo(t.db, f.email)).body);
    expect(newLink).not.toBe(link);
    expect((await t.agent().get(newLink)).status).toBe(200);
    expect((await t.db('users').where({ id: user.id }).first()).status).toBe('active');
  });

  it('the confirmation link is issued for exactly 24 hours', async () => {
    const f = form();
    await submitForm(t.agent(), '/register', f);
    const user = await t.db('users').where({ email: f.email }).first();
    const token = await t.db('tokens').where({ user_id: user.id }).first();
    expect(token.expires_at.getTime() - t.clock.now().getTime()).toBe(24 * 60 * 60 * 1000);
  });

  it('re-sending for an unknown or already confirmed address says the same and sends nothing', async () => {
    const unknown = newEmail();
    const res = await submitForm(t.agent(), '/register/resend', { email: unknown });
    expect(res.status).toBe(200);
    expect(res.text).toContain('отправлено письмо');
    expect(await sentTo(t.db, unknown)).toHaveLength(0);
  });

  it('an address already registered gets the same page; its owner gets a notice and nothing else changes', async () => {
    const f = form();
    await submitForm(t.agent(), '/register', f);
    await t.agent().get(linkIn((await lastSentTo(t.db, f.email)).body));
    const users = await count(t.db, 'users');
    const second = await submitForm(t.agent(), '/register', form({ email: f.email, last_name: 'Другой' }));
    expect(second.status).toBe(200);
    expect(second.text).toContain('Подтвердите e-mail');
    expect(await count(t.db, 'users')).toBe(users);
    expect((await t.db('users').where({ email: f.email }).first()).last_name).toBe('Малашта');
    expect((await lastSentTo(t.db, f.email)).kind).toBe('already_registered');
  });
});

describe('refusals: the message beside the field, the input kept, nothing stored', () => {
  const cases: [string, Record<string, string>, string, string][] = [
    ['no e-mail', { email: '' }, 'email', 'Введите e-mail'],
    ['a malformed e-mail', { email: 'not-an-email' }, 'email', 'Введите адрес электронной почты'],
    ['a short password', { password: 'Ab1', password_confirm: 'Ab1' }, 'password', 'Пароль не подходит'],
    [
      'a password without digits',
      { password: 'Abcdefghij', password_confirm: 'Abcdefghij' },
      'password',
      'Пароль не подходит',
    ],
    [
      'a password without capitals',
      { password: 'abcdefgh1', password_confirm: 'abcdefgh1' },
      'password',
      'Пароль не подходит',
    ],
    ['a repeat that differs', { password_confirm: 'Secret1234' }, 'password_confirm', 'Пароли не совпадают'],
    ['no surname', { last_name: '' }, 'last_name', 'Введите фамилию'],
    ['no name', { first_name: '' }, 'first_name', 'Введите имя'],
    ['a surname with digits', { last_name: 'Иванов2' }, 'last_name', 'Только буквы'],
    ['a wrong phone', { phone: '12345' }, 'phone', 'Введите номер мобильного телефона'],
    ['a birth date in the future', { birth_date: '2030-01-01' }, 'birth_date', 'Проверьте дату рождения'],
    ['an impossible birth date', { birth_date: '31.02.1990' }, 'birth_date', 'Введите дату в формате'],
    [
      'no personal-data consent',
      { consent: '' },
      'consent',
      'Дайте согласие на обработку персональных данных',
    ],
    [
      'the user agreement not accepted',
      { agreement: '' },
      'agreement',
      'Примите пользовательское соглашение',
    ],
  ];
  it('an unticked consent box (absent from the form, as browsers send it) is refused', async () => {
    const users = await count(t.db, 'users');
    const { consent: _c, agreement: _a, ...rest } = form();
    const res = await submitForm(t.agent(), '/register', rest);
    expect(res.status).toBe(400);
    expect(res.text).toContain('Дайте согласие на обработку персональных данных');
    expect(res.text).toContain('Примите пользовательское соглашение');
    expect(await count(t.db, 'users')).toBe(users);
  });
  for (const [what, over, field, text] of cases) {
    it(`${what} is refused`, async () => {
      const users = await count(t.db, 'users');
      const outbox = await count(t.db, 'outbox');
      const f = form(over);
      const res = await submitForm(t.agent(), '/register', f);
      expect(res.status).toBe(400);
      expect(res.text).toContain('Исправьте ошибки');
      expect(res.text).toContain(`href="#field-${field}"`);
      expect(res.text).toContain(text);
      expect(res.text).toContain(`id="field-${field}-error"`);
      expect(res.text).toContain(`value="${f.last_name}"`);
      expect(res.text).not.toContain(STRONG);
      expect(await count(t.db, 'users')).toBe(users);
      expect(await count(t.db, 'outbox')).toBe(outbox);
    });
  }
});

describe('rate limits', () => {
  it('after 10 registrations from one address in an hour the next is refused with when to try again', async () => {
    for (let i = 0; i < 10; i++) expect((await submitForm(t.agent(), '/register', form())).status).toBe(200);
    const users = await count(t.db, 'users');
    const res = await submitForm(t.agent(), '/register', form());
    expect(res.status).toBe(429);
    expect(res.text).toMatch(/Слишком много попыток\. Попробуйте через (60|59) минут/);
    expect(await count(t.db, 'users')).toBe(users);
  });

  it('re-sending the link for one address is limited to 5 an hour', async () => {
    const email = newEmail();
    for (let i = 0; i < 5; i++)
      expect((await submitForm(t.agent(), '/register/resend', { email })).status).toBe(200);
    const res = await submitForm(t.agent(), '/register/resend', { email });
    expect(res.status).toBe(429);
    expect(res.text).toContain('Слишком много попыток');
  });
});

describe('first login with missing data (seed 002)', () => {
  it('a person registered without a mobile phone fills it in before reaching the cabinet', async () => {
    const f = form({ phone: '', middle_name: '', birth_date: '' });
    await submitForm(t.agent(), '/register', f);
    await t.agent().get(linkIn((await lastSentTo(t.db, f.email)).body));
    const agent = t.agent();
    await loginAs(agent, f.email, STRONG);
    const cabinet = await agent.get('/cabinet');
    expect(cabinet.status).toBe(302);
    expect(cabinet.headers.location).toBe('/profile/complete');
    const page = await agent.get('/profile/complete');
    expect(page.text).toContain('Заполните реквизиты');
    expect(page.text).toContain('name="middle_name"');
    const bad = await submitForm(agent, '/profile/complete', { phone: '' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Введите номер мобильного телефона');
    const ok = await submitForm(agent, '/profile/complete', {
      phone: '8 (913) 111-22-33',
      middle_name: 'Петровна',
      gender: 'female',
    });
    expect(ok.status).toBe(302);
    expect(ok.headers.location).toBe('/cabinet');
    const user = await t.db('users').where({ email: f.email }).first();
    expect(user).toMatchObject({ phone: '+79131112233', middle_name: 'Петровна', gender: 'female' });
    expect((await agent.get('/cabinet')).status).toBe(200);
  });
});
