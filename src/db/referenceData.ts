// Dated reference data that several features read the same way: the VAT rates by law (vat_rates,
// migration 0011), the due days of bills (due_day_rules), and the rows of the dated rates the admin
// pages edit (key_rates, vat_rates). Small tables, read whole.
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

/** The tables of a percent in force from a date that the admin edits. */
export type DatedRateTable = 'key_rates' | 'vat_rates';

/** The rates of a table, newest first. */
export function datedRateRows(db: Db | Tx, table: DatedRateTable): Promise<{ valid_from: string; percent: string }[]> {
  return db(table).orderBy('valid_from', 'desc').select('valid_from', 'percent');
}

/** Adds a rate, or replaces the rate of that date; returns the previous percent of the date, if any. */
export async function upsertDatedRate(db: Db | Tx, table: DatedRateTable, from: string, percent: string): Promise<string | null> {
  const before: { percent: string } | undefined = await db(table).where({ valid_from: from }).first('percent');
  await db(table).insert({ valid_from: from, percent }).onConflict('valid_from').merge();
  return before?.percent ?? null;
}
