// `npm run bench`: every benchmark module in one run, each figure also as a ratio to a baseline
// measured in the same run on the same machine (so figures compare across machines).
// Usage: npm run bench [-- name ...]   (names of bench modules, e.g. pages readings)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchContext, baseline, type BenchContext, type Figure } from './support.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const skip = new Set(['run.ts', 'support.ts', 'dataset.ts']);

async function main() {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  if (process.argv.includes('--help')) {
    console.log('npm run bench [-- module ...]\nModules: ' + modules().join(', '));
    return;
  }
  const names = wanted.length ? wanted : modules();
  const ctx = await benchContext();
  const rows: (Figure & { module: string })[] = [];
  try {
    const base = await baseline(ctx);
    rows.push({ ...base, module: 'baseline' });
    console.log(`baseline: ${Math.round(base.value)} ${base.unit}`);
    for (const name of names) {
      const started = Date.now();
      const mod = (await import(path.join(here, `${name}.ts`))) as {
        run: (ctx: BenchContext) => Promise<Figure[]>;
      };
      const figures = await mod.run(ctx);
      for (const f of figures) rows.push({ ...f, module: name });
      console.log(`${name}: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
  } finally {
    await ctx.close();
  }
  const base = rows[0]!;
  console.log('\n| module | figure | value | ratio to baseline | note |\n| --- | --- | --- | --- | --- |');
  for (const r of rows) {
    const ratio = r.unit === base.unit ? (r.value / base.value).toFixed(3) : '';
    const value = r.value >= 100 ? Math.round(r.value).toLocaleString('ru-RU') : r.value.toFixed(2);
    console.log(`| ${r.module} | ${r.name} | ${value} ${r.unit} | ${ratio} | ${r.note ?? ''} |`);
  }
}

function modules(): string[] {
  return fs
    .readdirSync(here)
    .filter((f) => f.endsWith('.ts') && !skip.has(f))
    .map((f) => f.replace(/\.ts$/, ''))
    .sort();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
