// The admin billing page: only admins start a run; the form refuses bad input in Russian; runs are listed and audited.
import { describe, it, expect } from 'vitest';
import { createTestApp, loginAs, submitForm } from '../support/app.js';
import { givenAccount, givenSupplier, givenUser } from '../support/builders.js';

const t = await createTestApp({ today: '2026-11-23' });
const db = t.db;

async function as(role: 'admin' | 'support' | 'customer') {
  const u = await givenUser(db, { role });
  const agent = t.agent();
  await loginAs(agent, u.login, u.password);
  return { agent, user: u };
}

describe('/admin/billing', () => {
  it('a customer and support staff get 404; an anonymous visitor is sent to login', async () => {
    expect((await (await as('customer')).agent.get('/admin/billing')).status).toBe(404);
    expect((await (await as('support')).agent.get('/admin/billing')).status).toBe(404);
    const anon = await t.agent().get('/admin/billing');
    expect(anon.status).toBe(302);
    expect(anon.headers.location).toBe('/login');
  });

  it('an admin bills a supplier for a month; the run is listed and audited', async () => {
    const s = await givenSupplier(db);
    const acc = await givenAccount(db, { supplierId: s.id });
    await db('services').where({ id: acc.serviceId }).update({ method: 'norm_per_resident', norm: '50' });
    const { agent, user } = await as('admin');
    const page = await agent.get('/admin/billing');
    expect(page.status).toBe(200);
    expect(page.text).toContain(`value="${s.code}"`);
    // on 23 November the form offers October, the month that has closed
    expect(page.text).toMatch(/name="period"[^>]*value="2026-10"/);
    const res = await submitForm(
      agent,
      '/admin/billing',
      { period: '2026-10', supplier: s.code },
      '/admin/billing',
    );
    expect(res.status).toBe(302);
    const after = await agent.get('/admin/billing');
    expect(after.text).toContain('Расчёт за 2026-10 выполнен: выставлено документов — 1');
    expect(after.text).toContain('завершён');
    expect(after.text).toContain(user.login);
    const bill = await db('bills').where({ account_id: acc.id }).first();
    expect(bill.number).toBe(`${acc.number}-202610`);
    const audit = await db('audit_log').where({ action: 'billing.run', actor_id: user.id }).first();
    expect(audit.details).toMatchObject({ period: '2026-10', supplier: s.code, billed: 1 });
  });

  it('a bad month is refused beside the field with the input kept, and nothing runs', async () => {
    const { agent } = await as('admin');
    const runs = await db('billing_runs').count<{ count: number }[]>('* as count').first();
    const bad = await submitForm(
      agent,
      '/admin/billing',
      { period: '10.2026', supplier: '' },
      '/admin/billing',
    );
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Месяц в виде ГГГГ-ММ');
    expect(bad.text).toContain('value="10.2026"');
    const future = await submitForm(
      agent,
      '/admin/billing',
      { period: '2027-01', supplier: '' },
      '/admin/billing',
    );
    expect(future.status).toBe(422);
    expect(future.text).toContain('Нельзя выставить счета за будущий период');
    expect(await db('billing_runs').count<{ count: number }[]>('* as count').first()).toEqual(runs);
  });
});
