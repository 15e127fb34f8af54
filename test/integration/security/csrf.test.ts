// Every POST route of the app (read from the router): without a CSRF token, with a wrong one,
// with another session's, or with the right one in the query string, it answers 403 from the
// CSRF check and no table changes.
import { describe, it, expect, beforeAll } from 'vitest';
import type TestAgent from 'supertest/lib/agent.js';
import { createTestApp, csrfFrom, loginAs } from '../../support/app.js';
import { givenAccount, givenUser, type GivenAccount } from '../../support/builders.js';
import { routesOf, tablesFingerprint } from './support.js';

const t = await createTestApp({ today: '2026-11-23' });

// fields of many forms at once, with valid values: a route that skipped the check would act on them
const FIELDS = {
  login: 'someone@example.ru',
  password: 'Secret123',
  password_confirm: 'Secret123',
  current_password: 'Secret123',
  email: 'new@example.ru',
  email_current_password: 'Secret123',
  login_current_password: 'Secret123',
  last_name: 'Петров',
  first_name: 'Пётр',
  phone: '+79121234567',
  account_number: '',
  relation: 'owner',
  question: 'bind_code',
  answer: '123456',
  consent: 'on',
  agreement: 'on',
  confirm: 'on',
  bills_email: 'on',
  period: '2026-10',
  rate: '16',
  from: '01.01.2026',
  visible: '1',
};

let account: GivenAccount;
let customer: { agent: TestAgent; csrf: string };
let admin: { agent: TestAgent; csrf: string };
let stranger: { agent: TestAgent; csrf: string };

async function session(role: 'customer' | 'admin', accounts: number[] = []) {
  const user = await givenUser(t.db, { role, accounts });
  await t.db('users').where({ id: user.id }).update({ phone: '+79121234567' });
  const agent = t.agent();
  await loginAs(agent, user.login, user.password);
  return { agent, csrf: await csrfFrom(agent, '/profile') };
}

const concrete = (path: string) =>
  path.replace(':number', account.number).replace(':token', 'a'.repeat(43)).replace(':id', '1');

beforeAll(async () => {
  account = await givenAccount(t.db);
  FIELDS.account_number = account.number;
  customer = await session('customer', [account.id]);
  admin = await session('admin');
  stranger = await session('customer');
});

// The acquirer's notification endpoint is server-to-server: no browser, no session, so no CSRF token
// can exist; it is accepted here explicitly and checked below for what protects it instead (HMAC).
const SERVER_TO_SERVER = ['/payments/notifications'];
// A mailing's unsubscribe link (RFC 8058 one-click): the mail client posts without cookies, so no
// CSRF token can exist either; the HMAC-signed token in the path is the proof (checked below).
const SIGNED_LINKS = ['/unsubscribe/:token'];
const posts = routesOf(t.app).filter(
  (r) => r.method === 'POST' && !SERVER_TO_SERVER.includes(r.path) && !SIGNED_LINKS.includes(r.path),
);

describe('CSRF on every POST route', () => {
  it('the router has the forms the portal is known to have', () => {
    expect(posts.length).toBeGreaterThanOrEqual(25);
    expect(posts.map((r) => r.path)).toEqual(
      expect.arrayContaining([
        '/login',
        '/logout',
        '/profile/password',
        '/cabinet/accounts/connect',
        '/admin/key-rates',
      ]),
    );
  });

  const variants: [string, (csrf: string) => { query?: string; body: Record<string, string> }][] = [
    ['no token', () => ({ body: {} })],
    ['a wrong token', (csrf) => ({ body: { _csrf: csrf.replace(/^./, (c) => (c === 'a' ? 'b' : 'a')) } })],
    ["another session's token", () => ({ body: { _csrf: stranger.csrf } })],
    [
      'the right token in the query string',
      (csrf) => ({ query: `_csrf=${encodeURIComponent(csrf)}`, body: {} }),
    ],
  ];

  for (const route of posts) {
    it(`POST ${route.path}: 403 for every bad token, nothing changed`, async () => {
      const as = route.path.startsWith('/admin') ? admin : customer;
      const before = await tablesFingerprint(t.db);
      for (const [name, make] of variants) {
        const v = make(as.csrf);
        const url = concrete(route.path) + (v.query ? `?${v.query}` : '');
        const res = await as.agent
          .post(url)
          .type('form')
          .send({ ...FIELDS, ...v.body });
        expect(res.status, `${name}`).toBe(403);
        expect(res.text, name).toContain('Страница устарела');
      }
      expect(await tablesFingerprint(t.db)).toEqual(before);
      // the session survived (POST /logout did not end it)
      expect((await as.agent.get('/profile')).status).toBe(200);
    });
  }
});

describe('the unsubscribe link (a signed token instead of a CSRF token)', () => {
  it('without a valid signature it is refused, from a browser session too, and no subscription changes', async () => {
    const userId = (await t.db('user_accounts').where({ account_id: account.id }).first()).user_id;
    await t.db('subscriptions').insert({ user_id: userId, kind: 'bills_email' });
    const before = await tablesFingerprint(t.db);
    const payload = Buffer.from(`v1:${userId}:bills_email:9999999999`).toString('base64url');
    for (const token of [`${payload}.${'A'.repeat(43)}`, 'a'.repeat(43), `${payload}.`]) {
      const res = await customer.agent
        .post(`/unsubscribe/${token}`)
        .type('form')
        .send({ 'List-Unsubscribe': 'One-Click', _csrf: customer.csrf });
      expect(res.status).toBe(400);
      expect(res.text).toContain('Ссылка недействительна');
    }
    expect(await tablesFingerprint(t.db)).toEqual(before);
  });
});

describe('the acquirer notification endpoint (server-to-server, no CSRF by design)', () => {
  it('is, with the signed unsubscribe link, the only POST route without a CSRF check', () => {
    expect(
      routesOf(t.app).filter(
        (r) => r.method === 'POST' && (SERVER_TO_SERVER.includes(r.path) || SIGNED_LINKS.includes(r.path)),
      ),
    ).toHaveLength(SERVER_TO_SERVER.length + SIGNED_LINKS.length);
  });

  it('without a valid HMAC signature it is refused, from a browser session too, and no payment changes', async () => {
    const payments = () => t.db('payments').count<{ count: string }[]>('* as count');
    const online = () => t.db('online_payments').select('id', 'status').orderBy('id');
    const [before, onlineBefore] = [await payments(), await online()];
    const body = JSON.stringify({
      id: 'n1',
      event: 'payment.succeeded',
      object: { id: 'x', amountKop: 100 },
    });
    for (const signature of [undefined, 't=1,v1=' + '0'.repeat(64), 'garbage']) {
      const req = customer.agent.post('/payments/notifications').set('content-type', 'application/json');
      const res = await (signature ? req.set('x-acquirer-signature', signature) : req).send(body);
      expect(res.status).toBe(401);
    }
    expect(await payments()).toEqual(before);
    expect(await online()).toEqual(onlineBefore);
  });
});
