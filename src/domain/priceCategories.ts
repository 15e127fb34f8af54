// The business calculator (DOMAIN.md "Price categories"): one month's consumption priced under the
// 1st to 4th price categories from the supplier's dated prices, each cost split into its parts.
//
// Arithmetic is exact: volumes are rationals on BigInt (an hour of a monthly volume spread evenly
// is V / (days × hours), which no decimal holds), and each part is rounded half up to the kopeck
// once, at the end; a category's total is the sum of its rounded parts.
import { pow10, roundDiv, toDecimal, type DecimalInput } from './decimal.js';
import type { Kopecks } from './money.js';
import { daysInMonth, firstDayOf, addDays, isoWeekday, type Period } from './periods.js';

/** One supplier's prices for the calculator, in force from `validFrom` (prices as the supplier quotes them). */
export interface PriceCategoryPrices {
  validFrom: string;
  /** 1st: ₽/kWh for the whole month */
  singleRate: string;
  /** 2nd, two zones: ₽/kWh by day and by night */
  twoZone: { day: string; night: string };
  /** 2nd, three zones: ₽/kWh at peak, semi-peak and night */
  threeZone: { peak: string; semiPeak: string; night: string };
  /** hours of the day (0–23, the hour starting then) that are night; the rest is day */
  nightHours: readonly number[];
  /** three zones: the peak hours; the day hours that are not peak are semi-peak */
  peakHours: readonly number[];
  /** 3rd and 4th: the energy price of each hour of the day, 24 values, ₽/kWh */
  hourlyEnergy: readonly string[];
  /** 3rd: the single-rate network charge, ₽/kWh */
  networkRate: string;
  /** 3rd and 4th: capacity price, ₽/MW a month */
  capacityPrice: string;
  /** the hour of the region's peak the system operator names (0–23) */
  peakHour: number;
  /** 4th: network capacity rate, ₽/MW a month */
  networkCapacityRate: string;
  /** 4th: network losses rate, ₽/MWh */
  lossesRate: string;
  /** 4th: the planned peak hours in which the company's largest volume is taken */
  plannedPeakHours: readonly number[];
}

export type ZoneSplit = { zones: 'two'; night: string } | { zones: 'three'; peak: string; night: string };

/** What the company gives: the month's kWh (with an optional zone split) or every hour's kWh. */
export type ConsumptionInput =
  { kind: 'monthly'; total: string; split?: ZoneSplit } | { kind: 'hourly'; volumes: readonly string[] };

export type CategoryKey = '1' | '2-two' | '2-three' | '3' | '4';

export type PartKind =
  | 'energy'
  | 'day'
  | 'night'
  | 'peak'
  | 'semi_peak'
  | 'hourly_energy'
  | 'network'
  | 'capacity'
  | 'network_capacity'
  | 'losses';

/** One line of a formula: quantity × price = amount. */
export interface CostPart {
  kind: PartKind;
  /** kWh, MW or MWh as a plain decimal, rounded for showing (kWh to 3, MW to 6 decimals) */
  quantity: string;
  unit: 'kWh' | 'MW' | 'MWh';
  /** the price as quoted; for the hourly energy the volume-weighted average to 4 decimals */
  price: string;
  kop: Kopecks;
}

export interface CategoryCost {
  key: CategoryKey;
  category: 1 | 2 | 3 | 4;
  zones?: 2 | 3;
  parts: CostPart[];
  totalKop: Kopecks;
}

export interface CategoryComparison {
  period: Period;
  days: number;
  workingDays: number;
  totalKwh: string;
  costs: CategoryCost[];
  /** the keys with the lowest total (several when equal) */
  cheapest: CategoryKey[];
}

// ---- rationals -------------------------------------------------------------------------------

interface Q {
  n: bigint;
  d: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  a = a < 0n ? -a : a;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

function make(n: bigint, d: bigint): Q {
  if (d === 0n) throw new RangeError('division by zero');
  if (d < 0n) [n, d] = [-n, -d];
  const g = gcd(n, d) || 1n;
  return { n: n / g, d: d / g };
}

const ZERO: Q = { n: 0n, d: 1n };
const fromDec = (x: DecimalInput): Q => {
  const { units, scale } = toDecimal(x);
  return make(units, pow10(scale));
};
const fromInt = (x: number | bigint): Q => ({ n: BigInt(x), d: 1n });
const add = (a: Q, b: Q): Q => make(a.n * b.d + b.n * a.d, a.d * b.d);
const sub = (a: Q, b: Q): Q => make(a.n * b.d - b.n * a.d, a.d * b.d);
const mul = (a: Q, b: Q): Q => make(a.n * b.n, a.d * b.d);
const div = (a: Q, b: Q): Q => make(a.n * b.d, a.d * b.n);
const cmp = (a: Q, b: Q): number => {
  const x = a.n * b.d - b.n * a.d;
  return x < 0n ? -1 : x > 0n ? 1 : 0;
};
const sum = (xs: Q[]): Q => xs.reduce(add, ZERO);
/** roubles → kopecks, half up */
const kop = (roubles: Q): Kopecks => Number(roundDiv(roubles.n * 100n, roubles.d));
/** a plain decimal rounded half up to `scale` decimals */
function plain(x: Q, scale: number): string {
  const units = roundDiv(x.n * pow10(scale), x.d);
  const neg = units < 0n;
  const s = (neg ? -units : units).toString().padStart(scale + 1, '0');
  const int = s.slice(0, s.length - scale);
  const frac = scale ? '.' + s.slice(s.length - scale) : '';
  return (neg ? '-' : '') + int + frac;
}

// ---- the month -------------------------------------------------------------------------------

const HOURS = Array.from({ length: 24 }, (_, h) => h);

/** Days of the month Monday to Friday (the calculator's working days; holidays are not data yet). */
export function workingDaysOf(period: Period): boolean[] {
  const first = firstDayOf(period);
  return Array.from({ length: daysInMonth(period) }, (_, i) => isoWeekday(addDays(first, i)) <= 5);
}

/** The zone of each hour of the day under a scheme. */
export function zoneOfHour(prices: PriceCategoryPrices, scheme: 'one' | 'two' | 'three', hour: number) {
  if (scheme === 'one') return 'all' as const;
  if (prices.nightHours.includes(hour)) return 'night' as const;
  if (scheme === 'two') return 'day' as const;
  return prices.peakHours.includes(hour) ? ('peak' as const) : ('semi_peak' as const);
}

/**
 * Every hour's volume of the month: an hourly profile as given, or a monthly volume spread evenly
 * over the hours of each of its zones (one zone of 24 hours without a split).
 */
function hourlyProfile(prices: PriceCategoryPrices, days: number, input: ConsumptionInput): Q[][] {
  if (input.kind === 'hourly') {
    if (input.volumes.length !== days * 24)
      throw new RangeError(
        `an hourly profile of this month has ${days * 24} values, not ${input.volumes.length}`,
      );
    return Array.from({ length: days }, (_, d) => HOURS.map((h) => fromDec(input.volumes[d * 24 + h]!)));
  }
  const total = fromDec(input.total);
  const split = input.split;
  const scheme = split ? split.zones : 'one';
  const zoneVolume: Record<string, Q> = { all: total };
  if (split) {
    zoneVolume.night = fromDec(split.night);
    if (split.zones === 'two') zoneVolume.day = sub(total, zoneVolume.night);
    else {
      zoneVolume.peak = fromDec(split.peak);
      zoneVolume.semi_peak = sub(sub(total, zoneVolume.peak), zoneVolume.night);
    }
  }
  for (const v of Object.values(zoneVolume))
    if (cmp(v, ZERO) < 0) throw new RangeError('the zone volumes exceed the month');
  const zoneHours = (z: string) => HOURS.filter((h) => zoneOfHour(prices, scheme, h) === z).length;
  const perHour = HOURS.map((h) => {
    const z = zoneOfHour(prices, scheme, h);
    return div(zoneVolume[z]!, fromInt(days * zoneHours(z)));
  });
  return Array.from({ length: days }, () => perHour);
}

function part(kind: PartKind, quantity: Q, unit: CostPart['unit'], price: string, cost: Q): CostPart {
  return { kind, quantity: plain(quantity, unit === 'MW' ? 6 : 3), unit, price, kop: kop(cost) };
}

function priced(kind: PartKind, kwh: Q, price: string): CostPart {
  return part(kind, kwh, 'kWh', price, mul(kwh, fromDec(price)));
}

function category(key: CategoryKey, parts: CostPart[]): CategoryCost {
  const [c, z] = key.split('-');
  return {
    key,
    category: Number(c) as CategoryCost['category'],
    ...(z ? { zones: z === 'two' ? (2 as const) : (3 as const) } : {}),
    parts,
    totalKop: parts.reduce((s, p) => s + p.kop, 0),
  };
}

/** The month's cost under each category (1st, 2nd with two and three zones, 3rd, 4th). */
export function compareCategories(
  prices: PriceCategoryPrices,
  period: Period,
  input: ConsumptionInput,
): CategoryComparison {
  if (prices.hourlyEnergy.length !== 24) throw new RangeError('24 hourly energy prices are needed');
  const days = daysInMonth(period);
  const profile = hourlyProfile(prices, days, input);
  const working = workingDaysOf(period);
  const workingDays = working.filter(Boolean).length;

  const total = sum(profile.map((day) => sum(day)));
  const byHour = HOURS.map((h) => sum(profile.map((day) => day[h]!)));
  const zoneSum = (scheme: 'two' | 'three', zone: string) =>
    sum(HOURS.filter((h) => zoneOfHour(prices, scheme, h) === zone).map((h) => byHour[h]!));

  const first = category('1', [priced('energy', total, prices.singleRate)]);
  const two = category('2-two', [
    priced('day', zoneSum('two', 'day'), prices.twoZone.day),
    priced('night', zoneSum('two', 'night'), prices.twoZone.night),
  ]);
  const three = category('2-three', [
    priced('peak', zoneSum('three', 'peak'), prices.threeZone.peak),
    priced('semi_peak', zoneSum('three', 'semi_peak'), prices.threeZone.semiPeak),
    priced('night', zoneSum('three', 'night'), prices.threeZone.night),
  ]);

  // energy: each hour's volume at that hour's price
  const energyCost = sum(HOURS.map((h) => mul(byHour[h]!, fromDec(prices.hourlyEnergy[h]!))));
  const averagePrice = cmp(total, ZERO) === 0 ? '0.0000' : plain(div(energyCost, total), 4);
  const energy = part('hourly_energy', total, 'kWh', averagePrice, energyCost);
  // capacity: the average over working days of the volume in the region's peak hour, kWh → MW
  const mwAverage = (perDay: (day: Q[]) => Q) =>
    div(sum(profile.filter((_, d) => working[d]).map(perDay)), fromInt(workingDays * 1000));
  const peakPower = mwAverage((day) => day[prices.peakHour]!);
  const capacity = part(
    'capacity',
    peakPower,
    'MW',
    prices.capacityPrice,
    mul(peakPower, fromDec(prices.capacityPrice)),
  );
  const third = category('3', [energy, capacity, priced('network', total, prices.networkRate)]);

  const plannedMax = mwAverage((day) =>
    prices.plannedPeakHours.map((h) => day[h]!).reduce((m, v) => (cmp(v, m) > 0 ? v : m), ZERO),
  );
  const mwh = div(total, fromInt(1000));
  const fourth = category('4', [
    energy,
    capacity,
    part(
      'network_capacity',
      plannedMax,
      'MW',
      prices.networkCapacityRate,
      mul(plannedMax, fromDec(prices.networkCapacityRate)),
    ),
    part('losses', mwh, 'MWh', prices.lossesRate, mul(mwh, fromDec(prices.lossesRate))),
  ]);

  const costs = [first, two, three, third, fourth];
  const min = Math.min(...costs.map((c) => c.totalKop));
  return {
    period,
    days,
    workingDays,
    totalKwh: plain(total, 3),
    costs,
    cheapest: costs.filter((c) => c.totalKop === min).map((c) => c.key),
  };
}

/** The category key a service's plan stands for: the 2nd by its number of zones. */
export function categoryKeyOf(priceCategory: number | null, zones: number): CategoryKey | undefined {
  if (priceCategory === 1) return '1';
  if (priceCategory === 2) return zones >= 3 ? '2-three' : '2-two';
  if (priceCategory === 3) return '3';
  if (priceCategory === 4) return '4';
  return undefined;
}
