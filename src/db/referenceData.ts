// Dated reference data that several features read the same way and the admin pages edit: the VAT
// rates by law (vat_rates, migration 0011), the due days of bills (due_day_rules), the key rates,
// and the dated penalty and advance rules (migration 0012). Small tables, read whole.
import type { Db, Tx } from './knex.js';
import type { VatRate } from '../domain/billing.js';
import type { CustomerKind, DueDayRule } from '../domain/dueDates.js';
import type { AdvanceRuleSet, AdvanceRules } from '../domain/advance.js';
import type { PenaltyRuleSet, PenaltyTier } from '../domain/penalties.js';

export async function loadVatRates(db: Db | Tx): Promise<VatRate[]> {
  const rows: { valid_from: string; percent: string }[] = await db('vat_rates')
    .orderBy('valid_from')
    .select('valid_from', 'percent');
  return rows.map((r) => ({ from: r.valid_from, percent: r.percent }));
}

type DueRuleRow = { customer_kind: CustomerKind; from_period: string; due_day: number };

/** The due_day_rules rows (dueRulesOf reads them), as a query that can go with others in one round trip. */
export function dueRuleRows(db: Db | Tx): Promise<DueRuleRow[]> {
  return db('due_day_rules').select('customer_kind', 'from_period', 'due_day');
}

export function dueRulesOf(rows: readonly DueRuleRow[]): DueDayRule[] {
  return rows.map((r) => ({
    customerKind: r.customer_kind,
    fromPeriod: r.from_period.slice(0, 7),
    dueDay: r.due_day,
  }));
}

export async function loadDueRules(db: Db | Tx): Promise<DueDayRule[]> {
  return dueRulesOf(await dueRuleRows(db));
}

/** The tables of a percent in force from a date that the admin edits. */
export type DatedRateTable = 'key_rates' | 'vat_rates';

/** The rates of a table, newest first. */
export function datedRateRows(
  db: Db | Tx,
  table: DatedRateTable,
): Promise<{ valid_from: string; percent: string }[]> {
  return db(table).orderBy('valid_from', 'desc').select('valid_from', 'percent');
}

/** Adds a rate, or replaces the rate of that date; returns the previous percent of the date, if any. */
export async function upsertDatedRate(
  db: Db | Tx,
  table: DatedRateTable,
  from: string,
  percent: string,
): Promise<string | null> {
  const before: { percent: string } | undefined = await db(table)
    .where({ valid_from: from })
    .first('percent');
  await db(table).insert({ valid_from: from, percent }).onConflict('valid_from').merge();
  return before?.percent ?? null;
}

type PenaltyRuleRow = { customer_kind: CustomerKind; valid_from: string; from_day: number; divisor: number };

/** The penalty_rules rows in order (penaltyRulesOf reads them), as a query that can go with others in one round trip. */
export function penaltyRuleRows(db: Db | Tx): Promise<PenaltyRuleRow[]> {
  return db('penalty_rules')
    .orderBy(['customer_kind', 'valid_from', 'from_day'])
    .select('customer_kind', 'valid_from', 'from_day', 'divisor');
}

/** Every dated set of penalty tiers: a set is the rows of one kind and date. */
export function penaltyRulesOf(rows: readonly PenaltyRuleRow[]): PenaltyRuleSet[] {
  const sets = new Map<string, PenaltyRuleSet & { tiers: { fromDay: number; divisor: number }[] }>();
  for (const r of rows) {
    const key = `${r.customer_kind} ${r.valid_from}`;
    const set = sets.get(key) ?? { customerKind: r.customer_kind, from: r.valid_from, tiers: [] };
    set.tiers.push({ fromDay: r.from_day, divisor: r.divisor });
    sets.set(key, set);
  }
  return [...sets.values()];
}

/** Every dated set of penalty tiers (penalty_rules), in one query. */
export async function loadPenaltyRules(db: Db | Tx): Promise<PenaltyRuleSet[]> {
  return penaltyRulesOf(await penaltyRuleRows(db));
}

/** Every dated advance schedule with its instalments in order (advance_rules, advance_rule_parts), in one query. */
export async function loadAdvanceRules(db: Db | Tx): Promise<AdvanceRuleSet[]> {
  const rows: {
    valid_from: string;
    final_day: number;
    final_month_offset: number;
    percent: string | null;
    day: number | null;
    month_offset: number | null;
  }[] = await db('advance_rules as r')
    .leftJoin('advance_rule_parts as p', 'p.valid_from', 'r.valid_from')
    .orderBy([{ column: 'r.valid_from' }, { column: 'p.part' }])
    .select('r.valid_from', 'r.final_day', 'r.final_month_offset', 'p.percent', 'p.day', 'p.month_offset');
  const sets = new Map<string, AdvanceRuleSet & { instalments: AdvanceRuleSet['instalments'][number][] }>();
  for (const r of rows) {
    const set = sets.get(r.valid_from) ?? {
      fromPeriod: r.valid_from.slice(0, 7),
      instalments: [],
      final: { day: r.final_day, monthOffset: r.final_month_offset },
    };
    if (r.percent !== null)
      set.instalments.push({ percent: r.percent, day: r.day!, monthOffset: r.month_offset! });
    sets.set(r.valid_from, set);
  }
  return [...sets.values()];
}

/** Writes the tiers of one (kind, date) set, replacing the set's rows if any; returns the previous tiers, null if new. */
export async function replacePenaltyRules(
  kind: CustomerKind,
  from: string,
  tiers: readonly PenaltyTier[],
  db: Db | Tx,
): Promise<PenaltyTier[] | null> {
  const before: { from_day: number; divisor: number }[] = await db('penalty_rules')
    .where({ customer_kind: kind, valid_from: from })
    .orderBy('from_day')
    .forUpdate()
    .select('from_day', 'divisor');
  await db('penalty_rules').where({ customer_kind: kind, valid_from: from }).delete();
  await db('penalty_rules').insert(
    tiers.map((t) => ({ customer_kind: kind, valid_from: from, from_day: t.fromDay, divisor: t.divisor })),
  );
  return before.length === 0 ? null : before.map((r) => ({ fromDay: r.from_day, divisor: r.divisor }));
}

/** Writes the advance schedule of months from `fromPeriod` on, replacing that set if any; returns the previous one, null if new. */
export async function replaceAdvanceRules(set: AdvanceRuleSet, db: Db | Tx): Promise<AdvanceRules | null> {
  const from = `${set.fromPeriod}-01`;
  const before = (await loadAdvanceRules(db)).find((s) => s.fromPeriod === set.fromPeriod);
  await db('advance_rules').where({ valid_from: from }).delete();
  await db('advance_rules').insert({
    valid_from: from,
    final_day: set.final.day,
    final_month_offset: set.final.monthOffset,
  });
  await db('advance_rule_parts').insert(
    set.instalments.map((p, i) => ({
      valid_from: from,
      part: i + 1,
      percent: String(p.percent),
      day: p.day,
      month_offset: p.monthOffset,
    })),
  );
  return before ? { instalments: before.instalments, final: before.final } : null;
}
