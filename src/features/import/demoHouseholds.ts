// The household personas of the demo: Komi (one account, a meter) and Tomsk (three accounts, ЕПД, debt and penalties).
import { decimalToPlain } from '../../domain/decimal.js';
import { addMonths, dayOfPeriod, firstDayOf, type IsoDate } from '../../domain/periods.js';
import { averageMonthlyVolume, normativeVolume, type BilledMonth } from '../../domain/volumes.js';
import { Prng } from './prng.js';
import {
  billDate,
  billKop,
  charge,
  lineKop,
  sum,
  fixed2,
  meterMonths,
  money,
  priceAt,
  readingsOf,
  residentialDue,
  seasonal,
  type AccountDoc,
  type BillDoc,
  type DemoCalendar,
  type Doc,
  type LineDoc,
  type PaymentDoc,
  type Plans,
} from './demoKit.js';

export function komi(
  cal: DemoCalendar,
  p: Plans,
): { customer: Doc['customers'][number]; account: AccountDoc } {
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
      number: `37065432-${40 + i}`,
      date: billDate(m.period),
      period: m.period,
      type: 'bill',
      lines: [
        {
          service: 'el',
          zone: 'T',
          quantity: m.volume,
          tariff,
          charged: c.charged,
          meter: serial,
          reading_prev: fixed2(m.prev),
          reading_curr: fixed2(m.curr),
        },
      ],
    });
    const paid = dayOfPeriod(addMonths(m.period, 1), rnd.int(7, 12));
    if (paid <= cal.today) {
      payments.push({
        ref: `komi-sber-${m.period}-8617`,
        date: paid,
        amount: c.charged,
        place: 'Сбербанк, Коми отделение № 8617',
        channel: 'bank',
        allocations: [{ contract: '37065432', amount: c.charged }],
      });
    }
  });
  const nextYear = addMonths(cal.last, 1);
  return {
    customer: {
      ref: 'komi-ivanova',
      kind: 'person',
      last_name: 'Иванова',
      first_name: 'Мария',
      middle_name: 'Петровна',
      birth_date: '1958-05-12',
      gender: 'female',
      passport: '8701 123456',
      phone: '+7 912 100-20-30',
    },
    account: {
      number: '110000001',
      supplier: 'komi',
      customer: 'komi-ivanova',
      address: 'Сыктывкар, Петрозаводская д.56 кв. 38',
      area: '60.6',
      residents: 1,
      bind_code: '466305',
      pin: '58314',
      opening_balance: { date: firstDayOf(cal.first), amount: '0.00' },
      contracts: [
        {
          number: '37065432',
          date: '1996-01-01',
          valid_from: '1996-01-01',
          subject: 'электроснабжение',
          branch: null,
          services: [
            {
              code: 'el',
              kind: 'electricity',
              name: 'электроэнергия',
              method: 'meter',
              zones: ['T'],
              tariff_plan: 'komi-gas-city',
              norm: '50',
              norm_name: 'газовая плита',
            },
          ],
          // ориентировочное потребление: the next 12 months
          contract_values: Array.from({ length: 12 }, (_, i) => addMonths(nextYear, i)).map((month) => ({
            service: 'el',
            month,
            volume: String(seasonal(new Prng(month), month, 150, 0.35, 0)),
          })),
        },
      ],
      meters: [
        {
          serial,
          model: 'СЕ101 S6 145 M6, Энергомера',
          service: 'el',
          installed: '2010-12-18',
          verification_due: `${cal.year + 4}-01-01`,
          digits: 6,
          decimals: 2,
          ratio: 1,
          point: 'Сыктывкар, Петрозаводская д.56 кв. 38',
          registers: [{ zone: 'T', readings: readingsOf(start, initialDate, months, cal.first) }],
        },
      ],
      bills,
      payments,
    },
  };
}

export function tomsk(
  cal: DemoCalendar,
  p: Plans,
): { customer: Doc['customers'][number]; accounts: AccountDoc[] } {
  const rnd = new Prng('tomsk');
  const address = '634583, Томская обл., Томский р-н, Октябрьское с., Ласточкина ул., д.13, кв.11';
  const area = '60.6';
  const residents = 1;

  // ---- A: the single payment document (ЕПД): electricity by meter, heating by area, water by meters
  const el = meterMonths(
    cal,
    '24310',
    cal.periods.map((per) => seasonal(rnd, per, 120, 0.3, 12)),
    rnd,
  );
  const hot = meterMonths(
    cal,
    '54',
    cal.periods.map(() => rnd.int(2, 4)),
    rnd,
  );
  // the cold-water meter's verification ended four months before the last billed one: no readings since
  const coldDue = dayOfPeriod(addMonths(cal.last, -3), 5);
  const coldPeriods = cal.periods.filter((per) => dayOfPeriod(per, 25) < coldDue);
  const cold = meterMonths(
    cal,
    '12',
    coldPeriods.map(() => rnd.int(3, 5)),
    rnd,
    '1',
    coldPeriods,
  );
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
    lines.push({
      service: 'el',
      zone: 'T',
      quantity: elM.volume,
      tariff: elT,
      charged: charge(elM.volume, elT).charged,
      meter: '011073157',
      reading_prev: fixed2(elM.prev),
      reading_curr: fixed2(elM.curr),
    });
    const heatT = priceAt(p.heat, per);
    lines.push({
      service: 'heat',
      quantity: heatQuantity,
      tariff: heatT,
      charged: charge(heatQuantity, heatT).charged,
      description: 'Отопление (1/12), 0,0280 Гкал на м²',
    });
    const coldT = priceAt(p.cold, per);
    if (coldM) {
      coldHistory.push({ period: per, volume: coldM.volume, method: 'meter' });
      lines.push({
        service: 'cw',
        quantity: coldM.volume,
        tariff: coldT,
        charged: charge(coldM.volume, coldT).charged,
        meter: '927210',
        reading_prev: fixed2(coldM.prev),
        reading_curr: fixed2(coldM.curr),
      });
    } else if (estimated < 3) {
      // DOMAIN.md: the average of the billed months for up to 3 periods, then the normative
      estimated++;
      const avg = averageMonthlyVolume(coldHistory, per)!.volume;
      lines.push({
        service: 'cw',
        method: 'average',
        quantity: avg,
        tariff: coldT,
        charged: charge(avg, coldT).charged,
        description: 'Холодная вода: поверка прибора учёта истекла, по среднему',
      });
    } else {
      const norm = decimalToPlain(normativeVolume('4.9', { kind: 'per_resident', residents }));
      lines.push({
        service: 'cw',
        method: 'norm',
        quantity: norm,
        tariff: coldT,
        charged: charge(norm, coldT).charged,
        description: 'Холодная вода: по нормативу',
      });
    }
    const hotT = priceAt(p.hot, per);
    lines.push({
      service: 'hw',
      quantity: hotM.volume,
      tariff: hotT,
      charged: charge(hotM.volume, hotT).charged,
      meter: '517480',
      reading_prev: fixed2(hotM.prev),
      reading_curr: fixed2(hotM.curr),
    });
    const bill: BillDoc = {
      number: `700100103492-${per.replace('-', '')}`,
      date: billDate(per),
      period: per,
      type: 'bill',
      lines,
    };
    billsA.push(bill);
    const byContract = (codes: string[]) => sum(lines.filter((l) => codes.includes(l.service)).map(lineKop));
    if (per < unpaidFrom) {
      const date = dayOfPeriod(addMonths(per, 1), rnd.int(8, 14));
      const allocations = [
        { contract: 'ЭС-700100103492', amount: money(byContract(['el'])) },
        { contract: 'ТС-878100103492', amount: money(byContract(['heat'])) },
        { contract: 'ВК-880100103492', amount: money(byContract(['cw', 'hw'])) },
      ];
      paymentsA.push({
        ref: `tomsk-epd-${per}`,
        date,
        amount: money(billKop(bill)),
        place: 'ТОМСКОЕ ОТДЕЛЕНИЕ №8616 ПАО СБЕРБАНК',
        channel: 'bank',
        allocations,
      });
    } else {
      unpaid.push({ bill, due: residentialDue(per) });
    }
  });
  // a token payment in the months of debt (as in seed 002: "Оплачено 4,00")
  paymentsA.push({
    ref: `tomsk-epd-${unpaidFrom}-partial`,
    date: dayOfPeriod(addMonths(unpaidFrom, 1), 20),
    amount: '4.00',
    place: 'Почта России',
    channel: 'post',
    allocations: [{ contract: 'ТС-878100103492', amount: '4.00' }],
  });
  // penalties: added to every household bill by the cabinet's ledger (demoPenalties.ts)

  const accountA: AccountDoc = {
    number: '700100103492',
    supplier: 'tomsk',
    customer: 'tomsk-malashta',
    address,
    area,
    heated_area: area,
    residents,
    registered_residents: 1,
    bind_code: '731946',
    opening_balance: { date: firstDayOf(cal.first), amount: '0.00' },
    contracts: [
      {
        number: 'ЭС-700100103492',
        date: '2009-03-01',
        valid_from: '2009-03-01',
        subject: 'электроснабжение',
        services: [
          {
            code: 'el',
            kind: 'electricity',
            name: 'Электроэнергия',
            method: 'meter',
            zones: ['T'],
            tariff_plan: 'tomsk-el-city',
            norm: '100',
            norm_name: 'газовая плита',
          },
        ],
        contract_values: [],
      },
      {
        number: 'ТС-878100103492',
        date: '2012-10-01',
        valid_from: '2012-10-01',
        subject: 'теплоснабжение',
        services: [
          {
            code: 'heat',
            kind: 'heating',
            name: 'Отопление',
            method: 'norm_per_area',
            zones: ['T'],
            tariff_plan: 'tomskrts-heat',
            norm: '0.028',
            norm_name: 'Отопление (Клов), 0,028 Гкал на м²',
            supplier: 'tomskrts',
          },
        ],
        contract_values: [],
      },
      {
        number: 'ВК-880100103492',
        date: '2012-10-01',
        valid_from: '2012-10-01',
        subject: 'холодное и горячее водоснабжение',
        services: [
          {
            code: 'cw',
            kind: 'cold_water',
            name: 'Холодная вода',
            method: 'meter',
            zones: ['T'],
            tariff_plan: 'tomskvoda-cold',
            norm: '4.9',
            norm_name: 'холодное водоснабжение',
            supplier: 'tomskvoda',
          },
          {
            code: 'hw',
            kind: 'hot_water',
            name: 'Горячая вода',
            method: 'meter',
            zones: ['T'],
            tariff_plan: 'tomskvoda-hot',
            norm: '3.6',
            norm_name: 'горячее водоснабжение',
            supplier: 'tomskvoda',
          },
        ],
        contract_values: [],
      },
    ],
    meters: [
      {
        serial: '011073157',
        model: 'Меркурий 201.5',
        service: 'el',
        installed: '2015-06-10',
        verification_due: `${cal.year + 6}-06-10`,
        digits: 5,
        decimals: 1,
        ratio: 1,
        point: address,
        registers: [{ zone: 'T', readings: readingsOf('24310', el.initialDate, el.months, cal.first) }],
      },
      {
        serial: '927210',
        model: 'СГВ-15',
        service: 'cw',
        installed: '2017-07-05',
        verification_due: coldDue,
        digits: 5,
        decimals: 3,
        ratio: 1,
        point: 'ванная',
        registers: [{ zone: 'T', readings: readingsOf('12', cold.initialDate, cold.months, cal.first) }],
      },
      {
        serial: '517480',
        model: 'СГВ-15 (горячая)',
        service: 'hw',
        installed: '2017-07-05',
        verification_due: '2099-01-01',
        digits: 5,
        decimals: 3,
        ratio: 1,
        point: 'ванная',
        registers: [{ zone: 'T', readings: readingsOf('54', hot.initialDate, hot.months, cal.first) }],
      },
    ],
    bills: billsA,
    payments: paymentsA,
  };

  // ---- B: a flat in Tomsk with a two-zone meter, paid a little ahead (an overpayment)
  const rndB = new Prng('tomsk-b');
  const day = meterMonths(
    cal,
    '15230',
    cal.periods.map((per) => seasonal(rndB, per, 180, 0.3, 20)),
    rndB,
  );
  const night = meterMonths(
    cal,
    '8120',
    cal.periods.map((per) => seasonal(rndB, per, 90, 0.25, 10)),
    rndB,
  );
  const billsB: BillDoc[] = [];
  const paymentsB: PaymentDoc[] = [];
  cal.periods.forEach((per, i) => {
    const d = day.months[i]!;
    const n = night.months[i]!;
    const t1 = priceAt(p.tomsk2, per, 'T1');
    const t2 = priceAt(p.tomsk2, per, 'T2');
    const lines: LineDoc[] = [
      {
        service: 'el',
        zone: 'T1',
        quantity: d.volume,
        tariff: t1,
        charged: charge(d.volume, t1).charged,
        meter: '36125478',
        reading_prev: fixed2(d.prev),
        reading_curr: fixed2(d.curr),
        description: 'день (Т1)',
      },
      {
        service: 'el',
        zone: 'T2',
        quantity: n.volume,
        tariff: t2,
        charged: charge(n.volume, t2).charged,
        meter: '36125478',
        reading_prev: fixed2(n.prev),
        reading_curr: fixed2(n.curr),
        description: 'ночь (Т2)',
      },
    ];
    const bill: BillDoc = {
      number: `800200112233-${per.replace('-', '')}`,
      date: billDate(per),
      period: per,
      type: 'bill',
      lines,
    };
    billsB.push(bill);
    const date = dayOfPeriod(addMonths(per, 1), rndB.int(5, 12));
    if (date <= cal.today) {
      // the last payment rounds up by 2 000 ₽ "ahead": the account ends with an overpayment
      const amount = billKop(bill) + (per === cal.last ? 200_000 : 0);
      paymentsB.push({
        ref: `tomsk-online-${per}-112233`,
        date,
        amount: money(amount),
        place: 'Личный кабинет',
        channel: 'online',
        allocations: [{ contract: '112233', amount: money(amount) }],
      });
    }
  });
  const nextMonths = Array.from({ length: 6 }, (_, i) => addMonths(cal.last, i + 1));
  const accountB: AccountDoc = {
    number: '800200112233',
    supplier: 'tomsk',
    customer: 'tomsk-malashta',
    address: '634050, г. Томск, пр. Ленина, д. 40, кв. 12',
    area: '48.3',
    residents: 2,
    bind_code: '582047',
    opening_balance: { date: firstDayOf(cal.first), amount: '0.00' },
    contracts: [
      {
        number: '112233',
        date: '2016-04-01',
        valid_from: '2016-04-01',
        subject: 'электроснабжение',
        services: [
          {
            code: 'el',
            kind: 'electricity',
            name: 'Электроэнергия',
            method: 'meter',
            zones: ['T1', 'T2'],
            tariff_plan: 'tomsk-el-2zone',
          },
        ],
        contract_values: nextMonths.map((month) => ({
          service: 'el',
          month,
          volume: String(seasonal(new Prng(month), month, 270, 0.3, 0)),
        })),
      },
    ],
    meters: [
      {
        serial: '36125478',
        model: 'Меркурий 200.02 (двухтарифный)',
        service: 'el',
        installed: '2016-04-01',
        verification_due: `${cal.year + 2}-04-01`,
        digits: 6,
        decimals: 1,
        ratio: 1,
        point: 'г. Томск, пр. Ленина, д. 40, кв. 12',
        registers: [
          {
            zone: 'T1',
            label: 'T1 (день)',
            readings: readingsOf('15230', day.initialDate, day.months, cal.first),
          },
          {
            zone: 'T2',
            label: 'T2 (ночь)',
            readings: readingsOf('8120', night.initialDate, night.months, cal.first),
          },
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
    const bill: BillDoc = {
      number: `800200445566-${per.replace('-', '')}`,
      date: billDate(per),
      period: per,
      type: 'bill',
      lines: [{ service: 'el', quantity: normVolume, tariff: t, charged: charge(normVolume, t).charged }],
    };
    billsC.push(bill);
    const date = dayOfPeriod(addMonths(per, 1), rndC.int(9, 14));
    if (date <= cal.today)
      paymentsC.push({
        ref: `tomsk-post-${per}-445566`,
        date,
        amount: money(billKop(bill)),
        place: 'Почта России',
        channel: 'post',
        allocations: [{ contract: '445566', amount: money(billKop(bill)) }],
      });
  });
  const accountC: AccountDoc = {
    number: '800200445566',
    supplier: 'tomsk',
    customer: 'tomsk-malashta-mother',
    address: '634583, Томская обл., Томский р-н, Октябрьское с., Садовая ул., д.4',
    area: '54.0',
    residents: 2,
    bind_code: '904418',
    opening_balance: { date: firstDayOf(cal.first), amount: '0.00' },
    contracts: [
      {
        number: '445566',
        date: '1998-09-01',
        valid_from: '1998-09-01',
        services: [
          {
            code: 'el',
            kind: 'electricity',
            name: 'Электроэнергия',
            method: 'norm_per_resident',
            zones: ['T'],
            tariff_plan: 'tomsk-el-city',
            norm: '90',
            norm_name: 'газовая плита, 2 человека',
          },
        ],
      },
    ],
    bills: billsC,
    payments: paymentsC,
  };
  return {
    customer: {
      ref: 'tomsk-malashta',
      kind: 'person',
      last_name: 'Малашта',
      first_name: 'Светлана',
      middle_name: 'Михайловна',
      birth_date: '1975-03-14',
      gender: 'female',
      passport: '6905 412345',
      phone: '+7 913 800-11-22',
      email: 'malashta@example.ru',
      address,
    },
    accounts: [accountA, accountB, accountC],
  };
}
