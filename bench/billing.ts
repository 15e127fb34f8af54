// Billing run throughput: one month for 100 000 accounts (built by direct inserts), in accounts per second.
// A mix like a real supplier: 80 % metered with a reading, 10 % two-zone meters, 5 % without a reading
// (billed by their average), 5 % by norm per resident; the yearly tariff indexation on 1 July.
import type { Db } from '../src/db/knex.js';
import { BillingRepo } from '../src/features/billing/repo.js';
import { AuditLog } from '../src/platform/audit.js';
import { BillingService } from '../src/features/billing/service.js';
import { fixedClock } from '../src/platform/clock.js';
import { createLogger } from '../src/platform/logger.js';
import { benchContext, baseline, type BenchContext, type Figure } from './support.js';

const ACCOUNTS = Number(process.env.BENCH_BILLING_ACCOUNTS ?? 100_000);

export async function buildDatabase(db: Db, n: number): Promise<void> {
  await db.transaction(async (tx) => {
    const [supplier] = await tx('suppliers')
      .insert({
        code: 'bench-billing',
        name: 'Бенчмарк-Энергосбыт',
        inn: '1101301856',
        reading_window_from: 15,
        reading_window_to: 25,
      })
      .returning('id');
    const s = supplier.id as number;
    const [single] = await tx('tariff_plans')
      .insert({
        code: 'bb-single',
        supplier_id: s,
        name: 'город',
        service_kind: 'electricity',
        unit: 'кВт·ч',
      })
      .returning('id');
    const [zones] = await tx('tariff_plans')
      .insert({
        code: 'bb-zones',
        supplier_id: s,
        name: 'город, две зоны',
        service_kind: 'electricity',
        unit: 'кВт·ч',
      })
      .returning('id');
    await tx('tariff_rates').insert([
      { tariff_plan_id: single.id, valid_from: '2020-01-01', zone: 'T', price: '6.12' },
      { tariff_plan_id: single.id, valid_from: '2026-07-01', zone: 'T', price: '6.48' },
      { tariff_plan_id: zones.id, valid_from: '2020-01-01', zone: 'T1', price: '6.90' },
      { tariff_plan_id: zones.id, valid_from: '2020-01-01', zone: 'T2', price: '3.10' },
    ]);
    await tx.raw(
      `insert into customers (ref, kind, last_name, first_name, middle_name)
       select 'bb-' || g, 'person', 'Иванов', 'Иван', 'Иванович' from generate_series(1, ?) g`,
      [n],
    );
    await tx.raw(
      `insert into accounts (number, supplier_id, customer_id, address, residents, area, opening_balance_date)
       select lpad(c.id::text, 9, '0'), ?, c.id, 'Сыктывкар, ул. Ленина, д. ' || c.id, 1 + c.id % 4, 60.6, '2024-01-01'
         from customers c where c.ref like 'bb-%'`,
      [s],
    );
    await tx.raw(
      `insert into contracts (account_id, number, date) select id, 'D' || number, '2010-01-01' from accounts where supplier_id = ?`,
      [s],
    );
    // kind of account by id % 20: 0 → norm, 1 → no reading (average), 2–3 → two zones, else single-zone meter
    await tx.raw(
      `insert into services (account_id, contract_id, supplier_id, code, kind, name, unit, method, zones, tariff_plan_id, norm)
       select a.id, c.id, ?, 'el', 'electricity', 'электроэнергия', 'кВт·ч',
              case when a.id % 20 = 0 then 'norm_per_resident' else 'meter' end,
              case when a.id % 20 in (2, 3) then '{T1,T2}'::text[] else '{T}'::text[] end,
              case when a.id % 20 in (2, 3) then ?::bigint else ?::bigint end, 50
         from accounts a join contracts c on c.account_id = a.id where a.supplier_id = ?`,
      [s, zones.id, single.id, s],
    );
    await tx.raw(
      `insert into meters (account_id, service_id, serial, model, installed, verification_due, digits, decimals)
       select sv.account_id, sv.id, 'BB' || sv.account_id, 'СЕ101', '2015-01-01', '2031-01-01', 6, 2
         from services sv join accounts a on a.id = sv.account_id where a.supplier_id = ? and sv.method = 'meter'`,
      [s],
    );
    await tx.raw(
      `insert into meter_registers (meter_id, zone)
       select m.id, z from meters m join services sv on sv.id = m.service_id join accounts a on a.id = m.account_id, unnest(sv.zones) z
        where a.supplier_id = ?`,
      [s],
    );
    // September billed, October read (except the "no reading" fifth)
    await tx.raw(
      `insert into readings (register_id, date, value, source, status, billed_period)
       select r.id, '2026-09-22', 1000 + m.account_id % 500, 'customer', 'billed', '2026-09-01'
         from meter_registers r join meters m on m.id = r.meter_id join accounts a on a.id = m.account_id where a.supplier_id = ?`,
      [s],
    );
    await tx.raw(
      `insert into readings (register_id, date, value, source, status)
       select r.id, '2026-10-21', 1000 + m.account_id % 500 + 40 + (m.account_id * 7) % 300, 'customer', 'accepted'
         from meter_registers r join meters m on m.id = r.meter_id join accounts a on a.id = m.account_id
        where a.supplier_id = ? and a.id % 20 <> 1`,
      [s],
    );
    // three months billed by meter for the accounts without a reading, so they get their average
    for (const [p, q] of [
      ['2026-07', 150],
      ['2026-08', 160],
      ['2026-09', 170],
    ] as const) {
      await tx.raw(
        `with b as (
           insert into bills (account_id, supplier_id, number, date, period, type)
           select a.id, ?, a.number || '-' || ?, ?::date + 27, ?::date, 'bill' from accounts a where a.supplier_id = ? and a.id % 20 = 1
           returning id, account_id)
         insert into bill_lines (bill_id, service_id, supplier_id, zone, method, quantity, tariff, charged_kop)
         select b.id, sv.id, ?, 'T', 'meter', ?, 6.12, 0 from b join services sv on sv.account_id = b.account_id`,
        [s, p.replace('-', ''), `${p}-01`, `${p}-01`, s, s, q],
      );
    }
  });
  await db.raw('analyze');
}

export async function run(ctx: BenchContext): Promise<Figure[]> {
  const { db } = await ctx.scratch('billing');
  const builtAt = Date.now();
  await buildDatabase(db, ACCOUNTS);
  const buildSeconds = (Date.now() - builtAt) / 1000;
  const load = (await import('node:os')).loadavg()[0]!;
  const billing = new BillingService({
    db,
    repo: new BillingRepo(db),
    clock: fixedClock('2026-11-23'),
    logger: createLogger('silent'),
    audit: new AuditLog(db),
  });
  const batchSize = Number(process.env.BENCH_BILLING_BATCH ?? 2000);
  // CPU per account, Node and PostgreSQL apart: steadier than the wall clock on a shared machine,
  // and it says which side to work on (2 cores at 10 000 accounts/s leave 200 µs for both)
  const db0 = ctx.dbCpuSeconds();
  const cpu0 = process.cpuUsage();
  const summary = await billing.run({ period: '2026-10', batchSize });
  const cpu = process.cpuUsage(cpu0);
  const db1 = ctx.dbCpuSeconds();
  const nodeUs = (cpu.user + cpu.system) / ACCOUNTS;
  const dbUs = db0 !== undefined && db1 !== undefined ? ((db1 - db0) * 1e6) / ACCOUNTS : undefined;
  if (summary.billed !== ACCOUNTS)
    throw new Error(`billed ${summary.billed} of ${ACCOUNTS}: ${JSON.stringify(summary.problems)}`);
  const rerunStarted = Date.now();
  const rerun = await billing.run({ period: '2026-10' });
  if (rerun.billed !== 0) throw new Error(`a second run billed ${rerun.billed}`);
  const rerunSeconds = (Date.now() - rerunStarted) / 1000;
  const methods = `meter ${summary.byMethod.meter}, average ${summary.byMethod.average}, norm ${summary.byMethod.norm}`;
  return [
    {
      name: `billing run, ${ACCOUNTS.toLocaleString('ru-RU')} accounts, one month`,
      value: ACCOUNTS / summary.seconds,
      unit: 'accounts/s',
      better: 'higher',
      note: `${summary.seconds.toFixed(1)} s, ${summary.lines} lines (${methods}); data built in ${buildSeconds.toFixed(0)} s; load avg ${load.toFixed(2)}`,
    },
    { name: 'billing run: Node CPU per account', value: nodeUs, unit: 'µs', better: 'lower' },
    ...(dbUs !== undefined
      ? [
          {
            name: 'billing run: PostgreSQL CPU per account',
            value: dbUs,
            unit: 'µs',
            better: 'lower' as const,
            note: 'every process of the embedded cluster',
          },
        ]
      : []),
    { name: 'billing re-run of the same month (no-op)', value: rerunSeconds, unit: 's', better: 'lower' },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const ctx = await benchContext();
  try {
    const base = await baseline(ctx);
    for (const f of [base, ...(await run(ctx))])
      console.log(f.name, f.value.toFixed(1), f.unit, f.note ?? '');
  } finally {
    await ctx.close();
  }
}
