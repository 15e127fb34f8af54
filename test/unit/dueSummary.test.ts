// When what is owed falls due: the overdue part and the next due date (the overview's balance card).
import { describe, it, expect } from 'vitest';
import { dueSummary } from '../../src/domain/dueSummary.js';
import { billDueDate } from '../../src/domain/dueDates.js';

describe('dueSummary', () => {
  const cases: {
    name: string;
    obligations: { outstandingKop: number; dueDate: string }[];
    asOf: string;
    want: { overdueKop: number; dueBy: string | null; dueByKop: number };
  }[] = [
    {
      name: 'nothing owed',
      obligations: [],
      asOf: '2026-12-06',
      want: { overdueKop: 0, dueBy: null, dueByKop: 0 },
    },
    {
      name: 'one bill not yet due',
      obligations: [{ outstandingKop: 134888, dueDate: '2026-12-10' }],
      asOf: '2026-12-06',
      want: { overdueKop: 0, dueBy: '2026-12-10', dueByKop: 134888 },
    },
    {
      name: 'the due date itself is still in time',
      obligations: [{ outstandingKop: 500, dueDate: '2026-12-06' }],
      asOf: '2026-12-06',
      want: { overdueKop: 0, dueBy: '2026-12-06', dueByKop: 500 },
    },
    {
      name: 'the day after the due date the bill is overdue',
      obligations: [{ outstandingKop: 500, dueDate: '2026-12-05' }],
      asOf: '2026-12-06',
      want: { overdueKop: 500, dueBy: null, dueByKop: 500 },
    },
    {
      name: 'an overdue bill and two ahead: by the nearer date, the overdue one and that one',
      obligations: [
        { outstandingKop: 500, dueDate: '2026-11-10' },
        { outstandingKop: 300, dueDate: '2026-12-10' },
        { outstandingKop: 200, dueDate: '2027-01-10' },
      ],
      asOf: '2026-12-06',
      want: { overdueKop: 500, dueBy: '2026-12-10', dueByKop: 800 },
    },
    {
      name: 'paid bills (nothing outstanding) do not count',
      obligations: [
        { outstandingKop: 0, dueDate: '2026-11-10' },
        { outstandingKop: -100, dueDate: '2026-12-01' },
        { outstandingKop: 300, dueDate: '2026-12-10' },
      ],
      asOf: '2026-12-06',
      want: { overdueKop: 0, dueBy: '2026-12-10', dueByKop: 300 },
    },
  ];
  for (const c of cases)
    it(c.name, () => {
      expect(dueSummary(c.obligations, c.asOf)).toEqual({ asOf: c.asOf, ...c.want });
    });
});

describe('billDueDate', () => {
  it('takes the date the bill states, else the rule of its billed month', () => {
    expect(billDueDate({ dueDate: '2026-12-01', period: '2026-10-01' }, 'person')).toBe('2026-12-01');
    expect(billDueDate({ dueDate: null, period: '2026-01-01' }, 'person')).toBe('2026-02-10');
    expect(billDueDate({ dueDate: null, period: '2026-10-01' }, 'person')).toBe('2026-11-15');
    expect(billDueDate({ dueDate: null, period: '2026-10-01' }, 'organisation')).toBe('2026-11-18');
  });
});
