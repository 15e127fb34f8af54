// The importer: validate the whole dataset (pass 1), then write it in one transaction in batches (pass 2).
import type { Db } from '../../db/knex.js';
import type { DatasetSource } from './reader.js';
import { KINDS, type Kind, type KindCount } from './tables.js';
import { validateDataset, type Issue, type ValidationResult } from './validate.js';
import { Writer, type ImportOptions } from './writer.js';

export type { ImportOptions, ImportProgress } from './writer.js';

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

/** The dataset has problems; nothing was written. `issues` holds the first MAX_ISSUES of `issueCount`. */
export class DatasetInvalidError extends Error {
  readonly issues: Issue[];
  readonly issueCount: number;
  constructor(result: ValidationResult) {
    super(
      `в наборе данных ${result.issueCount} ${result.issueCount === 1 ? 'ошибка' : 'ошибок'}; ничего не записано`,
    );
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
export async function importDataset(
  db: Db,
  source: DatasetSource,
  opts: ImportOptions,
): Promise<ImportSummary> {
  const t0 = Date.now();
  const v = await validateDataset(db, source, { onProgress: opts.onProgress });
  if (!v.ok) throw new DatasetInvalidError(v);
  const t1 = Date.now();
  const writer = await db.transaction(async (tx) => {
    const w = new Writer(tx, v, opts);
    await w.run(source);
    return w;
  });
  // the разноска is derived data: recomputed after the commit, one account at a time, by the caller's debt module
  for (const id of writer.toSettle) await opts.settle!(id);
  // fresh statistics now, not when autovacuum gets round to it: until then the planner guesses and pages take ~1 s
  await db.raw('ANALYZE');
  return {
    kinds: writer.kinds,
    rowsWritten: writer.rowsWritten,
    settled: writer.toSettle.length,
    accounts: writer.accountsDone,
    validateMs: t1 - t0,
    writeMs: Date.now() - t1,
  };
}

/** The summary as a table for the terminal. */
export function formatSummary(s: ImportSummary): string {
  const head = ['', 'создано', 'изменено', 'без изменений'];
  const rows = KINDS.filter((k) => s.kinds[k].created + s.kinds[k].updated + s.kinds[k].unchanged > 0).map(
    (k) => [k, String(s.kinds[k].created), String(s.kinds[k].updated), String(s.kinds[k].unchanged)],
  );
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(head), ...rows.map(line)].join('\n');
}
