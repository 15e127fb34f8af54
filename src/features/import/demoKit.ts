// The demo dataset's toolkit: the calendar of billed months, tariffs and charges computed the way billing does,
// the suppliers and their plans, and monthly meter readings.
import { addDecimal, decimalToPlain, mulDecimal } from '../../domain/decimal.js';
import { kopToDecimal, mulRound, parseMoney, vatIncluded, type Kopecks } from '../../domain/money.js';
import {
  addMonths,
  dayOfPeriod,
  daysBetween,
  firstDayOf,
  periodOf,
  type IsoDate,
  type Period,
} from '../../domain/periods.js';
import { Prng } from './prng.js';
import type { DatasetDocument } from './schemas.js';

export type Doc = Required<DatasetDocument>;
export type AccountDoc = Doc['accounts'][number];
export type BillDoc = NonNullable<AccountDoc['bills']>[number];
export type LineDoc = BillDoc['lines'][number];
export type PaymentDoc = NonNullable<AccountDoc['payments']>[number];
export type Rate = { from: IsoDate; zone: 'T' | 'T1' | 'T2'; price: string };

/** The 24 billed months before today, and the July of the latest tariff change inside them. */
export interface DemoCalendar {
  today: IsoDate;
  periods: Period[];
  first: Period;
  last: Period;
  /** the year whose July 1st brought the current tariffs (inside the billed months) */
  year: number;
}

/** A month's bill is issued on the 3rd of the next month. */
export const billDate = (p: Period): IsoDate => dayOfPeriod(addMonths(p, 1), 3);

export function demoCalendar(today: IsoDate): DemoCalendar {
  const cur = periodOf(today);
  const last = billDate(addMonths(cur, -1)) <= today ? addMonths(cur, -1) : addMonths(cur, -2);
  const first = addMonths(last, -23);
  const periods = Array.from({ length: 24 }, (_, i) => addMonths(first, i));
  const lastYear = Number(last.slice(0, 4));
  const year = last.slice(5) >= '07' ? lastYear : lastYear - 1;
  return { today, periods, first, last, year };
}

/** Yearly July 1st rates, oldest first, the last one valid from July of `year`. */
export function julyRates(year: number, prices: string[], zone: Rate['zone'] = 'T'): Rate[] {
  return prices.map((price, i) => ({ from: `${year - (prices.length - 1 - i)}-07-01`, zone, price }));
}

export function priceAt(rates: Rate[], p: Period, zone: Rate['zone'] = 'T'): string {
  const found = rates
    .filter((r) => r.zone === zone && r.from <= firstDayOf(p))
    .sort((a, b) => (a.from < b.from ? 1 : -1))[0];
  if (!found) throw new Error(`no ${zone} rate for ${p}`);
  return found.price;
}

export const money = (kop: Kopecks) => kopToDecimal(kop);
export const dec = (v: string) => decimalToPlain(v);
export const fixed2 = (v: string) => {
  const [i, f = ''] = dec(v).split('.');
  return `${i}.${f.padEnd(2, '0')}`;
};

/** A charged line: round half up of quantity × tariff (× VAT part when given). */
export function charge(
  quantity: string,
  tariff: string,
  vatPercent?: string,
): { charged: string; vat?: string; kop: Kopecks } {
  const kop = mulRound(quantity, tariff);
  return vatPercent
    ? { charged: money(kop), vat: money(vatIncluded(kop, vatPercent)), kop }
    : { charged: money(kop), kop };
}

/** Monthly consumption with a winter peak: base × (1 + amp·cos) ± noise, whole units. */
export function seasonal(rnd: Prng, p: Period, base: number, amp: number, noise: number): number {
  const m = Number(p.slice(5)) - 1;
  return Math.max(
    1,
    Math.round(base * (1 + amp * Math.cos((2 * Math.PI * m) / 12)) + rnd.int(-noise, noise)),
  );
}

export const sum = (xs: Kopecks[]) => xs.reduce((a, b) => a + b, 0);
export const lineKop = (l: LineDoc) =>
  parseMoney(l.charged) - parseMoney(l.benefit ?? '0') + parseMoney(l.adjustment ?? '0');
export const billKop = (b: BillDoc) => sum(b.lines.map(lineKop));

/** Residential penalty as the supplier's bill prints it: days 31–90 at 1/300, from day 91 at 1/130 of 9.5 %. */
export function penaltyKop(amount: Kopecks, due: IsoDate, asOf: IsoDate): Kopecks {
  const late = daysBetween(due, asOf);
  const d1 = Math.max(0, Math.min(late, 90) - 30);
  const d2 = Math.max(0, late - 90);
  // amount × 0.095 × (d1/300 + d2/130), rounded half up
  const num = BigInt(amount) * 95n * (BigInt(d1) * 130n + BigInt(d2) * 300n);
  const den = 1000n * 300n * 130n;
  return Number((num * 2n + den) / (den * 2n));
}

export const residentialDue = (p: Period): IsoDate => dayOfPeriod(addMonths(p, 1), p >= '2026-02' ? 15 : 10);

export function suppliers(): Doc['suppliers'] {
  return [
    {
      code: 'komi',
      name: 'ОАО "Коми энергосбытовая компания"',
      short_name: 'Коми энергосбыт',
      inn: '1101301856',
      kpp: '110101001',
      address: '167000, Республика Коми, г. Сыктывкар, ул. Первомайская, д. 70',
      phone: '8 800 200-21-21',
      email: 'info@komiesc.example.ru',
      website: 'https://komiesc.example.ru',
      bank: {
        name: 'Коми отделение № 8617 ПАО Сбербанк',
        bic: '048702640',
        account: '40702810928000100503',
        corr_account: '30101810400000000640',
      },
      time_zone: 'Europe/Moscow',
      reading_window: { from_day: 15, to_day: 25 },
    },
    {
      code: 'tomsk',
      name: 'АО "Томскэнергосбыт"',
      short_name: 'Томскэнергосбыт',
      inn: '7017114680',
      kpp: '701701001',
      address: '634034, г. Томск, ул. Котовского, д. 19',
      phone: '8 800 250-39-23',
      email: 'info@tomskenergosbyt.example.ru',
      bank: {
        name: 'ТОМСКОЕ ОТДЕЛЕНИЕ №8616 ПАО СБЕРБАНК',
        bic: '046902606',
        account: '40702810264000008260',
        corr_account: '30101810800000000606',
      },
      time_zone: 'Asia/Tomsk',
      reading_window: { from_day: 15, to_day: 25 },
    },
    {
      code: 'tomskrts',
      name: 'АО "ТомскРТС"',
      short_name: 'ТомскРТС',
      inn: '7017351521',
      kpp: '701701001',
      address: '634041, г. Томск, пр. Кирова, д. 36',
      phone: '8 (3822) 48-00-00',
      bank: {
        name: 'Филиал ПАО Банк ВТБ в г. Томске',
        bic: '046902758',
        account: '40702810910000002033',
        corr_account: '30101810400000000758',
      },
      time_zone: 'Asia/Tomsk',
    },
    {
      code: 'tomskvoda',
      name: 'ООО "Томскводоканал"',
      short_name: 'Томскводоканал',
      inn: '7017380970',
      kpp: '701701001',
      address: '634050, г. Томск, ул. Источная, д. 46',
      phone: '8 (3822) 52-72-02',
      bank: {
        name: 'ТОМСКОЕ ОТДЕЛЕНИЕ №8616 ПАО СБЕРБАНК',
        bic: '046902606',
        account: '40702810164000001234',
        corr_account: '30101810800000000606',
      },
      time_zone: 'Asia/Tomsk',
    },
    {
      code: 'bryansk',
      name: 'ООО "ТЭК-Энерго" (филиал "Брянскэнергосбыт")',
      short_name: 'Брянскэнергосбыт',
      inn: '7842500000',
      kpp: '325743001',
      address: '241050, г. Брянск, ул. Красноармейская, д. 35',
      phone: '8 800 700-32-32',
      bank: {
        name: 'Брянское отделение №8605 ПАО Сбербанк',
        bic: '041501601',
        account: '40702810408000003211',
        corr_account: '30101810400000000601',
      },
      time_zone: 'Europe/Moscow',
    },
    {
      code: 'eskk',
      name: 'ООО "Энергосбытовая компания Кузбасса"',
      short_name: 'ЭСКК',
      inn: '4205153492',
      kpp: '420501001',
      address: '650000, г. Кемерово, ул. Кирова, д. 6',
      phone: '8 800 3012 555',
      bank: {
        name: 'Кемеровское отделение №8615 ПАО Сбербанк',
        bic: '043207612',
        account: '40702810726000012345',
        corr_account: '30101810200000000612',
      },
      time_zone: 'Asia/Novokuznetsk',
    },
  ];
}

export interface Plans {
  komi: Rate[];
  tomskEl: Rate[];
  tomsk2: Rate[];
  heat: Rate[];
  cold: Rate[];
  hot: Rate[];
  bryansk: Rate[];
  eskk: Rate[];
}

export function plans(cal: DemoCalendar): Plans {
  const y = cal.year;
  return {
    komi: julyRates(y, ['4.73', '5.15', '5.61', '6.12']),
    tomskEl: julyRates(y, ['4.21', '4.58', '4.99', '5.44']),
    tomsk2: [
      ...julyRates(y, ['4.84', '5.27', '5.74', '6.26'], 'T1'),
      ...julyRates(y, ['2.11', '2.30', '2.51', '2.74'], 'T2'),
    ],
    heat: julyRates(y, ['1841.19', '1876.21', '1911.87', '1947.69']),
    cold: julyRates(y, ['38.40', '40.55', '42.99', '45.57']),
    hot: julyRates(y, ['178.20', '188.01', '199.29', '211.25']),
    // business prices include VAT 20 %
    bryansk: [...julyRates(y, ['7.92', '8.41', '8.96']), { from: `${y}-01-01`, zone: 'T', price: '9.38' }],
    eskk: [...julyRates(y, ['6.35', '6.77', '7.21']), { from: `${y}-01-01`, zone: 'T', price: '7.54' }],
  };
}

export function tariffPlans(p: Plans): Doc['tariff_plans'] {
  return [
    {
      code: 'komi-gas-city',
      supplier: 'komi',
      name: 'газовая плита - город',
      service_kind: 'electricity',
      unit: 'кВт·ч',
      rates: p.komi,
    },
    {
      code: 'tomsk-el-city',
      supplier: 'tomsk',
      name: 'Население, город, газовая плита',
      service_kind: 'electricity',
      unit: 'кВт·ч',
      rates: p.tomskEl,
    },
    {
      code: 'tomsk-el-2zone',
      supplier: 'tomsk',
      name: 'Население, город, две зоны суток',
      service_kind: 'electricity',
      unit: 'кВт·ч',
      rates: p.tomsk2,
    },
    {
      code: 'tomskrts-heat',
      supplier: 'tomskrts',
      name: 'Октябрьское с., Отопление (Клов), 0,028 Гкал на м2 (Томский)',
      service_kind: 'heating',
      unit: 'Гкал',
      rates: p.heat,
    },
    {
      code: 'tomskvoda-cold',
      supplier: 'tomskvoda',
      name: 'Холодное водоснабжение',
      service_kind: 'cold_water',
      unit: 'м³',
      rates: p.cold,
    },
    {
      code: 'tomskvoda-hot',
      supplier: 'tomskvoda',
      name: 'Горячее водоснабжение',
      service_kind: 'hot_water',
      unit: 'м³',
      rates: p.hot,
    },
    {
      code: 'bryansk-business-3',
      supplier: 'bryansk',
      name: 'Прочие потребители, третья ценовая категория',
      service_kind: 'electricity',
      unit: 'кВт·ч',
      vat_percent: '20',
      rates: p.bryansk,
    },
    {
      code: 'eskk-business-1',
      supplier: 'eskk',
      name: 'Прочие потребители 670 кВт – 10 МВт, первая ценовая категория',
      service_kind: 'electricity',
      unit: 'кВт·ч',
      vat_percent: '20',
      rates: p.eskk,
    },
  ];
}

export interface MeterMonth {
  period: Period;
  date: IsoDate;
  prev: string;
  curr: string;
  volume: string;
}

/** Monthly readings from `start`, advancing by `advances` (register units); volume = advance × ratio. */
export function meterMonths(
  cal: DemoCalendar,
  start: string,
  advances: number[],
  rnd: Prng,
  ratio = '1',
  periods = cal.periods,
): { initialDate: IsoDate; months: MeterMonth[] } {
  let value = start;
  const months: MeterMonth[] = [];
  periods.forEach((p, i) => {
    const curr = decimalToPlain(addDecimal(value, String(advances[i]!)));
    months.push({
      period: p,
      date: dayOfPeriod(p, rnd.int(18, 24)),
      prev: value,
      curr,
      volume: decimalToPlain(mulDecimal(String(advances[i]!), ratio)),
    });
    value = curr;
  });
  return { initialDate: dayOfPeriod(addMonths(periods[0]!, -1), 22), months };
}

export function readingsOf(start: string, initialDate: IsoDate, months: MeterMonth[], firstPeriod: Period) {
  return [
    {
      date: initialDate,
      value: fixed2(start),
      source: 'customer' as const,
      billed_period: addMonths(firstPeriod, -1),
    },
    ...months.map((m) => ({
      date: m.date,
      value: fixed2(m.curr),
      source: 'customer' as const,
      billed_period: m.period,
    })),
  ];
}
