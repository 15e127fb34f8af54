// The AccountStatement on its own (pure): ЕПД suppliers, contract directions, corrections, opening balances, and its invariants.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { buildStatement, type StatementInput } from '../../src/domain/statement.js';
import { historyMonths } from '../../src/domain/history.js';
import type { BillRow, PaymentRow } from '../../src/domain/statement.js';

const contracts = [
  {
    id: 1,
    number: '878100103492',
    date: null,
    valid_from: '2018-01-01',
    valid_to: null,
    subject: 'теплоснабжение',
    branch: null,
  },
  {
    id: 2,
    number: '887100103492',
    date: null,
    valid_from: '2018-01-01',
    valid_to: null,
    subject: 'электроснабжение',
    branch: null,
  },
];
const services = [
  {
    id: 10,
    contract_id: 1,
    kind: 'heating',
    name: 'Отопление',
    unit: 'Гкал',
    method: 'norm_per_area' as const,
    norm: '0.0280',
  },
  {
    id: 20,
    contract_id: 2,
    kind: 'electricity',
    name: 'электроэнергия',
    unit: 'кВт·ч',
    method: 'meter' as const,
    norm: null,
  },
];

function bill(
  id: number,
  date: string,
  period: string,
  amount: number,
  over: Partial<BillRow> = {},
): BillRow {
  return {
    id,
    number: `N-${id}`,
    date,
    period: `${period}-01`,
    type: 'bill',
    due_date: null,
    supplier_id: 100,
    contract_id: null,
    contract_number: null,
    corrects_bill_id: null,
    charged_kop: amount,
    benefit_kop: 0,
    adjustment_kop: 0,
    penalty_kop: 0,
    amount_kop: amount,
    ...over,
  };
}
const payment = (id: number, date: string, amount: number): PaymentRow => ({
  id,
  ref: `r${id}`,
  date,
  amount_kop: amount,
  place: null,
  channel: 'bank',
});
const line = (
  billId: number,
  serviceId: number,
  supplierId: number,
  charged: number,
  extra: { benefit?: number; adjustment?: number; penalty?: number } = {},
) => ({
  bill_id: billId,
  service_id: serviceId,
  contract_id: null,
  supplier_id: supplierId,
  charged_kop: charged,
  benefit_kop: extra.benefit ?? 0,
  adjustment_kop: extra.adjustment ?? 0,
  penalty_kop: extra.penalty ?? 0,
});

function input(over: Partial<StatementInput>): StatementInput {
  return {
    accountId: 1,
    supplierId: 100,
    supplierNames: new Map([
      [100, 'ПАО "Томскэнергосбыт"'],
      [200, 'ООО "ЗТК"'],
    ]),
    openingDate: '2026-01-01',
    openingKop: 0,
    contracts,
    services,
    bills: [],
    lines: [],
    payments: [],
    allocations: [],
    ...over,
  };
}

describe('a single payment document for two suppliers (ЕПД)', () => {
  it('splits a payment by the contracts the payer named and reports its разноска per contract', () => {
    const s = buildStatement(
      input({
        bills: [bill(1, '2026-10-05', '2026-09', 430484, { contract_id: null })],
        lines: [line(1, 10, 200, 330484), line(1, 20, 100, 100000)],
        payments: [payment(1, '2026-10-20', 150000)],
        allocations: [
          { id: 1, payment_id: 1, contract_id: 2, supplier_id: null, bill_id: null, amount_kop: 100000 },
          { id: 2, payment_id: 1, contract_id: 1, supplier_id: null, bill_id: null, amount_kop: 50000 },
        ],
      }),
      '2026-11-23',
    );
    expect(s.bills[0]).toMatchObject({ paidKop: 150000, outstandingKop: 280484 });
    // each contract's money reaches that contract's lines of the single document
    expect(s.payments[0]!.shares.map((x) => [x.contractNumber, x.amountKop])).toEqual([
      ['878100103492', 50000],
      ['887100103492', 100000],
    ]);
    expect(s.contracts.map((c) => [c.contractNumber, c.debtKop])).toEqual([
      ['878100103492', 280484],
      ['887100103492', 0],
    ]);
    expect(s.debtKop).toBe(280484);
    expect(s.balanceKop).toBe(280484);
  });

  it('shows per supplier and service the seed 002 heating line: 0.0280 × 1 947.69 = 54.54 ₽ per m²', () => {
    const s = buildStatement(
      input({
        bills: [bill(1, '2026-10-05', '2026-09', 330484)],
        lines: [line(1, 10, 200, 330484)],
        openingKop: 3780672,
      }),
      '2026-11-23',
    );
    const months = historyMonths(
      {
        statement: s,
        lines: [
          {
            bill_id: 1,
            service_id: 10,
            supplier_id: 200,
            quantity: '1.6968',
            tariff: '1947.69',
            unit: 'Гкал',
          },
        ],
        services: services.map((x) => ({ ...x })),
        supplierNames: new Map([
          [100, 'ПАО "Томскэнергосбыт"'],
          [200, 'ООО "ЗТК"'],
        ]),
      },
      '2026-01-01',
      '2026-11-23',
    );
    const zpk = months[0]!.suppliers.find((x) => x.supplierId === 200)!;
    expect(zpk.services[0]).toMatchObject({
      name: 'Отопление',
      quantity: '0.0280',
      unit: 'Гкал на м2',
      unitPriceKop: 5454,
      chargedKop: 330484,
    });
    expect(months[0]!.debtEndKop).toBe(3780672 + 330484);
  });
});

describe('corrections and opening balances', () => {
  it('a reducing correction settles the bill it corrects and is not a payment', () => {
    const s = buildStatement(
      input({
        bills: [
          bill(1, '2026-09-05', '2026-08', 100000),
          bill(2, '2026-10-05', '2026-08', -30000, {
            type: 'correction',
            corrects_bill_id: 1,
            charged_kop: -30000,
          }),
        ],
        lines: [line(1, 20, 100, 100000), line(2, 20, 100, -30000)],
        payments: [payment(1, '2026-10-10', 70000)],
      }),
      '2026-11-23',
    );
    expect(s.bills[0]).toMatchObject({ paidKop: 70000, creditedKop: 30000, outstandingKop: 0 });
    expect(s.debtKop).toBe(0);
    expect(s.overpaymentKop).toBe(0);
    expect(s.balanceKop).toBe(0);
    expect(s.payments[0]!.shares[0]!.amountKop).toBe(70000);
  });

  it('an opening debt is paid first; an opening overpayment pays the first bill', () => {
    const debt = buildStatement(
      input({
        openingKop: 5000,
        bills: [bill(1, '2026-02-05', '2026-01', 10000)],
        lines: [line(1, 20, 100, 10000)],
        payments: [payment(1, '2026-02-10', 8000)],
      }),
      '2026-11-23',
    );
    expect(debt.openingOutstandingKop).toBe(0);
    expect(debt.bills[0]!.outstandingKop).toBe(7000);
    expect(debt.debtKop).toBe(7000);
    const credit = buildStatement(
      input({
        openingKop: -4000,
        bills: [bill(1, '2026-02-05', '2026-01', 10000)],
        lines: [line(1, 20, 100, 10000)],
      }),
      '2026-11-23',
    );
    expect(credit.bills[0]).toMatchObject({ paidKop: 0, creditedKop: 4000, outstandingKop: 6000 });
    expect(credit.balanceKop).toBe(6000);
  });

  it('bills and payments after the date are not in the statement', () => {
    const s = buildStatement(
      input({
        bills: [bill(1, '2026-12-05', '2026-11', 10000)],
        lines: [line(1, 20, 100, 10000)],
        payments: [payment(1, '2026-12-10', 10000)],
      }),
      '2026-11-23',
    );
    expect(s.bills).toEqual([]);
    expect(s.payments).toEqual([]);
    expect(s.lastPayment).toBeNull();
  });
});

describe('business advance bills', () => {
  it('an advance bill asks for money ahead of the invoice and is not charged a second time', () => {
    const s = buildStatement(
      input({
        bills: [
          bill(1, '2026-10-01', '2026-10', 30000, { type: 'advance' }),
          bill(2, '2026-10-15', '2026-10', 40000, { type: 'advance' }),
          bill(3, '2026-11-05', '2026-10', 100000, { type: 'invoice' }),
        ],
        lines: [line(1, 20, 100, 30000), line(2, 20, 100, 40000), line(3, 20, 100, 100000)],
        payments: [payment(1, '2026-10-09', 30000), payment(2, '2026-10-24', 40000)],
      }),
      '2026-11-23',
    );
    // the advances paid 70 % of the month; the invoice charges the month once, so 30 % is left
    expect(s.bills.map((b) => b.id)).toEqual([3]);
    expect(s.bills[0]).toMatchObject({ paidKop: 70000, outstandingKop: 30000 });
    expect(s.debtKop).toBe(30000);
    expect(s.balanceKop).toBe(30000);
  });
});

describe('invariants over random histories', () => {
  const day = fc
    .integer({ min: 0, max: 300 })
    .map((n) => new Date(Date.UTC(2026, 0, 1 + n)).toISOString().slice(0, 10));
  it('debt − overpayment = balance; per-bill outstanding sums to the debt; the last document ends at the balance of its day', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -50000, max: 50000 }),
        fc.array(
          fc.record({
            date: day,
            a: fc.integer({ min: 0, max: 200000 }),
            b: fc.integer({ min: 0, max: 200000 }),
            benefit: fc.integer({ min: 0, max: 5000 }),
          }),
          { maxLength: 8 },
        ),
        fc.array(
          fc.record({
            date: day,
            amount: fc.integer({ min: 1, max: 300000 }),
            toContract: fc.option(fc.constantFrom(1, 2), { nil: null }),
          }),
          { maxLength: 8 },
        ),
        (opening, rawBills, rawPayments) => {
          const sorted = [...rawBills].sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0));
          const bills = sorted.map((b, i) =>
            bill(
              i + 1,
              b.date,
              `2025-${String(i + 1).padStart(2, '0')}`,
              b.a + b.b - Math.min(b.benefit, b.a),
              { benefit_kop: Math.min(b.benefit, b.a), charged_kop: b.a + b.b },
            ),
          );
          const lines = sorted.flatMap((b, i) => [
            line(i + 1, 10, 200, b.a, { benefit: Math.min(b.benefit, b.a) }),
            line(i + 1, 20, 100, b.b),
          ]);
          const payments = rawPayments.map((p, i) => payment(i + 1, p.date, p.amount));
          const allocations = rawPayments.flatMap((p, i) =>
            p.toContract
              ? [
                  {
                    id: i + 1,
                    payment_id: i + 1,
                    contract_id: p.toContract,
                    supplier_id: null,
                    bill_id: null,
                    amount_kop: p.amount,
                  },
                ]
              : [],
          );
          const s = buildStatement(
            input({ openingKop: opening, openingDate: '2025-12-31', bills, lines, payments, allocations }),
            '2026-12-31',
          );
          expect(s.debtKop - s.overpaymentKop).toBe(s.balanceKop);
          expect(s.bills.reduce((t, b) => t + b.outstandingKop, 0) + s.openingOutstandingKop).toBe(s.debtKop);
          for (const b of s.bills)
            expect(b.paidKop + b.creditedKop + b.outstandingKop).toBe(Math.max(0, b.amountKop));
          for (const p of s.payments)
            expect(p.shares.reduce((t, x) => t + x.amountKop, 0) + p.unallocatedKop).toBe(p.amountKop);
          if (bills.length) {
            const months = historyMonths(
              { statement: s, lines: [], services, supplierNames: new Map() },
              '2000-01-01',
              '2026-12-31',
            );
            const last = bills[bills.length - 1]!;
            const paidByThen = payments
              .filter((p) => p.date <= last.date)
              .reduce((t, p) => t + p.amount_kop, 0);
            const billedByThen = bills.reduce((t, b) => t + b.amount_kop, 0);
            expect(months[0]!.debtEndKop).toBe(opening + billedByThen - paidByThen);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
