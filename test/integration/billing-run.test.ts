// The billing run against a real database: volumes by meter, average and norm, tariffs split by days,
// tiers, VAT, benefits; re-running is a no-op, a killed run resumes, recalculation issues corrections.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, it, expect } from 'vitest';
import { createTestApp } from '../support/app.js';
import { givenAccount, givenSupplier, type GivenAccount } from '../support/builders.js';
import type { Db } from '../../src/db/knex.js';
import type { LinkedAccount } from '../../src/features/auth/repo.js';

const t = await createTestApp({ today: '2026-11-23' });
const db = t.db;

async function reading(
  registerId: number,
  date: string,
  value: string,
  opts: { billed?: string; rollover?: boolean; source?: string } = {},
) {
  await db('readings').insert({
    register_id: registerId,
    date,
    value,
    source: opts.source ?? 'customer',
    rollover: opts.rollover ?? false,
    status: opts.billed ? 'billed' : 'accepted',
    billed_period: opts.billed ? `${opts.billed}-01` : null,
  });
}

async function usePlan(
  account: GivenAccount,
  rates: { from: string; zone?: string; price: string; tier?: number; tier_limit?: string }[],
  over: Record<string, unknown> = {},
) {
  const [plan] = await db('tariff_plans')
    .insert({
      code: `tp-${Math.random().toString(36).slice(2)}`,
      supplier_id: account.supplierId,
      name: 'план',
      service_kind: 'electricity',
      unit: 'кВт·ч',
      ...over,
    })
    .returning('id');
  const planId = plan.id as number;
  await db('tariff_rates').insert(
    rates.map((r) => ({
      tariff_plan_id: planId,
      valid_from: r.from,
      zone: r.zone ?? 'T',
      price: r.price,
      tier: r.tier ?? 1,
      tier_limit: r.tier_limit ?? null,
    })),
  );
  await db('services').where({ id: account.serviceId }).update({ tariff_plan_id: planId });
  return planId;
}

/** A month billed earlier by meter, for the average. */
async function pastBill(account: GivenAccount, period: string, quantity: string, method = 'meter') {
  const [bill] = await db('bills')
    .insert({
      account_id: account.id,
      supplier_id: account.supplierId,
      number: `old-${account.number}-${period}`,
      date: `${period}-28`,
      period: `${period}-01`,
      type: 'bill',
    })
    .returning('id');
  await db('bill_lines').insert({
    bill_id: bill.id,
    service_id: account.serviceId,
    supplier_id: account.supplierId,
    zone: 'T',
    method,
    quantity,
    tariff: '6.12',
    charged_kop: 0,
  });
}

async function snapshot(d: Db, supplierId: number) {
  const bills = await d('bills')
    .where({ supplier_id: supplierId })
    .count<{ count: number }[]>('* as count')
    .first();
  const lines = await d('bill_lines as l')
    .join('bills as b', 'b.id', 'l.bill_id')
    .where('b.supplier_id', supplierId)
    .first(
      d.raw('count(*)::int as count'),
      d.raw('coalesce(sum(l.charged_kop), 0)::bigint as charged'),
      d.raw('coalesce(sum(l.benefit_kop), 0)::bigint as benefit'),
    );
  const billedReadings = await d('readings as rd')
    .join('meter_registers as r', 'r.id', 'rd.register_id')
    .join('meters as m', 'm.id', 'r.meter_id')
    .join('accounts as a', 'a.id', 'm.account_id')
    .where('a.supplier_id', supplierId)
    .where('rd.status', 'billed')
    .count<{ count: number }[]>('* as count')
    .first();
  return { bills: Number(bills!.count), lines, billedReadings: Number(billedReadings!.count) };
}

async function billOf(accountId: number, type = 'bill') {
  const bill = await db('bills as b')
    .join('bill_totals as t', 't.bill_id', 'b.id')
    .where({ 'b.account_id': accountId, 'b.period': '2026-10-01', 'b.type': type })
    .first('b.*', 't.amount_kop', 't.vat_kop', 't.charged_kop', 't.benefit_kop');
  const lines = bill ? await db('bill_lines').where({ bill_id: bill.id }).orderBy('position') : [];
  return { bill, lines };
}

/** A supplier with one account for each way a month is billed, each with October to bill; own data per test. */
async function givenMonth() {
  const supplier = await givenSupplier(db);
  const a: Record<string, GivenAccount> = {};
  const sid = supplier.id;
  // metered, 97 kWh at 6.12
  a.meter = await givenAccount(db, { supplierId: sid, meters: 1 });
  await reading(a.meter.meters[0]!.registers[0]!.id, '2026-09-24', '1000', { billed: '2026-09' });
  await reading(a.meter.meters[0]!.registers[0]!.id, '2026-10-10', '1050');
  await reading(a.meter.meters[0]!.registers[0]!.id, '2026-10-20', '1097');
  // a reading after the window closes belongs to November and stays accepted
  await reading(a.meter.meters[0]!.registers[0]!.id, '2026-10-28', '1110');
  // two zones, the day rate changes on 16.10: 310 kWh split 15/31 and 16/31
  a.split = await givenAccount(db, { supplierId: sid, meters: 1, zones: ['T1', 'T2'] });
  await usePlan(a.split, [
    { from: '2020-01-01', zone: 'T1', price: '6.00' },
    { from: '2026-10-16', zone: 'T1', price: '6.60' },
    { from: '2020-01-01', zone: 'T2', price: '3.00' },
  ]);
  const [t1, t2] = a.split.meters[0]!.registers;
  await reading(t1!.id, '2026-09-20', '500', { billed: '2026-09' });
  await reading(t2!.id, '2026-09-20', '200', { billed: '2026-09' });
  await reading(t1!.id, '2026-10-20', '810');
  await reading(t2!.id, '2026-10-20', '250');
  // no reading: the average of three months billed by meter
  a.average = await givenAccount(db, { supplierId: sid, meters: 1 });
  await reading(a.average.meters[0]!.registers[0]!.id, '2026-09-20', '900', { billed: '2026-09' });
  for (const [p, q] of [
    ['2026-07', '100'],
    ['2026-08', '110'],
    ['2026-09', '120'],
  ] as const)
    await pastBill(a.average, p, q);
  // no reading and three estimated months in a row: the normative (50 kWh × 2 residents)
  a.exhausted = await givenAccount(db, { supplierId: sid, meters: 1 });
  await db('services').where({ id: a.exhausted.serviceId }).update({ norm: '50' });
  for (const [p, q] of [
    ['2026-04', '100'],
    ['2026-05', '100'],
    ['2026-06', '100'],
  ] as const)
    await pastBill(a.exhausted, p, q);
  for (const p of ['2026-07', '2026-08', '2026-09']) await pastBill(a.exhausted, p, '100', 'average');
  // a service billed by norm per area: 0.0280 × 60.6 m² at 1947.69 (seed 002's heating line, 3 304.84)
  a.area = await givenAccount(db, { supplierId: sid });
  await db('services')
    .where({ id: a.area.serviceId })
    .update({ method: 'norm_per_area', norm: '0.0280', kind: 'heating', name: 'отопление', unit: 'Гкал' });
  await usePlan(a.area, [{ from: '2020-01-01', price: '1947.69' }]);
  // business: 44 register units × ratio 40 at 5.00 without VAT, VAT on top (22 % in force on 31.10.2026)
  a.business = await givenAccount(db, { supplierId: sid, meters: 1, kind: 'organisation' });
  await db('meters').where({ id: a.business.meters[0]!.id }).update({ ratio: '40' });
  await usePlan(a.business, [{ from: '2020-01-01', price: '5.00' }]);
  await reading(a.business.meters[0]!.registers[0]!.id, '2026-09-30', '36156', { billed: '2026-09' });
  await reading(a.business.meters[0]!.registers[0]!.id, '2026-10-20', '36200');
  // rollover (5 digits, confirmed) and tiers: 270 kWh = 100 at 5.00 + 170 at 7.00
  a.tiers = await givenAccount(db, { supplierId: sid, meters: 1 });
  await db('meters').where({ id: a.tiers.meters[0]!.id }).update({ digits: 5 });
  await usePlan(a.tiers, [
    { from: '2020-01-01', price: '5.00', tier: 1, tier_limit: '100' },
    { from: '2020-01-01', price: '7.00', tier: 2 },
  ]);
  await reading(a.tiers.meters[0]!.registers[0]!.id, '2026-09-20', '99850', { billed: '2026-09' });
  await reading(a.tiers.meters[0]!.registers[0]!.id, '2026-10-20', '120', { rollover: true });
  // a 50 % benefit
  a.benefit = await givenAccount(db, { supplierId: sid, meters: 1 });
  await db('benefits').insert({
    account_id: a.benefit.id,
    name: 'ветеран труда',
    percent: '50',
    valid_from: '2020-01-01',
  });
  await reading(a.benefit.meters[0]!.registers[0]!.id, '2026-09-20', '10', { billed: '2026-09' });
  await reading(a.benefit.meters[0]!.registers[0]!.id, '2026-10-20', '110');
  return { supplier, a };
}

/** givenMonth() with October billed once. */
async function billedMonth() {
  const month = await givenMonth();
  const first = await t.services.billing.run({ period: '2026-10', supplierCode: month.supplier.code });
  expect(first.billed).toBe(8);
  return month;
}

describe('a month is billed from readings, averages, norms and tariffs', () => {
  it('bills each account with its method, numbers the bills and marks the readings billed', async () => {
    const { supplier, a } = await givenMonth();
    const s = await t.services.billing.run({ period: '2026-10', supplierCode: supplier.code });
    expect(s.billed).toBe(8);
    expect(s.byType).toEqual({ bill: 7, invoice: 1, correction: 0 });
    expect(s.byMethod).toEqual({ meter: 5, average: 1, norm: 2 });

    const meter = await billOf(a.meter!.id);
    expect(meter.bill.number).toBe(`${a.meter!.number}-202610`);
    expect(meter.bill.due_date).toBe('2026-11-15');
    expect(meter.bill.date).toBe('2026-11-23');
    expect(meter.lines).toMatchObject([
      {
        quantity: '97.000000',
        tariff: '6.1200',
        charged_kop: 59364,
        method: 'meter',
        reading_prev: '1000.000000',
        reading_curr: '1097.000000',
      },
    ]);
    const states = await db('readings')
      .where({ register_id: a.meter!.meters[0]!.registers[0]!.id })
      .orderBy('date')
      .select('date', 'status', 'billed_period');
    expect(states.map((r) => [r.date, r.status, r.billed_period])).toEqual([
      ['2026-09-24', 'billed', '2026-09-01'],
      ['2026-10-10', 'billed', '2026-10-01'],
      ['2026-10-20', 'billed', '2026-10-01'],
      ['2026-10-28', 'accepted', null],
    ]);

    const split = await billOf(a.split!.id);
    expect(split.lines.map((l) => [l.zone, l.quantity, l.tariff, l.charged_kop])).toEqual([
      ['T1', '150.000000', '6.0000', 90000],
      ['T1', '160.000000', '6.6000', 105600],
      ['T2', '50.000000', '3.0000', 15000],
    ]);
    expect(split.lines[0].description).toContain('с 01.10 по 15.10');

    expect((await billOf(a.average!.id)).lines).toMatchObject([
      { method: 'average', quantity: '110.000000', charged_kop: 67320 },
    ]);
    expect((await billOf(a.exhausted!.id)).lines).toMatchObject([
      { method: 'norm', quantity: '100.000000', charged_kop: 61200 },
    ]);
    expect((await billOf(a.area!.id)).bill.amount_kop).toBe(330484);

    const inv = await billOf(a.business!.id, 'invoice');
    expect(inv.bill.due_date).toBe('2026-11-18');
    // 1 760 kWh × 5.00 = 8 800.00 with VAT; 8 800.00 × 22 / 122 = 1 586.885… → 1 586.89 (October 2026)
    expect(inv.lines).toMatchObject([{ quantity: '1760.000000', charged_kop: 880000, vat_kop: 158689 }]);

    expect((await billOf(a.tiers!.id)).lines.map((l) => [l.tier, l.quantity, l.charged_kop])).toEqual([
      [1, '100.000000', 50000],
      [2, '170.000000', 119000],
    ]);
    const benefit = await billOf(a.benefit!.id);
    expect([benefit.bill.charged_kop, benefit.bill.benefit_kop, benefit.bill.amount_kop]).toEqual([
      61200, 30600, 30600,
    ]);
    expect(s.chargedKop).toBe(
      59364 + 90000 + 105600 + 15000 + 67320 + 61200 + 330484 + 880000 + 169000 + 30600,
    );

    const run = await db('billing_runs').where({ id: s.runId }).first();
    expect(run.status).toBe('done');
    expect(run.stats.billed).toBe(8);
  });

  it('running the period again changes nothing', async () => {
    const { supplier } = await billedMonth();
    const before = await snapshot(db, supplier.id);
    const again = await t.services.billing.run({ period: '2026-10', supplierCode: supplier.code });
    expect(again.candidates).toBe(0);
    expect(again.billed).toBe(0);
    expect(await snapshot(db, supplier.id)).toEqual(before);
  });

  it('recalculating after a tariff correction issues a correction bill, never an edit, and only once', async () => {
    const { supplier, a } = await billedMonth();
    const original = await billOf(a.meter!.id);
    const planId = (await db('services').where({ id: a.meter!.serviceId }).first()).tariff_plan_id;
    await db('tariff_rates').where({ tariff_plan_id: planId }).update({ price: '6.50' });
    const s = await t.services.billing.run({
      period: '2026-10',
      supplierCode: supplier.code,
      recalculate: true,
    });
    expect(s.byType.correction).toBe(1);
    expect(s.unchanged).toBe(7);
    const corr = await billOf(a.meter!.id, 'correction');
    expect(corr.bill.number).toBe(`${original.bill.number}-К1`);
    expect(corr.bill.corrects_bill_id).toBe(original.bill.id);
    // issued on 23.11 for October: due as a November bill, not by October's 15.11
    expect(original.bill.due_date).toBe('2026-11-15');
    expect(corr.bill.due_date).toBe('2026-12-15');
    expect(corr.lines.map((l) => [l.quantity, l.tariff, l.charged_kop])).toEqual([
      ['-97.000000', '6.1200', -59364],
      ['97.000000', '6.5000', 63050],
    ]);
    expect(corr.bill.amount_kop).toBe(3686);
    // the original is untouched
    expect(await billOf(a.meter!.id)).toEqual(original);
    const again = await t.services.billing.run({
      period: '2026-10',
      supplierCode: supplier.code,
      recalculate: true,
    });
    expect(again.billed).toBe(0);
    expect(again.unchanged).toBe(8);
  });

  it('a lower tariff gives a reducing correction with negative lines', async () => {
    const { supplier, a } = await billedMonth();
    const planId = (await db('services').where({ id: a.benefit!.serviceId }).first()).tariff_plan_id;
    await db('tariff_rates').where({ tariff_plan_id: planId }).update({ price: '6.00' });
    await t.services.billing.run({ period: '2026-10', supplierCode: supplier.code, recalculate: true });
    const corr = await billOf(a.benefit!.id, 'correction');
    // 100 × 6.00 = 600.00 with 50 % benefit: −612.00 + 600.00 charged, the benefit 306.00 → 300.00
    expect(corr.bill.amount_kop).toBe(30000 - 30600);
  });
});

describe('a correction entered by hand', () => {
  it('stays when the period is recalculated: the run corrects only what it derives from readings and tariffs', async () => {
    const s = await givenSupplier(db);
    const acc = await givenAccount(db, { supplierId: s.id, meters: 1 });
    const reg = acc.meters[0]!.registers[0]!.id;
    await reading(reg, '2026-09-20', '1000', { billed: '2026-09' });
    await reading(reg, '2026-10-20', '1097');
    await t.services.billing.run({ period: '2026-10', supplierCode: s.code });
    const { bill } = await billOf(acc.id);
    // an inspection act takes 10 kWh off, entered by hand (no run)
    const [manual] = await db('bills')
      .insert({
        account_id: acc.id,
        supplier_id: s.id,
        number: `${bill.number}-АКТ`,
        date: '2026-11-20',
        period: '2026-10-01',
        type: 'correction',
        corrects_bill_id: bill.id,
      })
      .returning('id');
    await db('bill_lines').insert({
      bill_id: manual.id,
      service_id: acc.serviceId,
      supplier_id: s.id,
      zone: 'T',
      method: 'manual',
      quantity: '-10',
      tariff: '6.12',
      charged_kop: -6120,
    });
    const same = await t.services.billing.run({ period: '2026-10', supplierCode: s.code, recalculate: true });
    expect([same.billed, same.unchanged]).toEqual([0, 1]);
    // the tariff was 6.50: the run corrects the 97 kWh it billed, the act's 10 kWh stay taken off
    const planId = (await db('services').where({ id: acc.serviceId }).first()).tariff_plan_id;
    await db('tariff_rates').where({ tariff_plan_id: planId }).update({ price: '6.50' });
    const changed = await t.services.billing.run({
      period: '2026-10',
      supplierCode: s.code,
      recalculate: true,
    });
    expect(changed.byType.correction).toBe(1);
    const corr = await db('bills')
      .where({ corrects_bill_id: bill.id, billing_run_id: changed.runId })
      .first();
    expect(corr.number).toBe(`${bill.number}-К2`);
    const lines = await db('bill_lines').where({ bill_id: corr.id }).orderBy('position');
    expect(lines.map((l) => [l.quantity, l.charged_kop])).toEqual([
      ['-97.000000', -59364],
      ['97.000000', 63050],
    ]);
  });
});

describe('VAT on business invoices', () => {
  it('splits the rate in force on the last day of the month out of the same price (20 % in 2025, 22 % from 2026), none when the supplier charges none', async () => {
    const s = await givenSupplier(db);
    const exempt = await givenSupplier(db, { charges_vat: false });
    const firms: GivenAccount[] = [];
    for (const supplierId of [s.id, exempt.id]) {
      const acc = await givenAccount(db, { supplierId, meters: 1, kind: 'organisation' });
      await usePlan(acc, [{ from: '2020-01-01', price: '5.00' }]);
      const reg = acc.meters[0]!.registers[0]!.id;
      await reading(reg, '2025-11-20', '1000', { billed: '2025-11' });
      await reading(reg, '2025-12-20', '1100');
      await reading(reg, '2026-01-20', '1200');
      firms.push(acc);
    }
    for (const period of ['2025-12', '2026-01']) {
      await t.services.billing.run({ period, supplierCode: s.code });
      await t.services.billing.run({ period, supplierCode: exempt.code });
    }
    const lines = async (accountId: number, period: string) =>
      (
        await db('bills as b')
          .join('bill_lines as l', 'l.bill_id', 'b.id')
          .where({ 'b.account_id': accountId, 'b.period': `${period}-01` })
          .select('b.id', 'l.charged_kop', 'l.vat_kop', 'l.vat_percent')
      )[0];
    // 100 kWh × 5.00 = 500.00 with VAT: 500.00 × 20 / 120 = 83.33 in December, × 22 / 122 = 90.16 in January
    const dec = await lines(firms[0]!.id, '2025-12');
    const jan = await lines(firms[0]!.id, '2026-01');
    expect(dec).toMatchObject({ charged_kop: 50000, vat_kop: 8333, vat_percent: '20.00' });
    expect(jan).toMatchObject({ charged_kop: 50000, vat_kop: 9016, vat_percent: '22.00' });
    expect(await lines(firms[1]!.id, '2026-01')).toMatchObject({
      charged_kop: 50000,
      vat_kop: 0,
      vat_percent: null,
    });

    // the invoice prints the rate the line was billed at, even after the rates change; a line without
    // one (imported) prints the rate in force for its month
    const linked: LinkedAccount = {
      id: firms[0]!.id,
      number: firms[0]!.number,
      address: '',
      supplier_id: s.id,
      supplier_name: '',
      supplier_time_zone: 'Europe/Moscow',
      customer_kind: 'organisation',
      relation: 'owner',
      visible: true,
    };
    const printedRate = async (billId: number) => {
      const doc = await t.services.documents.business(linked, billId);
      if (doc?.type !== 'invoice') throw new Error('not an invoice');
      return doc.data.lines[0]!.vatRate;
    };
    await db('vat_rates').where({ valid_from: '2026-01-01' }).update({ percent: '25' });
    try {
      expect(await printedRate(dec.id)).toBe('20 %');
      expect(await printedRate(jan.id)).toBe('22 %');
      await db('bill_lines').where({ bill_id: jan.id }).update({ vat_percent: null });
      expect(await printedRate(jan.id)).toBe('25 %');
    } finally {
      await db('vat_rates').where({ valid_from: '2026-01-01' }).update({ percent: '22' });
    }
  });

  it('refuses to bill a VAT-charging supplier for a month no VAT rate covers (before 2004)', async () => {
    const s = await givenSupplier(db);
    await givenAccount(db, { supplierId: s.id, kind: 'organisation' });
    await expect(t.services.billing.run({ period: '2003-12', supplierCode: s.code })).rejects.toThrow(
      'Нет ставки НДС на 2003-12-31',
    );
  });

  it('a run of every supplier for such a month bills nobody, not even a supplier without VAT billed first', async () => {
    const exempt = await givenSupplier(db, { charges_vat: false });
    const a = await givenAccount(db, { supplierId: exempt.id });
    await db('tariff_rates')
      .whereIn('tariff_plan_id', db('services').where({ id: a.serviceId }).select('tariff_plan_id'))
      .update({ valid_from: '2000-01-01' });
    await db('accounts').where({ id: a.id }).update({ opening_balance_date: '2003-01-01' });
    await db('services').where({ id: a.serviceId }).update({ method: 'norm_per_resident', norm: '100' });
    await givenAccount(db, { kind: 'organisation' });
    const before = Number((await db('bills').count('* as n'))[0]!.n);
    await expect(t.services.billing.run({ period: '2003-12' })).rejects.toThrow(
      'Нет ставки НДС на 2003-12-31',
    );
    expect(Number((await db('bills').count('* as n'))[0]!.n)).toBe(before);
  });

  it('bills a month of 2018 at 18 %, the rate in force from 2004 to 2018', async () => {
    const s = await givenSupplier(db);
    const a = await givenAccount(db, { supplierId: s.id, kind: 'organisation' });
    // the account's price and history reach back to 2018
    await db('tariff_rates')
      .whereIn('tariff_plan_id', db('services').where({ id: a.serviceId }).select('tariff_plan_id'))
      .update({ valid_from: '2010-01-01' });
    await db('accounts').where({ id: a.id }).update({ opening_balance_date: '2018-01-01' });
    await db('services').where({ id: a.serviceId }).update({ method: 'norm_per_resident', norm: '100' });
    const summary = await t.services.billing.run({ period: '2018-12', supplierCode: s.code });
    expect(summary.examples).toEqual([]);
    const lines = await db('bill_lines as l')
      .join('bills as b', 'b.id', 'l.bill_id')
      .where('b.supplier_id', s.id)
      .select('l.vat_percent');
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.map((l: { vat_percent: string }) => l.vat_percent)).toEqual(lines.map(() => '18.00'));
  });
});

describe('a meter without readings month after month', () => {
  it('stays on the normative once the average has run out, until a reading comes', async () => {
    const s = await givenSupplier(db);
    const acc = await givenAccount(db, { supplierId: s.id, meters: 1 });
    await db('services').where({ id: acc.serviceId }).update({ norm: '50' });
    // three months by meter (so an average exists), three by average, then one by normative
    for (const p of ['2026-03', '2026-04', '2026-05']) await pastBill(acc, p, '120');
    for (const p of ['2026-06', '2026-07', '2026-08']) await pastBill(acc, p, '120', 'average');
    await pastBill(acc, '2026-09', '100', 'norm');
    await t.services.billing.run({ period: '2026-10', supplierCode: s.code });
    expect((await billOf(acc.id)).lines).toMatchObject([
      { method: 'norm', quantity: '100.000000', charged_kop: 61200 },
    ]);
  });
});

describe('a reading after months billed without one', () => {
  it('bills what it measured less what the estimated months charged, and gives back what they charged too much', async () => {
    const s = await givenSupplier(db);
    // read in June, then July–September by average (110 each), read again in October
    const under = await givenAccount(db, { supplierId: s.id, meters: 1 });
    const over = await givenAccount(db, { supplierId: s.id, meters: 1 });
    for (const [acc, value] of [
      [under, '1400'],
      [over, '1200'],
    ] as const) {
      const reg = acc.meters[0]!.registers[0]!.id;
      await reading(reg, '2026-06-20', '1000', { billed: '2026-06' });
      for (const p of ['2026-07', '2026-08', '2026-09']) await pastBill(acc, p, '110', 'average');
      await reading(reg, '2026-10-20', value);
    }
    // read in June 2025 (before the twelve months of history the average looks at), estimated since
    const old = await givenAccount(db, { supplierId: s.id, meters: 1 });
    await reading(old.meters[0]!.registers[0]!.id, '2025-06-20', '1000', { billed: '2025-06' });
    await pastBill(old, '2025-07', '50', 'average');
    await pastBill(old, '2025-08', '50', 'average');
    await pastBill(old, '2026-09', '100', 'norm');
    await reading(old.meters[0]!.registers[0]!.id, '2026-10-20', '1500');

    const run = await t.services.billing.run({ period: '2026-10', supplierCode: s.code });
    expect(run.billed).toBe(3);
    // 400 measured − 330 estimated = 70 at 6.12
    const u = await billOf(under.id);
    expect(u.lines).toMatchObject([
      {
        method: 'meter',
        quantity: '70.000000',
        charged_kop: 42840,
        reading_prev: '1000.000000',
        reading_curr: '1400.000000',
      },
    ]);
    expect(u.lines[0].description).toContain(
      'за вычетом 330 кВт·ч, начисленных без показаний за 07.2026–09.2026',
    );
    // 200 measured − 330 estimated: 130 given back
    const o = await billOf(over.id);
    expect(o.lines).toMatchObject([{ method: 'meter', quantity: '-130.000000', charged_kop: -79560 }]);
    expect(o.bill.amount_kop).toBe(-79560);
    // 500 measured − (50 + 50 + 100) = 300
    expect((await billOf(old.id)).lines).toMatchObject([{ quantity: '300.000000', charged_kop: 183600 }]);
    // the next month starts from the October reading: nothing more is taken off
    const next = await t.services.billing.run({ period: '2026-10', supplierCode: s.code });
    expect(next.billed).toBe(0);
  });
});

describe('a run killed half-way', () => {
  it('completes on the next start without duplicates, and the two equal one uninterrupted run', async () => {
    const killed = await givenSupplier(db);
    const whole = await givenSupplier(db);
    for (const s of [killed, whole]) {
      for (let i = 0; i < 7; i++) {
        const acc = await givenAccount(db, { supplierId: s.id, meters: 1 });
        await reading(acc.meters[0]!.registers[0]!.id, '2026-09-20', '100', { billed: '2026-09' });
        await reading(acc.meters[0]!.registers[0]!.id, '2026-10-20', String(200 + i * 13));
      }
    }
    // the first start bills 2 batches of 2 and "dies"; a run row stays 'running' as after a crash
    const first = await t.services.billing.run({
      period: '2026-10',
      supplierCode: killed.code,
      batchSize: 2,
      limit: 4,
    });
    expect(first.billed).toBe(4);
    await db('billing_runs').where({ id: first.runId }).update({ status: 'running' });
    const second = await t.services.billing.run({
      period: '2026-10',
      supplierCode: killed.code,
      batchSize: 2,
    });
    expect(second.candidates).toBe(3);
    expect(second.billed).toBe(3);
    expect((await db('billing_runs').where({ id: first.runId }).first()).status).toBe('failed');

    await t.services.billing.run({ period: '2026-10', supplierCode: whole.code });
    const k = await snapshot(db, killed.id);
    const w = await snapshot(db, whole.id);
    expect(k).toEqual(w);
    expect(k.bills).toBe(7);
    const dup = await db('bills')
      .where({ supplier_id: killed.id })
      .groupBy('account_id', 'period')
      .havingRaw('count(*) > 1')
      .select('account_id');
    expect(dup).toEqual([]);
  });

  it('two runs of the same period at once issue each bill once', async () => {
    const s = await givenSupplier(db);
    for (let i = 0; i < 5; i++) {
      const acc = await givenAccount(db, { supplierId: s.id, meters: 1 });
      await reading(acc.meters[0]!.registers[0]!.id, '2026-09-20', '100', { billed: '2026-09' });
      await reading(acc.meters[0]!.registers[0]!.id, '2026-10-20', '150');
    }
    const [x, y] = await Promise.all([
      t.services.billing.run({ period: '2026-10', supplierCode: s.code }),
      t.services.billing.run({ period: '2026-10', supplierCode: s.code }),
    ]);
    expect(x.billed + y.billed).toBe(5);
    expect((await snapshot(db, s.id)).bills).toBe(5);
  });

  it('batches written side by side give what one batch at a time gives, also with two runs at once', async () => {
    const serial = await givenSupplier(db);
    const parallel = await givenSupplier(db);
    for (const s of [serial, parallel]) {
      for (let i = 0; i < 9; i++) {
        const acc = await givenAccount(db, { supplierId: s.id, meters: 1 });
        await reading(acc.meters[0]!.registers[0]!.id, '2026-09-20', '100', { billed: '2026-09' });
        await reading(acc.meters[0]!.registers[0]!.id, '2026-10-20', String(130 + i * 11));
      }
    }
    await t.services.billing.run({ period: '2026-10', supplierCode: serial.code, batchSize: 1, writers: 1 });
    const [x, y] = await Promise.all([
      t.services.billing.run({ period: '2026-10', supplierCode: parallel.code, batchSize: 2, writers: 3 }),
      t.services.billing.run({ period: '2026-10', supplierCode: parallel.code, batchSize: 1, writers: 4 }),
    ]);
    expect(x.billed + y.billed).toBe(9);
    const p = await snapshot(db, parallel.id);
    expect(p).toEqual(await snapshot(db, serial.id));
    expect(p.bills).toBe(9);
    const accepted = await db('readings as rd')
      .join('meter_registers as r', 'r.id', 'rd.register_id')
      .join('meters as m', 'm.id', 'r.meter_id')
      .join('accounts as a', 'a.id', 'm.account_id')
      .where({ 'a.supplier_id': parallel.id, 'rd.status': 'accepted' })
      .count<{ n: number }[]>('* as n');
    expect(Number(accepted[0]!.n)).toBe(0);
  });
});

describe('refusals', () => {
  it('a future period or an unknown supplier is refused and nothing is recorded', async () => {
    const runs = await db('billing_runs').count<{ count: number }[]>('* as count').first();
    await expect(t.services.billing.run({ period: '2026-12' })).rejects.toThrow('будущий период');
    await expect(t.services.billing.run({ period: '2026-13' })).rejects.toThrow('ГГГГ-ММ');
    await expect(t.services.billing.run({ period: '2026-10', supplierCode: 'no-such' })).rejects.toThrow(
      'не найден',
    );
    expect(await db('billing_runs').count<{ count: number }[]>('* as count').first()).toEqual(runs);
  });

  it('an account without a tariff is reported and not billed; the others are', async () => {
    const s = await givenSupplier(db);
    const ok = await givenAccount(db, { supplierId: s.id });
    await db('services').where({ id: ok.serviceId }).update({ method: 'norm_per_resident', norm: '10' });
    const bad = await givenAccount(db, { supplierId: s.id });
    await db('services')
      .where({ id: bad.serviceId })
      .update({ method: 'norm_per_resident', norm: '10', tariff_plan_id: null });
    const r = await t.services.billing.run({ period: '2026-10', supplierCode: s.code });
    expect(r.billed).toBe(1);
    expect(r.problems).toEqual({ no_tariff: 1 });
    expect(r.examples[0]).toMatchObject({ account: bad.number });
  });
});

describe('the command line', () => {
  it('--help explains the options without touching the database', async () => {
    const { stdout } = await promisify(execFile)('npx', ['tsx', 'src/cli/billing.ts', '--help'], {
      timeout: 30_000,
    });
    expect(stdout).toContain('--period');
    expect(stdout).toContain('--recalculate');
  });
});
