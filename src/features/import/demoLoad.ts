// Demo data for an empty database (npm start): the personas of DESIGN.md built for the clock's today, loaded through the importer.
import type { Db } from '../../db/knex.js';
import type { Clock } from '../../platform/clock.js';
import { buildDemoDataset, type DemoPenaltyReference } from './demo.js';
import { loadDueRules, loadPenaltyRules } from '../../db/referenceData.js';
import { fromData, importDataset, type ImportOptions, type ImportSummary } from './service.js';

/**
 * Loads the demo personas when the database has no supplier yet; returns whether it did. The
 * history is generated for the clock's today (the 24 months before it), so the demo never goes
 * stale. `settle` is the debt module's, which persists each account's разноска.
 */
export async function loadDemoDataIfEmpty(
  db: Db,
  clock: Clock,
  settle: NonNullable<ImportOptions['settle']>,
): Promise<boolean> {
  const [{ count }] = (await db('suppliers').count<{ count: string }[]>('* as count')) as [{ count: string }];
  if (Number(count) > 0) return false;
  await loadDemoData(db, clock, settle);
  return true;
}

/** Imports the demo dataset (idempotent: a second call changes nothing). */
export function loadDemoData(
  db: Db,
  clock: Clock,
  settle: NonNullable<ImportOptions['settle']>,
): Promise<ImportSummary> {
  return demoPenaltyReference(db).then((ref) =>
    importDataset(db, fromData(buildDemoDataset(clock.today(), ref)), { clock, settle }),
  );
}

/** The dated tables the demo's penalties are computed from, as the database holds them. */
export async function demoPenaltyReference(db: Db): Promise<DemoPenaltyReference> {
  const [keyRates, caps, rules, dueRules] = await Promise.all([
    db('key_rates').orderBy('valid_from').select('valid_from', 'percent'),
    db('penalty_rate_caps').select('customer_kind', 'valid_from', 'valid_to', 'percent'),
    loadPenaltyRules(db),
    loadDueRules(db),
  ]);
  return {
    keyRates: keyRates.map((r: { valid_from: string; percent: string }) => ({
      from: r.valid_from,
      percent: r.percent,
    })),
    caps: caps.map(
      (r: {
        customer_kind: 'person' | 'organisation';
        valid_from: string;
        valid_to: string;
        percent: string;
      }) => ({
        customerKind: r.customer_kind,
        from: r.valid_from,
        to: r.valid_to,
        percent: r.percent,
      }),
    ),
    rules,
    dueRules,
  };
}
