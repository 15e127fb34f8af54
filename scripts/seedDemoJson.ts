// `npm run seed:demo-json [-- --today YYYY-MM-DD]`: writes the demo personas as seeds/demo.json, for reading.
// The server does not read the file: it builds the same dataset for its own today (src/features/import/demo.ts).
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { fromRoot } from '../src/root.js';
import { systemClock } from '../src/platform/clock.js';
import { isValidDate } from '../src/domain/periods.js';
import { buildDemoDataset } from '../src/features/import/demo.js';
import { argsError, openCliDatabase } from '../src/cli/common.js';
import { demoPenaltyReference } from '../src/features/import/demoLoad.js';

const HELP = `Записывает демо-персоны (как они строятся на дату) в seeds/demo.json — для чтения и импорта.

  npm run seed:demo-json [-- --today ГГГГ-ММ-ДД] [--out ФАЙЛ]`;

let values: { today?: string; out?: string; help?: boolean };
try {
  ({ values } = parseArgs({
    options: { today: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    strict: true,
  }));
} catch (e) {
  console.error(`${argsError(e)}\n\n${HELP}`);
  process.exit(2);
}
if (values.help) {
  console.log(HELP);
  process.exit(0);
}
const today = values.today ?? systemClock.today();
if (!isValidDate(today)) {
  console.error('--today: дата ГГГГ-ММ-ДД');
  process.exit(2);
}
const out = values.out ?? fromRoot('seeds', 'demo.json');
// the penalties come from the dated tables of the database (DATABASE_URL or the embedded one)
const opened = await openCliDatabase();
if (typeof opened === 'number') process.exit(opened);
const ref = await demoPenaltyReference(opened.database.db).finally(() => opened.database.close());
fs.writeFileSync(out, `${JSON.stringify(buildDemoDataset(today, ref), null, 2)}\n`);
console.log(`${out}: демо-данные на ${today} (загрузка: npm run import -- ${out})`);
