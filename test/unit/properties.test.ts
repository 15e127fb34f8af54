import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allocatePayments,
  type AllocationBill,
  type AllocationPayment,
} from '../../src/domain/allocation.js';
import { balanceAt } from '../../src/domain/balance.js';
import {
  chargeLines,
  correctionLines,
  lineTotals,
  prorateByDays,
  type TariffRate,
} from '../../src/domain/billing.js';
import { decimalToPlain, roundDiv, sumDecimals } from '../../src/domain/decimal.js';
import { kopToDecimal, mulRound, parseMoney } from '../../src/domain/money.js';
import { penaltyFor } from '../../src/domain/penalties.js';
import { ORGANISATION_PENALTY_RULES, PERSON_PENALTY_RULES, RATE_CAPS } from '../support/rules.js';
import {
  addDays,
  addMonths,
  daysBetween,
  fromDayNumber,
  monthsBetween,
  toDayNumber,
} from '../../src/domain/periods.js';
import { reconciliationAct } from '../../src/domain/reconciliation.js';
import { tieredVolumes } from '../../src/domain/volumes.js';

const BASE_DAY = toDayNumber('2025-01-01');
const date = fc.integer({ min: 0, max: 730 }).map((n) => fromDayNumber(BASE_DAY + n));
const kop = fc.integer({ min: 0, max: 10_000_000 });
const contract = fc.constantFrom<string | null>('c1', 'c2', null);

const bills = fc
  .array(fc.record({ date, amountKop: fc.integer({ min: -200_000, max: 2_000_000 }), contract }), {
    maxLength: 12,
  })
  .map((bs) =>
    bs.map((b, i): AllocationBill => ({
      id: `b${i}`,
      ...b,
      corrects: b.amountKop < 0 && i > 0 ? `b${i - 1}` : null,
    })),
  );
const payments = fc
  .array(
    fc.record({
      date,
      amountKop: kop,
      targets: fc.array(
        fc.record({
          contract,
          billId: fc.option(fc.integer({ min: 0, max: 14 }).map((i) => `b${i}`)),
          amountKop: kop,
        }),
        { maxLength: 2 },
      ),
    }),
    { maxLength: 10 },
  )
  .map((ps) => ps.map((p, i): AllocationPayment => ({ id: `p${i}`, ...p })));

function shuffle<T>(xs: readonly T[], seed: number): T[] {
  const out = [...xs];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('allocation properties', () => {
  it('outstanding − overpayment always equals opening + charged − paid, whatever the order of the input', () => {
    fc.assert(
      fc.property(bills, payments, fc.nat(), (bs, ps, seed) => {
        const expected = bs.reduce((s, b) => s + b.amountKop, 0) - ps.reduce((s, p) => s + p.amountKop, 0);
        for (const [b, p] of [
          [bs, ps],
          [shuffle(bs, seed), shuffle(ps, seed + 1)],
        ] as const) {
          const r = allocatePayments(b, p);
          const outstanding = r.bills.reduce((s, x) => s + x.outstandingKop, 0);
          expect(outstanding - r.unallocatedKop).toBe(expected);
          expect(balanceAt(0, bs, ps, '2099-01-01')).toBe(expected);
        }
      }),
    );
  });

  it('never allocates more than a payment holds nor more than a bill asks, and nothing negative', () => {
    fc.assert(
      fc.property(bills, payments, (bs, ps) => {
        const r = allocatePayments(bs, ps);
        for (const a of r.allocations) expect(a.amountKop).toBeGreaterThan(0);
        for (const p of ps) {
          const used = r.allocations
            .filter((a) => a.source === 'payment' && a.paymentId === p.id)
            .reduce((s, a) => s + a.amountKop, 0);
          const left = r.unallocated
            .filter((u) => u.source === 'payment' && u.paymentId === p.id)
            .reduce((s, u) => s + u.amountKop, 0);
          expect(used + left).toBe(p.amountKop);
        }
        for (const b of r.bills) {
          expect(b.paidKop).toBeLessThanOrEqual(Math.max(b.amountKop, 0));
          expect(b.outstandingKop).toBeGreaterThanOrEqual(0);
          expect(b.paidKop + b.outstandingKop).toBe(Math.max(b.amountKop, 0));
        }
        for (const a of r.allocations) {
          const bill = bs.find((b) => b.id === a.billId)!;
          expect(daysBetween(a.paymentDate, a.date)).toBeGreaterThanOrEqual(0);
          expect(daysBetween(bill.date, a.date)).toBeGreaterThanOrEqual(0);
        }
      }),
    );
  });

  it('an overpayment is left only when no bill is outstanding that it could pay', () => {
    fc.assert(
      fc.property(bills, payments, (bs, ps) => {
        const plain = bs.map((b) => ({ ...b, contract: null, corrects: null }));
        const untargeted = ps.map((p) => ({ ...p, targets: [] }));
        const r = allocatePayments(plain, untargeted);
        if (r.unallocatedKop > 0) expect(r.bills.every((b) => b.outstandingKop === 0)).toBe(true);
      }),
    );
  });
});

describe('penalty properties', () => {
  const penaltyCase = fc.record({
    kind: fc.constantFrom('person' as const, 'organisation' as const),
    amountKop: fc.integer({ min: -1000, max: 50_000_000 }),
    due: fc.integer({ min: 0, max: 400 }),
    pays: fc.array(fc.record({ day: fc.integer({ min: 0, max: 700 }), amountKop: kop }), { maxLength: 4 }),
    asOf: fc.integer({ min: 0, max: 700 }),
    later: fc.integer({ min: 0, max: 300 }),
    rate: fc.constantFrom('7.5', '9.5', '16', '21'),
  });

  it('is never negative and never falls as the date asked about moves on (with a steady key rate)', () => {
    fc.assert(
      fc.property(penaltyCase, (c) => {
        const common = {
          kind: c.kind,
          amountKop: c.amountKop,
          dueDate: fromDayNumber(BASE_DAY + c.due),
          payments: c.pays.map((p) => ({ date: fromDayNumber(BASE_DAY + p.day), amountKop: p.amountKop })),
          keyRates: [{ from: '2020-01-01', percent: c.rate }],
          caps: [],
          rules: c.kind === 'person' ? PERSON_PENALTY_RULES : ORGANISATION_PENALTY_RULES,
        };
        const a = penaltyFor({ ...common, asOf: fromDayNumber(BASE_DAY + c.asOf) }).penaltyKop;
        const b = penaltyFor({ ...common, asOf: fromDayNumber(BASE_DAY + c.asOf + c.later) }).penaltyKop;
        expect(a).toBeGreaterThanOrEqual(0);
        expect(Number.isSafeInteger(a)).toBe(true);
        expect(b).toBeGreaterThanOrEqual(a);
      }),
    );
  });

  it('paying earlier never costs more', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 0, max: 300 }),
        (amount, d1, extra) => {
          const common = {
            kind: 'person' as const,
            amountKop: amount,
            dueDate: '2025-01-10',
            keyRates: [{ from: '2020-01-01', percent: '9.5' }],
            caps: RATE_CAPS,
            rules: PERSON_PENALTY_RULES,
            asOf: '2026-12-31',
          };
          const early = penaltyFor({
            ...common,
            payments: [{ date: addDays('2025-01-10', d1), amountKop: amount }],
          }).penaltyKop;
          const late = penaltyFor({
            ...common,
            payments: [{ date: addDays('2025-01-10', d1 + extra), amountKop: amount }],
          }).penaltyKop;
          expect(late).toBeGreaterThanOrEqual(early);
        },
      ),
    );
  });
});

describe('billing properties', () => {
  const volume = fc
    .integer({ min: 0, max: 10_000_000 })
    .map((n) => decimalToPlain({ units: BigInt(n), scale: 3 }));
  const price = fc
    .integer({ min: 0, max: 1_000_000 })
    .map((n) => decimalToPlain({ units: BigInt(n), scale: 4 }));
  const rates = fc.tuple(price, price, fc.integer({ min: 1, max: 30 })).map(([p1, p2, day]): TariffRate[] => [
    { from: '2026-01-01', zone: 'T', price: p1 },
    { from: fromDayNumber(toDayNumber('2026-09-01') + day - 1), zone: 'T', price: p2 },
  ]);

  it('re-running a period is a no-op: correctionLines(x, x) is empty', () => {
    fc.assert(
      fc.property(volume, rates, (v, r) => {
        const lines = chargeLines({
          period: '2026-09',
          unit: 'kWh',
          method: 'meter',
          volumes: [{ zone: 'T', quantity: v }],
          rates: r,
        });
        expect(correctionLines(lines, lines)).toEqual([]);
      }),
    );
  });

  it('issued + correction = recalculated', () => {
    fc.assert(
      fc.property(volume, volume, rates, rates, (v1, v2, r1, r2) => {
        const a = chargeLines({
          period: '2026-09',
          unit: 'kWh',
          method: 'meter',
          volumes: [{ zone: 'T', quantity: v1 }],
          rates: r1,
        });
        const b = chargeLines({
          period: '2026-09',
          unit: 'kWh',
          method: 'meter',
          volumes: [{ zone: 'T', quantity: v2 }],
          rates: r2,
        });
        const corr = correctionLines(a, b);
        expect(lineTotals(a).chargedKop + corr.reduce((s, l) => s + l.chargedKop, 0)).toBe(
          lineTotals(b).chargedKop,
        );
        const q = sumDecimals([...a.map((l) => l.quantity), ...corr.map((l) => l.quantity)]);
        expect(decimalToPlain(q)).toBe(decimalToPlain(sumDecimals(b.map((l) => l.quantity))));
      }),
    );
  });

  it('lines split by days add up to the metered volume exactly', () => {
    fc.assert(
      fc.property(volume, rates, (v, r) => {
        const lines = chargeLines({
          period: '2026-09',
          unit: 'kWh',
          method: 'meter',
          volumes: [{ zone: 'T', quantity: v }],
          rates: r,
        });
        expect(decimalToPlain(sumDecimals(lines.map((l) => l.quantity)))).toBe(decimalToPlain(v));
        for (const l of lines) expect(l.quantity.startsWith('-')).toBe(false);
      }),
    );
  });

  it('prorated parts and tiers add up to the whole', () => {
    fc.assert(
      fc.property(
        volume,
        fc.array(fc.integer({ min: 1, max: 31 }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 0, max: 4 }),
        (v, days, decimals) => {
          expect(decimalToPlain(sumDecimals(prorateByDays(v, days, decimals)))).toBe(decimalToPlain(v));
        },
      ),
    );
    fc.assert(
      fc.property(volume, fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: 5000 }), (v, a, b) => {
        const parts = tieredVolumes(v, [String(Math.min(a, b)), String(Math.max(a, b))]);
        expect(decimalToPlain(sumDecimals(parts))).toBe(decimalToPlain(v));
        for (const p of parts) expect(p.startsWith('-')).toBe(false);
      }),
    );
  });
});

describe('money, date and act properties', () => {
  it('kopecks survive printing and parsing', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), (k) => {
        expect(parseMoney(kopToDecimal(k))).toBe(k);
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: 0 }), (k) => {
        expect(parseMoney(kopToDecimal(k))).toBe(k);
      }),
    );
  });

  it('rounding is symmetric around zero and exact for whole kopecks', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }),
        fc.bigInt({ min: 1n, max: 10n ** 6n }),
        (n, d) => {
          expect(roundDiv(-n, d)).toBe(-roundDiv(n, d));
          expect(roundDiv(n * d, d)).toBe(n);
        },
      ),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), (k) => {
        expect(mulRound(kopToDecimal(k), '1')).toBe(k);
      }),
    );
  });

  it('day and month steps undo each other', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -200_000, max: 200_000 }),
        fc.integer({ min: -5000, max: 5000 }),
        (n, step) => {
          const d = fromDayNumber(n);
          expect(addDays(addDays(d, step), -step)).toBe(d);
          expect(daysBetween(d, addDays(d, step))).toBe(step);
        },
      ),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 1900, max: 2100 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: -1200, max: 1200 }),
        (y, m, step) => {
          const p = `${y}-${String(m).padStart(2, '0')}`;
          expect(monthsBetween(p, addMonths(p, step))).toBe(step);
        },
      ),
    );
  });

  it('an act closes at opening + debit − credit on the side its sign says', () => {
    const op = fc.record({
      date,
      document: fc.constant('doc'),
      kind: fc.constantFrom('invoice' as const, 'correction' as const, 'payment' as const),
      amountKop: kop,
    });
    fc.assert(
      fc.property(
        fc.integer({ min: -10_000_000, max: 10_000_000 }),
        fc.array(op, { maxLength: 10 }),
        (opening, ops) => {
          const act = reconciliationAct({
            openingKop: opening,
            operations: ops,
            from: '2025-03-01',
            to: '2026-06-30',
          });
          expect(act.closingKop).toBe(act.openingKop + act.debitTurnoverKop - act.creditTurnoverKop);
          expect(act.closingSide).toBe(act.closingKop > 0 ? 'debit' : act.closingKop < 0 ? 'credit' : 'none');
          const all = reconciliationAct({
            openingKop: opening,
            operations: ops,
            from: '2024-01-01',
            to: '2026-06-30',
          });
          expect(all.closingKop).toBe(act.closingKop);
        },
      ),
    );
  });
});
