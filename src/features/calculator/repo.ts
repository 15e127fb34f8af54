// SQL of the calculator: the suppliers' dated prices by price category and an account's category.
import type { Db, Tx } from '../../db/knex.js';
import { pgArray } from '../../db/knex.js';
import type { PriceCategoryPrices } from '../../domain/priceCategories.js';

interface PriceRow {
  supplier_id: number;
  valid_from: string;
  single_rate: string;
  two_zone_day: string;
  two_zone_night: string;
  three_zone_peak: string;
  three_zone_semi_peak: string;
  three_zone_night: string;
  night_hours: number[];
  peak_hours: number[];
  hourly_energy: string[];
  network_rate: string;
  capacity_price: string;
  peak_hour: number;
  network_capacity_rate: string;
  losses_rate: string;
  planned_peak_hours: number[];
}

/** Stored numerics come back as '7.000000': the trailing zeros go, the value stays exact. */
const trim = (v: string) => (v.includes('.') ? v.replace(/0+$/, '').replace(/\.$/, '') : v);

function toPrices(r: PriceRow): PriceCategoryPrices {
  return {
    validFrom: r.valid_from,
    singleRate: trim(r.single_rate),
    twoZone: { day: trim(r.two_zone_day), night: trim(r.two_zone_night) },
    threeZone: {
      peak: trim(r.three_zone_peak),
      semiPeak: trim(r.three_zone_semi_peak),
      night: trim(r.three_zone_night),
    },
    nightHours: r.night_hours.map(Number),
    peakHours: r.peak_hours.map(Number),
    hourlyEnergy: r.hourly_energy.map(trim),
    networkRate: trim(r.network_rate),
    capacityPrice: trim(r.capacity_price),
    peakHour: Number(r.peak_hour),
    networkCapacityRate: trim(r.network_capacity_rate),
    lossesRate: trim(r.losses_rate),
    plannedPeakHours: r.planned_peak_hours.map(Number),
  };
}

const COLUMNS = [
  'supplier_id',
  'valid_from',
  'single_rate',
  'two_zone_day',
  'two_zone_night',
  'three_zone_peak',
  'three_zone_semi_peak',
  'three_zone_night',
  'night_hours',
  'peak_hours',
  'hourly_energy::text[] as hourly_energy',
  'network_rate',
  'capacity_price',
  'peak_hour',
  'network_capacity_rate',
  'losses_rate',
  'planned_peak_hours',
];

export class CalculatorRepo {
  constructor(private readonly db: Db) {}

  /** The price set in force on `date` (the newest starting not after it). */
  async pricesAt(
    supplierId: number,
    date: string,
    db: Db | Tx = this.db,
  ): Promise<PriceCategoryPrices | undefined> {
    const row = await db('price_category_prices')
      .select(db.raw(COLUMNS.join(', ')))
      .where({ supplier_id: supplierId })
      .andWhere('valid_from', '<=', date)
      .orderBy('valid_from', 'desc')
      .first();
    return row ? toPrices(row as PriceRow) : undefined;
  }

  /** Every price set of a supplier, newest first. */
  async priceHistory(supplierId: number, db: Db | Tx = this.db): Promise<PriceCategoryPrices[]> {
    const rows = (await db('price_category_prices')
      .select(db.raw(COLUMNS.join(', ')))
      .where({ supplier_id: supplierId })
      .orderBy('valid_from', 'desc')) as PriceRow[];
    return rows.map(toPrices);
  }

  /** Adds or replaces the set starting on its date; returns the one replaced. */
  async savePrices(supplierId: number, p: PriceCategoryPrices, tx: Db | Tx = this.db) {
    const previous = await this.priceHistory(supplierId, tx).then((all) =>
      all.find((x) => x.validFrom === p.validFrom),
    );
    await tx('price_category_prices')
      .insert({
        supplier_id: supplierId,
        valid_from: p.validFrom,
        single_rate: p.singleRate,
        two_zone_day: p.twoZone.day,
        two_zone_night: p.twoZone.night,
        three_zone_peak: p.threeZone.peak,
        three_zone_semi_peak: p.threeZone.semiPeak,
        three_zone_night: p.threeZone.night,
        night_hours: pgArray([...p.nightHours]),
        peak_hours: pgArray([...p.peakHours]),
        hourly_energy: pgArray([...p.hourlyEnergy]),
        network_rate: p.networkRate,
        capacity_price: p.capacityPrice,
        peak_hour: p.peakHour,
        network_capacity_rate: p.networkCapacityRate,
        losses_rate: p.lossesRate,
        planned_peak_hours: pgArray([...p.plannedPeakHours]),
      })
      .onConflict(['supplier_id', 'valid_from'])
      .merge();
    return previous;
  }

  /** The price category of the account's electricity plan and its service's number of zones. */
  async currentCategory(accountId: number): Promise<{ category: number | null; zones: number } | undefined> {
    const row = await this.db('services as s')
      .join('tariff_plans as tp', 'tp.id', 's.tariff_plan_id')
      .where({ 's.account_id': accountId, 's.kind': 'electricity' })
      .orderBy('s.id')
      .first('tp.price_category', this.db.raw('cardinality(s.zones) as zones'));
    return row ? { category: row.price_category ?? null, zones: Number(row.zones) } : undefined;
  }

  suppliers(): Promise<{ id: number; name: string }[]> {
    return this.db('suppliers').select('id', 'name').orderBy('name');
  }
}
