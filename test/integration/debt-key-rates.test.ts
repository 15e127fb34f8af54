// The admin histories of dated rates (the key rate, VAT): list, add or replace a rate with Russian validation, every change audited.
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
    const add = await submitForm(
      agent,
      '/admin/key-rates',
      { valid_from: '16.03.2026', percent: '15,5' },
      '/admin/key-rates',
    );
    expect(add.status).toBe(302);
    expect((await agent.get('/admin/key-rates')).text).toContain(
      'Ключевая ставка 15,5 % с 16.03.2026 сохранена',
    );
    expect(await db('key_rates').where({ valid_from: '2026-03-16' }).first()).toEqual({
      valid_from: '2026-03-16',
      percent: '15.500',
    });
    await submitForm(
      agent,
      '/admin/key-rates',
      { valid_from: '2026-03-16', percent: '15' },
      '/admin/key-rates',
    );
    expect((await db('key_rates').where({ valid_from: '2026-03-16' }).first()).percent).toBe('15.000');
    const audit = await db('audit_log')
      .where({ actor_id: user.id })
      .where('action', 'like', 'key_rate.%')
      .orderBy('id')
      .select('action', 'details');
    expect(audit.map((a) => [a.action, a.details.percent, a.details.previous])).toEqual([
      ['key_rate.add', '15.5', null],
      ['key_rate.change', '15', '15.500'],
    ]);
  });

  it('bad input is refused beside the fields, kept, and nothing is stored', async () => {
    const { agent } = await admin();
    const count = await db('key_rates').count<{ count: number }[]>('* as count').first();
    const res = await submitForm(
      agent,
      '/admin/key-rates',
      { valid_from: '30.02.2026', percent: 'много' },
      '/admin/key-rates',
    );
    expect(res.status).toBe(400);
    expect(res.text).toContain('Дата в виде ДД.ММ.ГГГГ');
    expect(res.text).toContain('Ставка — число');
    expect(res.text).toContain('value="много"');
    const high = await submitForm(
      agent,
      '/admin/key-rates',
      { valid_from: '01.03.2026', percent: '120' },
      '/admin/key-rates',
    );
    expect(high.text).toContain('не может быть больше 100 %');
    const neg = await submitForm(
      agent,
      '/admin/key-rates',
      { valid_from: '', percent: '-1' },
      '/admin/key-rates',
    );
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

describe('/admin/vat-rates', () => {
  it('lists 20 % from 2019 and 22 % from 2026 newest first; an admin adds a rate typed as people type it, audited', async () => {
    const { agent, user } = await admin();
    const page = await agent.get('/admin/vat-rates');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Ставка НДС');
    expect(page.text.indexOf('01.01.2026')).toBeLessThan(page.text.indexOf('01.01.2019'));
    const add = await submitForm(
      agent,
      '/admin/vat-rates',
      { valid_from: '01.01.2030', percent: '25' },
      '/admin/vat-rates',
    );
    expect(add.status).toBe(302);
    expect((await agent.get('/admin/vat-rates')).text).toContain('Ставка НДС 25 % с 01.01.2030 сохранена');
    expect(await db('vat_rates').where({ valid_from: '2030-01-01' }).first()).toEqual({
      valid_from: '2030-01-01',
      percent: '25.00',
    });
    const audit = await db('audit_log').where({ actor_id: user.id, action: 'vat_rate.add' }).first();
    expect(audit.details).toEqual({ percent: '25', previous: null });
    await db('vat_rates').where({ valid_from: '2030-01-01' }).delete();
  });

  it('refuses a rate of 100 % or more, or with three decimals, beside the field; nothing is stored', async () => {
    const { agent } = await admin();
    const high = await submitForm(
      agent,
      '/admin/vat-rates',
      { valid_from: '01.01.2031', percent: '100' },
      '/admin/vat-rates',
    );
    expect(high.status).toBe(400);
    expect(high.text).toContain('Ставка должна быть меньше 100 %');
    expect(high.text).toContain('value="100"');
    const fine = await submitForm(
      agent,
      '/admin/vat-rates',
      { valid_from: '01.01.2031', percent: '22,125' },
      '/admin/vat-rates',
    );
    expect(fine.text).toContain('Не больше двух знаков после запятой');
    expect(await db('vat_rates').where({ valid_from: '2031-01-01' }).first()).toBeUndefined();
  });

  it('customers and support get 404', async () => {
    for (const role of ['customer', 'support'] as const) {
      const u = await givenUser(db, { role });
      const agent = t.agent();
      await loginAs(agent, u.login, u.password);
      expect((await agent.get('/admin/vat-rates')).status).toBe(404);
    }
  });
});
