// The demo personas of DESIGN.md as a dataset built for a given today: 24 months of consistent history before it.
// Bills are computed the way billing does (charged = round half up of quantity × the tariff valid in the
// period; meter quantities = difference of readings × ratio), and payments mostly pay bills in full.
import { addDecimal, decimalToPlain, mulDecimal } from '../../domain/decimal.js';
import { kopToDecimal, mulRound, parseMoney, vatIncluded, type Kopecks } from '../../domain/money.js';
import { addMonths, dayOfPeriod, daysBetween, firstDayOf, lastDayOf, periodOf, type IsoDate, type Period } from '../../domain/periods.js';
import { averageMonthlyVolume, normativeVolume, type BilledMonth } from '../../domain/volumes.js';
import { Prng } from './prng.js';
import type { DatasetDocument } from './schemas.js';

export interface DemoLogin {
  who: string;
  login: string;
  password: string;
}

export const DEMO_LOGINS: DemoLogin[] = [
  { who: 'Коми, физлицо (или договор 37065432; ПИН с квитанции 58314)', login: '110000001', password: 'Demo2026!' },
  { who: 'Томск, физлицо: три лицевых счёта, ЕПД, долг и пени', login: 'malashta@example.ru', password: 'Tomsk2026!' },
  { who: 'Брянск, юрлицо: код ДП 1000123, два филиала, авансы', login: 'bryansk@example.ru', password: 'Bryansk2026!' },
  { who: 'Кемерово, юрлицо: договор 0001с, ИНН 4205000000', login: 'kuzbass@example.ru', password: 'Kemerovo2026!' },
  { who: 'Поддержка', login: 'support@example.ru', password: 'Support2026!' },
  { who: 'Администратор', login: 'admin@example.ru', password: 'Admin2026!' },
];
const password = (login: string) => DEMO_LOGINS.find((d) => d.login === login)!.password;

type Doc = Required<DatasetDocument>;
type AccountDoc = Doc['accounts'][number];
type BillDoc = NonNullable<AccountDoc['bills']>[number];
type LineDoc = BillDoc['lines'][number];
type PaymentDoc = NonNullable<AccountDoc['payments']>[number];
type Rate = { from: IsoDate; zone: 'T' | 'T1' | 'T2'; price: string };

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
const billDate = (p: Period): IsoDate => dayOfPeriod(addMonths(p, 1), 3);

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
function julyRates(year: number, prices: string[], zone: Rate['zone'] = 'T'): Rate[] {
  return prices.map((price, i) => ({ from: `${year - (prices.length - 1 - i)}-07-01`, zone, price }));
}

function priceAt(rates: Rate[], p: Period, zone: Rate['zone'] = 'T'): string {
  const found = rates.filter((r) => r.zone === zone && r.from <= firstDayOf(p)).sort((a, b) => (a.from < b.from ? 1 : -1))[0];
  if (!found) throw new Error(`no ${zone} rate for ${p}`);
  return found.price;
}

const money = (kop: Kopecks) => kopToDecimal(kop);
const dec = (v: string) => decimalToPlain(v);
const fixed2 = (v: string) => {
  const [i, f = ''] = dec(v).split('.');
  return `${i}.${f.padEnd(2, '0')}`;
};

/** A charged line: round half up of quantity × tariff (× VAT part when given). */
function charge(quantity: string, tariff: string, vatPercent?: string): { charged: string; vat?: string; kop: Kopecks } {
  const kop = mulRound(quantity, tariff);
  return vatPercent ? { charged: money(kop), vat: money(vatIncluded(kop, vatPercent)), kop } : { charged: money(kop), kop };
}

/** Monthly consumption with a winter peak: base × (1 + amp·cos) ± noise, whole units. */
function seasonal(rnd: Prng, p: Period, base: number, amp: number, noise: number): number {
  const m = Number(p.slice(5)) - 1;
  return Math.max(1, Math.round(base * (1 + amp * Math.cos((2 * Math.PI * m) / 12)) + rnd.int(-noise, noise)));
}

const sum = (xs: Kopecks[]) => xs.reduce((a, b) => a + b, 0);
const lineKop = (l: LineDoc) => parseMoney(l.charged) - parseMoney(l.benefit ?? '0') + parseMoney(l.adjustment ?? '0');
const billKop = (b: BillDoc) => sum(b.lines.map(lineKop));

/** Residential penalty as the supplier's bill prints it: days 31–90 at 1/300, from day 91 at 1/130 of 9.5 %. */
function penaltyKop(amount: Kopecks, due: IsoDate, asOf: IsoDate): Kopecks {
  const late = daysBetween(due, asOf);
  const d1 = Math.max(0, Math.min(late, 90) - 30);
  const d2 = Math.max(0, late - 90);
  // amount × 0.095 × (d1/300 + d2/130), rounded half up
  const num = BigInt(amount) * 95n * (BigInt(d1) * 130n + BigInt(d2) * 300n);
  const den = 1000n * 300n * 130n;
  return Number((num * 2n + den) / (den * 2n));
}

const residentialDue = (p: Period): IsoDate => dayOfPeriod(addMonths(p, 1), p >= '2026-02' ? 15 : 10);

// ---------------------------------------------------------------- suppliers and plans

function suppliers(): Doc['suppliers'] {
  return [
    {
      code: 'komi', name: 'ОАО "Коми энергосбытовая компания"', short_name: 'Коми энергосбыт', inn: '1101301856', kpp: '110101001',
      address: '167000, Республика Коми, г. Сыктывкар, ул. Первомайская, д. 70', phone: '8 800 200-21-21', email: 'info@komiesc.example.ru',
      website: 'https://komiesc.example.ru', bank: { name: 'Коми ОСБ N 8617 ПАО Сбербанк', bic: '048702640', account: '40702810928000100503', corr_account: '30101810400000000640' },
      time_zone: 'Europe/Moscow', reading_window: { from_day: 15, to_day: 25 },
    },
    {
      code: 'tomsk', name: 'АО "Томскэнергосбыт"', short_name: 'Томскэнергосбыт', inn: '7017114680', kpp: '701701001',
      address: '634034, г. Томск, ул. Котовского, д. 19', phone: '8 800 250-39-23', email: 'info@tomskenergosbyt.example.ru',
      bank: { name: 'ТОМСКОЕ ОТДЕЛЕНИЕ №8616 ПАО СБЕРБАНК', bic: '046902606', account: '40702810264000008260', corr_account: '30101810800000000606' },
      time_zone: 'Asia/Tomsk', reading_window: { from_day: 15, to_day: 25 },
    },
    {
      code: 'tomskrts', name: 'АО "ТомскРТС"', short_name: 'ТомскРТС', inn: '7017351521', kpp: '701701001', address: '634041, г. Томск, пр. Кирова, д. 36',
      phone: '8 (3822) 48-00-00', bank: { name: 'Филиал ПАО Банк ВТБ в г. Томске', bic: '046902758', account: '40702810910000002033', corr_account: '30101810400000000758' },
      time_zone: 'Asia/Tomsk',
    },
    {
      code: 'tomskvoda', name: 'ООО "Томскводоканал"', short_name: 'Томскводоканал', inn: '7017380970', kpp: '701701001', address: '634050, г. Томск, ул. Источная, д. 46',
      phone: '8 (3822) 52-72-02', bank: { name: 'ТОМСКОЕ ОТДЕЛЕНИЕ №8616 ПАО СБЕРБАНК', bic: '046902606', account: '40702810164000001234', corr_account: '30101810800000000606' },
      time_zone: 'Asia/Tomsk',
    },
    {
      code: 'bryansk', name: 'ООО "ТЭК-Энерго" (филиал "Брянскэнергосбыт")', short_name: 'Брянскэнергосбыт', inn: '7842500000', kpp: '325743001',
      address: '241050, г. Брянск, ул. Красноармейская, д. 35', phone: '8 800 700-32-32',
      bank: { name: 'Брянское отделение №8605 ПАО Сбербанк', bic: '041501601', account: '40702810408000003211', corr_account: '30101810400000000601' },
      time_zone: 'Europe/Moscow',
    },
    {
      code: 'eskk', name: 'ООО "Энергосбытовая компания Кузбасса"', short_name: 'ЭСКК', inn: '4205153492', kpp: '420501001',
      address: '650000, г. Кемерово, ул. Кирова, д. 6', phone: '8 800 3012 555',
      bank: { name: 'Кемеровское отделение №8615 ПАО Сбербанк', bic: '043207612', account: '40702810726000012345', corr_account: '30101810200000000612' },
      time_zone: 'Asia/Novokuznetsk',
    },
  ];
}

interface Plans {
  komi: Rate[];
  tomskEl: Rate[];
  tomsk2: Rate[];
  heat: Rate[];
  cold: Rate[];
  hot: Rate[];
  bryansk: Rate[];
  eskk: Rate[];
}

function plans(cal: DemoCalendar): Plans {
  const y = cal.year;
  return {
    komi: julyRates(y, ['4.73', '5.15', '5.61', '6.12']),
    tomskEl: julyRates(y, ['4.21', '4.58', '4.99', '5.44']),
    tomsk2: [...julyRates(y, ['4.84', '5.27', '5.74', '6.26'], 'T1'), ...julyRates(y, ['2.11', '2.30', '2.51', '2.74'], 'T2')],
    heat: julyRates(y, ['1841.19', '1876.21', '1911.87', '1947.69']),
    cold: julyRates(y, ['38.40', '40.55', '42.99', '45.57']),
    hot: julyRates(y, ['178.20', '188.01', '199.29', '211.25']),
    // business prices include VAT 20 %
    bryansk: [...julyRates(y, ['7.92', '8.41', '8.96']), { from: `${y}-01-01`, zone: 'T', price: '9.38' }],
    eskk: [...julyRates(y, ['6.35', '6.77', '7.21']), { from: `${y}-01-01`, zone: 'T', price: '7.54' }],
  };
}

function tariffPlans(p: Plans): Doc['tariff_plans'] {
  return [
    { code: 'komi-gas-city', supplier: 'komi', name: 'газовая плита - город', service_kind: 'electricity', unit: 'кВт·ч', rates: p.komi },
    { code: 'tomsk-el-city', supplier: 'tomsk', name: 'Население, город, газовая плита', service_kind: 'electricity', unit: 'кВт·ч', rates: p.tomskEl },
    { code: 'tomsk-el-2zone', supplier: 'tomsk', name: 'Население, город, две зоны суток', service_kind: 'electricity', unit: 'кВт·ч', rates: p.tomsk2 },
    { code: 'tomskrts-heat', supplier: 'tomskrts', name: 'Октябрьское с., Отопление (Клов), 0,028 Гкал на м2 (Томский)', service_kind: 'heating', unit: 'Гкал', rates: p.heat },
    { code: 'tomskvoda-cold', supplier: 'tomskvoda', name: 'Холодное водоснабжение', service_kind: 'cold_water', unit: 'м³', rates: p.cold },
    { code: 'tomskvoda-hot', supplier: 'tomskvoda', name: 'Горячее водоснабжение', service_kind: 'hot_water', unit: 'м³', rates: p.hot },
    { code: 'bryansk-business-3', supplier: 'bryansk', name: 'Прочие потребители, третья ценовая категория', service_kind: 'electricity', unit: 'кВт·ч', vat_percent: '20', rates: p.bryansk },
    { code: 'eskk-business-1', supplier: 'eskk', name: 'Прочие потребители 670 кВт – 10 МВт, первая ценовая категория', service_kind: 'electricity', unit: 'кВт·ч', vat_percent: '20', rates: p.eskk },
  ];
}

// ---------------------------------------------------------------- meters

interface MeterMonth {
  period: Period;
  date: IsoDate;
  prev: string;
  curr: string;
  volume: string;
}

/** Monthly readings from `start`, advancing by `advances` (register units); volume = advance × ratio. */
function meterMonths(cal: DemoCalendar, start: string, advances: number[], rnd: Prng, ratio = '1', periods = cal.periods): { initialDate: IsoDate; months: MeterMonth[] } {
  let value = start;
  const months: MeterMonth[] = [];
  periods.forEach((p, i) => {
    const curr = decimalToPlain(addDecimal(value, String(advances[i]!)));
    months.push({ period: p, date: dayOfPeriod(p, rnd.int(18, 24)), prev: value, curr, volume: decimalToPlain(mulDecimal(String(advances[i]!), ratio)) });
    value = curr;
  });
  return { initialDate: dayOfPeriod(addMonths(periods[0]!, -1), 22), months };
}

function readingsOf(start: string, initialDate: IsoDate, months: MeterMonth[], firstPeriod: Period) {
  return [
    { date: initialDate, value: fixed2(start), source: 'customer' as const, billed_period: addMonths(firstPeriod, -1) },
    ...months.map((m) => ({ date: m.date, value: fixed2(m.curr), source: 'customer' as const, billed_period: m.period })),
  ];
}

// ---------------------------------------------------------------- personas

function komi(cal: DemoCalendar, p: Plans): { customer: Doc['customers'][number]; account: AccountDoc } {
  const rnd = new Prng('komi');
  const advances = cal.periods.map((per) => seasonal(rnd, per, 150, 0.35, 15));
  const start = '1000';
  const { initialDate, months } = meterMonths(cal, start, advances, rnd);
  const serial = '007789035039011';
  const bills: BillDoc[] = [];
  const payments: PaymentDoc[] = [];
  months.forEach((m, i) => {
    const tariff = priceAt(p.komi, m.period);
    const c = charge(m.volume, tariff);
    bills.push({
      number: `37065432-${40 + i}`, date: billDate(m.period), period: m.period, type: 'bill',
      lines: [{ service: 'el', zone: 'T', quantity: m.volume, tariff, charged: c.charged, meter: serial, reading_prev: fixed2(m.prev), reading_curr: fixed2(m.curr) }],
    });
    const paid = dayOfPeriod(addMonths(m.period, 1), rnd.int(7, 12));
    if (paid <= cal.today) {
      payments.push({ ref: `komi-sber-${m.period}-8617`, date: paid, amount: c.charged, place: '"Коми ОСБ N 8617"', channel: 'bank', allocations: [{ contract: '37065432', amount: c.charged }] });
    }
  });
  const nextYear = addMonths(cal.last, 1);
  return {
    customer: { ref: 'komi-ivanova', kind: 'person', last_name: 'Иванова', first_name: 'Мария', middle_name: 'Петровна', birth_date: '1958-05-12', gender: 'female', passport: '8701 123456', phone: '+7 912 100-20-30' },
    account: {
      number: '110000001', supplier: 'komi', customer: 'komi-ivanova', address: 'Сыктывкар, Петрозаводская д.56 кв. 38', area: '60.6', residents: 1,
      bind_code: '466305', pin: '58314', opening_balance: { date: firstDayOf(cal.first), amount: '0.00' },
      contracts: [
        {
          number: '37065432', date: '1996-01-01', valid_from: '1996-01-01', subject: 'электроснабжение', branch: null,
          services: [{ code: 'el', kind: 'electricity', name: 'электроэнергия', method: 'meter', zones: ['T'], tariff_plan: 'komi-gas-city', norm: '50', norm_name: 'газовая плита' }],
          // ориентировочное потребление: the next 12 months
          contract_values: Array.from({ length: 12 }, (_, i) => addMonths(nextYear, i)).map((month) => ({ service: 'el', month, volume: String(seasonal(new Prng(month), month, 150, 0.35, 0)) })),
        },
      ],
      meters: [
        {
          serial, model: 'СЕ101 S6 145 M6, Энергомера', service: 'el', installed: '2010-12-18', verification_due: `${cal.year + 4}-01-01`, digits: 6, decimals: 2, ratio: 1,
          point: 'Сыктывкар, Петрозаводская д.56 кв. 38', registers: [{ zone: 'T', readings: readingsOf(start, initialDate, months, cal.first) }],
        },
      ],
      bills,
      payments,
    },
  };
}

function tomsk(cal: DemoCalendar, p: Plans): { customer: Doc['customers'][number]; accounts: AccountDoc[] } {
  const rnd = new Prng('tomsk');
  const address = '634583, Томская обл., Томский р-н, Октябрьское с., Ласточкина ул., д.13, кв.11';
  const area = '60.6';
  const residents = 1;

  // ---- A: the single payment document (ЕПД): electricity by meter, heating by area, water by meters
  const el = meterMonths(cal, '24310', cal.periods.map((per) => seasonal(rnd, per, 120, 0.3, 12)), rnd);
  const hot = meterMonths(cal, '54', cal.periods.map(() => rnd.int(2, 4)), rnd);
  // the cold-water meter's verification ended four months before the last billed one: no readings since
  const coldDue = dayOfPeriod(addMonths(cal.last, -3), 5);
  const coldPeriods = cal.periods.filter((per) => dayOfPeriod(per, 25) < coldDue);
  const cold = meterMonths(cal, '12', coldPeriods.map(() => rnd.int(3, 5)), rnd, '1', coldPeriods);
  const coldHistory: BilledMonth[] = [];
  const heatQuantity = decimalToPlain(normativeVolume('0.028', { kind: 'per_area', area }));

  const billsA: BillDoc[] = [];
  const paymentsA: PaymentDoc[] = [];
  const unpaidFrom = addMonths(cal.last, -3);
  const unpaid: { bill: BillDoc; due: IsoDate }[] = [];
  let estimated = 0;
  cal.periods.forEach((per, i) => {
    const elM = el.months[i]!;
    const hotM = hot.months[i]!;
    const coldM = cold.months.find((m) => m.period === per);
    const lines: LineDoc[] = [];
    const elT = priceAt(p.tomskEl, per);
    lines.push({ service: 'el', zone: 'T', quantity: elM.volume, tariff: elT, charged: charge(elM.volume, elT).charged, meter: '011073157', reading_prev: fixed2(elM.prev), reading_curr: fixed2(elM.curr) });
    const heatT = priceAt(p.heat, per);
    lines.push({ service: 'heat', quantity: heatQuantity, tariff: heatT, charged: charge(heatQuantity, heatT).charged, description: 'Отопление (1/12), 0,0280 Гкал на м²' });
    const coldT = priceAt(p.cold, per);
    if (coldM) {
      coldHistory.push({ period: per, volume: coldM.volume, method: 'meter' });
      lines.push({ service: 'cw', quantity: coldM.volume, tariff: coldT, charged: charge(coldM.volume, coldT).charged, meter: '927210', reading_prev: fixed2(coldM.prev), reading_curr: fixed2(coldM.curr) });
    } else if (estimated < 3) {
      // DOMAIN.md: the average of the billed months for up to 3 periods, then the normative
      estimated++;
      const avg = averageMonthlyVolume(coldHistory, per)!.volume;
      lines.push({ service: 'cw', method: 'average', quantity: avg, tariff: coldT, charged: charge(avg, coldT).charged, description: 'Холодная вода: поверка прибора учёта истекла, по среднему' });
    } else {
      const norm = decimalToPlain(normativeVolume('4.9', { kind: 'per_resident', residents }));
      lines.push({ service: 'cw', method: 'norm', quantity: norm, tariff: coldT, charged: charge(norm, coldT).charged, description: 'Холодная вода: по нормативу' });
    }
    const hotT = priceAt(p.hot, per);
    lines.push({ service: 'hw', quantity: hotM.volume, tariff: hotT, charged: charge(hotM.volume, hotT).charged, meter: '517480', reading_prev: fixed2(hotM.prev), reading_curr: fixed2(hotM.curr) });
    const bill: BillDoc = { number: `700100103492-${per.replace('-', '')}`, date: billDate(per), period: per, type: 'bill', lines };
    billsA.push(bill);
    const byContract = (codes: string[]) => sum(lines.filter((l) => codes.includes(l.service)).map(lineKop));
    if (per < unpaidFrom) {
      const date = dayOfPeriod(addMonths(per, 1), rnd.int(8, 14));
      const allocations = [
        { contract: 'ЭС-700100103492', amount: money(byContract(['el'])) },
        { contract: 'ТС-878100103492', amount: money(byContract(['heat'])) },
        { contract: 'ВК-880100103492', amount: money(byContract(['cw', 'hw'])) },
      ];
      paymentsA.push({ ref: `tomsk-epd-${per}`, date, amount: money(billKop(bill)), place: 'ТОМСКОЕ ОТДЕЛЕНИЕ №8616 ПАО СБЕРБАНК', channel: 'bank', allocations });
    } else {
      unpaid.push({ bill, due: residentialDue(per) });
    }
  });
  // a token payment in the months of debt (as in seed 002: "Оплачено 4,00")
  paymentsA.push({ ref: `tomsk-epd-${unpaidFrom}-partial`, date: dayOfPeriod(addMonths(unpaidFrom, 1), 20), amount: '4.00', place: 'Почта России', channel: 'post', allocations: [{ contract: 'ТС-878100103492', amount: '4.00' }] });
  // penalties printed on the latest bill for the overdue ones, per service (shown apart: "в т.ч. пени")
  const latest = billsA[billsA.length - 1]!;
  for (const l of latest.lines) {
    const owed = unpaid.map((u) => ({ due: u.due, kop: sum(u.bill.lines.filter((x) => x.service === l.service).map(lineKop)) }));
    const pen = sum(owed.map((o) => penaltyKop(o.kop, o.due, latest.date)));
    if (pen > 0) l.penalty = money(pen);
  }

  const accountA: AccountDoc = {
    number: '700100103492', supplier: 'tomsk', customer: 'tomsk-malashta', address, area, heated_area: area, residents, registered_residents: 1, bind_code: '731946',
    opening_balance: { date: firstDayOf(cal.first), amount: '0.00' },
    contracts: [
      {
        number: 'ЭС-700100103492', date: '2009-03-01', valid_from: '2009-03-01', subject: 'электроснабжение',
        services: [{ code: 'el', kind: 'electricity', name: 'Электроэнергия', method: 'meter', zones: ['T'], tariff_plan: 'tomsk-el-city', norm: '100', norm_name: 'газовая плита' }],
        contract_values: [],
      },
      {
        number: 'ТС-878100103492', date: '2012-10-01', valid_from: '2012-10-01', subject: 'теплоснабжение',
        services: [{ code: 'heat', kind: 'heating', name: 'Отопление', method: 'norm_per_area', zones: ['T'], tariff_plan: 'tomskrts-heat', norm: '0.028', norm_name: 'Отопление (Клов), 0,028 Гкал на м²', supplier: 'tomskrts' }],
        contract_values: [],
      },
      {
        number: 'ВК-880100103492', date: '2012-10-01', valid_from: '2012-10-01', subject: 'холодное и горячее водоснабжение',
        services: [
          { code: 'cw', kind: 'cold_water', name: 'Холодная вода', method: 'meter', zones: ['T'], tariff_plan: 'tomskvoda-cold', norm: '4.9', norm_name: 'холодное водоснабжение', supplier: 'tomskvoda' },
          { code: 'hw', kind: 'hot_water', name: 'Горячая вода', method: 'meter', zones: ['T'], tariff_plan: 'tomskvoda-hot', norm: '3.6', norm_name: 'горячее водоснабжение', supplier: 'tomskvoda' },
        ],
        contract_values: [],
      },
    ],
    meters: [
      { serial: '011073157', model: 'Меркурий 201.5', service: 'el', installed: '2015-06-10', verification_due: `${cal.year + 6}-06-10`, digits: 5, decimals: 1, ratio: 1, point: address, registers: [{ zone: 'T', readings: readingsOf('24310', el.initialDate, el.months, cal.first) }] },
      { serial: '927210', model: 'СГВ-15', service: 'cw', installed: '2017-07-05', verification_due: coldDue, digits: 5, decimals: 3, ratio: 1, point: 'ванная', registers: [{ zone: 'T', readings: readingsOf('12', cold.initialDate, cold.months, cal.first) }] },
      { serial: '517480', model: 'СГВ-15 (горячая)', service: 'hw', installed: '2017-07-05', verification_due: '2099-01-01', digits: 5, decimals: 3, ratio: 1, point: 'ванная', registers: [{ zone: 'T', readings: readingsOf('54', hot.initialDate, hot.months, cal.first) }] },
    ],
    bills: billsA,
    payments: paymentsA,
  };

  // ---- B: a flat in Tomsk with a two-zone meter, paid a little ahead (an overpayment)
  const rndB = new Prng('tomsk-b');
  const day = meterMonths(cal, '15230', cal.periods.map((per) => seasonal(rndB, per, 180, 0.3, 20)), rndB);
  const night = meterMonths(cal, '8120', cal.periods.map((per) => seasonal(rndB, per, 90, 0.25, 10)), rndB);
  const billsB: BillDoc[] = [];
  const paymentsB: PaymentDoc[] = [];
  cal.periods.forEach((per, i) => {
    const d = day.months[i]!;
    const n = night.months[i]!;
    const t1 = priceAt(p.tomsk2, per, 'T1');
    const t2 = priceAt(p.tomsk2, per, 'T2');
    const lines: LineDoc[] = [
      { service: 'el', zone: 'T1', quantity: d.volume, tariff: t1, charged: charge(d.volume, t1).charged, meter: '36125478', reading_prev: fixed2(d.prev), reading_curr: fixed2(d.curr), description: 'день (Т1)' },
      { service: 'el', zone: 'T2', quantity: n.volume, tariff: t2, charged: charge(n.volume, t2).charged, meter: '36125478', reading_prev: fixed2(n.prev), reading_curr: fixed2(n.curr), description: 'ночь (Т2)' },
    ];
    const bill: BillDoc = { number: `800200112233-${per.replace('-', '')}`, date: billDate(per), period: per, type: 'bill', lines };
    billsB.push(bill);
    const date = dayOfPeriod(addMonths(per, 1), rndB.int(5, 12));
    if (date <= cal.today) {
      // the last payment rounds up by 2 000 ₽ "ahead": the account ends with an overpayment
      const amount = billKop(bill) + (per === cal.last ? 200_000 : 0);
      paymentsB.push({ ref: `tomsk-online-${per}-112233`, date, amount: money(amount), place: 'Личный кабинет', channel: 'online', allocations: [{ contract: '112233', amount: money(amount) }] });
    }
  });
  const nextMonths = Array.from({ length: 6 }, (_, i) => addMonths(cal.last, i + 1));
  const accountB: AccountDoc = {
    number: '800200112233', supplier: 'tomsk', customer: 'tomsk-malashta', address: '634050, г. Томск, пр. Ленина, д. 40, кв. 12', area: '48.3', residents: 2, bind_code: '582047',
    opening_balance: { date: firstDayOf(cal.first), amount: '0.00' },
    contracts: [
      {
        number: '112233', date: '2016-04-01', valid_from: '2016-04-01', subject: 'электроснабжение',
        services: [{ code: 'el', kind: 'electricity', name: 'Электроэнергия', method: 'meter', zones: ['T1', 'T2'], tariff_plan: 'tomsk-el-2zone' }],
        contract_values: nextMonths.map((month) => ({ service: 'el', month, volume: String(seasonal(new Prng(month), month, 270, 0.3, 0)) })),
      },
    ],
    meters: [
      {
        serial: '36125478', model: 'Меркурий 200.02 (двухтарифный)', service: 'el', installed: '2016-04-01', verification_due: `${cal.year + 2}-04-01`, digits: 6, decimals: 1, ratio: 1,
        point: 'г. Томск, пр. Ленина, д. 40, кв. 12',
        registers: [
          { zone: 'T1', label: 'T1 (день)', readings: readingsOf('15230', day.initialDate, day.months, cal.first) },
          { zone: 'T2', label: 'T2 (ночь)', readings: readingsOf('8120', night.initialDate, night.months, cal.first) },
        ],
      },
    ],
    bills: billsB,
    payments: paymentsB,
  };

  // ---- C: the mother's house, without a meter (normative per resident), linked as a representative
  const rndC = new Prng('tomsk-c');
  const normVolume = decimalToPlain(normativeVolume('90', { kind: 'per_resident', residents: 2 }));
  const billsC: BillDoc[] = [];
  const paymentsC: PaymentDoc[] = [];
  cal.periods.forEach((per) => {
    const t = priceAt(p.tomskEl, per);
    const bill: BillDoc = { number: `800200445566-${per.replace('-', '')}`, date: billDate(per), period: per, type: 'bill', lines: [{ service: 'el', quantity: normVolume, tariff: t, charged: charge(normVolume, t).charged }] };
    billsC.push(bill);
    const date = dayOfPeriod(addMonths(per, 1), rndC.int(9, 14));
    if (date <= cal.today) paymentsC.push({ ref: `tomsk-post-${per}-445566`, date, amount: money(billKop(bill)), place: 'Почта России', channel: 'post', allocations: [{ contract: '445566', amount: money(billKop(bill)) }] });
  });
  const accountC: AccountDoc = {
    number: '800200445566', supplier: 'tomsk', customer: 'tomsk-malashta-mother', address: '634583, Томская обл., Томский р-н, Октябрьское с., Садовая ул., д.4', area: '54.0', residents: 2, bind_code: '904418',
    opening_balance: { date: firstDayOf(cal.first), amount: '0.00' },
    contracts: [{ number: '445566', date: '1998-09-01', valid_from: '1998-09-01', services: [{ code: 'el', kind: 'electricity', name: 'Электроэнергия', method: 'norm_per_resident', zones: ['T'], tariff_plan: 'tomsk-el-city', norm: '90', norm_name: 'газовая плита, 2 человека' }] }],
    bills: billsC,
    payments: paymentsC,
  };
  return {
    customer: { ref: 'tomsk-malashta', kind: 'person', last_name: 'Малашта', first_name: 'Светлана', middle_name: 'Михайловна', birth_date: '1975-03-14', gender: 'female', passport: '6905 412345', phone: '+7 913 800-11-22', email: 'malashta@example.ru', address },
    accounts: [accountA, accountB, accountC],
  };
}

/** Business month: 30 % and 40 % advances of the contracted volume's cost, then the invoice for the actual volume. */
function business(
  cal: DemoCalendar,
  o: { rnd: Prng; number: string; contract: string; rates: Rate[]; meter: string; ratio: string; start: string; base: number; advances: boolean; docPrefix: string },
): { months: MeterMonth[]; initialDate: IsoDate; bills: BillDoc[]; payments: PaymentDoc[]; values: { service: string; month: Period; volume: string }[] } {
  const { rnd } = o;
  const registerAdvances = cal.periods.map((per) => seasonal(rnd, per, o.base, 0.2, Math.round(o.base * 0.05)));
  const { initialDate, months } = meterMonths(cal, o.start, registerAdvances, rnd, o.ratio);
  const bills: BillDoc[] = [];
  const payments: PaymentDoc[] = [];
  const values: { service: string; month: Period; volume: string }[] = [];
  const cur = addMonths(cal.last, 1);
  const allMonths = [...cal.periods, cur, addMonths(cur, 1)];
  for (const per of allMonths) {
    // the contracted volume: the planned register advance × ratio, rounded to 100 kWh
    const planned = Math.round((seasonal(new Prng(`${o.number}-${per}`), per, o.base, 0.2, 0) * Number(o.ratio)) / 100) * 100;
    values.push({ service: 'el', month: per, volume: String(planned) });
  }
  const pay = (ref: string, date: IsoDate, kop: Kopecks) => {
    if (date <= cal.today && kop > 0) payments.push({ ref, date, amount: money(kop), place: 'ПАО Сбербанк, платёжное поручение', channel: 'bank', allocations: [{ contract: o.contract, amount: money(kop) }] });
  };
  const tag = (per: Period) => per.replace('-', '');
  for (const per of [...cal.periods, cur]) {
    const tariff = priceAt(o.rates, per);
    let advancesKop = 0;
    if (o.advances) {
      const volume = values.find((v) => v.month === per)!.volume;
      for (const [part, percent, day, due] of [[1, '0.3', 1, 10], [2, '0.4', 16, 25]] as const) {
        const date = dayOfPeriod(per, day);
        if (date > cal.today) continue;
        const quantity = decimalToPlain(mulDecimal(volume, percent));
        const c = charge(quantity, tariff, '20');
        bills.push({
          number: `${o.docPrefix}-А${part}-${tag(per)}`, date, period: per, type: 'advance', due_date: dayOfPeriod(per, due),
          lines: [{ service: 'el', quantity, tariff, charged: c.charged, vat: c.vat, description: `Авансовый платёж ${part === 1 ? '30' : '40'} % договорного объёма` }],
        });
        pay(`${o.docPrefix}-pp-${tag(per)}-${part}`, dayOfPeriod(per, due - rnd.int(1, 3)), c.kop);
        advancesKop += c.kop;
      }
    }
    const m = months.find((x) => x.period === per);
    if (!m) continue;
    const c = charge(m.volume, tariff, '20');
    bills.push({
      number: `${o.docPrefix}-СФ-${tag(per)}`, date: lastDayOf(per), period: per, type: 'invoice',
      lines: [{ service: 'el', quantity: m.volume, tariff, charged: c.charged, vat: c.vat, meter: o.meter, reading_prev: fixed2(m.prev), reading_curr: fixed2(m.curr), description: 'Электрическая энергия' }],
    });
    // the rest of the actual cost by the 18th of the next month
    pay(`${o.docPrefix}-pp-${tag(per)}-3`, dayOfPeriod(addMonths(per, 1), 18 - rnd.int(0, 4)), c.kop - advancesKop);
  }
  return { months, initialDate, bills, payments, values };
}

function bryansk(cal: DemoCalendar, p: Plans): { customer: Doc['customers'][number]; accounts: AccountDoc[] } {
  const branches = [
    { number: '3200000001', contract: '1000123/01', branch: null, address: '241035, г. Брянск, ул. Ульянова, д. 26', meter: '0812345601', base: 420, start: '18250' },
    { number: '3200000002', contract: '1000123/02', branch: 'Филиал "Сельцо"', address: '241550, Брянская обл., г. Сельцо, ул. Кирова, д. 1', meter: '0812345602', base: 260, start: '9240' },
  ];
  const accounts = branches.map((b): AccountDoc => {
    const h = business(cal, { rnd: new Prng(b.number), number: b.number, contract: b.contract, rates: p.bryansk, meter: b.meter, ratio: '30', start: b.start, base: b.base, advances: true, docPrefix: b.contract });
    return {
      number: b.number, supplier: 'bryansk', customer: 'bryansk-stanok', address: b.address, bind_code: b.number.slice(-6),
      opening_balance: { date: firstDayOf(cal.first), amount: '0.00' },
      contracts: [{ number: b.contract, date: '2015-01-01', valid_from: '2015-01-01', subject: 'энергоснабжение', branch: b.branch, services: [{ code: 'el', kind: 'electricity', name: 'Электрическая энергия', method: 'meter', zones: ['T'], tariff_plan: 'bryansk-business-3' }], contract_values: h.values }],
      meters: [{ serial: b.meter, model: 'Меркурий 230 ART-03', service: 'el', installed: '2015-01-01', verification_due: `${cal.year + 5}-01-01`, digits: 6, decimals: 2, ratio: 30, point: `ТП-${b.number.slice(-2)}, ввод 0,4 кВ`, registers: [{ zone: 'T', readings: readingsOf(b.start, h.initialDate, h.months, cal.first) }] }],
      bills: h.bills,
      payments: h.payments,
    };
  });
  return {
    customer: { ref: 'bryansk-stanok', kind: 'organisation', name: 'АО "Брянский станкостроительный завод"', inn: '3250512346', kpp: '325701001', partner_code: '1000123', address: '241035, г. Брянск, ул. Ульянова, д. 26', phone: '+7 4832 41-00-00', email: 'bryansk@example.ru' },
    accounts,
  };
}

function kemerovo(cal: DemoCalendar, p: Plans): { customer: Doc['customers'][number]; account: AccountDoc } {
  const h = business(cal, { rnd: new Prng('kemerovo'), number: '4200000001', contract: '0001с', rates: p.eskk, meter: '108008060', ratio: '40', start: '4210', base: 260, advances: false, docPrefix: '0001с' });
  // a corrective invoice: six months ago the inspector found 25 register units less than the customer had reported
  const target = h.bills.find((b) => b.type === 'invoice' && b.period === addMonths(cal.last, -6))!;
  const tariff = target.lines[0]!.tariff!;
  const c = charge('-1000', tariff, '20');
  const correction: BillDoc = {
    number: `0001с-КСФ-${target.period.replace('-', '')}`, date: dayOfPeriod(addMonths(target.period, 2), 5), period: target.period, type: 'correction', corrects: target.number,
    lines: [{ service: 'el', quantity: '-1000', tariff, charged: c.charged, vat: c.vat, description: 'Корректировка объёма по акту контрольного снятия показаний' }],
  };
  h.bills.push(correction);
  // the payment after the correction is smaller by its amount: the credit is used up
  const after = h.payments.find((x) => x.date > correction.date);
  if (after) {
    const amount = parseMoney(after.amount) + c.kop;
    after.amount = money(amount);
    after.allocations = [{ contract: '0001с', amount: money(amount) }];
  }
  return {
    customer: { ref: 'kemerovo-hleb', kind: 'organisation', name: 'ООО "Кузнецкий хлеб"', inn: '4205000000', kpp: '420501001', address: '650000, г. Кемерово, ул. Терешковой, д. 41', phone: '+7 3842 45-00-00', email: 'kuzbass@example.ru' },
    account: {
      number: '4200000001', supplier: 'eskk', customer: 'kemerovo-hleb', address: '650000, г. Кемерово, ул. Терешковой, д. 41, цех №2', bind_code: '420001',
      opening_balance: { date: firstDayOf(cal.first), amount: '0.00' },
      contracts: [{ number: '0001с', date: '2012-02-01', valid_from: '2012-02-01', subject: 'энергоснабжение', services: [{ code: 'el', kind: 'electricity', name: 'Электрическая энергия', method: 'meter', zones: ['T'], tariff_plan: 'eskk-business-1' }], contract_values: h.values }],
      meters: [{ serial: '108008060', model: 'СКАТ 101Э/1-3 ШР1', service: 'el', installed: '2012-02-01', verification_due: `${cal.year + 3}-02-01`, digits: 6, decimals: 2, ratio: 40, point: 'ТП-1204, РУ-0,4 кВ, ввод 1 (ТТ 200/5)', registers: [{ zone: 'T', readings: readingsOf('4210', h.initialDate, h.months, cal.first) }] }],
      bills: h.bills,
      payments: h.payments,
    },
  };
}

/** The whole demo dataset for `today` ('YYYY-MM-DD'). */
export function buildDemoDataset(today: IsoDate): Doc {
  const cal = demoCalendar(today);
  const p = plans(cal);
  const k = komi(cal, p);
  const t = tomsk(cal, p);
  const b = bryansk(cal, p);
  const e = kemerovo(cal, p);
  return {
    suppliers: suppliers(),
    key_rates: [],
    tariff_plans: tariffPlans(p),
    customers: [k.customer, t.customer, { ref: 'tomsk-malashta-mother', kind: 'person', last_name: 'Малашта', first_name: 'Галина', middle_name: 'Петровна', birth_date: '1949-11-02', gender: 'female' }, b.customer, e.customer],
    accounts: [k.account, ...t.accounts, ...b.accounts, e.account],
    users: [
      { login: '110000001', password: password('110000001'), names: { last: 'Иванова', first: 'Мария', middle: 'Петровна' }, accounts: [{ number: '110000001', relation: 'owner' }] },
      {
        login: 'malashta@example.ru', password: password('malashta@example.ru'), names: { last: 'Малашта', first: 'Светлана', middle: 'Михайловна' }, phone: '+7 913 800-11-22',
        accounts: [{ number: '700100103492', relation: 'owner' }, { number: '800200112233', relation: 'owner' }, { number: '800200445566', relation: 'representative' }],
      },
      { login: 'bryansk@example.ru', password: password('bryansk@example.ru'), names: { last: 'Соколова', first: 'Ирина', middle: 'Викторовна' }, accounts: [{ number: '3200000001' }, { number: '3200000002' }] },
      { login: 'kuzbass@example.ru', password: password('kuzbass@example.ru'), names: { last: 'Петров', first: 'Алексей', middle: 'Николаевич' }, accounts: [{ number: '4200000001' }] },
      { login: 'support@example.ru', password: password('support@example.ru'), role: 'support', names: { last: 'Поддержка', first: 'Служба' } },
      { login: 'admin@example.ru', password: password('admin@example.ru'), role: 'admin', names: { last: 'Администратор', first: 'Портал' } },
    ],
  };
}
