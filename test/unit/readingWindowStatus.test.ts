// The reading window in one sentence (the overview): handed in, open until a day, or opening later.
import { describe, it, expect } from 'vitest';
import { readingWindowSentence, readingWindowStatus } from '../../src/domain/readings.js';

const W = { fromDay: 15, toDay: 25 };
const WRAP = { fromDay: 25, toDay: 5 };

describe('readingWindowStatus and its sentence', () => {
  const cases: {
    name: string;
    today: string;
    window: { fromDay: number; toDay: number };
    last: (string | null)[];
    sentence: string;
  }[] = [
    {
      name: 'inside the window without this month’s reading: hand it in by the last day',
      today: '2026-12-18',
      window: W,
      last: ['2026-11-20'],
      sentence: 'Передайте показания до 25 декабря',
    },
    {
      name: 'inside the window with the reading in: accepted on its day',
      today: '2026-12-20',
      window: W,
      last: ['2026-12-18'],
      sentence: 'Показания за декабрь приняты 18.12',
    },
    {
      name: 'a two-zone meter counts as handed in only when both registers are',
      today: '2026-12-20',
      window: W,
      last: ['2026-12-18', '2026-11-19'],
      sentence: 'Передайте показания до 25 декабря',
    },
    {
      name: 'after the window closed, the reading of the closed window is what is said',
      today: '2026-12-28',
      window: W,
      last: ['2026-12-18'],
      sentence: 'Показания за декабрь приняты 18.12',
    },
    {
      name: 'after the window closed without a reading: the next window, for the next month',
      today: '2026-12-28',
      window: W,
      last: ['2026-11-18'],
      sentence: 'Передайте показания за январь с 15 по 25 января',
    },
    {
      name: 'before the window opens: this month’s window',
      today: '2026-12-03',
      window: W,
      last: ['2026-11-18'],
      sentence: 'Передайте показания за декабрь с 15 по 25 декабря',
    },
    {
      name: 'a meter without any reading yet',
      today: '2026-12-16',
      window: W,
      last: [null],
      sentence: 'Передайте показания до 25 декабря',
    },
    {
      name: 'a window over the month end, opened this month: until the 5th of the next',
      today: '2026-12-27',
      window: WRAP,
      last: ['2026-11-27'],
      sentence: 'Передайте показания до 5 января',
    },
    {
      name: 'a window over the month end, still open on the 3rd',
      today: '2027-01-03',
      window: WRAP,
      last: ['2026-11-27'],
      sentence: 'Передайте показания до 5 января',
    },
    {
      name: 'a window over the month end, between windows: from the 25th to the 5th',
      today: '2026-12-10',
      window: WRAP,
      last: ['2026-10-30'],
      sentence: 'Передайте показания за декабрь с 25 декабря по 5 января',
    },
    {
      name: 'a window up to the 31st in a 30-day month ends on the 30th',
      today: '2026-11-26',
      window: { fromDay: 20, toDay: 31 },
      last: ['2026-10-22'],
      sentence: 'Передайте показания до 30 ноября',
    },
  ];
  for (const c of cases)
    it(c.name, () => {
      expect(readingWindowSentence(readingWindowStatus(c.today, c.window, c.last))).toBe(c.sentence);
    });

  it('a reading dated after today (a clock skew) does not count as handed in', () => {
    expect(readingWindowStatus('2026-12-18', W, ['2026-12-19']).kind).toBe('open');
  });
});
