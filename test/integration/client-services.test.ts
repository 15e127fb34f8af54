// Дополнительные услуги (seed 004): the supplier's client services on a company account with a
// "Подать заявку" link to the requests form, and the staff pages that add, change and remove them.
import { describe, it, expect, beforeAll } from 'vitest';
import type TestAgent from 'supertest/lib/agent.js';
import { createTestApp, loginAs, submitForm } from '../support/app.js';
import { givenAccount, givenSupplier, givenUser, type GivenAccount } from '../support/builders.js';
import { visibleText as text } from '../support/text.js';

const t = await createTestApp({ today: '2026-11-23' });
const db = t.db;

let company: GivenAccount;
let household: GivenAccount;
let otherSupplierId: number;
let agent: TestAgent;
let admin: TestAgent;
let support: TestAgent;
const page = () => `/accounts/${company.number}/additional-services`;
const adminPage = () => `/admin/client-services?supplier=${company.supplierId}`;

beforeAll(async () => {
  const supplier = await givenSupplier(db);
  otherSupplierId = (await givenSupplier(db)).id;
  company = await givenAccount(db, { kind: 'organisation', supplierId: supplier.id });
  household = await givenAccount(db, { supplierId: supplier.id });
  await db('client_services').insert([
    {
      supplier_id: supplier.id,
      position: 2,
      title: 'Энергоаудит',
      description: 'Обследуем потребление.',
      topic: '',
    },
    {
      supplier_id: supplier.id,
      position: 1,
      title: 'Технологическое присоединение',
      description: 'Подготовим документы.\nПроведём заявку через сетевую организацию.',
      topic: 'Присоединение & мощность',
    },
    { supplier_id: otherSupplierId, position: 0, title: 'Чужая услуга', description: '', topic: '' },
  ]);
  const user = await givenUser(db, { accounts: [company.id, household.id] });
  agent = t.agent();
  await loginAs(agent, user.login, user.password);
  const a = await givenUser(db, { role: 'admin' });
  admin = t.agent();
  await loginAs(admin, a.login, a.password);
  const s = await givenUser(db, { role: 'support' });
  support = t.agent();
  await loginAs(support, s.login, s.password);
});

describe('Дополнительные услуги of a company account', () => {
  it("lists the supplier's services in order, each with a request link carrying its topic", async () => {
    const res = await agent.get(page());
    expect(res.status).toBe(200);
    const p = text(res.text);
    expect(p).toMatch(
      /Технологическое присоединение Подготовим документы\. Проведём заявку .* Энергоаудит Обследуем/,
    );
    expect(p).not.toContain('Чужая услуга');
    expect(res.text).toContain(
      `href="/requests/new?topic=%D0%9F%D1%80%D0%B8%D1%81%D0%BE%D0%B5%D0%B4%D0%B8%D0%BD%D0%B5%D0%BD%D0%B8%D0%B5%20%26%20%D0%BC%D0%BE%D1%89%D0%BD%D0%BE%D1%81%D1%82%D1%8C&amp;account=${company.number}"`,
    );
    // without a topic the title is the topic
    expect(res.text).toContain(
      `href="/requests/new?topic=${encodeURIComponent('Энергоаудит')}&amp;account=${company.number}"`,
    );
    expect(p).toContain('Подать заявку');
  });

  it('is in the business navigation; a household has no such page', async () => {
    expect((await agent.get(`/accounts/${company.number}`)).text).toContain(`href="${page()}"`);
    expect((await agent.get(`/accounts/${household.number}/additional-services`)).status).toBe(404);
  });
});

describe('staff editing the client services', () => {
  it('support cannot reach the editor, admin can', async () => {
    expect((await support.get(adminPage())).status).toBe(404);
    expect((await agent.get(adminPage())).status).toBe(404);
    const res = await admin.get(adminPage());
    expect(res.status).toBe(200);
    expect(text(res.text)).toContain('Энергоаудит');
  });

  it('adds a service with an audit record and the company sees it', async () => {
    const res = await submitForm(
      admin,
      '/admin/client-services',
      {
        supplier_id: String(company.supplierId),
        title: 'Смена ценовой категории',
        description: 'Поможем выбрать категорию.',
        topic: 'Ценовая категория',
        position: '3',
      },
      adminPage(),
    );
    expect(res.status).toBe(302);
    const row = await db('client_services').where({ title: 'Смена ценовой категории' }).first();
    expect(row).toMatchObject({ supplier_id: company.supplierId, position: 3, topic: 'Ценовая категория' });
    expect(
      await db('audit_log')
        .where({ action: 'client_service.add', target_id: String(row.id) })
        .first(),
    ).toBeTruthy();
    expect(text((await agent.get(page())).text)).toContain(
      'Смена ценовой категории Поможем выбрать категорию.',
    );
  });

  it('refuses a service without a title beside the field and stores nothing', async () => {
    const before = await db('client_services').count<{ count: string }[]>('* as count');
    const res = await submitForm(
      admin,
      '/admin/client-services',
      {
        supplier_id: String(company.supplierId),
        title: ' ',
        description: 'текст',
        topic: '',
        position: 'первый',
      },
      adminPage(),
    );
    expect(res.status).toBe(400);
    const p = text(res.text);
    expect(p).toContain('Укажите название услуги');
    expect(p).toContain('Порядок — целое число от 0 до 9999');
    expect(res.text).toContain('value="первый"');
    expect(await db('client_services').count<{ count: string }[]>('* as count')).toEqual(before);
  });

  it('changes and removes a service, both audited', async () => {
    const row = await db('client_services')
      .where({ title: 'Энергоаудит', supplier_id: company.supplierId })
      .first();
    const edit = `/admin/client-services/${row.id}`;
    expect((await admin.get(edit)).status).toBe(200);
    const bad = await submitForm(admin, edit, { title: '', description: '', topic: '', position: '' });
    expect(bad.status).toBe(400);
    const res = await submitForm(admin, edit, {
      title: 'Энергоаудит предприятия',
      description: 'Новое описание.',
      topic: 'Аудит',
      position: '0',
    });
    expect(res.status).toBe(302);
    expect(await db('client_services').where({ id: row.id }).first()).toMatchObject({
      title: 'Энергоаудит предприятия',
      topic: 'Аудит',
      position: 0,
    });
    const del = await submitForm(admin, `${edit}/delete`, {}, adminPage());
    expect(del.status).toBe(302);
    expect(await db('client_services').where({ id: row.id }).first()).toBeUndefined();
    const actions = (
      await db('audit_log').where({ target_type: 'client_service', target_id: String(row.id) })
    ).map((a) => a.action);
    expect(actions.sort()).toEqual(['client_service.change', 'client_service.delete']);
    expect((await admin.get('/admin/client-services/999999999')).status).toBe(404);
  });
});
