// Demo data for an empty database (npm start): the personas of DESIGN.md built for the clock's today, loaded through the importer.
import type { Db } from '../../db/knex.js';
import type { Clock } from '../../platform/clock.js';
import { buildDemoDataset } from './demo.js';
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
  return importDataset(db, fromData(buildDemoDataset(clock.today())), { clock, settle });
}
