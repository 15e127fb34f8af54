// The business pages in seeds 003/004's words (#20): corrective invoices by their name, an invoice's
// page offering the invoice, an organisation's details without household fields, a registration
// without its hidden `method` answered in Russian, and a line without a meter attributed to its
// service's only meter in Расшифровка потребления.
import { describe, it, expect, beforeAll } from 'vitest';
import type TestAgent from 'supertest/lib/agent.js';
import { createTestApp, loginAs, submitForm } from '../support/app.js';
import { givenAccount, givenBill, givenUser, type GivenAccount } from '../support/builders.js';
import { fromData, importDataset } from '../../src/features/import/service.js';
import { visibleText as text } from '../support/text.js';

const t = await createTestApp({ today: '2026-11-23' });
const db = t.db;

let company: GivenAccount;
let household: GivenAccount;
let invoiceId: number;
let correctionId: number;
let householdCorrectionId: number;
let agent: TestAgent;

beforeAll(async () => {
  company = await givenAccount(db, { kind: 'organisation', meters: 1 });
  household = await givenAccount(db, { supplierId: company.supplierId });
  await db('meters').where({ id: company.meters[0]!.id }).update({ ratio: '40', point: 'ТП-12, ввод 1' });
  // an invoice line without a meter, as an import of DATASET.md lines stores it
  invoiceId = (
    await givenBill(db, company, {
      number: 'СФ-0525',
      date: '2026-05-31',
      period: '2026-05',
      type: 'invoice',
      lines: [{ charged: 612000, quantity: '1000', tariff: '6.12' }],
    })
  ).id;
  correctionId = (
    await givenBill(db, company, {
      number: 'КСФ-0525',
      date: '2026-07-05',
      period: '2026-05',
      type: 'correction',
      correctsBillId: invoiceId,
      lines: [{ charged: -61200, quantity: '-100', tariff: '6.12' }],
    })
  ).id;
  const hb = await givenBill(db, household, {
    date: '2026-05-31',
    period: '2026-05',
    lines: [{ charged: 1000 }],
  });
  householdCorrectionId = (
    await givenBill(db, household, {
      date: '2026-07-05',
      period: '2026-05',
      type: 'correction',
      correctsBillId: hb.id,
      lines: [{ charged: -100 }],
    })
  ).id;
  const user = await givenUser(db, { accounts: [company.id, household.id] });
  agent = t.agent();
  await loginAs(agent, user.login, user.password);
});

describe("a company reads its documents in the seeds' words", () => {
  it('a correction is a "Корректировочный счёт-фактура" in the list and on its page; a household keeps its word', async () => {
    const list = text((await agent.get(`/accounts/${company.number}/bills`)).text);
    expect(list).toContain('Корректировочный счёт-фактура');
    const page = text((await agent.get(`/accounts/${company.number}/bills/${correctionId}`)).text);
    expect(page).toContain('Тип счёта Корректировочный счёт-фактура к счёту СФ-0525');
    const own = text((await agent.get(`/accounts/${household.number}/bills/${householdCorrectionId}`)).text);
    expect(own).toContain('Тип счёта Корректировочный счёт к счёту');
    expect(own).not.toContain('счет-фактура');
  });

  it("an invoice's page offers the invoice PDF, not a receipt with a QR code", async () => {
    const res = await agent.get(`/accounts/${company.number}/bills/${invoiceId}`);
    const page = text(res.text);
    expect(page).toContain('Скачать счет-фактуру (PDF)');
    expect(page).not.toContain('QR');
    expect(res.text).toContain(`href="/accounts/${company.number}/bills/${invoiceId}.pdf"`);
    expect(text((await agent.get(`/accounts/${company.number}/bills/${correctionId}`)).text)).toContain(
      'Скачать корректировочный счет-фактуру (PDF)',
    );
    const pdf = await agent.get(`/accounts/${company.number}/bills/${invoiceId}.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toContain('application/pdf');
  });

  it("an organisation's details have no living area or registered residents; a household's do", async () => {
    const page = text((await agent.get(`/accounts/${company.number}/details`)).text);
    expect(page).not.toContain('Общая/жилая площадь');
    expect(page).not.toContain('Количество зарегистрированных');
    expect(page).toContain('Наименование ООО "Ромашка" Адрес ');
    const own = text((await agent.get(`/accounts/${household.number}/details`)).text);
    expect(own).toContain('Общая/жилая площадь');
    expect(own).toContain('Количество зарегистрированных');
  });

  it("Расшифровка потребления puts a line without a meter on the service's only meter, with its ratio", async () => {
    const res = await agent.get(`/accounts/${company.number}/consumption?from=2026-05-01&to=2026-07-31`);
    expect(res.status).toBe(200);
    const page = text(res.text);
    expect(page).toContain('Точка поставки: ТП-12, ввод 1');
    expect(page).toContain(`прибор учёта № ${company.meters[0]!.serial}`);
    expect(page).not.toContain('без прибора учёта');
    expect(page).toMatch(/май 2026 сутки 40 1 000 .*СФ-0525/);
    expect(page).toMatch(/май 2026 сутки 40 −100 .*КСФ-0525/);
    expect(page).toContain('Итого 900');
  });

  it('a service with two meters leaves such a line without a meter', async () => {
    const other = await givenAccount(db, { kind: 'organisation', meters: 2, supplierId: company.supplierId });
    await givenBill(db, other, {
      date: '2026-05-31',
      period: '2026-05',
      type: 'invoice',
      lines: [{ charged: 6120, quantity: '10', tariff: '6.12' }],
    });
    const user = await givenUser(db, { accounts: [other.id] });
    const a = t.agent();
    await loginAs(a, user.login, user.password);
    const page = text(
      (await a.get(`/accounts/${other.number}/consumption?from=2026-05-01&to=2026-05-31`)).text,
    );
    expect(page).toContain('без прибора учёта');
  });
});

describe('a corrective invoice imported without a due date', () => {
  it('issued 05.07 for May is due as a bill of July, not on 18.06', async () => {
    const doc = {
      suppliers: [{ code: 'due-test', name: 'ООО "Сбыт"', inn: '4205153492' }],
      tariff_plans: [],
      key_rates: [],
      customers: [{ ref: 'due-org', kind: 'organisation', name: 'ООО "Проверка"', inn: '4205000009' }],
      accounts: [
        {
          number: '4299000001',
          supplier: 'due-test',
          customer: 'due-org',
          contracts: [
            {
              number: 'Д-1',
              services: [{ code: 'el', kind: 'electricity', name: 'Электроэнергия', method: 'meter' }],
            },
          ],
          bills: [
            {
              number: 'СФ-5',
              date: '2026-05-31',
              period: '2026-05',
              type: 'invoice',
              lines: [{ service: 'el', quantity: '100', tariff: '6', charged: '600.00' }],
            },
            {
              number: 'КСФ-5',
              date: '2026-07-05',
              period: '2026-05',
              type: 'correction',
              corrects: 'СФ-5',
              lines: [{ service: 'el', quantity: '-10', tariff: '6', charged: '-60.00' }],
            },
          ],
        },
      ],
      users: [],
    };
    await importDataset(db, fromData(doc), { clock: t.clock });
    const rows = await db('bills')
      .whereIn('number', ['СФ-5', 'КСФ-5'])
      .orderBy('number')
      .select('number', 'due_date');
    expect(rows).toEqual([
      { number: 'КСФ-5', due_date: '2026-08-18' },
      { number: 'СФ-5', due_date: '2026-06-18' },
    ]);
  });
});

describe('business registration without its hidden method field', () => {
  it('is read as the account form and answered in Russian', async () => {
    const res = await submitForm(t.agent(), '/register/business', {
      account_number: '',
      partner_code: '',
      email: 'nobody@example.ru',
      password: 'Str0ng-Passw0rd!',
      password_confirm: 'Str0ng-Passw0rd!',
      consent: 'on',
    });
    expect(res.status).toBe(400);
    const page = text(res.text);
    expect(page).not.toMatch(/Invalid|expected/);
    expect(page).toMatch(/лицевого сч[её]та/i);
    expect(res.text).not.toContain('href="#field-method"');
  });
});
