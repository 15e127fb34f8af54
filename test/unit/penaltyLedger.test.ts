// The penalty ledger's rules: accrual per obligation, what a new bill carries, advances as obligations,
// and what is owed with the balance (docs/penalties.md).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  accruePenalties,
  amountOwed,
  billObligations,
  penaltiesBilledBy,
  penaltyToBill,
  scheduleObligations,
  type PenaltyObligation,
} from '../../src/domain/penaltyLedger.js';
import { advanceSchedule } from '../../src/domain/advance.js';
import { buildStatement, type StatementInput } from '../../src/domain/statement.js';
import { DEFAULT_DUE_RULES } from '../../src/domain/dueDates.js';
import { addDays } from '../../src/domain/periods.js';
import { ADVANCE_RULES, KEY_RATES, PENALTY_RULE_SETS, RATE_CAPS } from '../support/rules.js';

const REF = { keyRates: KEY_RATES, caps: RATE_CAPS, rules: PENALTY_RULE_SETS };
const march: PenaltyObligation = {
  label: 'март',
  billId: 1,
  period: '2026-03-01',
  kind: 'bill',
  amountKop: 500000,
  dueDate: '2026-04-15',
  payments: [{ date: '2026-08-20', amountKop: 500000 }],
};

describe('accruePenalties', () => {
  it("DOMAIN.md's example: 5 000,00 due 15.04.2026 paid 20.08.2026 gives 95,00 + 135,19 = 230,19, whatever the date asked about after it", () => {
    for (const asOf of ['2026-08-20', '2026-09-01', '2026-12-06']) {
      expect(accruePenalties([march], 'person', REF, asOf).totalKop).toBe(23019);
    }
    // on day 30 nothing yet, on day 31 one day at 1/300: 5000 × 9,5 % / 300 = 1,58
    expect(accruePenalties([march], 'person', REF, '2026-05-15').totalKop).toBe(0);
    expect(accruePenalties([march], 'person', REF, '2026-05-16').totalKop).toBe(158);
  });

  it('names an obligation it cannot price instead of guessing', () => {
    const r = accruePenalties(
      [{ ...march, dueDate: '2020-01-10', payments: [] }],
      'person',
      REF,
      '2020-06-01',
    );
    expect(r.totalKop).toBe(0);
    expect(r.withoutKeyRate).toEqual(['март']);
  });
});

describe('penaltyToBill', () => {
  it('a new bill carries what accrued since the bills before it carried, never less than nothing', () => {
    expect(penaltyToBill(9936, 2820)).toBe(7116);
    expect(penaltyToBill(2820, 0)).toBe(2820);
    expect(penaltyToBill(2000, 2820)).toBe(0);
  });

  it('bills carry, summed, what accrued by the last of them (steady key rate)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 10 }),
        fc.integer({ min: 1, max: 2_000_000 }),
        (gaps, amountKop) => {
          const o = { ...march, amountKop, payments: [] };
          let date = '2026-04-20';
          let billed = 0;
          for (const g of gaps) {
            date = addDays(date, g * 7);
            const line = penaltyToBill(accruePenalties([o], 'person', REF, date).totalKop, billed);
            expect(line).toBeGreaterThanOrEqual(0);
            billed += line;
          }
          expect(billed).toBe(accruePenalties([o], 'person', REF, date).totalKop);
        },
      ),
    );
  });

  it('counts the penalty lines of the charging documents dated by the day', () => {
    const bills = [
      { date: '2026-11-03', penaltyKop: 2820, type: 'bill' },
      { date: '2026-12-03', penaltyKop: 7116, type: 'bill' },
      { date: '2026-12-03', penaltyKop: 500, type: 'advance' },
    ];
    expect(penaltiesBilledBy(bills, '2026-12-02')).toBe(2820);
    expect(penaltiesBilledBy(bills, '2026-12-03')).toBe(9936);
  });
});

describe('scheduleObligations (business advances)', () => {
  const items = advanceSchedule({ period: '2026-10', basisKop: 6000000, actualKop: 5500000 }, ADVANCE_RULES);
  const label = (it: { kind: string; dueDate: string }) => `${it.kind} ${it.dueDate}`;

  it('pays the obligations oldest due date first; a payment ahead of a due date waits for it', () => {
    const o = scheduleObligations(
      items,
      [
        { date: '2026-10-01', amountKop: 1800000 },
        { date: '2026-10-30', amountKop: 2400000 },
      ],
      label,
    );
    expect(o.map((x) => [x.label, x.amountKop, x.payments])).toEqual([
      ['advance 2026-10-10', 1800000, [{ date: '2026-10-10', amountKop: 1800000 }]],
      ['advance 2026-10-25', 2400000, [{ date: '2026-10-30', amountKop: 2400000 }]],
      ['final 2026-11-18', 1300000, []],
    ]);
    // the second advance was 5 days late: 24 000 × 16 % × 5 / 130 = 147,69; the final is not due yet
    expect(accruePenalties(o, 'organisation', REF, '2026-11-01').totalKop).toBe(14769);
  });

  it('a final settlement below zero is a credit to what follows', () => {
    const over = advanceSchedule({ period: '2026-10', basisKop: 6000000, actualKop: 4000000 }, ADVANCE_RULES);
    const o = scheduleObligations(
      over,
      [
        { date: '2026-10-10', amountKop: 1800000 },
        { date: '2026-10-25', amountKop: 2400000 },
      ],
      label,
    );
    expect(o.map((x) => x.label)).toEqual(['advance 2026-10-10', 'advance 2026-10-25']);
    expect(accruePenalties(o, 'organisation', REF, '2026-12-01').totalKop).toBe(0);
  });
});

describe('amountOwed', () => {
  it('is the balance plus the penalties; an overpayment covers them, and what is left stays a credit', () => {
    expect(amountOwed(1870688, 10801, '2026-12-06')).toMatchObject({ toPayKop: 1881489, creditKop: 0 });
    expect(amountOwed(-200000, 0, '2026-12-06')).toMatchObject({ toPayKop: 0, creditKop: 200000 });
    expect(amountOwed(-5000, 23019, '2026-12-06')).toMatchObject({ toPayKop: 18019, creditKop: 0 });
  });
});

describe('billObligations on a statement', () => {
  it('a bill paid in part is owed the rest from its due date; money paid before the bill reached it on its date', () => {
    const input: StatementInput = {
      accountId: 1,
      supplierId: 1,
      supplierNames: new Map(),
      openingDate: '2026-01-01',
      openingKop: 0,
      contracts: [
        { id: 1, number: 'c', date: null, valid_from: null, valid_to: null, subject: '', branch: null },
      ],
      services: [{ id: 1, contract_id: 1, kind: 'electricity' }],
      bills: [
        {
          id: 1,
          number: 'B-03',
          date: '2026-04-01',
          period: '2026-03-01',
          type: 'bill',
          due_date: null,
          supplier_id: 1,
          contract_id: 1,
          contract_number: 'c',
          corrects_bill_id: null,
          charged_kop: 500000,
          benefit_kop: 0,
          adjustment_kop: 0,
          penalty_kop: 0,
          amount_kop: 500000,
        },
      ],
      lines: [
        {
          bill_id: 1,
          service_id: 1,
          contract_id: 1,
          supplier_id: 1,
          charged_kop: 500000,
          benefit_kop: 0,
          adjustment_kop: 0,
          penalty_kop: 0,
        },
      ],
      payments: [
        { id: 1, ref: 'early', date: '2026-03-20', amount_kop: 100000, place: null, channel: 'bank' },
        { id: 2, ref: 'late', date: '2026-08-20', amount_kop: 400000, place: null, channel: 'bank' },
      ],
      allocations: [],
    };
    const st = buildStatement(input, '2026-12-06');
    const [o] = billObligations(st, 'person', DEFAULT_DUE_RULES);
    // due by the dated rule: March 2026 bills by the 15th of April
    expect(o!.dueDate).toBe('2026-04-15');
    expect(o!.payments).toEqual([
      { date: '2026-04-01', amountKop: 100000 },
      { date: '2026-08-20', amountKop: 400000 },
    ]);
    // 4 000 of the 5 000 late: 4/5 of 230,19
    expect(accruePenalties([o!], 'person', REF, '2026-12-06').totalKop).toBe(18415);
  });
});
