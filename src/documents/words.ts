// Amounts in Russian words ("сумма прописью") for bills for payment and acts: 4242935 → "Сорок две тысячи четыреста двадцать девять рублей 35 копеек".
import { plural } from '../domain/format.js';

const UNITS_M = ['', 'один', 'два', 'три', 'четыре', 'пять', 'шесть', 'семь', 'восемь', 'девять'];
const UNITS_F = ['', 'одна', 'две', 'три', 'четыре', 'пять', 'шесть', 'семь', 'восемь', 'девять'];
const TEENS = [
  'десять',
  'одиннадцать',
  'двенадцать',
  'тринадцать',
  'четырнадцать',
  'пятнадцать',
  'шестнадцать',
  'семнадцать',
  'восемнадцать',
  'девятнадцать',
];
const TENS = [
  '',
  '',
  'двадцать',
  'тридцать',
  'сорок',
  'пятьдесят',
  'шестьдесят',
  'семьдесят',
  'восемьдесят',
  'девяносто',
];
const HUNDREDS = [
  '',
  'сто',
  'двести',
  'триста',
  'четыреста',
  'пятьсот',
  'шестьсот',
  'семьсот',
  'восемьсот',
  'девятьсот',
];

/** Groups of three digits from the lowest: name forms and grammatical gender. */
const SCALES: { forms: [string, string, string]; feminine: boolean }[] = [
  { forms: ['', '', ''], feminine: false },
  { forms: ['тысяча', 'тысячи', 'тысяч'], feminine: true },
  { forms: ['миллион', 'миллиона', 'миллионов'], feminine: false },
  { forms: ['миллиард', 'миллиарда', 'миллиардов'], feminine: false },
  { forms: ['триллион', 'триллиона', 'триллионов'], feminine: false },
];

function triple(n: number, feminine: boolean): string[] {
  const out: string[] = [];
  const h = Math.floor(n / 100);
  const t = Math.floor((n % 100) / 10);
  const u = n % 10;
  if (h) out.push(HUNDREDS[h]!);
  if (t === 1) out.push(TEENS[u]!);
  else {
    if (t) out.push(TENS[t]!);
    if (u) out.push((feminine ? UNITS_F : UNITS_M)[u]!);
  }
  return out;
}

/** A whole number of roubles in words, lower case ("ноль" for 0). */
export function integerInWords(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`not a whole non-negative number: ${n}`);
  if (n === 0) return 'ноль';
  const words: string[] = [];
  let rest = n;
  const groups: number[] = [];
  while (rest > 0) {
    groups.push(rest % 1000);
    rest = Math.floor(rest / 1000);
  }
  for (let i = groups.length - 1; i >= 0; i--) {
    const g = groups[i]!;
    if (!g) continue;
    const scale = SCALES[i];
    if (!scale) throw new RangeError(`too large: ${n}`);
    words.push(...triple(g, scale.feminine));
    if (i > 0) words.push(plural(g, scale.forms));
  }
  return words.join(' ');
}

/** Kopecks as the sentence under a bill's total: "Сорок две тысячи … рублей 35 копеек" (minus sign as "минус"). */
export function amountInWords(kop: number): string {
  if (!Number.isSafeInteger(kop)) throw new RangeError(`not kopecks: ${kop}`);
  const abs = Math.abs(kop);
  const rub = Math.floor(abs / 100);
  const k = abs % 100;
  const text = `${kop < 0 ? 'минус ' : ''}${integerInWords(rub)} ${plural(rub, ['рубль', 'рубля', 'рублей'])} ${String(k).padStart(2, '0')} ${plural(k, ['копейка', 'копейки', 'копеек'])}`;
  return text.charAt(0).toUpperCase() + text.slice(1);
}
