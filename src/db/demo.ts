// Demo data for an empty database (npm start): the personas of DESIGN.md built for today, loaded through the importer.
import type { Db } from './knex.js';
import type { Clock } from '../platform/clock.js';
import { buildDemoDataset, DEMO_LOGINS, type DemoLogin } from '../features/import/demo.js';
import { fromData, importDataset, type ImportSummary } from '../features/import/service.js';

export { DEMO_LOGINS, type DemoLogin };

/**
 * Loads the demo personas when the database has no supplier yet; returns whether it did. The
 * history is generated for the clock's today (the 24 months before it), so the demo never goes stale.
 */
export async function loadDemoDataIfEmpty(db: Db, clock: Clock): Promise<boolean> {
  const [{ count }] = (await db('suppliers').count<{ count: string }[]>('* as count')) as [{ count: string }];
  if (Number(count) > 0) return false;
  await loadDemoData(db, clock);
  return true;
}

/** Imports the demo dataset (idempotent: a second call changes nothing). */
export function loadDemoData(db: Db, clock: Clock): Promise<ImportSummary> {
  return importDataset(db, fromData(buildDemoDataset(clock.today())), { clock, settle: true });
}
