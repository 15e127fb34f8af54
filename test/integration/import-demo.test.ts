// The demo personas load through the importer into an empty database and hold what DESIGN.md promises, consistently.
import { describe, expect, it } from 'vitest';
import { createTestApp, loginAs, TODAY } from '../support/app.js';
import { fixedClock } from '../../src/platform/clock.js';
import { DEMO_LOGINS } from '../../src/features/import/demo.js';
import { loadDemoData, loadDemoDataIfEmpty } from '../../src/features/import/demoLoad.js';
import { verifyPassword } from '../../src/platform/passwords.js';
import { buildDemoDataset, demoCalendar } from '../../src/features/import/demo.js';
import { demoPenaltyReference } from '../../src/features/import/demoLoad.js';

const t = await createTestApp({ today: TODAY });
const settle = (id: number) => t.services.debt.settle(id);
const { db } = t;
const started = Date.now();
const loaded = await loadDemoDataIfEmpty(db, fixedClock(TODAY), settle);
const loadMs = Date.now() - started;

const one = async <T = Record<string, unknown>>(sql: string, bindings: unknown[] = []): Promise<T> =>
  ((await db.raw(sql, bindings as never)) as { rows: T[] }).rows[0]!;
const all = async <T = Record<string, unknown>>(sql: string, bindings: unknown[] = []): Promise<T[]> =>
  ((await db.raw(sql, bindings as never)) as { rows: T[] }).rows;

/** Σ bills − Σ payments of an account (opening balance is 0 in the demo). */
async function balanceKop(number: string): Promise<number> {
  const r = await one<{ billed: number; paid: number }>(
    `select (select coalesce(sum(t.amount_kop), 0) from bills b join bill_totals t on t.bill_id = b.id where b.account_id = a.id and b.type <> 'advance')::bigint as billed,
            (select coalesce(sum(p.amount_kop), 0) from payments p where p.account_id = a.id)::bigint as paid
       from accounts a where a.number = ?`,
    [number],
  );
  return r.billed - r.paid;
}

describe('demo personas', () => {
  it('load into an empty database in a few seconds, once', async () => {
    expect(loaded).toBe(true);
    expect(loadMs).toBeLessThan(20_000);
    expect(await loadDemoDataIfEmpty(db, fixedClock(TODAY), settle)).toBe(false);
    const again = await loadDemoData(db, fixedClock(TODAY), settle);
    expect(Object.values(again.kinds).reduce((n, k) => n + k.created + k.updated, 0)).toBe(0);
  });

  it('reach back 24 months from today', async () => {
    const cal = demoCalendar(TODAY);
    const r = await one<{ first: string; last: string; n: number }>(
      `select min(period)::text as first, max(period)::text as last, count(distinct period)::int as n from bills b join accounts a on a.id = b.account_id where a.number = '110000001'`,
    );
    expect(r).toEqual({ first: `${cal.first}-01`, last: `${cal.last}-01`, n: 24 });
    expect(cal.last).toBe('2026-10');
  });

  it('Komi: contract 37065432, account 110000001, one single-zone meter, "газовая плита - город" changing in July, a PIN', async () => {
    const acc = await one<{ pin_hash: string; meters: number; zones: string[]; plan: string }>(
      `select a.pin_hash, (select count(*) from meters m where m.account_id = a.id)::int as meters, s.zones, tp.name as plan
         from accounts a join contracts c on c.account_id = a.id join services s on s.contract_id = c.id join tariff_plans tp on tp.id = s.tariff_plan_id
        where a.number = '110000001' and c.number = '37065432'`,
    );
    expect(acc.meters).toBe(1);
    expect(acc.zones).toEqual(['T']);
    expect(acc.plan).toBe('газовая плита - город');
    expect(await verifyPassword(acc.pin_hash, '58314')).toBe(true);
    const tariffs = await all<{ period: string; tariff: string }>(
      `select to_char(b.period, 'YYYY-MM') as period, l.tariff::text from bills b join bill_lines l on l.bill_id = b.id join accounts a on a.id = b.account_id where a.number = '110000001' and to_char(b.period, 'YYYY') = '2026' order by b.period`,
    );
    const june = tariffs.find((x) => x.period === '2026-06')!;
    const july = tariffs.find((x) => x.period === '2026-07')!;
    expect(Number(june.tariff)).toBe(5.61);
    expect(Number(july.tariff)).toBe(6.12);
    expect(await balanceKop('110000001')).toBe(0);
  });

  it('Tomsk: malashta@example.ru with three accounts, the ЕПД of three suppliers, heating 3 304.84, T1/T2, expired verification, debt with penalties, an overpayment, split payments', async () => {
    const links = await all<{ number: string }>(
      `select a.number from users u join user_accounts ua on ua.user_id = u.id join accounts a on a.id = ua.account_id where u.login = 'malashta@example.ru' order by a.number`,
    );
    expect(links.map((l) => l.number)).toEqual(['700100103492', '800200112233', '800200445566']);
    const suppliers = await all<{ code: string }>(
      `select distinct s.code from services v join accounts a on a.id = v.account_id join suppliers s on s.id = v.supplier_id where a.number = '700100103492' order by 1`,
    );
    expect(suppliers.map((s) => s.code)).toEqual(['tomsk', 'tomskrts', 'tomskvoda']);
    const heat = await one<{ n: number }>(
      `select count(*)::int as n from bill_lines l join services v on v.id = l.service_id where v.kind = 'heating' and l.charged_kop = 330484 and l.quantity = 1.6968 and l.tariff = 1947.69`,
    );
    expect(heat.n).toBeGreaterThan(0);
    const twoZone = await all<{ zone: string }>(
      `select g.zone from meter_registers g join meters m on m.id = g.meter_id where m.serial = '36125478' order by g.zone`,
    );
    expect(twoZone.map((z) => z.zone)).toEqual(['T1', 'T2']);
    const expired = await one<{ verification_due: string }>(
      `select verification_due from meters where serial = '927210'`,
    );
    expect(expired.verification_due < TODAY).toBe(true);
    const estimated = await all<{ method: string }>(
      `select distinct l.method from bill_lines l join services v on v.id = l.service_id where v.code = 'cw' and l.method in ('average', 'norm')`,
    );
    expect(estimated.map((e) => e.method).sort()).toEqual(['average', 'norm']);
    expect(await balanceKop('700100103492')).toBeGreaterThan(0);
    const penalty = await one<{ penalty: number }>(
      `select sum(t.penalty_kop)::bigint as penalty from bills b join bill_totals t on t.bill_id = b.id join accounts a on a.id = b.account_id where a.number = '700100103492'`,
    );
    expect(penalty.penalty).toBeGreaterThan(0);
    const unpaid = await one<{ n: number }>(
      `select count(*)::int as n from bill_balances bb join bills b on b.id = bb.bill_id join accounts a on a.id = b.account_id where a.number = '700100103492' and bb.outstanding_kop > 0`,
    );
    expect(unpaid.n).toBeGreaterThanOrEqual(3);
    expect(await balanceKop('800200112233')).toBe(-200_000);
    const split = await one<{ n: number }>(
      `select count(*)::int as n from payments p join accounts a on a.id = p.account_id where a.number = '700100103492' and (select count(distinct contract_id) from payment_allocations x where x.payment_id = p.id) = 3`,
    );
    expect(split.n).toBeGreaterThan(10);
    const values = await one<{ n: number }>(
      `select count(*)::int as n from contract_values cv join services v on v.id = cv.service_id join accounts a on a.id = v.account_id where a.number = '800200112233'`,
    );
    expect(values.n).toBeGreaterThan(0);
  });

  it('Bryansk: partner code 1000123, two branches, 30 % / 40 % advances of the contracted volume, invoices with the VAT of the billed month (20 % until 2025, 22 % from 2026)', async () => {
    const accounts = await all<{ number: string; branch: string | null }>(
      `select a.number, c.branch from customers k join accounts a on a.customer_id = k.id join contracts c on c.account_id = a.id where k.partner_code = '1000123' order by a.number`,
    );
    expect(accounts).toEqual([
      { number: '3200000001', branch: null },
      { number: '3200000002', branch: 'Филиал "Сельцо"' },
    ]);
    const advances = await all<{ quantity: string; volume: string; due_day: number }>(
      `select l.quantity::text, cv.volume::text, extract(day from b.due_date)::int as due_day
         from bills b join bill_lines l on l.bill_id = b.id join contract_values cv on cv.service_id = l.service_id and cv.month = b.period
         join accounts a on a.id = b.account_id where a.number = '3200000001' and b.type = 'advance'`,
    );
    expect(advances.length).toBeGreaterThan(40);
    for (const a of advances) {
      const share = Number(a.quantity) / Number(a.volume);
      expect(a.due_day === 10 ? 0.3 : 0.4).toBeCloseTo(share, 10);
    }
    const vat = await one<{ bad: number; n: number }>(
      `select count(*) filter (where l.vat_kop <> round(l.charged_kop * r.p / (100 + r.p)) or l.vat_percent <> r.p)::int as bad,
              count(*)::int as n
         from bills b join bill_lines l on l.bill_id = b.id join accounts a on a.id = b.account_id
         cross join lateral (select case when b.period >= '2026-01-01' then 22 else 20 end::numeric as p) r
        where a.number like '32%' and b.type in ('invoice', 'advance')`,
    );
    expect(vat.n).toBeGreaterThan(100);
    expect(vat.bad).toBe(0);
  });

  it('Kemerovo: contract 0001с with a Cyrillic с, INN 4205000009, a meter with transformer ratio 40, a corrective invoice', async () => {
    const c = await one<{ number: string; inn: string; ratio: string }>(
      `select c.number, k.inn, m.ratio::text from contracts c join accounts a on a.id = c.account_id join customers k on k.id = a.customer_id join meters m on m.account_id = a.id where c.number = ?`,
      ['0001\u0441'],
    );
    expect(c.number.codePointAt(4)).toBe(0x441);
    expect(c.inn).toBe('4205000009');
    expect(Number(c.ratio)).toBe(40);
    const latin = await all(`select 1 from contracts where number = '0001c'`);
    expect(latin).toHaveLength(0);
    const correction = await one<{ charged_kop: number; corrects: string }>(
      `select l.charged_kop, o.number as corrects from bills b join bill_lines l on l.bill_id = b.id join bills o on o.id = b.corrects_bill_id where b.type = 'correction'`,
    );
    expect(correction.charged_kop).toBeLessThan(0);
    expect(correction.corrects).toMatch(/^0001с-СФ-/);
  });

  it('every bill line is consistent: charged = quantity × tariff rounded half up, meter quantity = reading difference × ratio, on stored readings', async () => {
    const bad = await all(
      `select b.number, l.quantity, l.tariff, l.charged_kop from bill_lines l join bills b on b.id = l.bill_id
        where l.quantity is not null and l.tariff is not null and l.charged_kop <> round(l.quantity * l.tariff, 2) * 100`,
    );
    expect(bad).toEqual([]);
    const badMeter = await all(
      `select b.number from bill_lines l join bills b on b.id = l.bill_id join meters m on m.id = l.meter_id
        where l.quantity <> (l.reading_curr - l.reading_prev) * m.ratio
           or not exists (select 1 from readings r join meter_registers g on g.id = r.register_id
                           where g.meter_id = m.id and g.zone = coalesce(l.zone, 'T') and r.value = l.reading_curr and r.billed_period = b.period)`,
    );
    expect(badMeter).toEqual([]);
    const tariffs = await all(
      `select b.number from bill_lines l join bills b on b.id = l.bill_id join services v on v.id = l.service_id
        where b.type <> 'correction' and l.tariff <> (select r.price from tariff_rates r where r.tariff_plan_id = v.tariff_plan_id and r.zone = coalesce(l.zone, 'T') and r.valid_from <= b.period order by r.valid_from desc limit 1)`,
    );
    expect(tariffs).toEqual([]);
    // Komi and Kemerovo pay their bills in full
    expect(await balanceKop('4200000001')).toBeGreaterThanOrEqual(0);
  });

  it('every demo login works with its password; account and contract numbers log in too', async () => {
    for (const d of DEMO_LOGINS) {
      const u = await db('users').whereRaw('lower(login) = ?', [d.login.toLowerCase()]).first();
      expect(u, d.login).toBeTruthy();
      expect(u.status).toBe('active');
      expect(await verifyPassword(u.password_hash, d.password)).toBe(true);
    }
    await loginAs(t.agent(), 'malashta@example.ru', 'Tomsk2026!');
    await loginAs(t.agent(), '37065432', 'Demo2026!');
    await loginAs(t.agent(), '0001с', 'Kemerovo2026!');
    await loginAs(t.agent(), '3200000001', 'Bryansk2026!');
  });

  it('holds the bills the billing run would issue: recalculating any demo month issues no correction', async () => {
    // the generator and the run apply the same rules (zones, averages over the last billed months,
    // the normative after them, tariffs by day); a difference would show as a correction here
    const cal = demoCalendar(TODAY);
    for (const period of cal.periods) {
      const s = await t.services.billing.run({ period, recalculate: true });
      const made = await all(
        `select b.number, l.description, l.quantity::text, l.charged_kop from bills b join bill_lines l on l.bill_id = b.id where b.billing_run_id = ? order by l.id`,
        [s.runId],
      );
      expect([period, s.billed, s.problems, made]).toEqual([period, 0, {}, []]);
    }
  });

  it('is deterministic for a given day and moves with today', async () => {
    const ref = await demoPenaltyReference(t.db);
    expect(buildDemoDataset('2027-03-02', ref)).toEqual(buildDemoDataset('2027-03-02', ref));
    expect(demoCalendar('2027-03-02').last).toBe('2027-01');
    expect(demoCalendar('2027-03-03').last).toBe('2027-02');
  });
});
