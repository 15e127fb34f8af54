// Dataset import throughput: a bulk-generated file (100 000 accounts × 24 months by default) imported into a
// scratch database by the importer in a child process, in accounts/s and rows/s, with the child's peak RSS.
// BENCH_IMPORT_ACCOUNTS / BENCH_IMPORT_MONTHS change the size; the file is written to the OS temp directory.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { generateBulkJson } from '../src/features/import/bulk.js';
import { fromFile, importDataset, type ImportSummary } from '../src/features/import/service.js';
import { systemClock } from '../src/platform/clock.js';
import { createDb } from '../src/db/knex.js';
import { benchContext, baseline, type BenchContext, type Figure } from './support.js';

const ACCOUNTS = Number(process.env.BENCH_IMPORT_ACCOUNTS ?? 100_000);
const MONTHS = Number(process.env.BENCH_IMPORT_MONTHS ?? 24);
const here = fileURLToPath(import.meta.url);

interface ChildResult {
  summary: ImportSummary;
  seconds: number;
  maxRssMb: number;
}

/** Runs in the child: imports the file into DATABASE_URL and prints the summary and its own peak RSS. */
async function child(file: string): Promise<void> {
  const db = createDb(process.env.DATABASE_URL!, { max: 2 });
  const started = Date.now();
  try {
    const summary = await importDataset(db, fromFile(file), { clock: systemClock });
    const result: ChildResult = {
      summary,
      seconds: (Date.now() - started) / 1000,
      maxRssMb: process.resourceUsage().maxRSS / 1024,
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await db.destroy();
  }
}

function importInChild(file: string, url: string): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    // a 256 MB heap cap: the import must stream, whatever the file size
    const p = spawn(
      process.execPath,
      ['--max-old-space-size=256', '--import', 'tsx', here, '--child', file],
      { env: { ...process.env, DATABASE_URL: url }, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    p.stdout.on('data', (c: Buffer) => (out += c.toString()));
    p.on('error', reject);
    p.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split('\n').pop()!) as ChildResult)
        : reject(new Error(`import child exited with ${code}`)),
    );
  });
}

export async function run(ctx: BenchContext): Promise<Figure[]> {
  const file = path.join(os.tmpdir(), `bench-import-${process.pid}-${ACCOUNTS}x${MONTHS}.json`);
  const genStarted = Date.now();
  await pipeline(
    Readable.from(generateBulkJson({ accounts: ACCOUNTS, months: MONTHS, seed: 1, today: '2026-11-23' })),
    fs.createWriteStream(file),
  );
  const genSeconds = (Date.now() - genStarted) / 1000;
  const mb = fs.statSync(file).size / 1e6;
  try {
    const { url } = await ctx.scratch('import');
    const load = os.loadavg()[0]!;
    const first = await importInChild(file, url);
    if (first.summary.accounts !== ACCOUNTS)
      throw new Error(`imported ${first.summary.accounts} of ${ACCOUNTS} accounts`);
    const again = await importInChild(file, url);
    const changed = Object.values(again.summary.kinds).reduce((n, k) => n + k.created + k.updated, 0);
    if (changed !== 0) throw new Error(`a second import changed ${changed} rows`);
    const s = first.summary;
    const note = `${mb.toFixed(0)} MB file (generated in ${genSeconds.toFixed(0)} s), ${s.rowsWritten.toLocaleString('ru-RU')} rows, validate ${(s.validateMs / 1000).toFixed(0)} s + write ${(s.writeMs / 1000).toFixed(0)} s; load avg ${load.toFixed(2)}`;
    return [
      {
        name: `import, ${ACCOUNTS.toLocaleString('ru-RU')} accounts × ${MONTHS} months`,
        value: ACCOUNTS / first.seconds,
        unit: 'accounts/s',
        better: 'higher',
        note,
      },
      { name: 'import rows written', value: s.rowsWritten / first.seconds, unit: 'rows/s', better: 'higher' },
      {
        name: 'import peak RSS (child process, heap capped at 256 MB)',
        value: first.maxRssMb,
        unit: 'MB',
        better: 'lower',
      },
      {
        name: 'import of the same file again (no-op)',
        value: again.seconds,
        unit: 's',
        better: 'lower',
        note: `peak RSS ${again.maxRssMb.toFixed(0)} MB`,
      },
    ];
  } finally {
    fs.rmSync(file, { force: true });
  }
}

if (process.argv[2] === '--child') {
  await child(process.argv[3]!);
} else if (import.meta.url === `file://${process.argv[1]}`) {
  const ctx = await benchContext();
  try {
    const base = await baseline(ctx);
    for (const f of [base, ...(await run(ctx))])
      console.log(f.name, f.value.toFixed(1), f.unit, f.note ?? '');
  } finally {
    await ctx.close();
  }
}
