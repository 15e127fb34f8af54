// The one period filter of the cabinet: what each choice means on 23.11.2026, and what is refused.
import { describe, it, expect } from 'vitest';
import { parsePeriodFilter } from '../../src/domain/periodFilter.js';

const today = '2026-11-23';

describe('parsePeriodFilter', () => {
  it.each([
    [{ period: '3m' }, 'all', '2026-09-01'],
    [{ period: '6m' }, 'all', '2026-06-01'],
    [{ period: '12m' }, 'all', '2025-12-01'],
    [{}, '12m', '2025-12-01'],
    [{}, '3m', '2026-09-01'],
    [{}, 'year', '2026-01-01'],
    [{}, 'all', '0001-01-01'],
    [{ period: 'all' }, '12m', '2025-12-01'],
  ] as const)('%j with fallback %s starts on %s and ends today', (query, fallback, from) => {
    const r = parsePeriodFilter(query, today, fallback);
    expect(r).toMatchObject({ ok: true, errors: [], range: { from, to: today } });
  });

  it('dates as typed or picked are a custom period, inclusive', () => {
    const r = parsePeriodFilter({ from: '01.05.2016', to: '2016-08-01' }, today, 'year');
    expect(r).toMatchObject({ ok: true, range: { choice: 'custom', from: '2016-05-01', to: '2016-08-01' } });
  });

  it.each([
    [{ period: '3m', from: '01.05.2016', to: '01.08.2016' }, '2026-09-01'],
    [{ period: 'all', from: '01.05.2016', to: '01.08.2016' }, '0001-01-01'],
  ])(
    '%j: a named period wins over the dates the form sends along (hidden unless a custom period is chosen)',
    (query, from) => {
      const r = parsePeriodFilter(query, today, 'all');
      expect(r).toMatchObject({ ok: true, errors: [], range: { from, to: today } });
    },
  );

  it.each([
    [{ period: '5m' }, 'period', 'Выберите период из списка'],
    [{ period: 'custom', from: '2026-02-30', to: '2026-03-01' }, 'from', 'Начало периода — дата'],
    [{ from: '2026-03-01' }, 'to', 'Укажите конец периода'],
    [{ from: '2026-03-01', to: '2026-02-01' }, 'to', 'Конец периода не может быть раньше начала'],
    [{ from: '1989-12-31', to: '2026-02-01' }, 'from', 'раньше 1990 года'],
  ])('%j is refused beside %s and the fallback range is shown', (query, field, text) => {
    const r = parsePeriodFilter(query, today, '12m');
    expect(r.ok).toBe(false);
    expect(r.errors).toEqual([{ field, text: expect.stringContaining(text) }]);
    expect(r.range).toEqual({ choice: '12m', from: '2025-12-01', to: today });
  });
});
