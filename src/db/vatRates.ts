// The VAT rates by law with the dates they apply from (vat_rates, migration 0011): the billing run, the
// advance schedule and the printed invoices read them the same way.
import type { Db, Tx } from './knex.js';
import type { VatRate } from '../domain/billing.js';

export async function loadVatRates(db: Db | Tx): Promise<VatRate[]> {
  const rows: { valid_from: string; percent: string }[] = await db('vat_rates').orderBy('valid_from').select('valid_from', 'percent');
  return rows.map((r) => ({ from: r.valid_from, percent: r.percent }));
}
