// Калькулятор (seed 004) with data built here: monthly kWh and an uploaded hourly profile priced under
// each category, refusals beside the field, and the staff page of the prices.
import { describe, it, expect, beforeAll } from 'vitest';
import type TestAgent from 'supertest/lib/agent.js';
import { createTestApp, csrfFrom, loginAs, submitForm } from '../support/app.js';
import { givenAccount, givenSupplier, givenUser, type GivenAccount } from '../support/builders.js';
import type { PriceCategoryPrices } from '../../src/domain/priceCategories.js';
import { visibleText as text } from '../support/text.js';

const t = await createTestApp({ today: '2026-12-05' });
const db = t.db;
const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);

// the unit tests' prices: night 23–7, peaks 7–11 and 17–21
const PRICES: PriceCategoryPrices = {
  validFrom: '2026-01-01',
  singleRate: '7',
  twoZone: { day: '8', night: '4' },
  threeZone: { peak: '10', semiPeak: '7', night: '4' },
  nightHours: [23, ...range(0, 6)],
  peakHours: [...range(7, 10), ...range(17, 20)],
  hourlyEnergy: range(0, 23).map((h) => (h < 7 || h === 23 ? '2' : '3')),
  networkRate: '1.5',
  capacityPrice: '900000',
  peakHour: 10,
  networkCapacityRate: '1200000',
  lossesRate: '500',
  plannedPeakHours: [8, 9, 10, 11, 18, 19, 20],
};

/** November 2026 as a CSV: 10 kWh every hour, 50 at 10:00 on 02.11 and 80 at 19:00 on 03.11. */
function novemberCsv(edit: (lines: string[]) => void = () => {}): string {
  const lines = ['Дата;Час;Объём, кВт·ч'];
  for (let d = 1; d <= 30; d++)
    for (let h = 0; h < 24; h++) {
      const v = d === 2 && h === 10 ? '50' : d === 3 && h === 19 ? '80,0' : '10';
      lines.push(`${String(d).padStart(2, '0')}.11.2026;${h};${v}`);
    }
  edit(lines);
  return lines.join('\r\n') + '\r\n';
}

let business: GivenAccount;
let household: GivenAccount;
let agent: TestAgent;
let admin: TestAgent;
let path: string;

beforeAll(async () => {
  const supplier = await givenSupplier(db);
  business = await givenAccount(db, { kind: 'organisation', supplierId: supplier.id, zones: ['T1', 'T2'] });
  household = await givenAccount(db, { supplierId: supplier.id });
  const plan = (await db('services').where({ id: business.serviceId }).first()).tariff_plan_id;
  await db('tariff_plans').where({ id: plan }).update({ price_category: 2 });
  const staff = await givenUser(db, { role: 'admin' });
  await t.services.calculator.savePrices(supplier.id, PRICES, { actorId: staff.id });
  const user = await givenUser(db, { accounts: [business.id, household.id] });
  agent = t.agent();
  await loginAs(agent, user.login, user.password);
  admin = t.agent();
  await loginAs(admin, staff.login, staff.password);
  path = `/accounts/${business.number}/calculator`;
});

/** Posts the calculator's form as multipart, as the browser does, with an optional file. */
async function calculate(fields: Record<string, string>, file?: { content: string | Buffer; name?: string }) {
  const _csrf = await csrfFrom(agent, path);
  let req = agent.post(path).field('_csrf', _csrf);
  for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
  if (file) req = req.attach('profile', Buffer.from(file.content), file.name ?? 'profile.csv');
  return req;
}

describe('the calculator of a business account', () => {
  it('opens with the current category named and last month suggested', async () => {
    const res = await agent.get(path);
    expect(res.status).toBe(200);
    const page = text(res.text);
    expect(page).toContain('сейчас — вторая ценовая категория, две зоны суток');
    expect(res.text).toMatch(/name="month" type="month"\s*value="2026-11"/);
    expect(res.text).toContain('enctype="multipart/form-data"');
  });

  it('prices 72 000 kWh of November under every category, each with its formula, the cheapest named', async () => {
    const res = await calculate({ month: '2026-11', mode: 'monthly', total_kwh: '72 000', zones: 'one' });
    expect(res.status).toBe(200);
    const page = text(res.text);
    expect(page).toContain('Стоимость за ноябрь 2026');
    // hand computation: see test/unit/priceCategories.test.ts
    expect(page).toContain('Электроэнергия: 72 000 кВт·ч × 7,00 ₽/кВт·ч = 504 000,00 ₽');
    expect(page).toContain('Дневная зона: 48 000 кВт·ч × 8,00 ₽/кВт·ч = 384 000,00 ₽');
    expect(page).toContain('Ночная зона: 24 000 кВт·ч × 4,00 ₽/кВт·ч = 96 000,00 ₽');
    expect(page).toMatch(/Мощность: [^:]+: 0,1 МВт × 900 000,00 ₽\/МВт в месяц = 90 000,00 ₽/);
    expect(page).toMatch(/Оплата потерь в сетях: 72 МВт·ч × 500,00 ₽\/МВт·ч = 36 000,00 ₽/);
    expect(page).toMatch(/Третья ценовая категория дешевле всего .* 390 000,00 ₽/);
    expect(page).toMatch(/Четвёртая ценовая категория .* 438 000,00 ₽/);
    expect(page).toContain(
      'Дешевле всего: третья ценовая категория — 390 000,00 ₽, на 90 000,00 ₽ меньше, чем в вашей текущей категории (480 000,00 ₽)',
    );
  });

  it('takes a zone split typed with a comma', async () => {
    const res = await calculate({
      month: '11.2026',
      mode: 'monthly',
      total_kwh: '1000,5',
      zones: 'three',
      peak_kwh: '300,25',
      night_kwh: '200,1',
    });
    expect(res.status).toBe(200);
    const page = text(res.text);
    expect(page).toContain('Пиковая зона: 300,25 кВт·ч × 10,00 ₽/кВт·ч = 3 002,50 ₽');
    expect(page).toContain('Полупиковая зона: 500,15 кВт·ч × 7,00 ₽/кВт·ч = 3 501,05 ₽');
    expect(page).toMatch(/Третья ценовая категория .* 5 428,09 ₽/);
  });

  it('prices an uploaded hourly profile of November', async () => {
    const res = await calculate({ month: '2026-11', mode: 'hourly' }, { content: novemberCsv() });
    expect(res.status).toBe(200);
    const page = text(res.text);
    expect(page).toContain('Объём за месяц: 7 310 кВт·ч по почасовому графику; дней в месяце 30, рабочих 21');
    // energy 19 530 + capacity 10 714,29 + network 10 965 (hand computation in the unit test)
    expect(page).toMatch(/Третья ценовая категория дешевле всего .* 41 209,29 ₽/);
    expect(page).toMatch(/Четвёртая ценовая категория .* 52 185,00 ₽/);
  });

  it('names the bad rows of a profile by their line and computes nothing', async () => {
    const csv = novemberCsv((lines) => {
      lines[3] = '01.11.2026;2;много';
      lines[5] = '01.11.2026;2;10';
      lines[7] = '01.12.2026;6;10';
      lines[9] = '01.11.2026;25;10';
    });
    const res = await calculate({ month: '2026-11', mode: 'hourly' }, { content: csv });
    expect(res.status).toBe(400);
    const page = text(res.text);
    expect(page).toContain('Строка 4: объём — неотрицательное число кВт·ч, а не «много»');
    expect(page).toContain('Строка 8: 01.12.2026 не в выбранном месяце (ноябрь 2026)');
    expect(page).toContain('Строка 10: час — целое число от 0 до 23, а не «25»');
    expect(res.text).toContain('id="field-profile-error"');
    expect(page).not.toContain('Стоимость за');
  });

  it('says which hours are missing from a short profile', async () => {
    const csv = novemberCsv((lines) => lines.splice(700));
    const res = await calculate({ month: '2026-11', mode: 'hourly' }, { content: csv });
    expect(res.status).toBe(400);
    expect(text(res.text)).toContain('Нет объёмов 21 из 720 часов месяца: 30.11.2026 час 3');
  });

  it('refuses a duplicate hour naming the line it repeats', async () => {
    const csv = novemberCsv((lines) => lines.push('01.11.2026;0;10'));
    const res = await calculate({ month: '2026-11', mode: 'hourly' }, { content: csv });
    expect(res.status).toBe(400);
    expect(text(res.text)).toContain('Строка 722: 01.11.2026, час 0 уже указан в строке 2');
  });

  it('asks for a file when the hourly profile is chosen without one', async () => {
    const res = await calculate({ month: '2026-11', mode: 'hourly' });
    expect(res.status).toBe(400);
    expect(text(res.text)).toContain('Выберите файл почасового графика (CSV, 720–744 строки)');
  });

  it('refuses a file over the limit beside the field', async () => {
    const res = await calculate(
      { month: '2026-11', mode: 'hourly' },
      { content: Buffer.alloc(300 * 1024, 0x31) },
    );
    expect(res.status).toBe(400);
    expect(text(res.text)).toContain('Файл больше 256 КБ');
  });

  it('refuses bad monthly input beside each field and keeps what was typed', async () => {
    const res = await calculate({
      month: '13.2026',
      mode: 'monthly',
      total_kwh: '-5',
      zones: 'two',
      night_kwh: '',
    });
    expect(res.status).toBe(400);
    const page = text(res.text);
    expect(page).toContain('Исправьте ошибки');
    expect(page).toContain('Месяц в виде ММ.ГГГГ, например 11.2026');
    expect(page).toContain('Объём за месяц — неотрицательное число, например 1250,5');
    expect(page).toContain('Укажите объём ночной зоны, кВт·ч');
    expect(res.text).toMatch(/<title>Ошибка: Калькулятор/);
    expect(res.text).toContain('value="-5"');
    expect(res.text).toContain('id="field-total_kwh-error"');
  });

  it('refuses a night zone larger than the month', async () => {
    const res = await calculate({
      month: '2026-11',
      mode: 'monthly',
      total_kwh: '100',
      zones: 'two',
      night_kwh: '150',
    });
    expect(res.status).toBe(400);
    expect(text(res.text)).toContain('Ночная зона не может быть больше объёма за месяц');
  });

  it('says when the supplier has no prices for the month', async () => {
    const res = await calculate({ month: '2025-06', mode: 'monthly', total_kwh: '100', zones: 'one' });
    expect(res.status).toBe(422);
    expect(text(res.text)).toContain('Цены поставщика на июнь 2025 ещё не заданы');
  });

  it('checks the CSRF token of the multipart form', async () => {
    const res = await agent
      .post(path)
      .field('month', '2026-11')
      .field('mode', 'monthly')
      .field('total_kwh', '100');
    expect(res.status).toBe(403);
    const wrong = await agent.post(path).field('_csrf', 'forged').field('month', '2026-11');
    expect(wrong.status).toBe(403);
  });

  it('a multipart body to a route without an upload is refused for want of a token', async () => {
    await csrfFrom(agent, path);
    const res = await agent.post('/logout').field('x', '1');
    expect(res.status).toBe(403);
  });

  it('a household account has no calculator', async () => {
    expect((await agent.get(`/accounts/${household.number}/calculator`)).status).toBe(404);
  });

  it('the section navigation of a business account links to it', async () => {
    const res = await agent.get(`/accounts/${business.number}`);
    expect(res.text).toContain(`href="${path}"`);
  });
});

describe('the staff page of the calculator prices', () => {
  const form = (over: Record<string, string> = {}) => ({
    supplier_id: String(business.supplierId),
    valid_from: '01.01.2027',
    single_rate: '7,80',
    two_zone_day: '8,9',
    two_zone_night: '4,2',
    three_zone_peak: '11',
    three_zone_semi_peak: '7,7',
    three_zone_night: '4,2',
    network_rate: '1,6',
    capacity_price: '950000',
    network_capacity_rate: '1250000',
    losses_rate: '520',
    peak_hour: '11',
    night_hours: '23, 0-6',
    peak_hours: '7-10, 17-20',
    planned_peak_hours: '8-11, 18-20',
    hourly_energy: range(0, 23)
      .map((h) => (h < 7 || h === 23 ? '2,1' : '3,2'))
      .join(' '),
    ...over,
  });
  const adminPath = () => `/admin/calculator-prices?supplier=${business.supplierId}`;

  it('shows the newest set filled in, for staff only', async () => {
    const res = await admin.get(adminPath());
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/name="peak_hours" type="text"\s*value="7–10, 17–20"/);
    expect(res.text).toContain('01.01.2026');
    expect((await agent.get('/admin/calculator-prices')).status).toBe(404);
  });

  it('saves a new dated set with an audit record; the calculator uses it from its date', async () => {
    const res = await submitForm(admin, '/admin/calculator-prices', form(), adminPath());
    expect(res.status).toBe(302);
    const saved = await t.services.calculator.priceHistory(business.supplierId);
    expect(saved[0]).toMatchObject({ validFrom: '2027-01-01', singleRate: '7.8', peakHour: 11 });
    expect(saved[0]!.nightHours).toEqual([23, 0, 1, 2, 3, 4, 5, 6]);
    expect(saved[0]!.hourlyEnergy[23]).toBe('2.1');
    const audit = await db('audit_log')
      .where({ action: 'calculator_prices.add', target_id: `${business.supplierId}:2027-01-01` })
      .first();
    expect(audit.details.prices.singleRate).toBe('7.80');
    const jan = await calculate({ month: '2027-01', mode: 'monthly', total_kwh: '1000', zones: 'one' });
    expect(text(jan.text)).toContain('1 000 кВт·ч × 7,80 ₽/кВт·ч = 7 800,00 ₽');
  });

  it('refuses bad prices and hours beside the field and stores nothing', async () => {
    const before = await db('price_category_prices').count<{ count: string }[]>('* as count');
    const res = await submitForm(
      admin,
      '/admin/calculator-prices',
      form({
        valid_from: '01.02.2027',
        single_rate: 'дорого',
        two_zone_day: '123456789',
        peak_hours: '5-8',
        hourly_energy: '1 2 3',
      }),
      adminPath(),
    );
    expect(res.status).toBe(400);
    const page = text(res.text);
    expect(page).toContain('Цена — неотрицательное число, например 1250,5');
    expect(page).toContain('Пиковые часы не могут быть ночными');
    // more than numeric(14,6) holds is refused beside the field, not a database error
    expect(page).toContain('Цена: слишком большое число');
    expect(page).toContain('Нужно 24 цены, по одной на каждый час суток с 0 до 23, а указано 3');
    expect(res.text).toContain('value="дорого"');
    const after = await db('price_category_prices').count<{ count: string }[]>('* as count');
    expect(after).toEqual(before);
  });
});
