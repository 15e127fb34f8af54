// Login hardening: e-mail / account / contract number, supplier choice for an ambiguous number,
// "remember me", the idle timeout, session renewal, rate limits without account enumeration.
import { describe, it, expect, beforeEach, vi } from 'vitest';
import { createTestApp, submitForm, loginAs } from '../support/app.js';
import { givenAccount, givenSupplier, givenUser } from '../support/builders.js';
import { clearRateLimits, count, STRONG } from './identity-support.js';

const t = await createTestApp();

beforeEach(() => clearRateLimits(t.db));

const cookieOf = (res: { headers: Record<string, unknown> }) => String(res.headers['set-cookie'] ?? '');

describe('signing in', () => {
  it('works with the e-mail, the account number and the contract number', async () => {
    const account = await givenAccount(t.db);
    const user = await givenUser(t.db, { accounts: [account.id] });
    for (const login of [user.login, user.login.toUpperCase(), account.number, account.contractNumber]) {
      const agent = t.agent();
      const res = await submitForm(agent, '/login', { login, password: STRONG });
      expect(res.status, login).toBe(302);
      expect((await agent.get(`/accounts/${account.number}`)).status).not.toBe(302);
    }
    expect(await count(t.db, 'audit_log', { actor_id: user.id, action: 'login.succeeded' })).toBe(4);
  });

  it('without "remember me" the cookie ends with the browser; with it the cookie lives 30 days', async () => {
    const user = await givenUser(t.db);
    const plain = await submitForm(t.agent(), '/login', { login: user.login, password: STRONG });
    expect(cookieOf(plain)).toMatch(/sid=/);
    expect(cookieOf(plain)).not.toMatch(/Expires=/i);
    const remembered = await submitForm(t.agent(), '/login', {
      login: user.login,
      password: STRONG,
      remember: 'on',
    });
    const expires = /Expires=([^;]+)/i.exec(cookieOf(remembered))?.[1];
    expect(expires).toBeTruthy();
    const days = (new Date(expires!).getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30.01);
    expect(cookieOf(remembered)).toMatch(/HttpOnly/i);
  });

  it('a session without "remember me" ends after 30 idle minutes; a remembered one does not', async () => {
    const user = await givenUser(t.db);
    const plain = t.agent();
    const kept = t.agent();
    await loginAs(plain, user.login, STRONG);
    await submitForm(kept, '/login', { login: user.login, password: STRONG, remember: 'on' });
    const base = t.clock.now().getTime();
    const spy = vi.spyOn(t.clock, 'now').mockImplementation(() => new Date(base + 29 * 60_000));
    try {
      expect((await plain.get('/profile')).status).toBe(200);
      spy.mockImplementation(() => new Date(base + 29 * 60_000 + 31 * 60_000));
      const idle = await plain.get('/profile');
      expect(idle.status).toBe(302);
      expect(idle.headers.location).toBe('/login');
      expect((await kept.get('/profile')).status).toBe(200);
    } finally {
      spy.mockRestore();
    }
  });

  it('a wrong password and an unknown login get the same words', async () => {
    const user = await givenUser(t.db);
    const wrong = await submitForm(t.agent(), '/login', { login: user.login, password: 'Wrong1234' });
    const unknown = await submitForm(t.agent(), '/login', {
      login: 'nobody-here@example.ru',
      password: 'Wrong1234',
    });
    const unknownNumber = await submitForm(t.agent(), '/login', {
      login: '000000001',
      password: 'Wrong1234',
    });
    for (const res of [wrong, unknown, unknownNumber]) {
      expect(res.status).toBe(400);
      expect(res.text).toContain('Неверный логин или пароль');
      expect(res.text).not.toContain('Wrong1234');
    }
  });

  it('an unconfirmed and a blocked user are told so only after the right password', async () => {
    const pending = await givenUser(t.db, { status: 'pending' });
    const blocked = await givenUser(t.db, { status: 'blocked' });
    expect(
      (await submitForm(t.agent(), '/login', { login: pending.login, password: 'Wrong1234' })).text,
    ).toContain('Неверный логин или пароль');
    expect(
      (await submitForm(t.agent(), '/login', { login: pending.login, password: STRONG })).text,
    ).toContain('не подтверждена');
    expect(
      (await submitForm(t.agent(), '/login', { login: blocked.login, password: 'Wrong1234' })).text,
    ).toContain('Неверный логин или пароль');
    expect(
      (await submitForm(t.agent(), '/login', { login: blocked.login, password: STRONG })).text,
    ).toContain('заблокирована');
  });

  it('after signing in, the page that sent the person to /login opens', async () => {
    const user = await givenUser(t.db);
    const agent = t.agent();
    expect((await agent.get('/profile')).headers.location).toBe('/login');
    const res = await submitForm(agent, '/login', { login: user.login, password: STRONG });
    expect(res.headers.location).toBe('/profile');
  });

  it('logging out ends the session and is audited', async () => {
    const user = await givenUser(t.db);
    const agent = t.agent();
    await loginAs(agent, user.login, STRONG);
    const res = await submitForm(agent, '/logout', {}, '/profile');
    expect(res.status).toBe(302);
    expect((await agent.get('/profile')).status).toBe(302);
    await vi.waitFor(async () =>
      expect(await count(t.db, 'audit_log', { actor_id: user.id, action: 'logout' })).toBe(1),
    );
  });
});

describe('a number known at two suppliers (seed 004: the city)', () => {
  it('asks for the city by its Russian name, keeps the login, and signs in with the one chosen', async () => {
    const kem = await givenSupplier(t.db, { name: 'ООО "ЭССК"', short_name: 'ЭССК' });
    const ber = await givenSupplier(t.db, { name: 'ООО "Березовская сбытовая"', short_name: 'БСК' });
    const [kemCity] = await t
      .db('supplier_cities')
      .insert({ supplier_id: kem.id, name: 'Кемерово' })
      .returning('id');
    const [berCity] = await t
      .db('supplier_cities')
      .insert({ supplier_id: ber.id, name: 'Березовский' })
      .returning('id');
    const a = await givenAccount(t.db, { supplierId: kem.id, kind: 'organisation' });
    const b = await givenAccount(t.db, { supplierId: ber.id, kind: 'organisation' });
    const number = `0001с-${Date.now() % 100000}`;
    await t.db('contracts').whereIn('id', [a.contractId, b.contractId]).update({ number });
    await givenUser(t.db, { login: `kem-${number}@example.ru`, accounts: [a.id] });
    await givenUser(t.db, { login: `ber-${number}@example.ru`, password: 'Other1234', accounts: [b.id] });

    const agent = t.agent();
    const ask = await submitForm(agent, '/login', { login: number, password: 'Other1234' });
    expect(ask.status).toBe(400);
    expect(ask.text).toContain('name="city"');
    expect(ask.text).toMatch(
      /<option value="c\d+">Березовский<\/option><option value="c\d+">Кемерово<\/option>/,
    );
    expect(ask.text).not.toContain('ЭССК');
    expect(ask.text).not.toContain(kem.code);
    expect(ask.text).toContain('есть в нескольких городах: выберите свой город');
    expect(ask.text).toContain('id="field-city-error"');
    expect(ask.text).toContain(`value="${number}"`);
    const wrongCity = await submitForm(agent, '/login', {
      login: number,
      password: 'Other1234',
      city: `c${(kemCity as { id: number }).id}`,
    });
    expect(wrongCity.text).toContain('Неверный логин или пароль');
    const unknown = await submitForm(agent, '/login', { login: number, password: 'Other1234', city: 'c0' });
    expect(unknown.status).toBe(400);
    expect(unknown.text).toContain('Выберите город из списка');
    expect(unknown.text).toContain(`value="${number}"`);
    const ok = await submitForm(agent, '/login', {
      login: number,
      password: 'Other1234',
      city: `c${(berCity as { id: number }).id}`,
    });
    expect(ok.status).toBe(302);
    expect((await agent.get(`/accounts/${b.number}`)).status).not.toBe(302);
  });

  it('a supplier that lists no city is offered by its short name, not its code', async () => {
    const x = await givenSupplier(t.db, { short_name: 'Томскэнергосбыт' });
    const y = await givenSupplier(t.db, { short_name: 'ТомскРТС' });
    const a = await givenAccount(t.db, { supplierId: x.id });
    const b = await givenAccount(t.db, { supplierId: y.id });
    const number = `7${Date.now() % 10000000}`;
    await t.db('contracts').whereIn('id', [a.contractId, b.contractId]).update({ number });
    const ask = await submitForm(t.agent(), '/login', { login: number, password: 'Whatever1' });
    expect(ask.text).toContain(`<option value="s${y.id}">ТомскРТС</option>`);
    expect(ask.text).toContain(`<option value="s${x.id}">Томскэнергосбыт</option>`);
    expect(ask.text).not.toContain(x.code);
  });

  it('a number at one supplier serving two cities is not asked about', async () => {
    const sup = await givenSupplier(t.db);
    await t.db('supplier_cities').insert([
      { supplier_id: sup.id, name: 'Кемерово', position: 0 },
      { supplier_id: sup.id, name: 'Березовский', position: 1 },
    ]);
    const a = await givenAccount(t.db, { supplierId: sup.id, kind: 'organisation' });
    await givenUser(t.db, { accounts: [a.id] });
    const res = await submitForm(t.agent(), '/login', { login: a.contractNumber, password: STRONG });
    expect(res.status).toBe(302);
  });

  it('a number at one supplier only is not asked about', async () => {
    const a = await givenAccount(t.db);
    await givenUser(t.db, { accounts: [a.id] });
    const res = await submitForm(t.agent(), '/login', { login: a.contractNumber, password: STRONG });
    expect(res.status).toBe(302);
  });
});

describe('brute-force limits', () => {
  it('after 5 wrong passwords for a login the right one is refused too, saying when to try again', async () => {
    const user = await givenUser(t.db);
    for (let i = 0; i < 5; i++)
      expect(
        (await submitForm(t.agent(), '/login', { login: user.login, password: `Wrong${i}abc` })).status,
      ).toBe(400);
    const res = await submitForm(t.agent(), '/login', { login: user.login, password: STRONG });
    expect(res.status).toBe(429);
    expect(res.text).toContain('Слишком много попыток. Попробуйте через 15 минут');
    expect(await count(t.db, 'audit_log', { action: 'login.limited', target_id: user.login })).toBe(1);
  });

  it('an unknown login is limited exactly like a real one (no enumeration)', async () => {
    for (let i = 0; i < 5; i++)
      await submitForm(t.agent(), '/login', { login: 'ghost@example.ru', password: `Wrong${i}abc` });
    const res = await submitForm(t.agent(), '/login', { login: 'ghost@example.ru', password: 'Anything1' });
    expect(res.status).toBe(429);
    expect(res.text).toContain('Слишком много попыток. Попробуйте через 15 минут');
  });

  it('a successful login clears the failures of that login', async () => {
    const user = await givenUser(t.db);
    for (let i = 0; i < 4; i++)
      await submitForm(t.agent(), '/login', { login: user.login, password: `Wrong${i}abc` });
    expect((await submitForm(t.agent(), '/login', { login: user.login, password: STRONG })).status).toBe(302);
    for (let i = 0; i < 4; i++)
      await submitForm(t.agent(), '/login', { login: user.login, password: `Wrong${i}abc` });
    expect((await submitForm(t.agent(), '/login', { login: user.login, password: STRONG })).status).toBe(302);
  });

  it('30 failures from one IP block that IP for every login', async () => {
    const user = await givenUser(t.db);
    for (let i = 0; i < 30; i++)
      await submitForm(t.agent(), '/login', { login: `spray${i}@example.ru`, password: 'Wrong1234' });
    const res = await submitForm(t.agent(), '/login', { login: user.login, password: STRONG });
    expect(res.status).toBe(429);
    expect(res.text).toContain('Слишком много попыток');
  });

  it('the limits live in the rate_limits table (shared by every server process)', async () => {
    await submitForm(t.agent(), '/login', { login: 'someone@example.ru', password: 'Wrong1234' });
    const rows = await t.db('rate_limits').select('key');
    expect(rows.map((r) => r.key)).toEqual(expect.arrayContaining(['loginPerLogin:someone@example.ru']));
  });
});
