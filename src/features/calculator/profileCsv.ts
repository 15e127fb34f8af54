// Reads the calculator's hourly profile (docs/calculator.md): one line per hour of one month,
// `дата;час;объём` (`01.11.2026;0;125,5`), an optional heading line; bad lines named by number.
import { tryParseDecimal } from '../../domain/decimal.js';
import { daysInMonth, isValidDate, parseTypedDate, type Period } from '../../domain/periods.js';
import { formatDate, formatMonth } from '../../domain/format.js';

export type ProfileResult = { ok: true; volumes: string[] } | { ok: false; problems: string[] };

/** At most this many problems are listed; the rest are counted. */
const MAX_PROBLEMS = 10;
const MAX_INT_DIGITS = 9;
const MAX_DECIMALS = 6;

export function parseHourlyProfile(text: string, period: Period): ProfileResult {
  const days = daysInMonth(period);
  const problems: string[] = [];
  let more = 0;
  const problem = (p: string) => (problems.length < MAX_PROBLEMS ? problems.push(p) : more++);
  const volumes: (string | undefined)[] = new Array(days * 24).fill(undefined);
  const seenAt: number[] = new Array(days * 24).fill(0);
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  let rows = 0;

  lines.forEach((raw, i) => {
    const n = i + 1;
    const line = raw.trim();
    if (line === '') return;
    const cells = line.split(/[;\t]/).map((c) => c.trim());
    // a heading names the columns: the first line whose first cell is no date
    if (rows === 0 && problems.length === 0 && !/\d/.test(cells[0] ?? '')) return;
    rows++;
    if (cells.length !== 3) {
      problem(`Строка ${n}: нужно три значения через «;» — дата, час, объём (например 01.11.2026;0;125,5)`);
      return;
    }
    const [dateText, hourText, volumeText] = cells as [string, string, string];
    const date = parseTypedDate(dateText) ?? dateText;
    if (!isValidDate(date)) {
      problem(`Строка ${n}: «${dateText.slice(0, 20)}» — не дата, нужна ДД.ММ.ГГГГ`);
      return;
    }
    if (!date.startsWith(period + '-')) {
      problem(`Строка ${n}: ${formatDate(date)} не в выбранном месяце (${formatMonth(period)})`);
      return;
    }
    if (!/^\d{1,2}$/.test(hourText) || Number(hourText) > 23) {
      problem(`Строка ${n}: час — целое число от 0 до 23, а не «${hourText.slice(0, 20)}»`);
      return;
    }
    const volume = tryParseDecimal(volumeText.replace(',', '.'));
    if (volume === null || !/^\d+([.,]\d+)?$/.test(volumeText)) {
      problem(`Строка ${n}: объём — неотрицательное число кВт·ч, а не «${volumeText.slice(0, 20)}»`);
      return;
    }
    const plain = volumeText.replace(',', '.');
    const [int, frac = ''] = plain.split('.') as [string, string?];
    if (int.replace(/^0+(?=\d)/, '').length > MAX_INT_DIGITS || frac.length > MAX_DECIMALS) {
      problem(`Строка ${n}: объём «${volumeText.slice(0, 20)}» — не больше 9 цифр до запятой и 6 после`);
      return;
    }
    const index = (Number(date.slice(8, 10)) - 1) * 24 + Number(hourText);
    if (seenAt[index]) {
      problem(`Строка ${n}: ${formatDate(date)}, час ${hourText} уже указан в строке ${seenAt[index]}`);
      return;
    }
    seenAt[index] = n;
    volumes[index] = plain;
  });

  if (rows === 0) return { ok: false, problems: ['Файл пуст: нужны объёмы каждого часа месяца'] };
  if (problems.length === 0) {
    const missing = volumes.flatMap((v, i) => (v === undefined ? [i] : []));
    if (missing.length) {
      const first = missing
        .slice(0, 5)
        .map(
          (i) =>
            `${formatDate(`${period}-${String(Math.floor(i / 24) + 1).padStart(2, '0')}`)} час ${i % 24}`,
        );
      problem(
        `Нет объёмов ${missing.length} из ${days * 24} часов месяца: ${first.join(', ')}${missing.length > 5 ? ' и др.' : ''}`,
      );
    }
  }
  if (more) problems.push(`и ещё ${more}`);
  return problems.length ? { ok: false, problems } : { ok: true, volumes: volumes as string[] };
}
