// The demo personas of DESIGN.md as a dataset built for a given today: 24 months of consistent history before it.
// Bills are computed the way billing does (charged = round half up of quantity × the tariff valid in the
// period; meter quantities = difference of readings × ratio), and payments mostly pay bills in full.
import type { IsoDate } from '../../domain/periods.js';
import { demoCalendar, plans, suppliers, tariffPlans, type Doc } from './demoKit.js';
import { komi, tomsk } from './demoHouseholds.js';
import { bryansk, kemerovo } from './demoBusinesses.js';
import { withPenalties, type DemoPenaltyReference } from './demoPenalties.js';

export type { DemoPenaltyReference };

export { demoCalendar };

export interface DemoLogin {
  who: string;
  login: string;
  password: string;
}

export const DEMO_LOGINS: DemoLogin[] = [
  {
    who: 'Коми, физлицо (или договор 37065432; ПИН с квитанции 58314)',
    login: '110000001',
    password: 'Demo2026!',
  },
  {
    who: 'Томск, физлицо: три лицевых счёта, ЕПД, долг и пени',
    login: 'malashta@example.ru',
    password: 'Tomsk2026!',
  },
  {
    who: 'Брянск, юрлицо: код ДП 1000123, два филиала, авансы',
    login: 'bryansk@example.ru',
    password: 'Bryansk2026!',
  },
  {
    who: 'Кемерово, юрлицо: договор 0001с, ИНН 4205000009',
    login: 'kuzbass@example.ru',
    password: 'Kemerovo2026!',
  },
  { who: 'Поддержка', login: 'support@example.ru', password: 'Support2026!' },
  { who: 'Администратор', login: 'admin@example.ru', password: 'Admin2026!' },
];
const password = (login: string) => DEMO_LOGINS.find((d) => d.login === login)!.password;

/** The whole demo dataset for `today` ('YYYY-MM-DD'). */
export function buildDemoDataset(today: IsoDate, penalties: DemoPenaltyReference): Doc {
  const cal = demoCalendar(today);
  const p = plans(cal);
  const k = komi(cal, p);
  const t = tomsk(cal, p);
  const b = bryansk(cal, p);
  const e = kemerovo(cal, p);
  return withPenalties(demoDocument(cal, p, k, t, b, e), penalties);
}

function demoDocument(
  cal: ReturnType<typeof demoCalendar>,
  p: ReturnType<typeof plans>,
  k: ReturnType<typeof komi>,
  t: ReturnType<typeof tomsk>,
  b: ReturnType<typeof bryansk>,
  e: ReturnType<typeof kemerovo>,
): Doc {
  return {
    suppliers: suppliers(cal.year),
    key_rates: [],
    tariff_plans: tariffPlans(p),
    customers: [
      k.customer,
      t.customer,
      {
        ref: 'tomsk-malashta-mother',
        kind: 'person',
        last_name: 'Малашта',
        first_name: 'Галина',
        middle_name: 'Петровна',
        birth_date: '1949-11-02',
        gender: 'female',
      },
      b.customer,
      e.customer,
    ],
    accounts: [k.account, ...t.accounts, ...b.accounts, e.account],
    users: [
      {
        login: '110000001',
        password: password('110000001'),
        names: { last: 'Иванова', first: 'Мария', middle: 'Петровна' },
        accounts: [{ number: '110000001', relation: 'owner' }],
      },
      {
        login: 'malashta@example.ru',
        password: password('malashta@example.ru'),
        names: { last: 'Малашта', first: 'Светлана', middle: 'Михайловна' },
        phone: '+7 913 800-11-22',
        accounts: [
          { number: '700100103492', relation: 'owner' },
          { number: '800200112233', relation: 'owner' },
          { number: '800200445566', relation: 'representative' },
        ],
      },
      {
        login: 'bryansk@example.ru',
        password: password('bryansk@example.ru'),
        names: { last: 'Соколова', first: 'Ирина', middle: 'Викторовна' },
        accounts: [{ number: '3200000001' }, { number: '3200000002' }],
      },
      {
        login: 'kuzbass@example.ru',
        password: password('kuzbass@example.ru'),
        names: { last: 'Петров', first: 'Алексей', middle: 'Николаевич' },
        accounts: [{ number: '4200000001' }],
      },
      {
        login: 'support@example.ru',
        password: password('support@example.ru'),
        role: 'support',
        names: { last: 'Поддержка', first: 'Служба' },
      },
      {
        login: 'admin@example.ru',
        password: password('admin@example.ru'),
        role: 'admin',
        names: { last: 'Администратор', first: 'Портал' },
      },
    ],
  };
}
