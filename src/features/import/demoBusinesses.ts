// The business personas of the demo: Bryansk (two branches with advances) and Kemerovo (a corrective invoice).
import { decimalToPlain, mulDecimal } from '../../domain/decimal.js';
import { parseMoney, type Kopecks } from '../../domain/money.js';
import {
  addMonths,
  dayOfPeriod,
  firstDayOf,
  lastDayOf,
  type IsoDate,
  type Period,
} from '../../domain/periods.js';
import { Prng } from './prng.js';
import {
  charge,
  fixed2,
  meterMonths,
  money,
  priceAt,
  readingsOf,
  seasonal,
  type AccountDoc,
  type BillDoc,
  type DemoCalendar,
  type Doc,
  type MeterMonth,
  type PaymentDoc,
  type Plans,
  type Rate,
} from './demoKit.js';

/** Business month: 30 % and 40 % advances of the contracted volume's cost, then the invoice for the actual volume. */
function business(
  cal: DemoCalendar,
  o: {
    rnd: Prng;
    number: string;
    contract: string;
    rates: Rate[];
    meter: string;
    ratio: string;
    start: string;
    base: number;
    advances: boolean;
    docPrefix: string;
  },
): {
  months: MeterMonth[];
  initialDate: IsoDate;
  bills: BillDoc[];
  payments: PaymentDoc[];
  values: { service: string; month: Period; volume: string }[];
} {
  const { rnd } = o;
  const registerAdvances = cal.periods.map((per) =>
    seasonal(rnd, per, o.base, 0.2, Math.round(o.base * 0.05)),
  );
  const { initialDate, months } = meterMonths(cal, o.start, registerAdvances, rnd, o.ratio);
  const bills: BillDoc[] = [];
  const payments: PaymentDoc[] = [];
  const values: { service: string; month: Period; volume: string }[] = [];
  const cur = addMonths(cal.last, 1);
  const allMonths = [...cal.periods, cur, addMonths(cur, 1)];
  for (const per of allMonths) {
    // the contracted volume: the planned register advance × ratio, rounded to 100 kWh
    const planned =
      Math.round((seasonal(new Prng(`${o.number}-${per}`), per, o.base, 0.2, 0) * Number(o.ratio)) / 100) *
      100;
    values.push({ service: 'el', month: per, volume: String(planned) });
  }
  const pay = (ref: string, date: IsoDate, kop: Kopecks) => {
    if (date <= cal.today && kop > 0)
      payments.push({
        ref,
        date,
        amount: money(kop),
        place: 'ПАО Сбербанк, платёжное поручение',
        channel: 'bank',
        allocations: [{ contract: o.contract, amount: money(kop) }],
      });
  };
  const tag = (per: Period) => per.replace('-', '');
  for (const per of [...cal.periods, cur]) {
    const tariff = priceAt(o.rates, per);
    let advancesKop = 0;
    if (o.advances) {
      const volume = values.find((v) => v.month === per)!.volume;
      for (const [part, percent, day, due] of [
        [1, '0.3', 1, 10],
        [2, '0.4', 16, 25],
      ] as const) {
        const date = dayOfPeriod(per, day);
        if (date > cal.today) continue;
        const quantity = decimalToPlain(mulDecimal(volume, percent));
        const c = charge(quantity, tariff);
        bills.push({
          number: `${o.docPrefix}-А${part}-${tag(per)}`,
          date,
          period: per,
          type: 'advance',
          due_date: dayOfPeriod(per, due),
          lines: [
            {
              service: 'el',
              quantity,
              tariff,
              charged: c.charged,
              description: `Авансовый платёж ${part === 1 ? '30' : '40'} % договорного объёма`,
            },
          ],
        });
        pay(`${o.docPrefix}-pp-${tag(per)}-${part}`, dayOfPeriod(per, due - rnd.int(1, 3)), c.kop);
        advancesKop += c.kop;
      }
    }
    const m = months.find((x) => x.period === per);
    if (!m) continue;
    const c = charge(m.volume, tariff);
    bills.push({
      number: `${o.docPrefix}-СФ-${tag(per)}`,
      date: lastDayOf(per),
      period: per,
      type: 'invoice',
      lines: [
        {
          service: 'el',
          quantity: m.volume,
          tariff,
          charged: c.charged,
          meter: o.meter,
          reading_prev: fixed2(m.prev),
          reading_curr: fixed2(m.curr),
          description: 'Электрическая энергия',
        },
      ],
    });
    // the rest of the actual cost by the 18th of the next month
    pay(
      `${o.docPrefix}-pp-${tag(per)}-3`,
      dayOfPeriod(addMonths(per, 1), 18 - rnd.int(0, 4)),
      c.kop - advancesKop,
    );
  }
  return { months, initialDate, bills, payments, values };
}

export function bryansk(
  cal: DemoCalendar,
  p: Plans,
): { customer: Doc['customers'][number]; accounts: AccountDoc[] } {
  const branches = [
    {
      number: '3200000001',
      contract: '1000123/01',
      branch: null,
      address: '241035, г. Брянск, ул. Ульянова, д. 26',
      meter: '0812345601',
      base: 420,
      start: '18250',
    },
    {
      number: '3200000002',
      contract: '1000123/02',
      branch: 'Филиал "Сельцо"',
      address: '241550, Брянская обл., г. Сельцо, ул. Кирова, д. 1',
      meter: '0812345602',
      base: 260,
      start: '9240',
    },
  ];
  const accounts = branches.map((b): AccountDoc => {
    const h = business(cal, {
      rnd: new Prng(b.number),
      number: b.number,
      contract: b.contract,
      rates: p.bryansk,
      meter: b.meter,
      ratio: '30',
      start: b.start,
      base: b.base,
      advances: true,
      docPrefix: b.contract,
    });
    return {
      number: b.number,
      supplier: 'bryansk',
      customer: 'bryansk-stanok',
      address: b.address,
      bind_code: b.number.slice(-6),
      opening_balance: { date: firstDayOf(cal.first), amount: '0.00' },
      contracts: [
        {
          number: b.contract,
          date: '2015-01-01',
          valid_from: '2015-01-01',
          subject: 'энергоснабжение',
          branch: b.branch,
          services: [
            {
              code: 'el',
              kind: 'electricity',
              name: 'Электрическая энергия',
              method: 'meter',
              zones: ['T'],
              tariff_plan: 'bryansk-business-3',
            },
          ],
          contract_values: h.values,
        },
      ],
      meters: [
        {
          serial: b.meter,
          model: 'Меркурий 230 ART-03',
          service: 'el',
          installed: '2015-01-01',
          verification_due: `${cal.year + 5}-01-01`,
          digits: 6,
          decimals: 2,
          ratio: 30,
          point: `ТП-${b.number.slice(-2)}, ввод 0,4 кВ`,
          registers: [{ zone: 'T', readings: readingsOf(b.start, h.initialDate, h.months, cal.first) }],
        },
      ],
      bills: h.bills,
      payments: h.payments,
    };
  });
  return {
    customer: {
      ref: 'bryansk-stanok',
      kind: 'organisation',
      name: 'АО "Брянский станкостроительный завод"',
      inn: '3250512342',
      kpp: '325701001',
      partner_code: '1000123',
      address: '241035, г. Брянск, ул. Ульянова, д. 26',
      phone: '+7 4832 41-00-00',
      email: 'bryansk@example.ru',
    },
    accounts,
  };
}

export function kemerovo(
  cal: DemoCalendar,
  p: Plans,
): { customer: Doc['customers'][number]; account: AccountDoc } {
  const h = business(cal, {
    rnd: new Prng('kemerovo'),
    number: '4200000001',
    contract: '0001с',
    rates: p.eskk,
    meter: '108008060',
    ratio: '40',
    start: '4210',
    base: 260,
    advances: false,
    docPrefix: '0001с',
  });
  // a corrective invoice: six months ago the inspector found 25 register units less than the customer had reported
  const target = h.bills.find((b) => b.type === 'invoice' && b.period === addMonths(cal.last, -6))!;
  const tariff = target.lines[0]!.tariff!;
  const c = charge('-1000', tariff);
  const correction: BillDoc = {
    number: `0001с-КСФ-${target.period.replace('-', '')}`,
    date: dayOfPeriod(addMonths(target.period, 2), 5),
    period: target.period,
    type: 'correction',
    corrects: target.number,
    lines: [
      {
        service: 'el',
        quantity: '-1000',
        tariff,
        charged: c.charged,
        description: 'Корректировка объёма по акту контрольного снятия показаний',
      },
    ],
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
    customer: {
      ref: 'kemerovo-hleb',
      kind: 'organisation',
      name: 'ООО "Кузнецкий хлеб"',
      inn: '4205000009',
      kpp: '420501001',
      address: '650000, г. Кемерово, ул. Терешковой, д. 41',
      phone: '+7 3842 45-00-00',
      email: 'kuzbass@example.ru',
    },
    account: {
      number: '4200000001',
      supplier: 'eskk',
      customer: 'kemerovo-hleb',
      address: '650000, г. Кемерово, ул. Терешковой, д. 41, цех №2',
      bind_code: '420001',
      opening_balance: { date: firstDayOf(cal.first), amount: '0.00' },
      contracts: [
        {
          number: '0001с',
          date: '2012-02-01',
          valid_from: '2012-02-01',
          subject: 'энергоснабжение',
          services: [
            {
              code: 'el',
              kind: 'electricity',
              name: 'Электрическая энергия',
              method: 'meter',
              zones: ['T'],
              tariff_plan: 'eskk-business-1',
            },
          ],
          contract_values: h.values,
        },
      ],
      meters: [
        {
          serial: '108008060',
          model: 'СКАТ 101Э/1-3 ШР1',
          service: 'el',
          installed: '2012-02-01',
          verification_due: `${cal.year + 3}-02-01`,
          digits: 6,
          decimals: 2,
          ratio: 40,
          point: 'ТП-1204, РУ-0,4 кВ, ввод 1 (ТТ 200/5)',
          registers: [{ zone: 'T', readings: readingsOf('4210', h.initialDate, h.months, cal.first) }],
        },
      ],
      bills: h.bills,
      payments: h.payments,
    },
  };
}
