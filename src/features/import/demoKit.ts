// The demo dataset's toolkit: the calendar of billed months, tariffs and charges computed the way billing does,
// the suppliers and their plans, and monthly meter readings.
import { addDecimal, decimalToPlain, mulDecimal } from '../../domain/decimal.js';
import { kopToDecimal, mulRound, parseMoney, type Kopecks } from '../../domain/money.js';
import {
  addMonths,
  dayOfPeriod,
  firstDayOf,
  periodOf,
  type IsoDate,
  type Period,
} from '../../domain/periods.js';
import { Prng } from './prng.js';
import type { DatasetDocument } from './schemas.js';

/** Seed 004's «Дополнительные услуги»: the same four offers at both demo business suppliers. */
const BUSINESS_CLIENT_SERVICES = [
  {
    title: 'Технологическое присоединение',
    description:
      'Подготовим документы для присоединения новых энергопринимающих устройств или увеличения мощности и проведём заявку через сетевую организацию.',
    topic: 'Технологическое присоединение',
  },
  {
    title: 'Установка и замена приборов учёта',
    description:
      'Подберём, установим и введём в эксплуатацию прибор учёта, в том числе интервальный для третьей–шестой ценовых категорий.',
    topic: 'Прибор учёта',
  },
  {
    title: 'Энергоаудит',
    description:
      'Обследуем потребление и подскажем, как снизить расходы: ценовая категория, график нагрузки, компенсация реактивной мощности.',
    topic: 'Энергоаудит',
  },
  {
    title: 'Смена ценовой категории',
    description:
      'Поможем выбрать выгодную ценовую категорию (см. «Калькулятор») и оформим уведомление о её смене.',
    topic: 'Ценовая категория',
  },
];

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

/**
 * A charged line: round half up of quantity × tariff (VAT-inclusive). A business line's VAT is left
 * to the importer, which takes it at the rate of the billed month as it does for any dataset.
 */
export function charge(quantity: string, tariff: string): { charged: string; kop: Kopecks } {
  const kop = mulRound(quantity, tariff);
  return { charged: money(kop), kop };
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

export const residentialDue = (p: Period): IsoDate => dayOfPeriod(addMonths(p, 1), p >= '2026-02' ? 15 : 10);

type CalculatorPricesDoc = NonNullable<Doc['suppliers'][number]['calculator_prices']>[number];

const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);

/** The calculator's prices of a business supplier (VAT included, as its tariffs): night 23–7, peaks 7–11 and 17–21. */
function calculatorPrices(
  from: string,
  p: {
    single: string;
    day: string;
    night: string;
    peak: string;
    semi: string;
    energy: [string, string, string];
  } & Pick<
    CalculatorPricesDoc,
    'network_rate' | 'capacity_price' | 'peak_hour' | 'network_capacity_rate' | 'losses_rate'
  >,
): CalculatorPricesDoc {
  const nightHours = [23, ...range(0, 6)];
  const peakHours = [...range(7, 10), ...range(17, 20)];
  const [night, day, peak] = p.energy;
  return {
    from,
    single_rate: p.single,
    two_zone: { day: p.day, night: p.night },
    three_zone: { peak: p.peak, semi_peak: p.semi, night: p.night },
    night_hours: nightHours,
    peak_hours: peakHours,
    hourly_energy: range(0, 23).map((h) =>
      nightHours.includes(h) ? night : peakHours.includes(h) ? peak : day,
    ),
    network_rate: p.network_rate,
    capacity_price: p.capacity_price,
    peak_hour: p.peak_hour,
    network_capacity_rate: p.network_capacity_rate,
    losses_rate: p.losses_rate,
    planned_peak_hours: [...range(8, 11), ...range(17, 20)],
  };
}

export function suppliers(year: number): Doc['suppliers'] {
  return [
    {
      code: 'komi',
      name: 'ОАО "Коми энергосбытовая компания"',
      short_name: 'Коми энергосбыт',
      cities: ['Сыктывкар'],
      inn: '1101301856',
      kpp: '110101001',
      address: '167000, Республика Коми, г. Сыктывкар, ул. Первомайская, д. 70',
      phone: '8 800 200-21-21',
      contact_hours: 'ежедневно с 8:00 до 20:00',
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
      cities: ['Томск'],
      inn: '7017114680',
      kpp: '701701001',
      address: '634034, г. Томск, ул. Котовского, д. 19',
      phone: '8 800 250-39-23',
      contact_hours: 'ежедневно с 8:00 до 20:00',
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
      cities: ['Томск'],
      inn: '7017351521',
      kpp: '701701001',
      address: '634041, г. Томск, пр. Кирова, д. 36',
      phone: '8 (3822) 48-00-00',
      contact_hours: 'по будням с 8:00 до 17:00',
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
      cities: ['Томск'],
      inn: '7017380970',
      kpp: '701701001',
      address: '634050, г. Томск, ул. Источная, д. 46',
      phone: '8 (3822) 52-72-02',
      contact_hours: 'круглосуточно',
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
      cities: ['Брянск'],
      inn: '7842500007',
      kpp: '325743001',
      address: '241050, г. Брянск, ул. Красноармейская, д. 35',
      phone: '8 800 700-32-32',
      contact_hours: 'по будням с 8:00 до 18:00',
      bank: {
        name: 'Брянское отделение №8605 ПАО Сбербанк',
        bic: '041501601',
        account: '40702810408000003211',
        corr_account: '30101810400000000601',
      },
      time_zone: 'Europe/Moscow',
      client_services: BUSINESS_CLIENT_SERVICES,
      calculator_prices: [
        calculatorPrices(`${year}-01-01`, {
          single: '9.38',
          day: '10.55',
          night: '5.90',
          peak: '12.70',
          semi: '9.40',
          energy: ['3.40', '4.85', '5.30'],
          network_rate: '2.70',
          capacity_price: '1180000',
          peak_hour: 11,
          network_capacity_rate: '1620000',
          losses_rate: '690',
        }),
      ],
    },
    {
      code: 'eskk',
      name: 'ООО "Энергосбытовая компания Кузбасса"',
      short_name: 'ЭСКК',
      cities: ['Кемерово', 'Березовский'],
      inn: '4205153492',
      kpp: '420501001',
      address: '650000, г. Кемерово, ул. Кирова, д. 6',
      phone: '8 800 3012 555',
      contact_hours: 'по будням с 8:00 до 19:00, в субботу с 9:00 до 15:00',
      bank: {
        name: 'Кемеровское отделение №8615 ПАО Сбербанк',
        bic: '043207612',
        account: '40702810726000012345',
        corr_account: '30101810200000000612',
      },
      time_zone: 'Asia/Novokuznetsk',
      client_services: BUSINESS_CLIENT_SERVICES,
      calculator_prices: [
        calculatorPrices(`${year}-01-01`, {
          single: '7.54',
          day: '8.62',
          night: '5.01',
          peak: '10.35',
          semi: '7.68',
          energy: ['2.95', '4.10', '4.60'],
          network_rate: '2.35',
          capacity_price: '1050000',
          peak_hour: 10,
          network_capacity_rate: '1480000',
          losses_rate: '610',
        }),
      ],
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
    // business prices include VAT, like every price: the importer splits it at the billed month's rate
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
      price_category: 3,
      rates: p.bryansk,
    },
    {
      code: 'eskk-business-1',
      supplier: 'eskk',
      name: 'Прочие потребители 670 кВт – 10 МВт, первая ценовая категория',
      service_kind: 'electricity',
      unit: 'кВт·ч',
      price_category: 1,
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
