// Pre-issued credentials (seed 000): account or contract number + PIN from the bill, a security
// question, then a new password before anything else.
import { describe, it, expect, beforeEach } from 'vitest';
import { createTestApp, submitForm, loginAs } from '../support/app.js';
import { givenAccount, givenUser } from '../support/builders.js';
import { hashPassword } from '../../src/platform/passwords.js';
import { clearRateLimits, count, STRONG } from './identity-support.js';

const t = await createTestApp();

beforeEach(() => clearRateLimits(t.db));

const PIN = '4817';

/** An imported account with a PIN; `only` leaves exactly one security question answerable. */
async function givenPinAccount(only?: 'birth_date' | 'passport' | 'last_payment') {
  const a = await givenAccount(t.db);
  await t
    .db('accounts')
    .where({ id: a.id })
    .update({ pin_hash: await hashPassword(PIN) });
  await t
    .db('customers')
    .where({ id: a.customerId })
    .update({ birth_date: '1970-05-12', passport: '8701 123456', phone: '+79121234567' });
  if (only && only !== 'birth_date')
    await t.db('customers').where({ id: a.customerId }).update({ birth_date: null });
  if (only && only !== 'passport')
    await t.db('customers').where({ id: a.customerId }).update({ passport: null });
  if (!only || only === 'last_payment') {
    await t.db('payments').insert([
      {
        account_id: a.id,
        ref: `p-${a.id}-1`,
        date: '2026-09-28',
        amount_kop: 59458,
        place: 'Коми ОСБ N 8617',
      },
      {
        account_id: a.id,
        ref: `p-${a.id}-2`,
        date: '2026-10-28',
        amount_kop: 71240,
        place: 'Коми ОСБ N 8617',
      },
    ]);
  }
  return a;
}

describe('PIN login', () => {
  it('the number and the PIN lead to the security question, not into the cabinet', async () => {
    const a = await givenPinAccount('birth_date');
    const agent = t.agent();
    const res = await submitForm(agent, '/login', { login: a.number, password: PIN });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/login/security-question');
    const q = await agent.get('/login/security-question');
    expect(q.text).toContain('Дата вашего рождения');
    expect((await agent.get('/cabinet')).headers.location).toBe('/login');
    expect(await count(t.db, 'user_accounts', { account_id: a.id })).toBe(0);
  });

  it('the contract number works as well as the account number', async () => {
    const a = await givenPinAccount('birth_date');
    const res = await submitForm(t.agent(), '/login', { login: a.contractNumber, password: PIN });
    expect(res.headers.location).toBe('/login/security-question');
  });

  it('a wrong PIN is an ordinary wrong password', async () => {
    const a = await givenPinAccount();
    const res = await submitForm(t.agent(), '/login', { login: a.number, password: '0000' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Неверный логин или пароль');
  });

  it('without a PIN step in the session the question page sends the visitor to /login', async () => {
    expect((await t.agent().get('/login/security-question')).headers.location).toBe('/login');
  });

  const answers: ['birth_date' | 'passport' | 'last_payment', string, string, string][] = [
    ['birth_date', 'Дата вашего рождения', '12.05.1970', '13.05.1970'],
    ['passport', 'Номер вашего паспорта', '8701 123456', '8701 654321'],
    ['last_payment', 'Сумма последнего платежа', '712,40', '594.58'],
  ];
  for (const [kind, label, right, wrong] of answers) {
    it(`question "${label}": a wrong answer is refused, the right one creates the owner user and asks for a new password`, async () => {
      const a = await givenPinAccount(kind);
      const agent = t.agent();
      await submitForm(agent, '/login', { login: a.number, password: PIN });
      const bad = await submitForm(agent, '/login/security-question', { answer: wrong });
      expect(bad.status).toBe(400);
      expect(bad.text).toContain(label);
      expect(bad.text).toContain('Ответ не совпадает с данными договора');
      expect(await count(t.db, 'users', { login: a.number })).toBe(0);

      const ok = await submitForm(agent, '/login/security-question', { answer: right });
      expect(ok.status).toBe(302);
      expect(ok.headers.location).toBe('/password/new');
      const user = await t.db('users').where({ login: a.number }).first();
      expect(user).toMatchObject({
        must_change_password: true,
        status: 'active',
        customer_kind: 'person',
        last_name: 'Иванов',
        password_hash: null,
      });
      expect(await t.db('user_accounts').where({ user_id: user.id, account_id: a.id }).first()).toMatchObject(
        { relation: 'owner' },
      );
      // nothing else opens until the password is set
      expect((await agent.get('/cabinet')).headers.location).toBe('/password/new');
      expect((await agent.get(`/accounts/${a.number}`)).headers.location).toBe('/password/new');
    });
  }

  it('the new password follows the policy; once set, the PIN stops working and the password does', async () => {
    const a = await givenPinAccount('birth_date');
    const agent = t.agent();
    await submitForm(agent, '/login', { login: a.number, password: PIN });
    await submitForm(agent, '/login/security-question', { answer: '1970-05-12' });
    const weak = await submitForm(agent, '/password/new', {
      password: 'password',
      password_confirm: 'password',
    });
    expect(weak.status).toBe(400);
    expect(weak.text).toContain('Пароль не подходит');
    const mismatch = await submitForm(agent, '/password/new', {
      password: STRONG,
      password_confirm: 'Secret124',
    });
    expect(mismatch.text).toContain('Пароли не совпадают');
    const ok = await submitForm(agent, '/password/new', { password: STRONG, password_confirm: STRONG });
    expect(ok.status).toBe(302);
    const user = await t.db('users').where({ login: a.number }).first();
    expect(user.must_change_password).toBe(false);
    expect((await t.db('accounts').where({ id: a.id }).first()).pin_hash).toBeNull();
    // the person has no phone yet: the completion form comes next (seed 002 rule for residential users)
    expect((await agent.get('/cabinet')).headers.location).toBe('/profile/complete');
    expect((await submitForm(t.agent(), '/login', { login: a.number, password: PIN })).text).toContain(
      'Неверный логин или пароль',
    );
    const again = t.agent();
    await loginAs(again, a.contractNumber, STRONG);
    expect(await count(t.db, 'audit_log', { actor_id: user.id, action: 'password.set' })).toBe(1);
  });

  it('three wrong answers block the questions for this account for an hour and drop the PIN step', async () => {
    const a = await givenPinAccount('passport');
    const agent = t.agent();
    await submitForm(agent, '/login', { login: a.number, password: PIN });
    for (let i = 0; i < 2; i++)
      expect((await submitForm(agent, '/login/security-question', { answer: `1111 00000${i}` })).status).toBe(
        400,
      );
    const third = await submitForm(agent, '/login/security-question', { answer: '1111 000009' });
    expect(third.status).toBe(429);
    expect(third.text).toContain('Слишком много попыток. Попробуйте через 60 минут');
    expect((await agent.get('/login/security-question')).headers.location).toBe('/login');
    // even the right answer, after logging in with the PIN again, waits
    const other = t.agent();
    await submitForm(other, '/login', { login: a.number, password: PIN });
    const right = await submitForm(other, '/login/security-question', { answer: '8701 123456' });
    expect(right.status).toBe(429);
    expect(await count(t.db, 'users', { login: a.number })).toBe(0);
    expect(
      await count(t.db, 'audit_log', { action: 'security_question.failed', target_id: String(a.id) }),
    ).toBe(3);
  });

  it('an account with no data to ask about sends the holder to a client centre', async () => {
    const a = await givenAccount(t.db);
    await t
      .db('accounts')
      .where({ id: a.id })
      .update({ pin_hash: await hashPassword(PIN) });
    await t.db('customers').where({ id: a.customerId }).update({ birth_date: null, passport: null });
    const res = await submitForm(t.agent(), '/login', { login: a.number, password: PIN });
    expect(res.status).toBe(400);
    expect(res.text).toContain('клиентский центр');
  });
});

describe('a temporary password set by support', () => {
  it('must be replaced before anything else, for staff as well as customers', async () => {
    const staff = await givenUser(t.db, { role: 'support' });
    await t.db('users').where({ id: staff.id }).update({ must_change_password: true });
    const agent = t.agent();
    const res = await submitForm(agent, '/login', { login: staff.login, password: STRONG });
    expect(res.headers.location).toBe('/password/new');
    expect((await agent.get('/cabinet')).headers.location).toBe('/password/new');
    await submitForm(agent, '/password/new', { password: 'Support2026x', password_confirm: 'Support2026x' });
    expect((await t.db('users').where({ id: staff.id }).first()).must_change_password).toBe(false);
    expect((await agent.get('/support')).status).toBe(200);
  });
});
