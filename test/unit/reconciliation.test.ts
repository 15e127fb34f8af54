import { describe, expect, it } from 'vitest';
import {
  reconciliationAct,
  reconciliationSentence,
  type ReconciliationOperation,
} from '../../src/domain/reconciliation.js';

// Seed 003, "Задолженность потребителя в соответствии с актом сверки", 01.05.2016–01.08.2016
const seedOperations: ReconciliationOperation[] = [
  { date: '2016-05-25', document: 'Поступление платежа от 25.05.2016', kind: 'payment', amountKop: 97999044 },
  { date: '2016-05-24', document: 'Счет фактура от 24.05.2016', kind: 'correction', amountKop: -19868501 },
  { date: '2016-05-31', document: 'Счет фактура от 31.05.2016', kind: 'invoice', amountKop: 48284486 },
  { date: '2016-06-20', document: 'Поступление платежа от 20.06.2016', kind: 'payment', amountKop: 42499921 },
];

describe('the seed 003 reconciliation act', () => {
  const act = reconciliationAct({
    openingKop: 60882279,
    operations: seedOperations,
    from: '2016-05-01',
    to: '2016-08-01',
  });

  it('has turnovers 284 159.85 / 1 404 989.65 and closes with an overpayment of 512 007.01 on the credit side', () => {
    expect(act).toMatchObject({
      openingKop: 60882279,
      openingSide: 'debit',
      debitTurnoverKop: 28415985,
      creditTurnoverKop: 140498965,
      closingKop: -51200701,
      closingSide: 'credit',
      inFavourOf: 'customer',
    });
  });

  it('lists operations by date, corrections negative on the debit side, payments on the credit side', () => {
    expect(act.rows.map((r) => [r.date, r.debitKop, r.creditKop])).toEqual([
      ['2016-05-24', -19868501, null],
      ['2016-05-25', null, 97999044],
      ['2016-05-31', 48284486, null],
      ['2016-06-20', null, 42499921],
    ]);
  });

  it('names in whose favour the debt stands', () => {
    expect(reconciliationSentence(act, { supplier: 'ООО «ТЭК-Энерго»', customer: 'ООО «Ромашка»' })).toBe(
      'На 01.08.2016 задолженность в пользу ООО «Ромашка» составляет 512\u00a0007,01 ₽',
    );
  });
});

describe('the act’s period and sides', () => {
  const ops: ReconciliationOperation[] = [
    { date: '2026-01-31', document: 'Счёт 1', kind: 'invoice', amountKop: 1000 },
    { date: '2026-02-01', document: 'Счёт 2', kind: 'invoice', amountKop: 2000 },
    { date: '2026-02-28', document: 'Оплата', kind: 'payment', amountKop: 500 },
    { date: '2026-03-01', document: 'Счёт 3', kind: 'invoice', amountKop: 4000 },
  ];

  it.each([
    [
      'folds earlier operations into the opening and leaves out later ones',
      100,
      1100,
      2000,
      500,
      2600,
      'supplier',
    ],
    ['a zero closing stands on no side', -2600, -1600, 2000, 500, -100, 'customer'],
    ['exactly settled', -2500, -1500, 2000, 500, 0, 'none'],
  ])('%s', (_name, opening, openingAt, debit, credit, closing, favour) => {
    const act = reconciliationAct({
      openingKop: opening,
      operations: ops,
      from: '2026-02-01',
      to: '2026-02-28',
    });
    expect([
      act.openingKop,
      act.debitTurnoverKop,
      act.creditTurnoverKop,
      act.closingKop,
      act.inFavourOf,
    ]).toEqual([openingAt, debit, credit, closing, favour]);
    expect(act.closingSide).toBe(closing > 0 ? 'debit' : closing < 0 ? 'credit' : 'none');
    expect(act.rows).toHaveLength(2);
  });

  it('says there is no debt when settled', () => {
    const act = reconciliationAct({ openingKop: 0, operations: [], from: '2026-02-01', to: '2026-02-28' });
    expect(reconciliationSentence(act, { supplier: 'A', customer: 'B' })).toBe(
      'На 28.02.2026 задолженность отсутствует.',
    );
    expect(act.openingSide).toBe('none');
  });

  it('names the supplier when the customer owes', () => {
    const act = reconciliationAct({
      openingKop: 123456789,
      operations: [],
      from: '2026-02-01',
      to: '2026-02-28',
    });
    expect(reconciliationSentence(act, { supplier: 'ООО «ТЭК-Энерго»', customer: 'B' })).toBe(
      'На 28.02.2026 задолженность в пользу ООО «ТЭК-Энерго» составляет 1\u00a0234\u00a0567,89 ₽',
    );
  });

  it('refuses an empty period and negative payments', () => {
    expect(() =>
      reconciliationAct({ openingKop: 0, operations: [], from: '2026-03-01', to: '2026-02-01' }),
    ).toThrow(RangeError);
    expect(() =>
      reconciliationAct({
        openingKop: 0,
        operations: [{ date: '2026-02-01', document: 'x', kind: 'payment', amountKop: -1 }],
        from: '2026-02-01',
        to: '2026-02-28',
      }),
    ).toThrow(RangeError);
  });
});
