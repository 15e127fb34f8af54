// Hostile input in every field of every form the pages offer (found by reading the pages, not a
// hand list): SQL fragments, markup, 10 000 characters, NUL and control characters, RTL marks,
// emoji, and arrays where text belongs. Never a 500, and markup never comes back unescaped.
import { describe, it, expect, beforeAll } from 'vitest';
import type TestAgent from 'supertest/lib/agent.js';
import { createTestApp, csrfFrom, loginAs } from '../../support/app.js';
import { givenAccount, givenBill, givenUser, type GivenAccount } from '../../support/builders.js';
import { clearRateLimits } from '../identity-support.js';

const t = await createTestApp({ today: '2026-11-23', env: { NODE_ENV: 'development' } });

const MARKUP = '<script>alert(1)</script><img src=x onerror=alert(2)>';
const PAYLOADS: [string, string | string[]][] = [
  ['an SQL fragment', "1' OR '1'='1'; DROP TABLE users; --"],
  ['markup', MARKUP],
  ['10 000 characters', 'я'.repeat(10_000)],
  ['a NUL byte', 'abc\u0000def'],
  ['control characters', '\u0007\u001b[31m\u0085x'],
  ['RTL marks', '\u202Eтсет\u200F\u2066x'],
  ['emoji', '🔌⚡️👩‍👩‍👧'],
  ['an array', ['1', '2']],
];

// forms that end the session or the cabinet; their handling is covered by their own suites
const SKIP = new Set(['/logout', '/profile/consent/withdraw']);

interface Form {
  page: string;
  action: string;
  fields: string[];
}

/** The POST forms of a page and the names of their fields (hidden ones too, _csrf aside). */
function formsOn(page: string, html: string): Form[] {
  const forms: Form[] = [];
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const attrs = m[1]!;
    if (!/method="post"/i.test(attrs)) continue;
    const action = /action="([^"]*)"/.exec(attrs)?.[1] ?? page;
    const fields = [
      ...new Set(
        [...m[2]!.matchAll(/<(?:input|select|textarea)\b[^>]*\bname="([^"]+)"/g)].map((f) =>
          f[1]!.replace(/&#39;|&quot;/g, ''),
        ),
      ),
    ].filter((f) => f !== '_csrf');
    if (!SKIP.has(action)) forms.push({ page, action: action.replace(/&amp;/g, '&'), fields });
  }
  return forms;
}

let account: GivenAccount;
const sessions: { who: string; agent: TestAgent; pages: string[] }[] = [];

beforeAll(async () => {
  account = await givenAccount(t.db, { meters: 1 });
  await givenBill(t.db, account, { date: '2026-10-31', period: '2026-10', lines: [{ charged: 61200 }] });
  const business = await givenAccount(t.db, { kind: 'organisation', supplierId: account.supplierId });
  const customer = await givenUser(t.db, { accounts: [account.id, business.id] });
  const admin = await givenUser(t.db, { role: 'admin' });
  for (const u of [customer, admin])
    await t.db('users').where({ id: u.id }).update({ phone: '+79121234567' });
  const [request] = await t
    .db('requests')
    .insert({
      user_id: customer.id,
      account_id: account.id,
      supplier_id: account.supplierId,
      topic: 'Оплата',
      text: 'Вопрос',
    })
    .returning('id');
  const c = t.agent();
  await loginAs(c, customer.login, customer.password);
  const a = t.agent();
  await loginAs(a, admin.login, admin.password);
  sessions.push(
    {
      who: 'a visitor',
      agent: t.agent(),
      pages: [
        '/login',
        '/register',
        '/register/business',
        '/password/forgot',
        '/password/sms',
        '/register/resend',
      ],
    },
    {
      who: 'a customer',
      agent: c,
      pages: [
        '/profile',
        '/cabinet/accounts',
        '/cabinet/accounts/connect',
        `/accounts/${account.number}/readings`,
        `/accounts/${account.number}/pay`,
        '/requests/new',
        `/requests/${request.id}`,
        `/accounts/${business.number}/calculator`,
      ],
    },
    {
      who: 'an admin',
      agent: a,
      pages: [
        '/admin/billing',
        '/admin/key-rates',
        '/admin/vat-rates',
        '/admin/debt-rules',
        // the support desk (admin has support's rights)
        `/support/customers/${customer.id}`,
        `/support/requests/${request.id}`,
        '/support/topics',
        // the signed-scan form (multipart in a browser; here its fields arrive without a file)
        `/support/accounts/${business.id}/scans`,
        '/admin/calculator-prices',
        '/admin/client-services',
      ],
    },
  );
});

describe('hostile input in every field of every form', () => {
  it('never gives 500, never echoes markup unescaped, and nothing stored shows up unescaped', async () => {
    let submitted = 0;
    for (const s of sessions) {
      for (const page of s.pages) {
        const html = (await s.agent.get(page)).text;
        const forms = formsOn(page, html);
        expect(forms.length, `${s.who}: forms on ${page}`).toBeGreaterThan(0);
        for (const form of forms) {
          for (const [what, value] of PAYLOADS) {
            await clearRateLimits(t.db);
            const _csrf = await csrfFrom(s.agent, page);
            const body = new URLSearchParams();
            for (const f of form.fields)
              for (const v of Array.isArray(value) ? value : [value]) body.append(f, v);
            body.append('_csrf', _csrf);
            const res = await s.agent.post(form.action).type('form').send(body.toString());
            const where = `${s.who}: ${what} in every field of ${form.action} (${form.fields.join(', ')})`;
            expect(res.status, where).toBeLessThan(500);
            expect(res.text, where).not.toContain('<script>alert(1)');
            expect(res.text, where).not.toContain('<img src=x');
            submitted++;
          }
        }
      }
      // whatever was stored is shown escaped on the pages that show it
      for (const page of s.pages) {
        const res = await s.agent.get(page);
        expect(res.status, page).toBeLessThan(500);
        expect(res.text, page).not.toContain('<script>alert(1)');
      }
    }
    expect(submitted).toBeGreaterThanOrEqual(PAYLOADS.length * 15);
    // every payload into every form of ~20 pages, one after another: ~20 s on a free machine
  }, 120_000);
});
