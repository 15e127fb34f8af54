// Synthetic datasets of any size for benchmarks and load tests, streamed as JSON text (never one object in memory).
// Deterministic: the same seed, size and today give the same bytes; every account derives from its own PRNG.
import { addDecimal, decimalToPlain } from '../../domain/decimal.js';
import { kopToDecimal, mulRound } from '../../domain/money.js';
import {
  addMonths,
  dayOfMonth,
  dayOfPeriod,
  firstDayOf,
  lastDayOf,
  periodOf,
  type IsoDate,
  type Period,
} from '../../domain/periods.js';
import { Prng } from './prng.js';
import type { DatasetDocument } from './schemas.js';

export interface BulkOptions {
  accounts: number;
  /** months of history per account */
  months: number;
  seed: number;
  /** the history ends with the month before this date's month */
  today: IsoDate;
  /** the first `users` accounts get a portal user (an argon2 hash each) */
  users?: number;
}

type Doc = Required<DatasetDocument>;
type Rate = { from: IsoDate; zone: 'T' | 'T1' | 'T2'; price: string };

const SUPPLIERS: Doc['suppliers'] = [
  {
    code: 'bulk-north',
    name: 'АО "Северная энергосбытовая компания"',
    inn: '1101000001',
    kpp: '110101001',
    address: 'г. Сыктывкар, ул. Ленина, д. 1',
    phone: '8 800 100-00-01',
    bank: {
      name: 'ПАО Сбербанк',
      bic: '048702640',
      account: '40702810900000000001',
      corr_account: '30101810400000000640',
    },
    time_zone: 'Europe/Moscow',
  },
  {
    code: 'bulk-south',
    name: 'АО "Южная энергосбытовая компания"',
    inn: '2301000002',
    kpp: '230101001',
    address: 'г. Краснодар, ул. Красная, д. 2',
    phone: '8 800 100-00-02',
    bank: {
      name: 'ПАО Сбербанк',
      bic: '040349602',
      account: '40702810900000000002',
      corr_account: '30101810100000000602',
    },
    time_zone: 'Europe/Moscow',
  },
];

function julyRates(year: number, prices: string[], zone: Rate['zone'] = 'T'): Rate[] {
  return prices.map((price, i) => ({ from: `${year - (prices.length - 1 - i)}-07-01`, zone, price }));
}

function priceAt(rates: Rate[], p: Period, zone: Rate['zone']): string {
  let best: Rate | undefined;
  for (const r of rates)
    if (r.zone === zone && r.from <= firstDayOf(p) && (!best || r.from > best.from)) best = r;
  return best!.price;
}

interface Calendar {
  periods: Period[];
  year: number;
}

function calendar(today: IsoDate, months: number): Calendar {
  // a month's bill is issued on the 3rd of the next month
  const last = addMonths(periodOf(today), dayOfMonth(today) >= 3 ? -1 : -2);
  const periods = Array.from({ length: months }, (_, i) => addMonths(last, i - months + 1));
  const oldest = Number(periods[0]!.slice(0, 4)) - 1;
  return { periods, year: oldest };
}

/** Per supplier: a single-zone, a two-zone and a business plan with a July change every year of the history. */
function plans(cal: Calendar, lastYear: number) {
  const years = lastYear - cal.year + 1;
  const series = (start: number, step: number) =>
    Array.from({ length: years }, (_, i) => (start * (1 + step) ** i).toFixed(2));
  return SUPPLIERS.flatMap((s, k) => [
    {
      code: `${s.code}-1`,
      supplier: s.code,
      name: 'Население, город',
      service_kind: 'electricity' as const,
      unit: 'кВт·ч',
      rates: julyRates(lastYear, series(4.5 + k * 0.4, 0.08)),
    },
    {
      code: `${s.code}-2`,
      supplier: s.code,
      name: 'Население, две зоны суток',
      service_kind: 'electricity' as const,
      unit: 'кВт·ч',
      rates: [
        ...julyRates(lastYear, series(5.2 + k * 0.4, 0.08), 'T1'),
        ...julyRates(lastYear, series(2.3 + k * 0.2, 0.08), 'T2'),
      ],
    },
    {
      code: `${s.code}-b`,
      supplier: s.code,
      name: 'Прочие потребители',
      service_kind: 'electricity' as const,
      unit: 'кВт·ч',
      rates: julyRates(lastYear, series(7.9 + k * 0.5, 0.07)),
    },
  ]);
}

const LAST = [
  'Иванов',
  'Смирнов',
  'Кузнецов',
  'Попов',
  'Васильев',
  'Петров',
  'Соколов',
  'Михайлов',
  'Новиков',
  'Фёдоров',
  'Морозов',
  'Волков',
];
const FIRST_M = ['Александр', 'Сергей', 'Дмитрий', 'Андрей', 'Алексей', 'Иван', 'Михаил', 'Николай'];
const FIRST_F = ['Елена', 'Ольга', 'Наталья', 'Татьяна', 'Ирина', 'Светлана', 'Анна', 'Мария'];
const MIDDLE = ['Александров', 'Сергеев', 'Иванов', 'Петров', 'Николаев', 'Викторов'];
const STREETS = ['Ленина', 'Мира', 'Советская', 'Гагарина', 'Молодёжная', 'Садовая', 'Школьная', 'Лесная'];
const ORG = [
  'Ромашка',
  'Вектор',
  'Стройсервис',
  'Агрокомплекс',
  'Техноторг',
  'Хлебозавод №1',
  'Автотранс',
  'Меридиан',
];

function innFor(i: number): string {
  // a 10-digit INN with a valid check digit
  const body = `77${String(i % 10_000_000).padStart(7, '0')}`;
  const w = [2, 4, 10, 3, 5, 9, 4, 6, 8];
  const check = (w.reduce((s, k, j) => s + k * Number(body[j]), 0) % 11) % 10;
  return body + String(check);
}

/** 9, the seed's last two digits, the index in 7: different seeds do not collide. */
export const bulkAccountNumber = (seed: number, i: number) =>
  `9${String(seed % 100).padStart(2, '0')}${String(i).padStart(7, '0')}`;

interface Account {
  kind: 'person' | 'organisation';
  customer: Doc['customers'][number];
  account: Doc['accounts'][number];
}

/** Account `i` and its customer, from its own PRNG: independent of every other account. */
export function bulkAccount(
  i: number,
  o: BulkOptions,
  cal: Calendar,
  lastYear: number,
  allPlans: ReturnType<typeof plans>,
): Account {
  const rnd = new Prng(`${o.seed}:${i}`);
  const supplier = SUPPLIERS[i % SUPPLIERS.length]!.code;
  const business = rnd.chance(0.12);
  const twoZone = !business && rnd.chance(0.2);
  const plan = allPlans.find((p) => p.code === `${supplier}-${business ? 'b' : twoZone ? '2' : '1'}`)!;
  const zones: ('T' | 'T1' | 'T2')[] = twoZone ? ['T1', 'T2'] : ['T'];
  const number = bulkAccountNumber(o.seed, i);
  const contract = `Д-${number}`;
  const serial = `B${o.seed}-${String(i).padStart(8, '0')}`;
  const street = rnd.pick(STREETS);
  const address = `г. Энск, ул. ${street}, д. ${rnd.int(1, 120)}${business ? '' : `, кв. ${rnd.int(1, 300)}`}`;
  const female = rnd.chance(0.5);
  const last = rnd.pick(LAST);
  const customer: Doc['customers'][number] = business
    ? {
        ref: `bulk-${o.seed}-${i}`,
        kind: 'organisation',
        name: `ООО "${rnd.pick(ORG)}-${i}"`,
        inn: innFor(i),
        kpp: '770101001',
        partner_code: `B${o.seed}-${i}`,
        address,
      }
    : {
        ref: `bulk-${o.seed}-${i}`,
        kind: 'person',
        last_name: female ? `${last}а` : last,
        first_name: rnd.pick(female ? FIRST_F : FIRST_M),
        middle_name: `${rnd.pick(MIDDLE)}${female ? 'на' : 'ич'}`,
        birth_date: `${rnd.int(1940, 2002)}-${String(rnd.int(1, 12)).padStart(2, '0')}-${String(rnd.int(1, 28)).padStart(2, '0')}`,
        phone: `+7 9${rnd.digits(2)} ${rnd.digits(3)}-${rnd.digits(2)}-${rnd.digits(2)}`,
      };

  const base = business ? rnd.int(2_000, 20_000) : rnd.int(80, 320);
  const values: Record<string, string> = Object.fromEntries(
    zones.map((z) => [z, String(rnd.int(1000, 40_000))]),
  );
  const readings: Record<
    string,
    { date: IsoDate; value: string; source: 'customer'; billed_period: Period }[]
  > = Object.fromEntries(
    zones.map((z) => [
      z,
      [
        {
          date: dayOfPeriod(addMonths(cal.periods[0]!, -1), 20),
          value: `${values[z]}.00`,
          source: 'customer' as const,
          billed_period: addMonths(cal.periods[0]!, -1),
        },
      ],
    ]),
  );
  const bills: NonNullable<Doc['accounts'][number]['bills']> = [];
  const payments: NonNullable<Doc['accounts'][number]['payments']> = [];
  let debt = 0;
  cal.periods.forEach((p, k) => {
    const month = Number(p.slice(5)) - 1;
    const season = 1 + 0.3 * Math.cos((2 * Math.PI * month) / 12);
    const lines = zones.map((z) => {
      const share = z === 'T2' ? 0.35 : z === 'T1' ? 0.65 : 1;
      const advance = Math.max(1, Math.round(base * season * share * (0.9 + rnd.next() * 0.2)));
      const prev = values[z]!;
      const curr = decimalToPlain(addDecimal(prev, String(advance)));
      values[z] = curr;
      readings[z]!.push({
        date: dayOfPeriod(p, rnd.int(15, 25)),
        value: `${curr}.00`,
        source: 'customer',
        billed_period: p,
      });
      const tariff = priceAt(plan.rates, p, z);
      const kop = mulRound(String(advance), tariff);
      return {
        service: 'el',
        zone: z,
        quantity: String(advance),
        tariff,
        charged: kopToDecimal(kop),
        meter: serial,
        reading_prev: `${prev}.00`,
        reading_curr: `${curr}.00`,
      };
    });
    const amount = lines.reduce((s, l) => s + mulRound(l.quantity, l.tariff), 0);
    bills.push({
      number: `${number}-${k + 1}`,
      date: business ? lastDayOf(p) : dayOfPeriod(addMonths(p, 1), 3),
      period: p,
      type: business ? 'invoice' : 'bill',
      lines,
    });
    debt += amount;
    // most pay in full; some skip a month and catch up, some pay a round sum
    const r = rnd.next();
    const paid = r < 0.06 ? 0 : r < 0.1 ? Math.ceil(debt / 10_000) * 10_000 : debt;
    const date = dayOfPeriod(addMonths(p, 1), rnd.int(5, business ? 18 : 14));
    if (paid > 0 && date <= o.today) {
      payments.push({
        ref: `${o.seed}-${number}-${k + 1}`,
        date,
        amount: kopToDecimal(paid),
        place: rnd.pick(['ПАО Сбербанк', 'Почта России', 'Личный кабинет', 'Терминал']),
        channel: rnd.pick(['bank', 'post', 'online', 'terminal'] as const),
        allocations: [{ contract, amount: kopToDecimal(paid) }],
      });
      debt -= paid;
    }
  });
  const cv = business
    ? [1, 2, 3].map((m) => ({
        service: 'el',
        month: addMonths(cal.periods[cal.periods.length - 1]!, m),
        volume: String(Math.round(base / 100) * 100),
      }))
    : [];
  return {
    kind: business ? 'organisation' : 'person',
    customer,
    account: {
      number,
      supplier,
      customer: customer.ref,
      address,
      ...(business ? {} : { area: `${rnd.int(28, 120)}.${rnd.int(0, 9)}`, residents: rnd.int(1, 5) }),
      bind_code: rnd.digits(6),
      opening_balance: { date: firstDayOf(cal.periods[0]!), amount: '0.00' },
      contracts: [
        {
          number: contract,
          date: '2015-01-01',
          valid_from: '2015-01-01',
          subject: 'электроснабжение',
          services: [
            {
              code: 'el',
              kind: 'electricity',
              name: 'электроэнергия',
              method: 'meter',
              zones,
              tariff_plan: plan.code,
            },
          ],
          contract_values: cv,
        },
      ],
      meters: [
        {
          serial,
          model: twoZone ? 'Меркурий 200.02' : business ? 'Меркурий 230 ART' : 'СЕ101 S6 145 M6, Энергомера',
          service: 'el',
          installed: '2014-06-01',
          verification_due: `${lastYear + rnd.int(-1, 8)}-0${rnd.int(1, 9)}-01`,
          digits: 7,
          decimals: 2,
          ratio: 1,
          registers: zones.map((z) => ({ zone: z, readings: readings[z]! })),
        },
      ],
      bills,
      payments,
    },
  };
}

/** The dataset as JSON text, chunk by chunk; memory stays that of one account. */
export function* generateBulkJson(o: BulkOptions): Generator<string> {
  const cal = calendar(o.today, o.months);
  const lastYear = Number(o.today.slice(0, 4));
  const allPlans = plans(cal, lastYear);
  yield `{"suppliers":${JSON.stringify(SUPPLIERS)},\n"tariff_plans":${JSON.stringify(allPlans)},\n"customers":[\n`;
  for (let i = 0; i < o.accounts; i++)
    yield (i ? ',\n' : '') + JSON.stringify(bulkAccount(i, o, cal, lastYear, allPlans).customer);
  yield '],\n"accounts":[\n';
  for (let i = 0; i < o.accounts; i++)
    yield (i ? ',\n' : '') + JSON.stringify(bulkAccount(i, o, cal, lastYear, allPlans).account);
  yield '],\n"users":[';
  const users = Math.min(o.users ?? 0, o.accounts);
  for (let i = 0; i < users; i++) {
    const number = bulkAccountNumber(o.seed, i);
    yield (
      (i ? ',\n' : '') +
      JSON.stringify({
        login: `bulk-${o.seed}-${i}@example.ru`,
        password: 'Bulk2026!',
        // a household without a phone is sent to "Заполните реквизиты" first: a load test would measure only that redirect
        phone: `+7 900 ${String(i)
          .padStart(7, '0')
          .replace(/^(\d{3})(\d{2})(\d{2})$/, '$1-$2-$3')}`,
        accounts: [{ number, relation: 'owner' }],
      })
    );
  }
  yield ']}\n';
}
