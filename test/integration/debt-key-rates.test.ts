// The admin key rate history: list, add or replace a rate with Russian validation, every change audited.
import { describe, it, expect } from 'vitest';
import { createTestApp, loginAs, submitForm } from '../support/app.js';
import { givenUser } from '../support/builders.js';

const t = await createTestApp({ today: '2026-11-23' });
const db = t.db;

async function admin() {
  const u = await givenUser(db, { role: 'admin' });
  const agent = t.agent();
  await loginAs(agent, u.login, u.password);
  return { agent, user: u };
}

describe('/admin/key-rates', () => {
  it('lists the history newest first', async () => {
    const { agent } = await admin();
    const res = await agent.get('/admin/key-rates');
    expect(res.status).toBe(200);
    expect(res.text.indexOf('22.12.2025')).toBeLessThan(res.text.indexOf('27.10.2025'));
    expect(res.text).toContain('16,5');
  });

  it('an admin adds a rate typed as people type it, then replaces it; both audited', async () => {
    const { agent, user } = await admin();
    const add = await submitForm(agent, '/admin/key-rates', { valid_from: '16.03.2026', percent: '15,5' }, '/admin/key-rates');
    expect(add.status).toBe(302);
    expect((await agent.get('/admin/key-rates')).text).toContain('Ключевая ставка 15,5 % с 16.03.2026 сохранена');
    expect(await db('key_rates').where({ valid_from: '2026-03-16' }).first()).toEqual({ valid_from: '2026-03-16', percent: '15.500' });
    await submitForm(agent, '/admin/key-rates', { valid_from: '2026-03-16', percent: '15' }, '/admin/key-rates');
    expect((await db('key_rates').where({ valid_from: '2026-03-16' }).first()).percent).toBe('15.000');
    const audit = await db('audit_log').where({ actor_id: user.id }).where('action', 'like', 'key_rate.%').orderBy('id').select('action', 'details');
    expect(audit.map((a) => [a.action, a.details.percent, a.details.previous])).toEqual([
      ['key_rate.add', '15.5', null],
      ['key_rate.change', '15', '15.500'],
    ]);
  });

  it('bad input is refused beside the fields, kept, and nothing is stored', async () => {
    const { agent } = await admin();
    const count = await db('key_rates').count<{ count: number }[]>('* as count').first();
    const res = await submitForm(agent, '/admin/key-rates', { valid_from: '30.02.2026', percent: 'много' }, '/admin/key-rates');
    expect(res.status).toBe(400);
    expect(res.text).toContain('Дата в виде ДД.ММ.ГГГГ');
    expect(res.text).toContain('Ставка — число');
    expect(res.text).toContain('value="много"');
    const high = await submitForm(agent, '/admin/key-rates', { valid_from: '01.03.2026', percent: '120' }, '/admin/key-rates');
    expect(high.text).toContain('не может быть больше 100 %');
    const neg = await submitForm(agent, '/admin/key-rates', { valid_from: '', percent: '-1' }, '/admin/key-rates');
    expect(neg.text).toContain('Укажите дату');
    expect(neg.text).toContain('не может быть отрицательной');
    expect(await db('key_rates').count<{ count: number }[]>('* as count').first()).toEqual(count);
  });

  it('customers get 404', async () => {
    const u = await givenUser(db);
    const agent = t.agent();
    await loginAs(agent, u.login, u.password);
    expect((await agent.get('/admin/key-rates')).status).toBe(404);
  });
});
