// The importer: validate the whole dataset (pass 1), then write it in one transaction in batches (pass 2).
import type { Db } from '../../db/knex.js';
import type { Clock } from '../../platform/clock.js';
import { AccountRepo } from '../account/repo.js';
import { AccountStatementService } from '../account/statement.js';
import { DebtService } from '../debt/service.js';
import { DebtRepo } from '../debt/repo.js';
import type { DatasetSource } from './reader.js';
import { KINDS, type Kind, type KindCount } from './tables.js';
import { validateDataset, type Issue, type ValidationResult } from './validate.js';
import { Writer } from './writer.js';

export { validateDataset } from './validate.js';
export type { Issue, ValidationResult } from './validate.js';
export { fromData, fromFile, fromStream, fromText, type DatasetSource } from './reader.js';
export { KINDS, type Kind, type KindCount } from './tables.js';

export interface ImportSummary {
  kinds: Record<Kind, KindCount>;
  /** rows inserted or updated in all tables, bill lines and payment allocations included */
  rowsWritten: number;
  /** accounts whose разноска (bill_settlements) was recomputed */
  settled: number;
  accounts: number;
  validateMs: number;
  writeMs: number;
}

export type ImportProgress =
  | { phase: 'validate'; done: number; total?: number; unit: 'bytes' | 'elements' }
  | { phase: 'write'; done: number; total: number; unit: 'accounts' };

export interface ImportOptions {
  /** the import's "now": when imported users' e-mails count as confirmed, and the day the разноска is settled for */
  clock: Clock;
  onProgress?: (p: ImportProgress) => void;
  /** accounts written per batch (each table gets one statement per batch) */
  batchSize?: number;
  /**
   * Persist the разноска (bill_settlements, the bill_balances view) of every account whose bills,
   * payments or opening balance changed, through the debt module's settle(), after the import's
   * transaction commits (it is derived from what was imported). It loads each
   * account's whole statement (~0.1 s an account), so it is off by default: the cabinet pages
   * compute the разноска on the fly; the demo loader and `npm run import -- --settle` turn it on.
   */
  settle?: boolean;
}

/** The dataset has problems; nothing was written. `issues` holds the first MAX_ISSUES of `issueCount`. */
export class DatasetInvalidError extends Error {
  readonly issues: Issue[];
  readonly issueCount: number;
  constructor(result: ValidationResult) {
    super(`в наборе данных ${result.issueCount} ${result.issueCount === 1 ? 'ошибка' : 'ошибок'}; ничего не записано`);
    this.name = 'DatasetInvalidError';
    this.issues = result.issues;
    this.issueCount = result.issueCount;
  }
}

/** `accounts[0].meters[0].serial: прибор учёта … (значение: "007789035039011")` */
export function formatIssue(i: Issue): string {
  if (i.value === undefined) return `${i.path}: ${i.message}`;
  let shown = JSON.stringify(i.value) ?? String(i.value);
  if (shown.length > 80) shown = `${shown.slice(0, 77)}…`;
  return `${i.path}: ${i.message} (значение: ${shown})`;
}

/**
 * Imports a dataset: validates all of it first (throws DatasetInvalidError, writing nothing, when
 * anything is wrong), then writes it in one transaction, idempotent by natural keys.
 */
export async function importDataset(db: Db, source: DatasetSource, opts: ImportOptions): Promise<ImportSummary> {
  const t0 = Date.now();
  const v = await validateDataset(db, source, { onProgress: opts.onProgress });
  if (!v.ok) throw new DatasetInvalidError(v);
  const t1 = Date.now();
  const writer = await db.transaction(async (tx) => {
    const w = new Writer(tx, v, opts);
    await w.run(source);
    return w;
  });
  // the разноска is derived data: recomputed after the commit, one account at a time, by the debt module
  const debt = new DebtService({ repo: new DebtRepo(db), clock: opts.clock, statements: new AccountStatementService(new AccountRepo(db)) });
  for (const id of writer.toSettle) await debt.settle(id);
  return { kinds: writer.kinds, rowsWritten: writer.rowsWritten, settled: writer.toSettle.length, accounts: writer.accountsDone, validateMs: t1 - t0, writeMs: Date.now() - t1 };
}

/** The summary as a table for the terminal. */
export function formatSummary(s: ImportSummary): string {
  const head = ['', 'создано', 'изменено', 'без изменений'];
  const rows = KINDS.filter((k) => s.kinds[k].created + s.kinds[k].updated + s.kinds[k].unchanged > 0).map((k) => [
    k, String(s.kinds[k].created), String(s.kinds[k].updated), String(s.kinds[k].unchanged),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(head), ...rows.map(line)].join('\n');
}
