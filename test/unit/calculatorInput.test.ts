// The calculator's inputs: the hourly profile CSV (bad lines named by number), the hours of the
// staff form, and the monthly form's refusals.
import { describe, expect, it } from 'vitest';
import { parseHourlyProfile } from '../../src/features/calculator/profileCsv.js';
import {
  calculatorValues,
  formatHours,
  parseHours,
  readCalculatorForm,
} from '../../src/features/calculator/schemas.js';

/** February 2026 (672 hours): `v(day, hour)` per line, with an optional heading and separator. */
function february(v: (d: number, h: number) => string = () => '1', sep = ';'): string[] {
  const lines: string[] = [];
  for (let d = 1; d <= 28; d++)
    for (let h = 0; h < 24; h++) lines.push([`${String(d).padStart(2, '0')}.02.2026`, h, v(d, h)].join(sep));
  return lines;
}

describe('the hourly profile file', () => {
  it('reads a heading, a BOM, CRLF, tabs, ISO dates and decimal commas, in any order', () => {
    const lines = february((d, h) => (d === 1 && h === 0 ? '12,5' : '1'), '\t').reverse();
    lines[0] = '2026-02-28\t23\t2.25';
    const r = parseHourlyProfile('\uFEFFДата\tЧас\tкВт·ч\r\n' + lines.join('\r\n') + '\r\n\r\n', '2026-02');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.volumes).toHaveLength(672);
    expect([r.volumes[0], r.volumes[671]]).toEqual(['12.5', '2.25']);
  });

  it.each([
    ['01.02.2026;0', 'Строка 1: нужно три значения через «;»'],
    ['31.02.2026;0;1', 'Строка 1: «31.02.2026» — не дата'],
    ['01.02.2026;24;1', 'Строка 1: час — целое число от 0 до 23, а не «24»'],
    ['01.02.2026;1;-1', 'Строка 1: объём — неотрицательное число кВт·ч, а не «-1»'],
    ['01.02.2026;1;1e3', 'Строка 1: объём — неотрицательное число кВт·ч, а не «1e3»'],
    ['01.02.2026;1;1,1234567', 'Строка 1: объём «1,1234567» — не больше 9 цифр до запятой и 6 после'],
    ['01.03.2026;1;1', 'Строка 1: 01.03.2026 не в выбранном месяце (февраль 2026)'],
  ])('"%s" is refused: %s', (line, message) => {
    const r = parseHourlyProfile([line, ...february().slice(1)].join('\n'), '2026-02');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems[0]).toContain(message);
  });

  it('lists at most ten problems and counts the rest', () => {
    const r = parseHourlyProfile(february(() => 'x').join('\n'), '2026-02');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toHaveLength(11);
    expect(r.problems[10]).toBe('и ещё 662');
  });

  it('an empty file says so', () => {
    expect(parseHourlyProfile('Дата;Час;Объём\n\n', '2026-02')).toEqual({
      ok: false,
      problems: ['Файл пуст: нужны объёмы каждого часа месяца'],
    });
  });
});

describe('hours typed by staff', () => {
  it.each([
    ['23, 0-6', [23, 0, 1, 2, 3, 4, 5, 6]],
    ['7–10; 17-20', [7, 8, 9, 10, 17, 18, 19, 20]],
    ['10', [10]],
    ['', undefined],
    ['6-2', undefined],
    ['24', undefined],
    ['утро', undefined],
  ] as const)('"%s" → %j', (raw, hours) => {
    expect(parseHours(raw)).toEqual(hours);
  });

  it('are written back as ranges that parse again', () => {
    expect(formatHours([23, 0, 1, 2, 7])).toBe('0–2, 7, 23');
    expect(parseHours(formatHours([23, 0, 1, 2, 7]))).toEqual([0, 1, 2, 7, 23]);
  });
});

describe('the monthly form', () => {
  const read = (over: Record<string, string>) =>
    readCalculatorForm(
      calculatorValues({ month: '2026-11', mode: 'monthly', zones: 'one', total_kwh: '100', ...over }),
      false,
    );

  it('takes spaces and a comma in a volume', () => {
    expect(read({ total_kwh: '72 000,5' }).input).toEqual({ kind: 'monthly', total: '72000.5' });
  });

  it('three zones need the night and the peak, together within the month', () => {
    expect(read({ zones: 'three', night_kwh: '40' }).errors).toEqual([
      { field: 'peak_kwh', text: 'Укажите объём пиковой зоны, кВт·ч' },
    ]);
    expect(read({ zones: 'three', night_kwh: '40', peak_kwh: '60,5' }).errors).toEqual([
      { field: 'peak_kwh', text: 'Пиковая и ночная зоны вместе не могут быть больше объёма за месяц' },
    ]);
    expect(read({ zones: 'three', night_kwh: '40', peak_kwh: '60' }).input).toEqual({
      kind: 'monthly',
      total: '100',
      split: { zones: 'three', peak: '60', night: '40' },
    });
  });

  it('refuses an unknown mode or zones and a volume with too many decimals', () => {
    expect(read({ mode: 'weekly' }).errors[0]!.field).toBe('mode');
    expect(read({ zones: 'four' }).errors[0]!.field).toBe('zones');
    expect(read({ total_kwh: '1,2345' }).errors).toEqual([
      { field: 'total_kwh', text: 'Объём за месяц: не больше 3 знаков после запятой' },
    ]);
  });
});
