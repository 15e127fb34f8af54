// Penalty tiers and the advance schedule are read from the database (penalty_rules, advance_rules):
// the seed is today's law, a changed row changes the figures, and a dated set applies from its date.
import { describe, it, expect, afterEach } from 'vitest';
import { createTestApp, loginAs } from '../support/app.js';
import { givenAccount, givenAdvanceAccount, givenUser, type GivenAccount } from '../support/builders.js';
import { ADVANCE_RULE_SETS, PENALTY_RULE_SETS } from '../support/rules.js';
import { decimalToPlain } from '../../src/domain/decimal.js';

const t = await createTestApp({ today: '2026-11-23' });
const db = t.db;
const plain = (html: string) => html.replace(/\u00a0/g, ' ');

async function bill(
  a: GivenAccount,
  o: { number: string; date: string; period: string; kop: number; due: string; type?: string },
) {
  const [b] = await db('bills')
    .insert({
      account_id: a.id,
      supplier_id: a.supplierId,
      contract_id: a.contractId,
      number: o.number,
      date: o.date,
      period: o.period,
      type: o.type ?? 'bill',
      due_date: o.due,
    })
    .returning('id');
  await db('bill_lines').insert({
    bill_id: b.id,
    service_id: a.serviceId,
    supplier_id: a.supplierId,
    zone: 'T',
    charged_kop: o.kop,
  });
}

// every test leaves the rules as the migration seeded them
const seeded = {
  penalty: [] as Record<string, unknown>[],
  advance: [] as Record<string, unknown>[],
  parts: [] as Record<string, unknown>[],
};
seeded.penalty = await db('penalty_rules').select('*');
seeded.advance = await db('advance_rules').select('*');
seeded.parts = await db('advance_rule_parts').select('*');
afterEach(async () => {
  await db('penalty_rules').delete();
  await db('penalty_rules').insert(seeded.penalty);
  await db('advance_rules').delete();
  await db('advance_rules').insert(seeded.advance);
  await db('advance_rule_parts').insert(seeded.parts);
});

describe('the seeded rules', () => {
  it("are today's law, the same as the unit tests' fixtures", async () => {
    expect((await t.services.debt.repo.penaltyInputs(0)).rules).toEqual(PENALTY_RULE_SETS);
    const advance = (await t.services.debt.repo.advanceRules()).map((s) => ({
      ...s,
      instalments: s.instalments.map((i) => ({ ...i, percent: decimalToPlain(i.percent) })),
    }));
    expect(advance).toEqual(ADVANCE_RULE_SETS);
  });

  it('refuse a tier from day 0, a zero divisor, a schedule not starting on the 1st and a share over 100 %', async () => {
    await expect(
      db('penalty_rules').insert({
        customer_kind: 'person',
        valid_from: '2027-01-01',
        from_day: 0,
        divisor: 300,
      }),
    ).rejects.toThrow(/check/);
    await expect(
      db('penalty_rules').insert({
        customer_kind: 'person',
        valid_from: '2027-01-01',
        from_day: 1,
        divisor: 0,
      }),
    ).rejects.toThrow(/check/);
    await expect(db('advance_rules').insert({ valid_from: '2027-01-02', final_day: 18 })).rejects.toThrow(
      /check/,
    );
    await db('advance_rules').insert({ valid_from: '2027-01-01', final_day: 18 });
    await expect(
      db('advance_rule_parts').insert({ valid_from: '2027-01-01', part: 1, percent: '101', day: 10 }),
    ).rejects.toThrow(/check/);
  });
});

describe('penalties from penalty_rules', () => {
  it("DOMAIN.md's example through the database: 230.19, and 270.75 once the day-91 tier reads 1/100", async () => {
    const a = await givenAccount(db);
    await bill(a, {
      number: `${a.number}-202603`,
      date: '2026-04-01',
      period: '2026-03-01',
      kop: 500000,
      due: '2026-04-15',
    });
    await db('payments').insert({
      account_id: a.id,
      ref: `pay-${a.number}`,
      date: '2026-08-20',
      amount_kop: 500000,
    });
    expect((await t.services.debt.penalties(a.id, '2026-11-23')).totalKop).toBe(23019);

    await db('penalty_rules').where({ customer_kind: 'person', from_day: 91 }).update({ divisor: 100 });
    // 5000 × 0.095 × 60 / 300 + 5000 × 0.095 × 37 / 100 = 95.00 + 175.75
    const report = await t.services.debt.penalties(a.id, '2026-11-23');
    expect(report.totalKop).toBe(27075);
    expect(report.bills[0]!.segments.map((s) => s.divisor)).toEqual([300, 100]);
  });

  it('a set dated after a bill fell due leaves that bill alone and prices the bills due from its date', async () => {
    const a = await givenAccount(db);
    await bill(a, {
      number: `${a.number}-202603`,
      date: '2026-04-01',
      period: '2026-03-01',
      kop: 500000,
      due: '2026-04-15',
    });
    await bill(a, {
      number: `${a.number}-202604`,
      date: '2026-05-01',
      period: '2026-04-01',
      kop: 500000,
      due: '2026-05-15',
    });
    const before = await t.services.debt.penalties(a.id, '2026-08-20');
    // April's: 97 overdue days, 5000 × 0.095 × (60 / 300 + 7 / 130) = 120.58
    expect(before.bills.map((b) => b.penaltyKop)).toEqual([23019, 12058]);

    await db('penalty_rules').insert({
      customer_kind: 'person',
      valid_from: '2026-05-01',
      from_day: 1,
      divisor: 300,
    });
    const after = await t.services.debt.penalties(a.id, '2026-08-20');
    // March's bill fell due under the old set; April's, due 15.05, follows the new one: 5000 × 0.095 × 97 / 300 = 153.58
    expect(after.bills.map((b) => [b.label, b.penaltyKop])).toEqual([
      [`${a.number}-202603`, 23019],
      [`${a.number}-202604`, 15358],
    ]);
  });

  it('business penalties read their own rows: 1/130 today, 1/100 after a change', async () => {
    const a = await givenAccount(db, { kind: 'organisation' });
    await bill(a, {
      number: `${a.number}-202609`,
      date: '2026-10-05',
      period: '2026-09-01',
      kop: 10000000,
      due: '2026-10-18',
      type: 'invoice',
    });
    // 100 000 × 16 % × 10 / 130 = 1 230.77
    expect((await t.services.debt.penalties(a.id, '2026-10-28')).totalKop).toBe(123077);
    await db('penalty_rules').where({ customer_kind: 'organisation' }).update({ divisor: 100 });
    // 100 000 × 16 % × 10 / 100
    expect((await t.services.debt.penalties(a.id, '2026-10-28')).totalKop).toBe(160000);
  });

  it('a bill due before the first stored set gets no guessed penalty and is named on the page', async () => {
    const a = await givenAccount(db, { kind: 'organisation' });
    await bill(a, {
      number: `${a.number}-202609`,
      date: '2026-10-05',
      period: '2026-09-01',
      kop: 10000000,
      due: '2026-10-18',
      type: 'invoice',
    });
    await db('penalty_rules').where({ customer_kind: 'organisation' }).update({ valid_from: '2026-11-01' });
    const report = await t.services.debt.penalties(a.id, '2026-10-28');
    expect(report.totalKop).toBe(0);
    expect(report.withoutRules).toEqual([`${a.number}-202609`]);
    const user = await givenUser(db, { accounts: [a.id] });
    const agent = t.agent();
    await loginAs(agent, user.login, user.password);
    const res = await agent.get(`/accounts/${a.number}/state`);
    expect(res.status).toBe(200);
    expect(plain(res.text)).toContain(
      `Пени по документам ${a.number}-202609 не рассчитаны: нет правил начисления пеней`,
    );
  });
});

describe('the advance schedule from advance_rules', () => {
  // givenAdvanceAccount: 60 000.00 a month contracted, October's invoice 55 000.00; 60 000.00 paid on 09.11
  async function businessAccount() {
    const a = await givenAdvanceAccount(db);
    await db('payments').insert({
      account_id: a.id,
      ref: `a-${a.number}`,
      date: '2026-11-09',
      amount_kop: 6000000,
    });
    return a;
  }

  it('a changed share changes the instalments and the debt', async () => {
    const a = await businessAccount();
    // 55 000 (October) + 30 % of November's 60 000 − 60 000
    expect((await t.services.debt.advanceState(a.id, '2026-11-23')).debtKop).toBe(1300000);
    await db('advance_rule_parts').where({ part: 1 }).update({ percent: '20' });
    const s = await t.services.debt.advanceState(a.id, '2026-11-23');
    // 55 000 + 20 % of 60 000 − 60 000
    expect(s.debtKop).toBe(700000);
    expect(s.months.find((m) => m.period === '2026-11')!.items.map((i) => [i.percent, i.amountKop])).toEqual([
      ['20', 1200000],
      ['40', 2400000],
    ]);
  });

  it('a schedule dated November leaves October on the old one and the page shows the new shares and days', async () => {
    const a = await businessAccount();
    await db('advance_rules').insert({ valid_from: '2026-11-01', final_day: 15, final_month_offset: 1 });
    await db('advance_rule_parts').insert({ valid_from: '2026-11-01', part: 1, percent: '50', day: 5 });
    const s = await t.services.debt.advanceState(a.id, '2026-11-23');
    const items = (p: string) =>
      s.months.find((m) => m.period === p)!.items.map((i) => [i.kind, i.dueDate, i.amountKop]);
    expect(items('2026-10')).toEqual([
      ['advance', '2026-10-10', 1800000],
      ['advance', '2026-10-25', 2400000],
      ['final', '2026-11-18', 1300000],
    ]);
    expect(items('2026-11')).toEqual([['advance', '2026-11-05', 3000000]]);
    // 55 000 + 50 % of 60 000 − 60 000; nothing more falls due before December's 5th
    expect([s.debtKop, s.recommendedKop, s.recommendedBy]).toEqual([2500000, 2500000, '2026-12-05']);

    const user = await givenUser(db, { accounts: [a.id] });
    const agent = t.agent();
    await loginAs(agent, user.login, user.password);
    const html = plain((await agent.get(`/accounts/${a.number}/state`)).text);
    expect(html).toMatch(
      /Авансовый платёж за ноябрь 2026 \(50 %\)<\/th>\s*<td[^>]*>05\.11\.2026<\/td>\s*<td class="num money"[^>]*>30 000,00/,
    );
    expect(html).toMatch(/Авансовый платёж за октябрь 2026 \(40 %\)<\/th>\s*<td[^>]*>25\.10\.2026<\/td>/);
    expect(html).toContain(
      'Авансы: 50 % стоимости договорного объёма месяца до 5 числа; окончательный расчёт — до 15 числа следующего месяца.',
    );
  });
});
