// `npm run migrate`: applies pending migrations to DATABASE_URL (or the embedded database under DATA_DIR).
import { openCliDatabase } from './common.js';
import { explainStartFailure } from '../platform/startError.js';

const HELP = `Применяет новые миграции базы данных (migrations/*.sql) по порядку имён.

  npm run migrate

База: DATABASE_URL, а если он не задан — встроенный PostgreSQL в каталоге DATA_DIR (.data).`;

async function main(): Promise<number> {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const opened = await openCliDatabase();
  if (typeof opened === 'number') return opened;
  try {
    process.stdout.write(
      opened.applied.length
        ? `Применены миграции:\n${opened.applied.map((m) => `  ${m}`).join('\n')}\n`
        : 'Новых миграций нет: база в актуальном состоянии.\n',
    );
    return 0;
  } finally {
    await opened.database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`${explainStartFailure(e, 'Миграции не применены')}\n`);
    process.exit(1);
  },
);
