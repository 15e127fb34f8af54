// The admin page of penalty tiers and advance schedules: list, add or replace a dated set with Russian
// validation beside the fields, every change audited, and the debt figures follow what was saved.
import { describe, it, expect } from 'vitest';
import { createTestApp, loginAs, submitForm } from '../support/app.js';
import { givenAccount, givenUser } from '../support/builders.js';

const t = await createTestApp({ today: '2026-11-23' });
const db = t.db;
const plain = (html: string) => html.replace(/\u00a0/g, ' ');
const PAGE = '/admin/debt-rules';

async function admin() {
  const u = await givenUser(db, { role: 'admin' });
  const agent = t.agent();
  await loginAs(agent, u.login, u.password);
  return { agent, user: u };
}

const count = async (table: string) =>
  (await db(table).count<{ count: number }[]>('* as count').first())!.count;

describe('/admin/debt-rules', () => {
  it("lists today's tiers and schedule", async () => {
    const { agent } = await admin();
    const res = await agent.get(PAGE);
    expect(res.status).toBe(200);
    const html = plain(res.text);
    expect(html).toContain('с 31-го дня просрочки — 1/300 ставки; с 91-го дня просрочки — 1/130 ставки');
    expect(html).toContain('с 1-го дня просрочки — 1/130 ставки');
    expect(html).toContain('30 % до 10 числа; 40 % до 25 числа');
    expect(html).toContain('до 18 числа следующего месяца');
  });

  it('an admin adds a penalty set as people type it, then replaces it; both audited, and a bill due from its date follows it', async () => {
    const { agent, user } = await admin();
    const fields = {
      kind: 'organisation',
      penalty_from: '01.12.2026',
      tier1_day: '1',
      tier1_divisor: '100',
      tier2_day: '',
      tier2_divisor: '',
    };
    const add = await submitForm(agent, '/admin/debt-rules/penalty', fields, PAGE);
    expect(add.status).toBe(302);
    expect(plain((await agent.get(PAGE)).text)).toContain(
      'Правила пеней (организации) со сроком оплаты с 01.12.2026 сохранены',
    );
    expect(
      await db('penalty_rules')
        .where({ valid_from: '2026-12-01' })
        .select('customer_kind', 'from_day', 'divisor'),
    ).toEqual([{ customer_kind: 'organisation', from_day: 1, divisor: 100 }]);
    await submitForm(
      agent,
      '/admin/debt-rules/penalty',
      { ...fields, penalty_from: '2026-12-01', tier1_day: '6', tier2_day: '31', tier2_divisor: '130' },
      PAGE,
    );
    expect(
      await db('penalty_rules')
        .where({ valid_from: '2026-12-01' })
        .orderBy('from_day')
        .select('from_day', 'divisor'),
    ).toEqual([
      { from_day: 6, divisor: 100 },
      { from_day: 31, divisor: 130 },
    ]);
    const audit = await db('audit_log')
      .where({ actor_id: user.id })
      .where('action', 'like', 'penalty_rules.%')
      .orderBy('id')
      .select('action', 'target_id', 'details');
    expect(audit.map((a) => [a.action, a.target_id, a.details.tiers, a.details.previous])).toEqual([
      ['penalty_rules.add', 'organisation:2026-12-01', [{ fromDay: 1, divisor: 100 }], null],
      [
        'penalty_rules.change',
        'organisation:2026-12-01',
        [
          { fromDay: 6, divisor: 100 },
          { fromDay: 31, divisor: 130 },
        ],
        [{ fromDay: 1, divisor: 100 }],
      ],
    ]);

    // a business bill due 10.12.2026 unpaid on 20.12: 10 overdue days, days 6–10 at 1/100 of 16 %: 1 000 × 0.16 × 5 / 100 = 8.00
    const a = await givenAccount(db, { kind: 'organisation' });
    const [b] = await db('bills')
      .insert({
        account_id: a.id,
        supplier_id: a.supplierId,
        contract_id: a.contractId,
        number: `СФ-${a.number}`,
        date: '2026-12-01',
        period: '2026-11-01',
        type: 'invoice',
        due_date: '2026-12-10',
      })
      .returning('id');
    await db('bill_lines').insert({
      bill_id: b.id,
      service_id: a.serviceId,
      supplier_id: a.supplierId,
      zone: 'T',
      charged_kop: 100000,
    });
    expect((await t.services.debt.penalties(a.id, '2026-12-20')).totalKop).toBe(800);
  });

  it('an admin adds an advance schedule; the month it is dated follows it', async () => {
    const { agent, user } = await admin();
    const res = await submitForm(
      agent,
      '/admin/debt-rules/advance',
      {
        advance_from: '01.2027',
        part1_percent: '50',
        part1_day: '15',
        part2_percent: '',
        part2_day: '',
        final_day: '20',
      },
      PAGE,
    );
    expect(res.status).toBe(302);
    expect(plain((await agent.get(PAGE)).text)).toContain('График авансов для месяцев с 01.01.2027 сохранён');
    const rules = await t.services.debt.repo.advanceRules();
    expect(rules.find((r) => r.fromPeriod === '2027-01')).toEqual({
      fromPeriod: '2027-01',
      instalments: [{ percent: '50.00', day: 15, monthOffset: 0 }],
      final: { day: 20, monthOffset: 1 },
    });
    const audit = await db('audit_log').where({ actor_id: user.id, action: 'advance_rules.add' }).first();
    expect([audit.target_id, audit.details.previous]).toEqual(['2027-01', null]);
  });

  it('bad penalty input is refused beside the fields, kept, and nothing is stored', async () => {
    const { agent } = await admin();
    const [rules, audit] = [await count('penalty_rules'), await count('audit_log')];
    const res = await submitForm(
      agent,
      '/admin/debt-rules/penalty',
      { kind: 'person', penalty_from: '31.02.2027', tier1_day: 'сорок', tier1_divisor: '0' },
      PAGE,
    );
    expect(res.status).toBe(400);
    expect(res.text).toContain('<title>Ошибка:');
    expect(res.text).toContain('Исправьте ошибки');
    expect(res.text).toContain('Дата в виде ДД.ММ.ГГГГ');
    expect(res.text).toContain('День просрочки — целое число');
    expect(res.text).toContain('Доля ставки — от 1 до 100000');
    expect(res.text).toContain('value="сорок"');
    expect(res.text).toMatch(/id="field-tier1_divisor-error"/);
    const order = await submitForm(
      agent,
      '/admin/debt-rules/penalty',
      {
        kind: 'person',
        penalty_from: '01.01.2027',
        tier1_day: '31',
        tier1_divisor: '300',
        tier2_day: '10',
        tier2_divisor: '',
      },
      PAGE,
    );
    expect(order.status).toBe(400);
    expect(order.text).toContain('Ступени по возрастанию дня просрочки');
    expect(order.text).toContain('Укажите долю ставки');
    const empty = await submitForm(
      agent,
      '/admin/debt-rules/penalty',
      { kind: 'robot', penalty_from: '' },
      PAGE,
    );
    expect(empty.text).toContain('Выберите, для кого правила');
    expect(empty.text).toContain('Укажите дату, с которой действуют правила');
    expect(empty.text).toContain('Укажите хотя бы одну ступень');
    expect([await count('penalty_rules'), await count('audit_log')]).toEqual([rules, audit]);
  });

  it('bad advance input is refused beside the fields, kept, and nothing is stored', async () => {
    const { agent } = await admin();
    const [rules, parts] = [await count('advance_rules'), await count('advance_rule_parts')];
    const res = await submitForm(
      agent,
      '/admin/debt-rules/advance',
      {
        advance_from: '13.2027',
        part1_percent: '70',
        part1_day: '10',
        part2_percent: '40',
        part2_day: '5',
        final_day: '32',
      },
      PAGE,
    );
    expect(res.status).toBe(400);
    const html = plain(res.text);
    expect(html).toContain('Месяц в виде ММ.ГГГГ');
    expect(html).toContain('Сумма долей авансов не больше 100 %');
    expect(html).toContain('Платежи по возрастанию числа месяца');
    expect(html).toContain('Число месяца — от 1 до 31');
    expect(html).toContain('value="13.2027"');
    const odd = await submitForm(
      agent,
      '/admin/debt-rules/advance',
      { advance_from: '', part1_percent: 'треть', part1_day: '', final_day: '' },
      PAGE,
    );
    expect(odd.text).toContain('Укажите месяц, с которого действует график');
    expect(odd.text).toContain('Доля — число');
    expect(odd.text).toContain('Укажите число следующего месяца');
    expect([await count('advance_rules'), await count('advance_rule_parts')]).toEqual([rules, parts]);
  });

  it('a form without its CSRF token is refused', async () => {
    const { agent } = await admin();
    const before = await count('penalty_rules');
    const res = await agent
      .post('/admin/debt-rules/penalty')
      .type('form')
      .send({ kind: 'person', penalty_from: '01.01.2027', tier1_day: '1', tier1_divisor: '300' });
    expect(res.status).toBe(403);
    expect(await count('penalty_rules')).toBe(before);
  });

  it('customers get 404', async () => {
    const u = await givenUser(db);
    const agent = t.agent();
    await loginAs(agent, u.login, u.password);
    expect((await agent.get(PAGE)).status).toBe(404);
  });
});
