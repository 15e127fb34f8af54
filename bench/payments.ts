// Acquirer notification throughput: signed payment.succeeded notifications handled per second with
// 50 senders at once, each registering a different open payment (payment + разноска + receipt +
// persisted settlement), then the same notifications again (duplicates: verified, found done).
// Run alone: npx tsx bench/payments.ts   (BENCH_PAYMENTS_ACCOUNTS, BENCH_PAYMENTS_SENDERS)
import crypto from 'node:crypto';
import { benchContext, baseline, type BenchContext, type Figure } from './support.js';
import type { Db } from '../src/db/knex.js';
import { SIGNATURE_HEADER, signNotification } from '../src/platform/acquirer.js';
import { fixedClock } from '../src/platform/clock.js';

const ACCOUNTS = Number(process.env.BENCH_PAYMENTS_ACCOUNTS ?? 5_000);
const SENDERS = Number(process.env.BENCH_PAYMENTS_SENDERS ?? 50);
const SECRET = 'p'.repeat(40);
const clock = fixedClock('2026-11-23');

/** `accounts` households, each with a contract, a service, a bill of 1 348,88 and one open online payment of it. */
async function buildDatabase(db: Db, accounts: number): Promise<void> {
  await db.transaction(async (tx) => {
    const [supplier] = await tx('suppliers')
      .insert({ code: 'bench-pay', name: 'Бенчмарк-Энергосбыт', inn: '1101301856' })
      .returning('id');
    const s = supplier.id as number;
    await tx.raw(
      `insert into customers (ref, kind, last_name, first_name)
       select 'pay-' || g, 'person', 'Иванов', 'Иван' from generate_series(1, ?) g`,
      [accounts],
    );
    await tx.raw(
      `insert into accounts (number, supplier_id, customer_id, address)
       select (700000000 + substr(c.ref, 5)::int)::text, ?, c.id, 'Сыктывкар' from customers c where c.ref like 'pay-%'`,
      [s],
    );
    await tx.raw(
      `insert into contracts (account_id, number) select id, 'D' || number from accounts where supplier_id = ?`,
      [s],
    );
    await tx.raw(
      `insert into services (account_id, contract_id, supplier_id, code, kind, name, unit, method)
       select c.account_id, c.id, ?, 'el', 'electricity', 'электроэнергия', 'кВт·ч', 'meter' from contracts c`,
      [s],
    );
    await tx.raw(
      `insert into bills (account_id, supplier_id, contract_id, number, date, period, type)
       select c.account_id, ?, c.id, 'B' || c.account_id, '2026-10-31', '2026-10-01', 'bill' from contracts c`,
      [s],
    );
    await tx.raw(
      `insert into bill_lines (bill_id, service_id, supplier_id, zone, unit, method, charged_kop, position)
       select b.id, sv.id, ?, 'T', 'кВт·ч', 'meter', 134888, 0 from bills b join services sv on sv.account_id = b.account_id`,
      [s],
    );
    await tx.raw(
      `insert into online_payments (account_id, supplier_id, amount_kop, items, receipt_contact, status, gateway_ref,
                                    idempotence_key, acquirer, test, method, expires_at, created_at)
       select c.account_id, ?, 134888,
              jsonb_build_array(jsonb_build_object('contractId', c.id, 'supplierId', ?::bigint, 'name', 'электроэнергия', 'amountKop', 134888)),
              'email:payer@bench.example', 'pending', 'sbx_bench_' || c.account_id, gen_random_uuid(), 'sandbox', true,
              'bank_card', '2030-01-01', ?::timestamptz
         from contracts c`,
      [s, s, clock.now()],
    );
  });
  await db.raw('analyze');
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export async function run(ctx: BenchContext): Promise<Figure[]> {
  const { db, url } = await ctx.scratch('payments');
  await buildDatabase(db, ACCOUNTS);
  const app = await ctx.serve(db, url, clock, { ACQUIRER: 'sandbox', ACQUIRER_SECRET: SECRET });
  try {
    const rows: { id: number; gateway_ref: string; amount_kop: number }[] = await db('online_payments')
      .orderBy('id')
      .select('id', 'gateway_ref', 'amount_kop');
    const bodies = rows.map((r) =>
      JSON.stringify({
        type: 'notification',
        id: crypto.randomUUID(),
        event: 'payment.succeeded',
        object: {
          id: r.gateway_ref,
          status: 'succeeded',
          amountKop: r.amount_kop,
          currency: 'RUB',
          test: true,
          metadata: { online_payment_id: String(r.id) },
          confirmationUrl: null,
          cancellationReason: null,
          paidAt: clock.now().toISOString(),
        },
      }),
    );
    const phase = async (expect: string) => {
      const latencies: number[] = [];
      const outcomes = new Map<string, number>();
      let next = 0;
      const started = Date.now();
      await Promise.all(
        Array.from({ length: SENDERS }, async () => {
          for (let i = next++; i < bodies.length; i = next++) {
            const body = bodies[i]!;
            const at = performance.now();
            const res = await fetch(`${app.baseUrl}/payments/notifications`, {
              method: 'POST',
              headers: {
                'content-type': 'application/json',
                [SIGNATURE_HEADER]: signNotification(SECRET, body, clock.now()),
              },
              body,
            });
            const outcome = res.ok
              ? ((await res.json()) as { outcome: string }).outcome
              : `http ${res.status}`;
            latencies.push(performance.now() - at);
            outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
          }
        }),
      );
      const elapsed = (Date.now() - started) / 1000;
      if (outcomes.get(expect) !== bodies.length)
        throw new Error(`expected ${bodies.length} × ${expect}, got ${JSON.stringify([...outcomes])}`);
      latencies.sort((a, b) => a - b);
      return { rate: bodies.length / elapsed, elapsed, latencies };
    };
    const first = await phase('registered');
    const payments = Number(
      (await db('payments').where({ channel: 'online' }).count<{ count: string }[]>('* as count'))[0]!.count,
    );
    if (payments !== rows.length)
      throw new Error(`${rows.length} notifications registered ${payments} payments`);
    const again = await phase('duplicate');
    const note = (p: typeof first) =>
      `${rows.length.toLocaleString('ru-RU')} payments, ${SENDERS} concurrent senders, ${p.elapsed.toFixed(1)} s, p50 ${percentile(p.latencies, 50).toFixed(0)} ms, p99 ${percentile(p.latencies, 99).toFixed(0)} ms`;
    return [
      {
        name: 'POST /payments/notifications (registering)',
        value: first.rate,
        unit: 'notifications/s',
        better: 'higher',
        note: note(first),
      },
      {
        name: 'POST /payments/notifications (duplicates)',
        value: again.rate,
        unit: 'notifications/s',
        better: 'higher',
        note: note(again),
      },
    ];
  } finally {
    await app.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const ctx = await benchContext();
  try {
    const base = await baseline(ctx);
    for (const f of [base, ...(await run(ctx))])
      console.log(`${f.name}: ${Math.round(f.value)} ${f.unit}${f.note ? ` (${f.note})` : ''}`);
  } finally {
    await ctx.close();
  }
}
