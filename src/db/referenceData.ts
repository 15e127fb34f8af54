// Dated reference data that several features read the same way: the VAT rates by law (vat_rates,
// migration 0011) and the due days of bills (due_day_rules). Small tables, read whole.
import type { Db, Tx } from './knex.js';
import type { VatRate } from '../domain/billing.js';
import type { CustomerKind, DueDayRule } from '../domain/dueDates.js';

export async function loadVatRates(db: Db | Tx): Promise<VatRate[]> {
  const rows: { valid_from: string; percent: string }[] = await db('vat_rates').orderBy('valid_from').select('valid_from', 'percent');
  return rows.map((r) => ({ from: r.valid_from, percent: r.percent }));
}

export async function loadDueRules(db: Db | Tx): Promise<DueDayRule[]> {
  const rows: { customer_kind: CustomerKind; from_period: string; due_day: number }[] = await db('due_day_rules').select('customer_kind', 'from_period', 'due_day');
  return rows.map((r) => ({ customerKind: r.customer_kind, fromPeriod: r.from_period.slice(0, 7), dueDay: r.due_day }));
}
