// The support desk (issue #18): staff land on /support and never on the cabinet; they find
// customers, act on their logins (each action audited, naming the customer and the IP), look at a
// cabinet read-only, and work the request queue. Customers never reach any of it.
import { describe, it, expect, beforeAll, beforeEach } from 'vitest';
import type TestAgent from 'supertest/lib/agent.js';
import { createTestApp, csrfFrom, loginAs, submitForm } from '../support/app.js';
import { givenAccount, givenUser, type GivenAccount } from '../support/builders.js';
import { clearRateLimits, count, lastSentTo, sentTo } from './identity-support.js';
import { audited } from './security/support.js';
import { STAFF_IDLE_MS } from '../../src/platform/session.js';

const t = await createTestApp({ today: '2026-11-23' });

let account: GivenAccount;
let customer: Awaited<ReturnType<typeof givenUser>>;
let staffUser: Awaited<ReturnType<typeof givenUser>>;
let staff: TestAgent;
let staffToken: string;

beforeAll(async () => {
  account = await givenAccount(t.db, { meters: 1 });
  await t.db('customers').where({ id: account.customerId }).update({
    last_name: 'Малашенко',
    phone: '+7 (912) 555-44-33',
    inn: '110100000011',
  });
  customer = await givenUser(t.db, { login: 'malashenko@example.ru', accounts: [account.id] });
  await t.db('users').where({ id: customer.id }).update({ customer_kind: 'person', phone: '+79125554433' });
  staffUser = await givenUser(t.db, { role: 'support' });
  staff = t.agent();
  await loginAs(staff, staffUser.login, staffUser.password);
  staffToken = await csrfFrom(staff, `/support/customers/${customer.id}`);
});

beforeEach(() => clearRateLimits(t.db));

const post = (path: string, fields: Record<string, string> = {}, a = staff, token = staffToken) =>
  a
    .post(path)
    .type('form')
    .send({ ...fields, _csrf: token });

describe('where staff land', () => {
  it('support and admin land on /support after login, never on the customer cabinet', async () => {
    for (const role of ['support', 'admin'] as const) {
      const u = await givenUser(t.db, { role });
      const a = t.agent();
      const res = await submitForm(a, '/login', { login: u.login, password: u.password });
      expect(res.headers.location, role).toBe('/support');
      expect((await a.get('/support')).status).toBe(200);
      for (const page of [
        '/',
        '/cabinet',
        `/accounts/${account.number}`,
        `/accounts/${account.number}/bills`,
        '/requests',
      ])
        expect((await a.get(page)).headers.location, `${role} ${page}`).toBe('/support');
    }
  });

  it('support cannot submit readings or reach /admin; nothing is stored', async () => {
    const reg = account.meters[0]!.registers[0]!.id;
    const res = await post(`/accounts/${account.number}/readings`, {
      [`reading[${reg}]`]: '1500',
      [`date[${reg}]`]: '2026-11-20',
    });
    expect(res.status).toBe(404);
    expect(await count(t.db, 'readings', { register_id: reg })).toBe(0);
    expect((await staff.get('/admin/billing')).status).toBe(404);
    expect((await post('/admin/billing', { period: '2026-10' })).status).toBe(404);
  });

  it('a customer never reaches the support desk: every /support page is a 404', async () => {
    const a = t.agent();
    await loginAs(a, customer.login, customer.password);
    const token = await csrfFrom(a, '/requests/new');
    for (const page of [
      '/support',
      '/support?q=Мал',
      `/support/customers/${customer.id}`,
      '/support/requests',
      '/support/topics',
      `/support/audit?customer=${customer.id}`,
    ])
      expect((await a.get(page)).status, page).toBe(404);
    for (const action of ['password-reset', 'unlock', 'view-as', 'contacts'])
      expect(
        (await post(`/support/customers/${customer.id}/${action}`, { delivery: 'show' }, a, token)).status,
      ).toBe(404);
    expect(await audited(t.db, 'support.password_reset', { target_id: String(customer.id) })).toBe(0);
  });

  it('a staff session ends after 15 idle minutes', async () => {
    const u = await givenUser(t.db, { role: 'support' });
    const a = t.agent();
    await loginAs(a, u.login, u.password);
    await a.get('/support');
    const sess = await t
      .db('session')
      .whereRaw(`sess->>'userId' = ?`, [String(u.id)])
      .first();
    expect(sess.sess.staff).toBe(true);
    const seen = t.clock.now().getTime() - STAFF_IDLE_MS - 1000;
    await t
      .db('session')
      .where({ sid: sess.sid })
      .update({ sess: { ...sess.sess, lastSeen: seen } });
    expect((await a.get('/support')).headers.location).toBe('/login');
  });
});

describe('finding a customer', () => {
  const search = async (q: string) => (await staff.get(`/support?q=${encodeURIComponent(q)}`)).text;

  it('by part of the account number, contract, surname, e-mail, phone or INN', async () => {
    for (const q of [
      account.number.slice(0, 6),
      account.contractNumber,
      'малаш',
      'MALASHENKO@example',
      '555-44',
      '1101000000',
    ]) {
      const html = await search(q);
      expect(html, q).toContain(`/support/customers/${customer.id}`);
    }
  });

  it('a query of one letter is refused with a message; staff and other customers are not found', async () => {
    const res = await staff.get('/support?q=М');
    expect(res.status).toBe(400);
    expect(res.text).toContain('Введите не меньше двух знаков');
    expect(await search(staffUser.login)).not.toContain(`/support/customers/${staffUser.id}`);
    expect(await search('нет-такого-клиента')).toContain('Никого не нашли');
  });

  it('pages through many matches', async () => {
    for (let i = 0; i < 22; i++) await givenUser(t.db, { login: `pager-${i}-${Date.now()}@example.ru` });
    const first = await search('pager-');
    expect(first).toContain('Найдено: 22');
    expect(first).toContain('Страница 1 из 2');
    const second = (await staff.get('/support?q=pager-&page=2')).text;
    expect(second.match(/\/support\/customers\/\d+"/g)?.length).toBe(2);
  });

  it('the card shows accounts, logins and status, never a hash, PIN or token, and the view is audited', async () => {
    await t.db('accounts').where({ id: account.id }).update({ pin_hash: '$argon2id$PINHASH' });
    const res = await staff.get(`/support/customers/${customer.id}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain(account.number);
    expect(res.text).toContain(customer.login);
    expect(res.text).not.toContain('$argon2');
    expect(
      await audited(t.db, 'support.customer_viewed', {
        target_id: String(customer.id),
        actor_id: staffUser.id,
      }),
    ).toBeGreaterThan(0);
  });

  it('a staff login has no card: 404', async () => {
    expect((await staff.get(`/support/customers/${staffUser.id}`)).status).toBe(404);
  });
});

describe('acting on a login', () => {
  it('reset password, shown once: the old one stops working, the new one forces a change, the customer is mailed', async () => {
    const u = await givenUser(t.db, { accounts: [account.id] });
    await t.db('users').where({ id: u.id }).update({ customer_kind: 'person', phone: '+79120001122' });
    const victim = t.agent();
    await loginAs(victim, u.login, u.password);
    const res = await post(`/support/customers/${u.id}/password-reset`, { delivery: 'show' });
    expect(res.status).toBe(200);
    const otp = /one-time-password__value">([^<]+)</.exec(res.text)![1]!;
    expect(otp).toMatch(/^[A-Za-z0-9]{10}$/);
    expect(res.headers['cache-control']).toBe('no-store');
    // the password is nowhere else: not in the log, not on the next view of the card
    expect(JSON.stringify(await t.db('audit_log').where({ action: 'support.password_reset' }))).not.toContain(
      otp,
    );
    expect((await staff.get(`/support/customers/${u.id}`)).text).not.toContain(otp);
    // the customer's open session ended
    expect((await victim.get('/cabinet')).headers.location).toBe('/login');
    const row = await t.db('users').where({ id: u.id }).first();
    expect(row.must_change_password).toBe(true);
    const a = t.agent();
    expect((await submitForm(a, '/login', { login: u.login, password: u.password })).status).toBe(400);
    const login = await submitForm(a, '/login', { login: u.login, password: otp });
    expect(login.headers.location).toBe('/password/new');
    expect((await lastSentTo(t.db, u.login)).subject).toBe('Пароль сброшен сотрудником поддержки');
    const record = await t
      .db('audit_log')
      .where({ action: 'support.password_reset', target_id: String(u.id) });
    expect(record).toMatchObject([
      { actor_id: staffUser.id, target_type: 'user', details: { delivery: 'show' } },
    ]);
    expect(record[0].ip).toMatch(/127\.0\.0\.1/);
  });

  it('reset password by SMS: sent to the phone on record, not shown', async () => {
    const res = await post(`/support/customers/${customer.id}/password-reset`, { delivery: 'sms' });
    expect(res.status).toBe(303);
    const sms = await lastSentTo(t.db, '+79125554433');
    expect(sms.body).toMatch(/[A-Za-z0-9]{10}/);
    const page = await staff.get(String(res.headers.location));
    expect(page.text).toContain('отправлен клиенту по SMS');
    expect(page.text).not.toContain(/[A-Za-z0-9]{10}/.exec(sms.body)![0]);
  });

  it('reset by SMS without a phone on record is refused and nothing changes', async () => {
    const u = await givenUser(t.db);
    const before = await t.db('users').where({ id: u.id }).first('password_hash');
    const res = await post(`/support/customers/${u.id}/password-reset`, { delivery: 'sms' });
    expect(res.status).toBe(409);
    expect(res.text).toContain('У клиента нет телефона');
    expect(await t.db('users').where({ id: u.id }).first('password_hash')).toEqual(before);
    expect((await post(`/support/customers/${u.id}/password-reset`, { delivery: 'fax' })).status).toBe(400);
  });

  it('unlock a login locked by the limits: the card says locked, then the customer may log in again', async () => {
    const u = await givenUser(t.db, { accounts: [account.id] });
    const a = t.agent();
    for (let i = 0; i < 5; i++) await submitForm(a, '/login', { login: u.login, password: 'Wrong1234' });
    const locked = await submitForm(a, '/login', { login: u.login, password: u.password });
    expect(locked.status).toBe(429);
    expect((await staff.get(`/support/customers/${u.id}`)).text).toContain(
      'вход заблокирован лимитом попыток',
    );
    expect((await post(`/support/customers/${u.id}/unlock`)).status).toBe(303);
    expect((await staff.get(`/support/customers/${u.id}`)).text).not.toContain(
      'вход заблокирован лимитом попыток',
    );
    expect((await submitForm(t.agent(), '/login', { login: u.login, password: u.password })).status).toBe(
      302,
    );
    expect(await audited(t.db, 'support.login_unlocked', { target_id: String(u.id) })).toBe(1);
  });

  it('lift a connect lock', async () => {
    const u = await givenUser(t.db);
    await t.services.rateLimits.consume('connectLookupPerUser', `user:${u.id}`, 20);
    expect((await staff.get(`/support/customers/${u.id}`)).text).toContain('подключение счетов ограничено');
    expect((await post(`/support/customers/${u.id}/connect-unlock`)).status).toBe(303);
    expect(await t.services.rateLimits.isExhausted('connectLookupPerUser', `user:${u.id}`)).toBe(false);
    expect(await audited(t.db, 'support.connect_unlocked', { target_id: String(u.id) })).toBe(1);
  });

  it('reset two-factor: the secret and recovery codes go, the customer is mailed; without it, refused', async () => {
    const u = await givenUser(t.db);
    expect((await post(`/support/customers/${u.id}/two-factor-reset`)).status).toBe(409);
    await t
      .db('users')
      .where({ id: u.id })
      .update({ totp_secret: 'JBSWY3DPEHPK3PXP', totp_enabled_at: t.db.fn.now() });
    await t.db('recovery_codes').insert({ user_id: u.id, code_hash: 'x' });
    expect((await post(`/support/customers/${u.id}/two-factor-reset`)).status).toBe(303);
    const row = await t.db('users').where({ id: u.id }).first();
    expect([row.totp_secret, row.totp_enabled_at]).toEqual([null, null]);
    expect(await count(t.db, 'recovery_codes', { user_id: u.id })).toBe(0);
    expect((await lastSentTo(t.db, u.login)).subject).toBe('Вход с кодом из приложения отключён');
    expect(await audited(t.db, 'support.two_factor_reset', { target_id: String(u.id) })).toBe(1);
  });

  it('re-send the confirmation e-mail of a pending registration; a confirmed one is refused', async () => {
    const u = await givenUser(t.db, { status: 'pending' });
    expect((await post(`/support/customers/${u.id}/resend-confirmation`)).status).toBe(303);
    expect((await lastSentTo(t.db, u.login)).subject).toBe('Подтвердите регистрацию в личном кабинете');
    const done = await givenUser(t.db);
    expect((await post(`/support/customers/${done.id}/resend-confirmation`)).status).toBe(409);
    expect(await sentTo(t.db, done.login)).toEqual([]);
  });

  it('correct the e-mail and phone: the login follows the e-mail, the old address is told', async () => {
    const u = await givenUser(t.db);
    const res = await post(`/support/customers/${u.id}/contacts`, {
      email: 'new-address@example.ru',
      phone: '8 912 000-11-22',
    });
    expect(res.status).toBe(303);
    const row = await t.db('users').where({ id: u.id }).first();
    expect([row.login, row.email, row.phone]).toEqual([
      'new-address@example.ru',
      'new-address@example.ru',
      '+79120001122',
    ]);
    expect((await lastSentTo(t.db, u.login)).subject).toBe('Адрес почты в личном кабинете изменён');
    expect(await audited(t.db, 'support.contacts_changed', { target_id: String(u.id) })).toBe(1);
  });

  it('a wrong or taken e-mail, or a wrong phone, is refused beside the field and nothing changes', async () => {
    const u = await givenUser(t.db);
    const before = await t.db('users').where({ id: u.id }).first('login', 'email', 'phone');
    const bad = await post(`/support/customers/${u.id}/contacts`, { email: 'not-an-email', phone: '123' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Введите адрес электронной почты');
    expect(bad.text).toContain('value="not-an-email"');
    const taken = await post(`/support/customers/${u.id}/contacts`, { email: customer.login, phone: '' });
    expect(taken.status).toBe(400);
    expect(taken.text).toContain('Этот e-mail уже занят');
    expect(await t.db('users').where({ id: u.id }).first('login', 'email', 'phone')).toEqual(before);
  });

  it('every action needs the CSRF token', async () => {
    const res = await staff.post(`/support/customers/${customer.id}/unlock`).type('form').send({});
    expect(res.status).toBe(403);
  });
});

describe('"Смотреть как клиент"', () => {
  it("shows the customer's cabinet with a banner, audits every page, and refuses every change", async () => {
    const a = t.agent();
    const u = await givenUser(t.db, { role: 'support' });
    await loginAs(a, u.login, u.password);
    const token = await csrfFrom(a, `/support/customers/${customer.id}`);
    const start = await post(`/support/customers/${customer.id}/view-as`, {}, a, token);
    expect(start.headers.location).toBe('/cabinet');
    const readings = await a.get(`/accounts/${account.number}/readings`);
    expect(readings.status).toBe(200);
    expect(readings.text).toContain('Просмотр как клиент');
    // every POST form of the page is disabled; sign out and "Завершить просмотр" stay
    expect(readings.text).toMatch(/<fieldset class="view-as-disabled" disabled>/);
    expect(readings.text).toContain('Завершить просмотр');
    const bills = await a.get(`/accounts/${account.number}/bills`);
    expect(bills.text).toContain('Просмотр как клиент');
    expect(
      await audited(t.db, 'support.view_as_page', { actor_id: u.id, target_id: String(customer.id) }),
    ).toBe(2);
    // no PDF: the receipt prints the bind code, a secret staff never see
    const pdf = await a.get(`/accounts/${account.number}/bills/1.pdf`);
    expect(pdf.status).toBe(403);
    expect((await a.get(`/accounts/${account.number}/bills/print?ids=1`)).status).toBe(403);
    // another customer's account is not in this cabinet
    const other = await givenAccount(t.db);
    expect((await a.get(`/accounts/${other.number}`)).status).toBe(404);
    // the server refuses readings, profile changes and new requests
    const reg = account.meters[0]!.registers[0]!.id;
    const tries = [
      post(
        `/accounts/${account.number}/readings`,
        { [`reading[${reg}]`]: '1500', [`date[${reg}]`]: '2026-11-20' },
        a,
        token,
      ),
      post('/profile', { last_name: 'Взлом' }, a, token),
      post('/requests', { text: 'от имени клиента' }, a, token),
      post('/cabinet/accounts/connect', { account_number: '1' }, a, token),
      post(`/accounts/${account.number}/pay`, { consent: 'on', method: 'card' }, a, token),
    ];
    for (const res of await Promise.all(tries)) {
      expect(res.status).toBe(403);
      expect(res.text).toContain('ничего нельзя изменить');
    }
    expect(await count(t.db, 'readings', { register_id: reg })).toBe(0);
    expect((await t.db('users').where({ id: customer.id }).first()).last_name).toBe('Иванов');
    // the end returns to the card; the cabinet is closed again
    const end = await post('/support/view-as/end', {}, a, token);
    expect(end.headers.location).toBe(`/support/customers/${customer.id}`);
    expect((await a.get('/cabinet')).headers.location).toBe('/support');
    expect(await audited(t.db, 'support.view_as_started', { actor_id: u.id })).toBe(1);
    expect(await audited(t.db, 'support.view_as_ended', { actor_id: u.id })).toBe(1);
  });
});

describe('the request queue', () => {
  async function givenRequest(text: string, createdAt: string, status = 'new') {
    const [row] = await t
      .db('requests')
      .insert({
        user_id: customer.id,
        account_id: account.id,
        supplier_id: account.supplierId,
        topic: 'Оплата',
        text,
        status,
        created_at: createdAt,
      })
      .returning('id');
    return row.id as number;
  }

  it('lists open requests oldest first and filters by status, supplier and topic', async () => {
    const older = await givenRequest('Очередь: старое', '2026-11-01T09:00:00Z');
    const newer = await givenRequest('Очередь: новое', '2026-11-20T09:00:00Z');
    const done = await givenRequest('Очередь: закрытое', '2026-11-02T09:00:00Z', 'closed');
    const page = (await staff.get('/support/requests')).text;
    expect(page.indexOf(`/support/requests/${older}"`)).toBeLessThan(
      page.indexOf(`/support/requests/${newer}"`),
    );
    expect(page).not.toContain(`/support/requests/${done}"`);
    expect((await staff.get('/support/requests?status=closed')).text).toContain(`/support/requests/${done}"`);
    expect((await staff.get('/support/requests?supplier=999999')).text).not.toContain(
      `/support/requests/${older}"`,
    );
  });

  it('take, answer and close are audited; a closed request takes no answer', async () => {
    const id = await givenRequest('Очередь: вопрос', '2026-11-10T09:00:00Z');
    expect((await post(`/support/requests/${id}/take`)).status).toBe(303);
    expect((await t.db('requests').where({ id }).first()).status).toBe('in_progress');
    const empty = await post(`/support/requests/${id}/answer`, { text: '' });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('Введите текст ответа');
    expect((await post(`/support/requests/${id}/answer`, { text: 'Ответ по существу' })).status).toBe(303);
    expect(await t.db('requests').where({ id }).first()).toMatchObject({
      status: 'answered',
      answer: 'Ответ по существу',
    });
    expect((await post(`/support/requests/${id}/close`)).status).toBe(303);
    const late = await post(`/support/requests/${id}/answer`, { text: 'Поздно' });
    expect(late.status).toBe(409);
    expect(await count(t.db, 'request_messages', { request_id: id })).toBe(1);
    for (const action of ['support.request_taken', 'support.request_answered', 'support.request_closed'])
      expect(await audited(t.db, action, { target_id: String(id), actor_id: staffUser.id }), action).toBe(1);
  });

  it('staff open a file from the request; the download is audited', async () => {
    const id = await givenRequest('Очередь: с файлом', '2026-11-10T09:00:00Z');
    const [f] = await t
      .db('request_attachments')
      .insert({
        request_id: id,
        file_name: 'акт.pdf',
        content_type: 'application/pdf',
        size: 4,
        data: Buffer.from('%PDF'),
      })
      .returning('id');
    const res = await staff.get(`/support/requests/${id}/files/${f.id}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/^attachment;/);
    expect(await audited(t.db, 'support.request_file_opened', { target_id: String(id) })).toBe(1);
  });

  it('topics: staff add one, rename and switch it off; a duplicate is refused', async () => {
    expect((await post('/support/topics', { name: 'Пени' })).status).toBe(303);
    const topic = await t.db('request_topics').where({ name: 'Пени' }).first();
    expect((await post('/support/topics', { name: 'пени' })).status).toBe(400);
    expect((await post(`/support/topics/${topic.id}`, { name: 'Пени и долги' })).status).toBe(303);
    expect(await t.db('request_topics').where({ id: topic.id }).first()).toMatchObject({
      name: 'Пени и долги',
      active: false,
    });
    expect(await audited(t.db, 'support.topic_added')).toBe(1);
  });
});

describe("a customer's audit log", () => {
  it("shows the customer's own events and the staff actions on them, with who and from where", async () => {
    await post(`/support/customers/${customer.id}/unlock`);
    const res = await staff.get(`/support/audit?customer=${customer.id}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('support.login_unlocked');
    expect(res.text).toContain(staffUser.login);
    expect(res.text).toContain('127.0.0.1');
    expect((await staff.get('/support/audit?customer=abc')).status).toBe(404);
  });
});
