// `npm run import -- FILE.json [--check] [--batch N]`: loads a dataset (DATASET.md) into DATABASE_URL.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { openCliDatabase, positiveInt, argsError, cliServices } from './common.js';
import { explainStartFailure } from '../platform/startError.js';
import { systemClock } from '../platform/clock.js';
import {
  DatasetInvalidError,
  formatIssue,
  formatSummary,
  fromFile,
  importDataset,
  validateDataset,
  type ImportProgress,
} from '../features/import/service.js';

const HELP = `Загрузка данных биллинга (формат DATASET.md, docs/dataset.md) в базу портала.

  npm run import -- ФАЙЛ.json [--check] [--settle] [--batch N]

  --check   только проверить файл: вывести все ошибки, ничего не записывать
  --settle  сохранить разноску платежей по счетам (bill_settlements) для изменившихся лицевых
            счетов; около 0,1 с на счёт, поэтому по умолчанию выключено
  --batch   лицевых счетов в одной порции записи (по умолчанию 500)
  --help    эта справка

Сначала проверяется весь файл (каждая ошибка — с путём в JSON и значением); если есть хотя бы
одна ошибка, ничего не записывается. Запись идёт одной транзакцией. Повторная загрузка того же
файла ничего не меняет; изменённый файл обновляет только изменившееся (ключи: код поставщика,
код тарифного плана, ref клиента, номер лицевого счёта и поставщик, номер договора, код услуги,
серийный номер прибора учёта, показание (регистр, дата, источник), номер счёта и поставщик,
ref платежа, логин пользователя). Файл читается потоком: размер не ограничен памятью.

База данных: DATABASE_URL, без неё — встроенный PostgreSQL в .data/.
Код выхода: 0 — загружено, 1 — ошибки в данных, 2 — неверный вызов или нет файла.`;

function progressBar(): { onProgress: (p: ImportProgress) => void; stop: () => void } | undefined {
  if (!process.stdout.isTTY) return undefined;
  const bar = new cliProgress.SingleBar(
    { format: '{phase} {bar} {percentage}% | {done} из {all} | {eta_formatted}', hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let phase: string | undefined;
  const mb = (n: number) => `${(n / 1e6).toFixed(1)} МБ`;
  return {
    onProgress: (p) => {
      const total = p.total ?? 0;
      const fmt = p.unit === 'bytes' ? mb : String;
      if (phase !== p.phase) {
        if (phase) bar.stop();
        phase = p.phase;
        bar.start(total, p.done, {
          phase: p.phase === 'validate' ? 'Проверка' : 'Запись  ',
          done: fmt(p.done),
          all: fmt(total),
        });
      }
      bar.update(p.done, { done: fmt(p.done), all: fmt(total) });
    },
    stop: () => {
      if (phase) bar.stop();
    },
  };
}

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        check: { type: 'boolean', default: false },
        settle: { type: 'boolean', default: false },
        batch: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    process.stderr.write(`${argsError(e)}\n\n${HELP}\n`);
    return 2;
  }
  const { values: args, positionals } = parsed;
  if (args.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  if (positionals.length !== 1) {
    process.stderr.write(`Укажите один файл с данными.\n\n${HELP}\n`);
    return 2;
  }
  const file = positionals[0]!;
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
    process.stderr.write(`Нет такого файла: ${file}\n`);
    return 2;
  }
  const batchSize = positiveInt('batch', args.batch);
  if (typeof batchSize === 'object') {
    process.stderr.write(`${batchSize.error}\n`);
    return 2;
  }
  const opened = await openCliDatabase();
  if (typeof opened === 'number') return opened;
  const { database } = opened;
  const bar = progressBar();
  try {
    if (args.check) {
      const v = await validateDataset(database.db, fromFile(file), { onProgress: bar?.onProgress });
      bar?.stop();
      if (!v.ok) throw new DatasetInvalidError(v);
      const counts = Object.entries(v.counts)
        .filter(([, n]) => n > 0)
        .map(([k, n]) => `${k}: ${n}`)
        .join(', ');
      process.stdout.write(`Ошибок нет (${counts}). Ничего не записано: --check.\n`);
      return 0;
    }
    const { debt } = cliServices(opened);
    const settle = args.settle ? (id: number) => debt.settle(id) : undefined;
    const summary = await importDataset(database.db, fromFile(file), {
      clock: systemClock,
      onProgress: bar?.onProgress,
      batchSize,
      settle,
    });
    bar?.stop();
    process.stdout.write(`Загружено: ${file}\n${formatSummary(summary)}\n`);
    process.stdout.write(
      `Лицевых счетов: ${summary.accounts}, записано строк: ${summary.rowsWritten}; проверка ${(summary.validateMs / 1000).toFixed(1)} с, запись ${(summary.writeMs / 1000).toFixed(1)} с\n`,
    );
    return 0;
  } catch (e) {
    bar?.stop();
    if (e instanceof DatasetInvalidError) {
      process.stderr.write(`Файл не загружен: ${e.message}.\n`);
      for (const issue of e.issues) process.stderr.write(`  ${formatIssue(issue)}\n`);
      if (e.issueCount > e.issues.length)
        process.stderr.write(`  … и ещё ${e.issueCount - e.issues.length}\n`);
      return 1;
    }
    throw e;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`${explainStartFailure(e, 'Загрузка не выполнена')}\n`);
    process.exit(1);
  },
);
