// The calculator's form (month, monthly kWh with a zone split, or an hourly profile file) and the
// staff form of the calculator's prices, with the Russian messages shown beside each field.
import { one } from '../../platform/validation.js';
import type { FieldError } from '../../platform/errors.js';
import { addDecimal, compareDecimal, tryParseDecimal, type Decimal } from '../../domain/decimal.js';
import { isValidPeriod } from '../../domain/periods.js';
import type { ConsumptionInput, PriceCategoryPrices } from '../../domain/priceCategories.js';

const text = (v: unknown) => {
  const x = one(v);
  return typeof x === 'string' ? x.trim() : '';
};

/** '2026-11' (the month input) or '11.2026' typed by hand; undefined when neither. */
export function parseMonth(raw: string): string | undefined {
  const iso = /^(\d{4})-(\d{2})$/.exec(raw);
  if (iso && isValidPeriod(raw)) return raw;
  const ru = /^(\d{1,2})\.(\d{4})$/.exec(raw);
  if (ru) {
    const p = `${ru[2]}-${ru[1]!.padStart(2, '0')}`;
    if (isValidPeriod(p)) return p;
  }
  return undefined;
}

/** A volume or price typed as people type it ('1 250,5'): a non-negative decimal, or a message. */
function decimalOf(
  raw: string,
  opts: { what: string; decimals: number; intDigits: number },
): Decimal | string {
  const plain = raw.replace(/[\s\u00a0]/g, '').replace(',', '.');
  const d = /^\d+(\.\d+)?$/.test(plain) ? tryParseDecimal(plain) : null;
  if (d === null) return `${opts.what} — неотрицательное число, например 1250,5`;
  const [int, frac = ''] = plain.split('.') as [string, string?];
  if (frac.length > opts.decimals) return `${opts.what}: не больше ${opts.decimals} знаков после запятой`;
  if (int.replace(/^0+(?=\d)/, '').length > opts.intDigits) return `${opts.what}: слишком большое число`;
  return d;
}

const plainOf = (raw: string) => raw.replace(/[\s\u00a0]/g, '').replace(',', '.');

export const CALCULATOR_FIELDS = ['month', 'mode', 'total_kwh', 'zones', 'night_kwh', 'peak_kwh'] as const;
export type CalculatorValues = Record<(typeof CALCULATOR_FIELDS)[number], string>;

export function calculatorValues(body: unknown): CalculatorValues {
  const b = (body ?? {}) as Record<string, unknown>;
  return Object.fromEntries(CALCULATOR_FIELDS.map((f) => [f, text(b[f])])) as CalculatorValues;
}

/**
 * The month and the consumption of the calculator's form. The profile file itself is read by the
 * route (parseHourlyProfile); here mode 'hourly' only asks that one was chosen.
 */
export function readCalculatorForm(
  v: CalculatorValues,
  hasFile: boolean,
): { errors: FieldError[]; period?: string; input?: ConsumptionInput } {
  const errors: FieldError[] = [];
  const period = parseMonth(v.month);
  if (!v.month) errors.push({ field: 'month', text: 'Укажите месяц расчёта' });
  else if (!period) errors.push({ field: 'month', text: 'Месяц в виде ММ.ГГГГ, например 11.2026' });

  if (v.mode === 'hourly') {
    if (!hasFile)
      errors.push({ field: 'profile', text: 'Выберите файл почасового графика (CSV, 720–744 строки)' });
    return { errors, period };
  }
  if (v.mode !== 'monthly') {
    errors.push({ field: 'mode', text: 'Выберите, как указать потребление' });
    return { errors, period };
  }
  const volume = { decimals: 3, intDigits: 9 };
  const total = v.total_kwh
    ? decimalOf(v.total_kwh, { what: 'Объём за месяц', ...volume })
    : 'Укажите объём потребления за месяц, кВт·ч';
  if (typeof total === 'string') errors.push({ field: 'total_kwh', text: total });
  const zones = v.zones || 'one';
  if (!['one', 'two', 'three'].includes(zones)) {
    errors.push({ field: 'zones', text: 'Выберите значение из предложенных' });
    return { errors, period };
  }
  if (zones === 'one') {
    return errors.length
      ? { errors, period }
      : { errors, period, input: { kind: 'monthly', total: plainOf(v.total_kwh) } };
  }
  const night = v.night_kwh
    ? decimalOf(v.night_kwh, { what: 'Объём ночной зоны', ...volume })
    : 'Укажите объём ночной зоны, кВт·ч';
  if (typeof night === 'string') errors.push({ field: 'night_kwh', text: night });
  let peak: Decimal | string | undefined;
  if (zones === 'three') {
    peak = v.peak_kwh
      ? decimalOf(v.peak_kwh, { what: 'Объём пиковой зоны', ...volume })
      : 'Укажите объём пиковой зоны, кВт·ч';
    if (typeof peak === 'string') errors.push({ field: 'peak_kwh', text: peak });
  }
  if (errors.length || typeof total === 'string' || typeof night === 'string' || typeof peak === 'string')
    return { errors, period };
  const nightPlusPeak = peak ? addDecimal(night, peak) : night;
  if (compareDecimal(nightPlusPeak, total) > 0) {
    errors.push({
      field: zones === 'three' ? 'peak_kwh' : 'night_kwh',
      text:
        zones === 'three'
          ? 'Пиковая и ночная зоны вместе не могут быть больше объёма за месяц'
          : 'Ночная зона не может быть больше объёма за месяц',
    });
    return { errors, period };
  }
  const split =
    zones === 'two'
      ? ({ zones: 'two', night: plainOf(v.night_kwh) } as const)
      : ({ zones: 'three', peak: plainOf(v.peak_kwh), night: plainOf(v.night_kwh) } as const);
  return { errors, period, input: { kind: 'monthly', total: plainOf(v.total_kwh), split } };
}

// ---- staff: the prices ----------------------------------------------------------------------

/** '23, 0-6' → [23, 0, 1, …, 6]; undefined when it is not a list of hours 0–23. */
export function parseHours(raw: string): number[] | undefined {
  const out = new Set<number>();
  const items = raw.split(/[,;\s]+/).filter(Boolean);
  if (!items.length) return undefined;
  for (const item of items) {
    const m = /^(\d{1,2})(?:[-–](\d{1,2}))?$/.exec(item);
    if (!m) return undefined;
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    if (a > 23 || b > 23 || b < a) return undefined;
    for (let h = a; h <= b; h++) out.add(h);
  }
  return [...out];
}

/** [23, 0, 1, 2, 7] → '0–2, 7, 23' (an en dash, which parseHours reads too) */
export function formatHours(hours: readonly number[]): string {
  const s = [...hours].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < s.length;) {
    let j = i;
    while (j + 1 < s.length && s[j + 1] === s[j]! + 1) j++;
    parts.push(j > i ? `${s[i]}–${s[j]}` : String(s[i]));
    i = j + 1;
  }
  return parts.join(', ');
}

// decimals and integer digits as the columns of price_category_prices hold them
const PER_KWH = { decimals: 6, intDigits: 8 };
export const PRICE_FIELDS = {
  single_rate: { label: 'Первая ценовая категория, ₽/кВт·ч', ...PER_KWH },
  two_zone_day: { label: 'Вторая, две зоны: дневная зона, ₽/кВт·ч', ...PER_KWH },
  two_zone_night: { label: 'Вторая, две зоны: ночная зона, ₽/кВт·ч', ...PER_KWH },
  three_zone_peak: { label: 'Вторая, три зоны: пиковая зона, ₽/кВт·ч', ...PER_KWH },
  three_zone_semi_peak: { label: 'Вторая, три зоны: полупиковая зона, ₽/кВт·ч', ...PER_KWH },
  three_zone_night: { label: 'Вторая, три зоны: ночная зона, ₽/кВт·ч', ...PER_KWH },
  network_rate: { label: 'Третья: услуги по передаче (одноставочный тариф), ₽/кВт·ч', ...PER_KWH },
  capacity_price: { label: 'Третья и четвёртая: цена мощности, ₽/МВт в месяц', decimals: 4, intDigits: 12 },
  network_capacity_rate: {
    label: 'Четвёртая: ставка на содержание сетей, ₽/МВт в месяц',
    decimals: 4,
    intDigits: 12,
  },
  losses_rate: { label: 'Четвёртая: ставка на оплату потерь, ₽/МВт·ч', decimals: 4, intDigits: 10 },
} as const;
type PriceField = keyof typeof PRICE_FIELDS;

export const HOUR_FIELDS = {
  night_hours: 'Часы ночной зоны',
  peak_hours: 'Часы пиковой зоны (три зоны)',
  planned_peak_hours: 'Плановые часы пиковой нагрузки (четвёртая категория)',
} as const;

export const PRICE_FORM_FIELDS = [
  'supplier_id',
  'valid_from',
  ...Object.keys(PRICE_FIELDS),
  'peak_hour',
  ...Object.keys(HOUR_FIELDS),
  'hourly_energy',
] as const;

/** The staff form of a price set: every price, the zones' hours and the 24 hourly energy prices. */
export function readPricesForm(
  v: Record<string, string>,
  parseDate: (s: string) => string | undefined,
): { errors: FieldError[]; prices?: PriceCategoryPrices; supplierId?: number } {
  const errors: FieldError[] = [];
  const supplierId = /^\d{1,12}$/.test(v.supplier_id ?? '') ? Number(v.supplier_id) : undefined;
  if (!supplierId) errors.push({ field: 'supplier_id', text: 'Выберите поставщика' });
  const validFrom = v.valid_from ? parseDate(v.valid_from) : undefined;
  if (!v.valid_from) errors.push({ field: 'valid_from', text: 'Укажите дату, с которой действуют цены' });
  else if (!validFrom)
    errors.push({ field: 'valid_from', text: 'Дата в виде ДД.ММ.ГГГГ, например 01.01.2027' });

  const price = {} as Record<PriceField, string>;
  for (const [name, spec] of Object.entries(PRICE_FIELDS) as [
    PriceField,
    (typeof PRICE_FIELDS)[PriceField],
  ][]) {
    const raw = v[name] ?? '';
    const d = raw
      ? decimalOf(raw, { what: 'Цена', decimals: spec.decimals, intDigits: spec.intDigits })
      : 'Укажите цену';
    if (typeof d === 'string') errors.push({ field: name, text: d });
    else price[name] = plainOf(raw);
  }
  const peakHour =
    /^\d{1,2}$/.test(v.peak_hour ?? '') && Number(v.peak_hour) <= 23 ? Number(v.peak_hour) : undefined;
  if (peakHour === undefined)
    errors.push({ field: 'peak_hour', text: 'Час пика региона — целое число от 0 до 23' });

  const hours = {} as Record<keyof typeof HOUR_FIELDS, number[]>;
  for (const name of Object.keys(HOUR_FIELDS) as (keyof typeof HOUR_FIELDS)[]) {
    const parsed = parseHours(v[name] ?? '');
    if (!parsed)
      errors.push({ field: name, text: 'Часы от 0 до 23 через запятую, диапазоны через дефис: 23, 0-6' });
    else hours[name] = parsed;
  }
  if (hours.night_hours && hours.night_hours.length === 24)
    errors.push({ field: 'night_hours', text: 'Ночная зона не может занимать все сутки' });
  if (hours.night_hours && hours.peak_hours?.some((h) => hours.night_hours.includes(h)))
    errors.push({ field: 'peak_hours', text: 'Пиковые часы не могут быть ночными' });

  const energyItems = (v.hourly_energy ?? '').split(/[\s;]+/).filter(Boolean);
  const hourlyEnergy: string[] = [];
  if (energyItems.length !== 24)
    errors.push({
      field: 'hourly_energy',
      text: `Нужно 24 цены, по одной на каждый час суток с 0 до 23, а указано ${energyItems.length}`,
    });
  else
    for (const [h, item] of energyItems.entries()) {
      const d = decimalOf(item, { what: `Цена часа ${h}`, ...PER_KWH });
      if (typeof d === 'string') {
        errors.push({ field: 'hourly_energy', text: d });
        break;
      }
      hourlyEnergy.push(plainOf(item));
    }
  if (errors.length) return { errors };
  return {
    errors,
    supplierId,
    prices: {
      validFrom: validFrom!,
      singleRate: price.single_rate,
      twoZone: { day: price.two_zone_day, night: price.two_zone_night },
      threeZone: {
        peak: price.three_zone_peak,
        semiPeak: price.three_zone_semi_peak,
        night: price.three_zone_night,
      },
      nightHours: hours.night_hours,
      peakHours: hours.peak_hours,
      hourlyEnergy,
      networkRate: price.network_rate,
      capacityPrice: price.capacity_price,
      peakHour: peakHour!,
      networkCapacityRate: price.network_capacity_rate,
      lossesRate: price.losses_rate,
      plannedPeakHours: hours.planned_peak_hours,
    },
  };
}
