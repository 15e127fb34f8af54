// Who reaches what: every route of the app (read from the express router) × anonymous, the
// account's owner, another customer, a business customer, support and admin, with the owner's
// account number and ids in the path, the query and the form fields. Each gets exactly the
// status in EXPECTED, and no one but the owner and staff sees a trace of the owner's data.
// A new route fails here until its row is added to EXPECTED.
import { describe, it, expect, beforeAll } from 'vitest';
import type TestAgent from 'supertest/lib/agent.js';
import { createTestApp, csrfFrom, loginAs } from '../../support/app.js';
import {
  givenAccount,
  givenBill,
  givenPayment,
  givenUser,
  type GivenAccount,
} from '../../support/builders.js';
import { clearRateLimits } from '../identity-support.js';
import { routesOf } from './support.js';

const t = await createTestApp({ today: '2026-11-23' });

const ROLES = ['anonymous', 'owner', 'other', 'business', 'support', 'admin'] as const;
type Role = (typeof ROLES)[number];

// what only the owner's pages show: a street, a surname and a bill number nobody else has
const SECRET = { street: 'ул. Потайная', surname: 'Скрытнова', bill: 'СЧ-ТАЙНА-77' };

interface Target {
  account: GivenAccount;
  billId: number;
}
let owner: Target;
let otherOwn: Target;
let ownerId: number;
let clientServiceId: number;
/** The owner's request (обращение) with a file, and a topic, for the request and support routes. */
let ownerRequest: { id: number; fileId: number; topicId: number };
/** A signed scan of the owner's bill (features/scans), put back before every request. */
let ownerScanId: number;
async function givenOwnerScan(): Promise<void> {
  await t.db.raw(
    `insert into document_scans (id, account_id, bill_id, file_name, content_type, size, data)
     overriding system value values (?, ?, ?, 'scan.pdf', 'application/pdf', 4, '\\x25504446'::bytea)
     on conflict do nothing`,
    [ownerScanId, owner.account.id, owner.billId],
  );
}
const agents = {} as Record<Role, TestAgent>;
const tokens = {} as Record<Role, string>;

beforeAll(async () => {
  const a = await givenAccount(t.db, { meters: 1 });
  await t
    .db('accounts')
    .where({ id: a.id })
    .update({ address: `Сыктывкар, ${SECRET.street}, д. 7` });
  await t.db('customers').where({ id: a.customerId }).update({ last_name: SECRET.surname });
  const bill = await givenBill(t.db, a, {
    number: SECRET.bill,
    date: '2026-10-31',
    period: '2026-10',
    lines: [{ charged: 61200, quantity: '100', tariff: '6.12' }],
  });
  await givenPayment(t.db, a, { date: '2026-11-10', amount: 61200 });
  owner = { account: a, billId: bill.id };
  [{ id: clientServiceId }] = await t
    .db('client_services')
    .insert({ supplier_id: a.supplierId, title: 'Энергоаудит' })
    .returning('id');
  const b = await givenAccount(t.db, { meters: 1 });
  otherOwn = {
    account: b,
    billId: (await givenBill(t.db, b, { date: '2026-10-31', period: '2026-10', lines: [{ charged: 100 }] }))
      .id,
  };
  const biz = await givenAccount(t.db, { kind: 'organisation' });

  const users: Record<Exclude<Role, 'anonymous'>, Awaited<ReturnType<typeof givenUser>>> = {
    owner: await givenUser(t.db, { accounts: [a.id] }),
    other: await givenUser(t.db, { accounts: [b.id] }),
    business: await givenUser(t.db, { accounts: [biz.id] }),
    support: await givenUser(t.db, { role: 'support' }),
    admin: await givenUser(t.db, { role: 'admin' }),
  };
  ownerId = users.owner.id;
  const [req] = await t
    .db('requests')
    .insert({
      user_id: ownerId,
      account_id: a.id,
      supplier_id: a.supplierId,
      topic: 'Оплата',
      text: `Вопрос от ${SECRET.surname}`,
      created_at: '2026-11-20T10:00:00Z',
    })
    .returning('id');
  const [file] = await t
    .db('request_attachments')
    .insert({
      request_id: req.id,
      file_name: 'a.pdf',
      content_type: 'application/pdf',
      size: 4,
      data: Buffer.from('%PDF'),
    })
    .returning('id');
  ownerRequest = { id: req.id, fileId: file.id, topicId: (await t.db('request_topics').first('id')).id };
  ownerScanId = 1_000_000 + owner.billId;
  await givenOwnerScan();
  await t.db('users').where('id', users.business.id).update({ customer_kind: 'organisation' });
  agents.anonymous = t.agent();
  tokens.anonymous = await csrfFrom(agents.anonymous, '/login');
  for (const [role, u] of Object.entries(users) as [Exclude<Role, 'anonymous'>, (typeof users)['owner']][]) {
    await t.db('users').where({ id: u.id }).update({ phone: '+79121234567' });
    agents[role] = t.agent();
    await loginAs(agents[role], u.login, u.password);
    tokens[role] = await csrfFrom(agents[role], '/profile');
  }
});

/** The owner's number and ids wherever a route takes them. */
function urlOf(path: string): string {
  const n = owner.account;
  return path
    .replace('/requests/:id/files/:fileId', `/requests/${ownerRequest.id}/files/${ownerRequest.fileId}`)
    .replace('/requests/:id', `/requests/${ownerRequest.id}`)
    .replace('/support/customers/:id', `/support/customers/${ownerId}`)
    .replace('/support/topics/:id', `/support/topics/${ownerRequest.topicId}`)
    .replace('/scans/:scanId', `/scans/${ownerScanId}`)
    .replace('/support/accounts/:id', `/support/accounts/${n.id}`)
    .replace('/scans/:id', `/scans/${ownerScanId}`)
    .replace(':number', n.number)
    .replace('/bills/:id.pdf', `/bills/${owner.billId}.pdf`)
    .replace('/bills/:id', `/bills/${owner.billId}`)
    .replace('/meters/:id', `/meters/${n.meters[0]!.id}`)
    .replace('/client-services/:id', `/client-services/${clientServiceId}`)
    .replace(':token', 'a'.repeat(43))
    .concat(path.endsWith('/bills/print') ? `?ids=${owner.billId}` : '')
    .concat(path === '/support/audit' ? `?customer=${ownerId}` : '');
}

/** Form fields naming the owner's account, bill and register. */
function fieldsOf(): Record<string, string> {
  const reg = owner.account.meters[0]!.registers[0]!.id;
  return {
    account_number: owner.account.number,
    relation: 'owner',
    visible: String(owner.account.id),
    [`reading[${reg}]`]: '1500',
    [`date[${reg}]`]: '2026-11-20',
  };
}

async function request(role: Role, method: string, path: string) {
  // the owner's own POSTs may hide or disconnect the account: every request starts from the link
  await t
    .db('user_accounts')
    .insert({ user_id: ownerId, account_id: owner.account.id, relation: 'owner', visible: true })
    .onConflict(['user_id', 'account_id'])
    .merge({ visible: true });
  await clearRateLimits(t.db);
  // staff may close the owner's request: every request starts from a new one
  await t.db('requests').where({ id: ownerRequest.id }).update({ status: 'new', closed_at: null });
  // staff may remove the owner's scan: every request starts with it there
  await givenOwnerScan();
  if (method === 'GET') return agents[role].get(urlOf(path));
  const res = await agents[role]
    .post(urlOf(path))
    .type('form')
    .send({ ...fieldsOf(), _csrf: tokens[role] });
  // "Смотреть как клиент" stays on in the session until ended: the next rows start without it
  if (path === '/support/customers/:id/view-as' && res.status === 303)
    await agents[role].post('/support/view-as/end').type('form').send({ _csrf: tokens[role] });
  return res;
}

const seen = new Set<string>();
const routes = routesOf(t.app)
  .filter((r) => !seen.has(`${r.method} ${r.path}`) && seen.add(`${r.method} ${r.path}`))
  .filter(
    (r) =>
      !r.path.startsWith('/public/') &&
      !(
        r.method === 'POST' &&
        [
          '/logout',
          '/profile/consent/withdraw',
          '/profile/password',
          '/profile/email',
          '/profile/login',
          '/password/new',
        ].includes(r.path)
      ),
  );

/**
 * The status each role gets, in the order of ROLES; 'status>location' for a redirect whose target
 * matters. Customers' /cabinet goes to their only account; staff never see a cabinet (GETs send them
 * to /support, changes are 404) unless they look at one customer's read-only ("Смотреть как
 * клиент", test/integration/support-desk.test.ts); /accounts/:number/state is a business section
 * (the owner's account is residential). /support is staff-only: customers get a 404.
 */
const EXPECTED: Record<string, readonly string[]> = {
  'GET /': ['302>/login', '302>/cabinet', '302>/cabinet', '302>/cabinet', '302>/support', '302>/support'],
  'GET /healthz': ['200', '200', '200', '200', '200', '200'],
  'GET /about': ['200', '200', '200', '200', '200', '200'],
  'GET /news': ['200', '200', '200', '200', '200', '200'],
  'GET /faq': ['200', '200', '200', '200', '200', '200'],
  'GET /captcha/challenge': ['200', '200', '200', '200', '200', '200'],
  'GET /login': ['200', '302>/cabinet', '302>/cabinet', '302>/cabinet', '302>/support', '302>/support'],
  'POST /login': ['400', '400', '400', '400', '400', '400'],
  'GET /login/security-question': [
    '302>/login',
    '302>/login',
    '302>/login',
    '302>/login',
    '302>/login',
    '302>/login',
  ],
  'POST /login/security-question': [
    '302>/login',
    '302>/login',
    '302>/login',
    '302>/login',
    '302>/login',
    '302>/login',
  ],
  'GET /login/code': ['302>/login', '302>/login', '302>/login', '302>/login', '302>/login', '302>/login'],
  'POST /login/code': ['302>/login', '302>/login', '302>/login', '302>/login', '302>/login', '302>/login'],
  'GET /password/new': ['302>/login', '303', '303', '303', '303', '303'],
  'GET /password/forgot': ['200', '200', '200', '200', '200', '200'],
  'POST /password/forgot': ['400', '400', '400', '400', '400', '400'],
  'GET /password/reset/:token': ['410', '410', '410', '410', '410', '410'],
  'POST /password/reset/:token': ['410', '410', '410', '410', '410', '410'],
  'GET /password/sms': ['200', '200', '200', '200', '200', '200'],
  'POST /password/sms': ['400', '400', '400', '400', '400', '400'],
  'GET /register': ['200', '302>/cabinet', '302>/cabinet', '302>/cabinet', '302>/cabinet', '302>/cabinet'],
  'POST /register': ['400', '400', '400', '400', '400', '400'],
  'GET /register/business': [
    '200',
    '302>/cabinet',
    '302>/cabinet',
    '302>/cabinet',
    '302>/cabinet',
    '302>/cabinet',
  ],
  'POST /register/business': ['400', '400', '400', '400', '400', '400'],
  'GET /register/confirm/:token': ['410', '410', '410', '410', '410', '410'],
  'GET /register/resend': ['200', '200', '200', '200', '200', '200'],
  'POST /register/resend': ['400', '400', '400', '400', '400', '400'],
  'GET /profile': ['302>/login', '200', '200', '200', '200', '200'],
  'POST /profile': ['302>/login', '400', '400', '302>/profile', '400', '400'],
  'GET /profile/email/confirm/:token': ['410', '410', '410', '410', '410', '410'],
  'POST /profile/subscriptions': [
    '302>/login',
    '302>/profile',
    '302>/profile',
    '302>/profile',
    '302>/profile',
    '302>/profile',
  ],
  'GET /profile/complete': ['302>/login', '200', '200', '200', '200', '200'],
  'POST /profile/complete': ['302>/login', '400', '400', '400', '400', '400'],
  'GET /profile/two-factor': ['302>/login', '200', '200', '200', '200', '200'],
  'POST /profile/two-factor/enable': ['302>/login', '400', '400', '400', '400', '400'],
  'POST /profile/two-factor/disable': [
    '302>/login',
    '302>/profile/two-factor',
    '302>/profile/two-factor',
    '302>/profile/two-factor',
    '302>/profile/two-factor',
    '302>/profile/two-factor',
  ],
  'GET /profile/consent/withdraw': ['302>/login', '200', '200', '200', '200', '200'],
  'GET /dev/outbox': ['404', '404', '404', '404', '404', '404'],
  'GET /cabinet': ['302>/login', '302', '302', '302', '302>/support', '302>/support'],
  'GET /cabinet/accounts': ['302>/login', '200', '200', '200', '302>/support', '302>/support'],
  'POST /cabinet/accounts': ['302>/login', '302>/cabinet', '302>/cabinet', '302>/cabinet', '404', '404'],
  'GET /cabinet/accounts/:number/disconnect': [
    '302>/login',
    '200',
    '404',
    '404',
    '302>/support',
    '302>/support',
  ],
  'POST /cabinet/accounts/:number/disconnect': ['302>/login', '302>/cabinet', '404', '404', '404', '404'],
  'GET /cabinet/accounts/connect': ['302>/login', '200', '200', '200', '302>/support', '302>/support'],
  'POST /cabinet/accounts/connect': ['302>/login', '400', '200', '200', '404', '404'],
  'GET /accounts/:number': ['302>/login', '200', '404', '404', '302>/support', '302>/support'],
  // Обзор, the landing page of every account (households and companies)
  'GET /accounts/:number/summary': ['302>/login', '200', '404', '404', '302>/support', '302>/support'],
  'GET /accounts/:number/services': ['302>/login', '200', '404', '404', '302>/support', '302>/support'],
  'GET /accounts/:number/bills': ['302>/login', '200', '404', '404', '302>/support', '302>/support'],
  'GET /accounts/:number/bills/:id': ['302>/login', '200', '404', '404', '302>/support', '302>/support'],
  'GET /accounts/:number/payments': ['302>/login', '200', '404', '404', '302>/support', '302>/support'],
  'GET /accounts/:number/contract-values': [
    '302>/login',
    '200',
    '404',
    '404',
    '302>/support',
    '302>/support',
  ],
  'GET /accounts/:number/meters': ['302>/login', '200', '404', '404', '302>/support', '302>/support'],
  'GET /accounts/:number/details': ['302>/login', '200', '404', '404', '302>/support', '302>/support'],
  'GET /accounts/:number/history': ['302>/login', '200', '404', '404', '302>/support', '302>/support'],
  'GET /accounts/:number/usage': ['302>/login', '200', '404', '404', '302>/support', '302>/support'],
  'GET /accounts/:number/bills/:id.pdf': ['302>/login', '200', '404', '404', '302>/support', '302>/support'],
  'GET /accounts/:number/bills/print': ['302>/login', '200', '404', '404', '302>/support', '302>/support'],
  'GET /accounts/:number/documents': ['302>/login', '200', '404', '404', '302>/support', '302>/support'],
  'GET /accounts/:number/reconciliation': ['302>/login', '200', '404', '404', '302>/support', '302>/support'],
  'GET /accounts/:number/consumption': ['302>/login', '200', '404', '404', '302>/support', '302>/support'],
  'GET /accounts/:number/readings': ['302>/login', '200', '404', '404', '302>/support', '302>/support'],
  'POST /accounts/:number/readings': ['302>/login', '303', '404', '404', '404', '404'],
  'GET /accounts/:number/readings/confirmation': [
    '302>/login',
    '404',
    '404',
    '404',
    '302>/support',
    '302>/support',
  ],
  'GET /accounts/:number/meters/:id/readings': [
    '302>/login',
    '200',
    '404',
    '404',
    '302>/support',
    '302>/support',
  ],
  'GET /accounts/:number/state': ['302>/login', '404', '404', '404', '302>/support', '302>/support'],
  // the calculator is a business section: the owner's household account has none, whoever asks
  'GET /accounts/:number/calculator': ['302>/login', '404', '404', '404', '302>/support', '302>/support'],
  'POST /accounts/:number/calculator': ['302>/login', '404', '404', '404', '404', '404'],
  // Информация о клиенте and Лицевой счет are business sections too
  'GET /accounts/:number/client': ['302>/login', '404', '404', '404', '302>/support', '302>/support'],
  'GET /accounts/:number/overview': ['302>/login', '404', '404', '404', '302>/support', '302>/support'],
  'GET /accounts/:number/additional-services': [
    '302>/login',
    '404',
    '404',
    '404',
    '302>/support',
    '302>/support',
  ],
  'GET /admin/billing': ['302>/login', '404', '404', '404', '404', '200'],
  'POST /admin/billing': ['302>/login', '404', '404', '404', '404', '400'],
  'GET /admin/key-rates': ['302>/login', '404', '404', '404', '404', '200'],
  'POST /admin/key-rates': ['302>/login', '404', '404', '404', '404', '400'],
  'GET /admin/vat-rates': ['302>/login', '404', '404', '404', '404', '200'],
  'POST /admin/vat-rates': ['302>/login', '404', '404', '404', '404', '400'],
  'GET /admin/debt-rules': ['302>/login', '404', '404', '404', '404', '200'],
  'POST /admin/debt-rules/penalty': ['302>/login', '404', '404', '404', '404', '400'],
  'POST /admin/debt-rules/advance': ['302>/login', '404', '404', '404', '404', '400'],
  'GET /admin/calculator-prices': ['302>/login', '404', '404', '404', '404', '200'],
  'POST /admin/calculator-prices': ['302>/login', '404', '404', '404', '404', '400'],
  'GET /admin/client-services': ['302>/login', '404', '404', '404', '404', '200'],
  'POST /admin/client-services': ['302>/login', '404', '404', '404', '404', '400'],
  'GET /admin/client-services/:id': ['302>/login', '404', '404', '404', '404', '200'],
  'POST /admin/client-services/:id': ['302>/login', '404', '404', '404', '404', '400'],
  'POST /admin/client-services/:id/delete': ['302>/login', '404', '404', '404', '404', '302'],
  // online payment: only the customer pays; staff are sent to the desk like from every cabinet page
  // (and "Смотреть как клиент" refuses the POST)
  'GET /accounts/:number/pay': ['302>/login', '200', '404', '404', '302>/support', '302>/support'],
  'POST /accounts/:number/pay': ['302>/login', '400', '404', '404', '404', '404'],
  'GET /accounts/:number/pay/:id': ['302>/login', '404', '404', '404', '302>/support', '302>/support'],
  'GET /accounts/:number/online-payments': [
    '302>/login',
    '200',
    '404',
    '404',
    '302>/support',
    '302>/support',
  ],
  // server-to-server from the acquirer: no session and no CSRF by design; without the acquirer's
  // HMAC signature it is refused (401) for everyone, signed-in or not
  'POST /payments/notifications': ['401', '401', '401', '401', '401', '401'],
  // a mailing's unsubscribe link: no sign-in, the signed token is the proof; the matrix's made-up
  // token is no valid signature, so it is refused (400) for everyone and nothing changes
  'GET /unsubscribe/:token': ['400', '400', '400', '400', '400', '400'],
  'POST /unsubscribe/:token': ['400', '400', '400', '400', '400', '400'],
  // the sandbox acquirer's pages stand for the bank's site: an unknown payment id is 404 for all
  'GET /sandbox-acquirer/payments/:id': ['404', '404', '404', '404', '404', '404'],
  'POST /sandbox-acquirer/payments/:id/card': ['404', '404', '404', '404', '404', '404'],
  'GET /sandbox-acquirer/payments/:id/3ds': ['404', '404', '404', '404', '404', '404'],
  'POST /sandbox-acquirer/payments/:id/3ds': ['404', '404', '404', '404', '404', '404'],
  'GET /sandbox-acquirer/payments/:id/sbp': ['404', '404', '404', '404', '404', '404'],
  'POST /sandbox-acquirer/payments/:id/sbp': ['404', '404', '404', '404', '404', '404'],
  'POST /sandbox-acquirer/payments/:id/cancel': ['404', '404', '404', '404', '404', '404'],
  // requests (обращения): the author's own; staff read them at /support/requests
  'GET /requests': ['302>/login', '200', '200', '200', '302>/support', '302>/support'],
  'GET /requests/new': ['302>/login', '200', '200', '200', '302>/support', '302>/support'],
  'POST /requests': ['302>/login', '400', '400', '400', '404', '404'],
  'GET /requests/:id': ['302>/login', '200', '404', '404', '302>/support', '302>/support'],
  'POST /requests/:id/reply': ['302>/login', '400', '404', '404', '404', '404'],
  'GET /requests/:id/files/:fileId': ['302>/login', '200', '404', '404', '302>/support', '302>/support'],
  // the support desk: support and admin only
  'GET /support': ['302>/login', '404', '404', '404', '200', '200'],
  'GET /support/customers/:id': ['302>/login', '404', '404', '404', '200', '200'],
  'POST /support/customers/:id/password-reset': ['302>/login', '404', '404', '404', '400', '400'],
  'POST /support/customers/:id/unlock': ['302>/login', '404', '404', '404', '303', '303'],
  'POST /support/customers/:id/connect-unlock': ['302>/login', '404', '404', '404', '303', '303'],
  'POST /support/customers/:id/two-factor-reset': ['302>/login', '404', '404', '404', '409', '409'],
  'POST /support/customers/:id/resend-confirmation': ['302>/login', '404', '404', '404', '409', '409'],
  'POST /support/customers/:id/contacts': ['302>/login', '404', '404', '404', '400', '400'],
  'POST /support/customers/:id/view-as': ['302>/login', '404', '404', '404', '303>/cabinet', '303>/cabinet'],
  'POST /support/view-as/end': ['302>/login', '404', '404', '404', '303>/support', '303>/support'],
  'GET /support/audit': ['302>/login', '404', '404', '404', '200', '200'],
  'GET /support/requests': ['302>/login', '404', '404', '404', '200', '200'],
  'GET /support/requests/:id': ['302>/login', '404', '404', '404', '200', '200'],
  'POST /support/requests/:id/take': ['302>/login', '404', '404', '404', '303', '303'],
  'POST /support/requests/:id/close': ['302>/login', '404', '404', '404', '303', '303'],
  'POST /support/requests/:id/answer': ['302>/login', '404', '404', '404', '400', '400'],
  'GET /support/requests/:id/files/:fileId': ['302>/login', '404', '404', '404', '200', '200'],
  // signed scans (issue #20): the account's own users download them; staff attach, open and remove
  // them at the desk (a form without a file is refused with 400)
  'GET /accounts/:number/scans/:id': ['302>/login', '200', '404', '404', '302>/support', '302>/support'],
  'GET /support/accounts/:id/scans': ['302>/login', '404', '404', '404', '200', '200'],
  'POST /support/accounts/:id/scans': ['302>/login', '404', '404', '404', '400', '400'],
  'GET /support/accounts/:id/scans/:scanId': ['302>/login', '404', '404', '404', '200', '200'],
  'POST /support/accounts/:id/scans/:scanId/delete': ['302>/login', '404', '404', '404', '303', '303'],
  'GET /support/topics': ['302>/login', '404', '404', '404', '200', '200'],
  'POST /support/topics': ['302>/login', '404', '404', '404', '400', '400'],
  'POST /support/topics/:id': ['302>/login', '404', '404', '404', '400', '400'],
};

const leaks = (text: string | undefined) =>
  [SECRET.street, SECRET.surname, SECRET.bill].filter((x) => text?.includes(x));

describe('authorization matrix', () => {
  it('covers every route of the router', () => {
    expect(routes.length).toBeGreaterThan(60);
    expect(routes.map((r) => `${r.method} ${r.path}`).filter((k) => !(k in EXPECTED))).toEqual([]);
  });

  for (const r of routes) {
    const key = `${r.method} ${r.path}`;
    it(`${key}: ${(EXPECTED[key] ?? []).join(' · ')}`, async () => {
      const want = EXPECTED[key];
      if (!want) return expect.fail(`${key} has no row in EXPECTED`);
      for (const [i, role] of ROLES.entries()) {
        const res = await request(role, r.method, r.path);
        const got = `${res.status}${want[i]!.includes('>') ? `>${res.headers.location}` : ''}`;
        expect(got, `${role}`).toBe(want[i]);
        if (role === 'anonymous' || role === 'other' || role === 'business')
          expect(leaks(res.text), `${role} sees the owner's data`).toEqual([]);
      }
    });
  }
});

describe("another customer naming the owner's ids on their own account", () => {
  const mine = () => otherOwn.account.number;
  it('in the path and the query: 404, nothing of the owner shown', async () => {
    for (const url of [
      `/accounts/${mine()}/bills/${owner.billId}`,
      `/accounts/${mine()}/bills/${owner.billId}.pdf`,
      `/accounts/${mine()}/bills/print?ids=${owner.billId}`,
      `/accounts/${mine()}/bills/print?ids=${otherOwn.billId},${owner.billId}`,
      `/accounts/${mine()}/meters/${owner.account.meters[0]!.id}/readings`,
      `/accounts/${mine()}/scans/${ownerScanId}`,
    ]) {
      const res = await agents.other.get(url);
      expect(res.status, url).toBe(404);
      expect(leaks(res.text), url).toEqual([]);
    }
  });

  it("in form fields: the owner's register gets no reading and the owner's account is not linked", async () => {
    const reg = owner.account.meters[0]!.registers[0]!.id;
    const otherId = (await t.db('user_accounts').where({ account_id: otherOwn.account.id }).first()).user_id;
    const res = await agents.other
      .post(`/accounts/${mine()}/readings`)
      .type('form')
      .send({ [`reading[${reg}]`]: '1777', [`date[${reg}]`]: '2026-11-20', _csrf: tokens.other });
    expect(res.status).not.toBe(500);
    expect(await t.db('readings').where({ register_id: reg, submitted_by: otherId })).toEqual([]);
    await agents.other
      .post('/cabinet/accounts')
      .type('form')
      .send({ visible: [String(owner.account.id), String(otherOwn.account.id)], _csrf: tokens.other });
    expect(await t.db('user_accounts').where({ user_id: otherId, account_id: owner.account.id })).toEqual([]);
  });
});
