// The dataset format (DATASET.md + docs/dataset.md) as strict zod schemas: an unknown field is an error.
import { z } from 'zod';
import { isValidDate, isValidPeriod } from '../../domain/periods.js';

/** The top-level arrays of a dataset, in the order the importer writes them. */
export const SECTIONS = ['suppliers', 'key_rates', 'tariff_plans', 'customers', 'accounts', 'users'] as const;
export type Section = (typeof SECTIONS)[number];

export const ZONES = ['T', 'T1', 'T2', 'T3'] as const;
export const SERVICE_KINDS = [
  'electricity',
  'heating',
  'hot_water',
  'cold_water',
  'sewerage',
  'gas',
  'waste',
  'other',
] as const;
export const READING_SOURCES = ['customer', 'inspector', 'supplier', 'estimated'] as const;
export const BILL_TYPES = ['bill', 'invoice', 'correction', 'advance'] as const;
export const CHANNELS = ['bank', 'online', 'cash', 'post', 'terminal', 'other'] as const;

/** The unit a service is measured in when the dataset does not say. */
export const DEFAULT_UNITS: Record<(typeof SERVICE_KINDS)[number], string> = {
  electricity: 'кВт·ч',
  heating: 'Гкал',
  hot_water: 'м³',
  cold_water: 'м³',
  sewerage: 'м³',
  gas: 'м³',
  waste: 'м³',
  other: 'ед.',
};

const DECIMAL_RE = /^-?\d+(\.\d+)?$/;

interface DecimalOpts {
  /** at most this many digits after the point (the column's scale) */
  scale: number;
  /** at most this many digits before it (the column's precision − scale) */
  intDigits: number;
  sign?: 'any' | 'nonnegative' | 'positive';
  example?: string;
}

/** A decimal string as DATASET.md writes them ("1947.69"), checked against the column it lands in. */
export function decimalString(opts: DecimalOpts) {
  const example = opts.example ?? '1947.69';
  return z.string().superRefine((v, ctx) => {
    if (!DECIMAL_RE.test(v)) {
      ctx.addIssue({ code: 'custom', message: `ожидается десятичное число строкой, например "${example}"` });
      return;
    }
    const negative = v.startsWith('-');
    const [intPart = '', frac = ''] = v.replace('-', '').split('.');
    const zero = /^0*$/.test(intPart) && /^0*$/.test(frac);
    if (frac.length > opts.scale) {
      ctx.addIssue({
        code: 'custom',
        message: opts.scale === 0 ? 'должно быть целым' : `не больше ${opts.scale} знаков после точки`,
      });
    }
    if (intPart.replace(/^0+(?=\d)/, '').length > opts.intDigits) {
      ctx.addIssue({
        code: 'custom',
        message: `слишком большое число (не больше ${opts.intDigits} цифр до точки)`,
      });
    }
    if (opts.sign === 'nonnegative' && negative && !zero)
      ctx.addIssue({ code: 'custom', message: 'должно быть ≥ 0' });
    if (opts.sign === 'positive' && (negative || zero))
      ctx.addIssue({ code: 'custom', message: 'должно быть > 0' });
  });
}

/** Money in roubles with kopecks as a string ("593.64"); the importer stores kopecks. */
export const money = (sign: DecimalOpts['sign'] = 'any') =>
  decimalString({ scale: 2, intDigits: 13, sign, example: '593.64' });

export const isoDate = z.string().refine(isValidDate, { message: 'ожидается дата ГГГГ-ММ-ДД' });
export const month = z.string().refine(isValidPeriod, { message: 'ожидается месяц ГГГГ-ММ' });
const text = (max = 500) =>
  z
    .string()
    .trim()
    .min(1, { message: 'не может быть пустым' })
    .max(max, { message: `не длиннее ${max} символов` });
const optText = (max = 500) =>
  z
    .string()
    .max(max, { message: `не длиннее ${max} символов` })
    .nullish();
const digitsRe = (re: RegExp, message: string) => z.string().regex(re, { message });
const intIn = (min: number, max: number) =>
  z
    .number()
    .int({ message: 'ожидается целое число' })
    .min(min, { message: `должно быть ≥ ${min}` })
    .max(max, { message: `должно быть ≤ ${max}` });

const zone = z.enum(ZONES);
const inn = digitsRe(/^\d{10}(\d{2})?$/, 'ИНН: 10 или 12 цифр');
const kpp = digitsRe(/^\d{9}$/, 'КПП: 9 цифр');
const timeZone = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'неизвестный часовой пояс (ожидается вида Europe/Moscow)' },
);

const hourOfDay = intIn(0, 23);
// as the columns of price_category_prices hold them: ₽/kWh numeric(14,6), ₽/MW numeric(16,4), ₽/MWh numeric(14,4)
const calcPrice = (example: string) =>
  decimalString({ scale: 6, intDigits: 8, sign: 'nonnegative', example });
const calcRate = (example: string, intDigits: number) =>
  decimalString({ scale: 4, intDigits, sign: 'nonnegative', example });
// addition: the business calculator's prices by price category (docs/calculator.md)
const calculatorPricesSchema = z.strictObject({
  from: isoDate,
  single_rate: calcPrice('7.54'),
  two_zone: z.strictObject({ day: calcPrice('8.40'), night: calcPrice('4.95') }),
  three_zone: z.strictObject({
    peak: calcPrice('10.12'),
    semi_peak: calcPrice('7.61'),
    night: calcPrice('4.95'),
  }),
  night_hours: z.array(hourOfDay).min(1).max(23),
  peak_hours: z.array(hourOfDay).min(1).max(23),
  hourly_energy: z.array(calcPrice('3.10')).length(24, { message: 'нужно 24 цены, по одной на час суток' }),
  network_rate: calcPrice('2.10'),
  capacity_price: calcRate('950000', 12),
  peak_hour: hourOfDay,
  network_capacity_rate: calcRate('1250000', 12),
  losses_rate: calcRate('480', 10),
  planned_peak_hours: z.array(hourOfDay).min(1).max(24),
});

export const supplierSchema = z.strictObject({
  code: digitsRe(/^[a-z0-9][a-z0-9_-]*$/, 'код: латинские строчные буквы, цифры, - и _'),
  name: text(),
  short_name: optText(),
  inn,
  kpp: kpp.nullish(),
  address: optText(),
  phone: optText(100),
  // addition: the contact centre's hours as printed ("ежедневно с 8:00 до 20:00")
  contact_hours: optText(200),
  email: optText(200),
  website: optText(200),
  bank: z
    .strictObject({
      name: text(),
      bic: digitsRe(/^\d{9}$/, 'БИК: 9 цифр'),
      account: digitsRe(/^\d{20}$/, 'расчётный счёт: 20 цифр'),
      corr_account: digitsRe(/^\d{20}$/, 'корр. счёт: 20 цифр'),
    })
    .nullish(),
  time_zone: timeZone.nullish(),
  reading_window: z.strictObject({ from_day: intIn(1, 31), to_day: intIn(1, 31) }).nullish(),
  // addition: false for a supplier on a special tax regime (no VAT, documents say "Без НДС")
  charges_vat: z.boolean().default(true),
  // addition: the estimation limits of DOMAIN.md "Volumes" (supplier settings)
  estimation: z
    .strictObject({ window_months: intIn(1, 60), min_months: intIn(1, 60), max_periods: intIn(0, 60) })
    .nullish(),
  calculator_prices: z.array(calculatorPricesSchema).nullish(),
  // addition: the supplier's client services (Дополнительные услуги), in this order; by title
  client_services: z
    .array(z.strictObject({ title: text(200), description: optText(4000), topic: optText(100) }))
    .nullish(),
  // addition: the cities the supplier serves, as login and registration offer them (seed 004:
  // «Кемерово», «Березовский»), in this order; the list replaces the stored one
  cities: z
    .array(text(100))
    .max(100, { message: 'не больше 100 городов' })
    .refine((c) => new Set(c).size === c.length, { message: 'города не должны повторяться' })
    .nullish(),
});

const rateSchema = z.strictObject({
  from: isoDate,
  zone: zone.default('T'),
  price: decimalString({ scale: 4, intDigits: 10, sign: 'nonnegative', example: '6.12' }),
  // additions: tiered residential volumes
  tier: intIn(1, 3).default(1),
  tier_limit: decimalString({ scale: 4, intDigits: 10, sign: 'positive', example: '1100' }).nullish(),
});

export const tariffPlanSchema = z.strictObject({
  code: text(100),
  supplier: text(100),
  name: text(),
  service_kind: z.enum(SERVICE_KINDS),
  unit: text(50),
  // addition: the price category (1–4) a business plan stands for
  price_category: intIn(1, 4).nullish(),
  rates: z.array(rateSchema).min(1, { message: 'нужна хотя бы одна ставка' }),
});

export const keyRateSchema = z.strictObject({
  from: isoDate,
  percent: decimalString({ scale: 3, intDigits: 3, sign: 'nonnegative', example: '16.5' }),
});

const personSchema = z.strictObject({
  ref: text(100),
  kind: z.literal('person'),
  last_name: text(100),
  first_name: text(100),
  middle_name: optText(100),
  birth_date: isoDate.nullish(),
  gender: z.enum(['male', 'female']).nullish(),
  passport: optText(100),
  phone: optText(100),
  email: optText(200),
  address: optText(),
});

const organisationSchema = z.strictObject({
  ref: text(100),
  kind: z.literal('organisation'),
  name: text(),
  inn,
  kpp: kpp.nullish(),
  partner_code: optText(50),
  address: optText(),
  phone: optText(100),
  email: optText(200),
});

export const customerSchema = z.discriminatedUnion('kind', [personSchema, organisationSchema]);

const serviceSchema = z.strictObject({
  code: text(50),
  kind: z.enum(SERVICE_KINDS),
  name: text(),
  // addition: the unit of the service's volume; by default from its kind
  unit: optText(50),
  method: z.enum(['meter', 'norm_per_resident', 'norm_per_area']),
  zones: z.array(zone).min(1, { message: 'нужна хотя бы одна зона' }).max(3).default(['T']),
  tariff_plan: optText(100),
  norm: decimalString({ scale: 6, intDigits: 8, sign: 'nonnegative', example: '0.028' }).nullish(),
  norm_name: optText(),
  supplier: optText(100),
  // additions: when the service started / stopped on the account
  active_from: isoDate.nullish(),
  active_to: isoDate.nullish(),
});

const contractValueSchema = z.strictObject({
  service: text(50),
  month,
  volume: decimalString({ scale: 4, intDigits: 12, sign: 'nonnegative', example: '380' }),
});

const contractSchema = z.strictObject({
  number: text(100),
  date: isoDate.nullish(),
  valid_from: isoDate.nullish(),
  valid_to: isoDate.nullish(),
  subject: optText(),
  branch: optText(),
  services: z.array(serviceSchema).default([]),
  contract_values: z.array(contractValueSchema).default([]),
});

const readingSchema = z.strictObject({
  date: isoDate,
  value: decimalString({ scale: 6, intDigits: 12, sign: 'nonnegative', example: '1359.00' }),
  source: z.enum(READING_SOURCES),
  // additions: what happened to the reading in the billing system it comes from
  status: z.enum(['accepted', 'billed', 'rejected']).nullish(),
  billed_period: month.nullish(),
  rollover: z.boolean().nullish(),
});

const registerSchema = z.strictObject({
  zone,
  // addition: what the meter's display calls this register
  label: optText(50),
  readings: z.array(readingSchema).default([]),
});

// DATASET.md writes the ratio as a number ("ratio": 1); a decimal string is accepted as well
const ratio = z.preprocess(
  (v) => (typeof v === 'number' && Number.isFinite(v) ? String(v) : v),
  decimalString({ scale: 4, intDigits: 8, sign: 'positive', example: '40' }),
);

const meterSchema = z.strictObject({
  serial: text(100),
  model: optText(),
  service: text(50),
  installed: isoDate.nullish(),
  verification_due: isoDate.nullish(),
  removed: isoDate.nullish(),
  digits: intIn(1, 12).default(6),
  decimals: intIn(0, 6).default(2),
  ratio: ratio.default('1'),
  point: optText(),
  registers: z.array(registerSchema).min(1, { message: 'нужен хотя бы один регистр (зона)' }),
});

const lineSchema = z.strictObject({
  service: text(50),
  zone: zone.nullish(),
  // additions: tier, text and unit as printed, how the volume was found, the meter and its readings
  tier: intIn(1, 3).nullish(),
  description: optText(),
  unit: optText(50),
  method: z.enum(['meter', 'average', 'norm', 'manual']).nullish(),
  quantity: decimalString({ scale: 6, intDigits: 12, example: '97' }).nullish(),
  tariff: decimalString({ scale: 4, intDigits: 10, example: '6.12' }).nullish(),
  charged: money(),
  vat: money().nullish(),
  benefit: money('nonnegative').default('0.00'),
  adjustment: money().default('0.00'),
  penalty: money('nonnegative').default('0.00'),
  meter: optText(100),
  reading_prev: decimalString({ scale: 6, intDigits: 12, sign: 'nonnegative', example: '1262.00' }).nullish(),
  reading_curr: decimalString({ scale: 6, intDigits: 12, sign: 'nonnegative', example: '1359.00' }).nullish(),
});

const billSchema = z.strictObject({
  number: text(100),
  date: isoDate,
  period: month,
  type: z.enum(BILL_TYPES),
  // additions: explicit due date, the contract billed, the issuing supplier, the bill a correction corrects
  due_date: isoDate.nullish(),
  contract: optText(100),
  supplier: optText(100),
  corrects: optText(100),
  lines: z.array(lineSchema).min(1, { message: 'нужна хотя бы одна строка' }),
});

const allocationSchema = z
  .strictObject({
    contract: optText(100),
    // additions: the supplier of a single payment document, the bill paid
    supplier: optText(100),
    bill: optText(100),
    amount: money('positive'),
  })
  .refine((a) => a.contract || a.bill || a.supplier, {
    message: 'укажите договор (contract), счёт (bill) или поставщика (supplier)',
  });

const paymentSchema = z.strictObject({
  ref: text(200),
  date: isoDate,
  amount: money('positive'),
  place: optText(),
  channel: z.enum(CHANNELS).default('bank'),
  allocations: z.array(allocationSchema).default([]),
});

export const accountSchema = z.strictObject({
  number: text(50),
  supplier: text(100),
  customer: text(100),
  address: optText(),
  area: decimalString({ scale: 2, intDigits: 8, sign: 'positive', example: '60.6' }).nullish(),
  // additions: heated area, residents registered (vs living)
  heated_area: decimalString({ scale: 2, intDigits: 8, sign: 'positive', example: '60.6' }).nullish(),
  residents: intIn(0, 1000).default(0),
  registered_residents: intIn(0, 1000).nullish(),
  bind_code: optText(50),
  pin: z.string().min(4, { message: 'ПИН не короче 4 символов' }).max(64).nullish(),
  opening_balance: z.strictObject({ date: isoDate, amount: money() }).nullish(),
  contracts: z.array(contractSchema).default([]),
  meters: z.array(meterSchema).default([]),
  bills: z.array(billSchema).default([]),
  payments: z.array(paymentSchema).default([]),
});

export const userSchema = z.strictObject({
  login: text(200),
  password: z.string().min(6, { message: 'пароль не короче 6 символов' }).max(200).nullish(),
  role: z.enum(['customer', 'support', 'admin']).default('customer'),
  names: z.strictObject({ last: optText(100), first: optText(100), middle: optText(100) }).nullish(),
  // additions: contact data and state of the portal user
  email: optText(200),
  phone: optText(100),
  customer_kind: z.enum(['person', 'organisation']).nullish(),
  status: z.enum(['pending', 'active', 'blocked']).default('active'),
  must_change_password: z.boolean().default(false),
  accounts: z
    .array(
      z.strictObject({
        number: text(50),
        // addition: needed only when two suppliers use the same account number
        supplier: optText(100),
        relation: z.enum(['owner', 'tenant', 'representative']).default('owner'),
        visible: z.boolean().default(true),
      }),
    )
    .default([]),
});

export const SECTION_SCHEMAS = {
  suppliers: supplierSchema,
  key_rates: keyRateSchema,
  tariff_plans: tariffPlanSchema,
  customers: customerSchema,
  accounts: accountSchema,
  users: userSchema,
} as const;

export type SupplierIn = z.output<typeof supplierSchema>;
export type TariffPlanIn = z.output<typeof tariffPlanSchema>;
export type KeyRateIn = z.output<typeof keyRateSchema>;
export type CustomerIn = z.output<typeof customerSchema>;
export type AccountIn = z.output<typeof accountSchema>;
export type UserIn = z.output<typeof userSchema>;
export type ContractIn = AccountIn['contracts'][number];
export type ServiceIn = ContractIn['services'][number];
export type MeterIn = AccountIn['meters'][number];
export type BillIn = AccountIn['bills'][number];
export type LineIn = BillIn['lines'][number];
export type PaymentIn = AccountIn['payments'][number];

/** The whole document, for producers that build it in memory (demo personas, tests). */
export interface DatasetDocument {
  suppliers?: z.input<typeof supplierSchema>[];
  key_rates?: z.input<typeof keyRateSchema>[];
  tariff_plans?: z.input<typeof tariffPlanSchema>[];
  customers?: z.input<typeof customerSchema>[];
  accounts?: z.input<typeof accountSchema>[];
  users?: z.input<typeof userSchema>[];
}

const TYPE_NAMES: Record<string, string> = {
  string: 'строка',
  number: 'число',
  int: 'целое число',
  boolean: 'true или false',
  array: 'массив',
  object: 'объект',
  null: 'null',
  undefined: 'значение',
};

function describe(input: unknown): string {
  if (input === null) return 'null';
  if (input === undefined) return 'ничего (поле отсутствует)';
  if (Array.isArray(input)) return 'массив';
  return TYPE_NAMES[typeof input] ?? typeof input;
}

/** Russian messages for zod's own issues (the schemas above carry their own for the rest). */
export const importErrorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'обязательное поле';
      return `ожидается ${TYPE_NAMES[issue.expected] ?? issue.expected}, получено: ${describe(issue.input)}`;
    case 'unrecognized_keys':
      return 'неизвестное поле';
    case 'invalid_value':
      return `допустимые значения: ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_union':
      if ('discriminator' in issue && issue.discriminator)
        return 'допустимые значения: "person", "organisation"';
      return 'значение не подходит ни под один из вариантов';
    case 'too_small':
      return issue.origin === 'array'
        ? `нужно хотя бы ${String(issue.minimum)}`
        : `должно быть ≥ ${String(issue.minimum)}`;
    case 'too_big':
      return issue.origin === 'array'
        ? `не больше ${String(issue.maximum)} элементов`
        : `должно быть ≤ ${String(issue.maximum)}`;
    default:
      return undefined;
  }
};
