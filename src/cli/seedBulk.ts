// `npm run seed:bulk -- --accounts N [--months M] [--seed S] [--out FILE | --direct]`: synthetic datasets for benchmarks.
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { systemClock } from '../platform/clock.js';
import { openCliDatabase, argsError } from './common.js';
import { explainStartFailure } from '../platform/startError.js';
import { isValidDate } from '../domain/periods.js';
import { generateBulkJson, type BulkOptions } from '../features/import/bulk.js';
import {
  DatasetInvalidError,
  formatIssue,
  formatSummary,
  fromStream,
  importDataset,
} from '../features/import/service.js';

const HELP = `Синтетический набор данных (формат DATASET.md) для нагрузочных тестов и замеров.

  npm run seed:bulk -- --accounts N [--months M] [--seed S] [--users U] [--today ГГГГ-ММ-ДД] (--out ФАЙЛ | --direct)

  --accounts  сколько лицевых счетов (обязательно)
  --months    месяцев истории на каждый счёт (по умолчанию 24)
  --seed      зерно генератора (по умолчанию 1): один и тот же seed, размер и дата дают тот же файл
  --users     первым U счетам — пользователь портала bulk-<seed>-<i>@example.ru / Bulk2026! (по умолчанию 0)
  --today     история заканчивается месяцем до этой даты (по умолчанию сегодня)
  --out       записать JSON в файл ("-" — в стандартный вывод)
  --direct    сразу загрузить в DATABASE_URL (без неё — во встроенный PostgreSQL) через импорт
  --help      эта справка

Файл пишется потоком: в памяти только один лицевой счёт.`;

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      options: {
        accounts: { type: 'string' },
        months: { type: 'string', default: '24' },
        seed: { type: 'string', default: '1' },
        users: { type: 'string', default: '0' },
        today: { type: 'string' },
        out: { type: 'string' },
        direct: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    }).values;
  } catch (e) {
    process.stderr.write(`${argsError(e)}\n\n${HELP}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const int = (v: string | undefined, name: string, min: number): number | string => {
    const n = Number(v);
    return v !== undefined && Number.isInteger(n) && n >= min ? n : `--${name}: целое число не меньше ${min}`;
  };
  const accounts = int(args.accounts, 'accounts', 1);
  const months = int(args.months, 'months', 1);
  const seed = int(args.seed, 'seed', 0);
  const users = int(args.users, 'users', 0);
  const problems = [accounts, months, seed, users].filter((x): x is string => typeof x === 'string');
  if (args.today !== undefined && !isValidDate(args.today)) problems.push('--today: дата ГГГГ-ММ-ДД');
  if (Boolean(args.out) === args.direct) problems.push('укажите ровно одно: --out ФАЙЛ или --direct');
  if (problems.length) {
    process.stderr.write(`${problems.join('\n')}\n\n${HELP}\n`);
    return 2;
  }
  const opts: BulkOptions = {
    accounts: accounts as number,
    months: months as number,
    seed: seed as number,
    users: users as number,
    today: args.today ?? systemClock.today(),
  };

  if (args.out) {
    const started = Date.now();
    const target = args.out === '-' ? process.stdout : fs.createWriteStream(args.out);
    await pipeline(Readable.from(generateBulkJson(opts)), target);
    if (args.out !== '-') {
      const mb = fs.statSync(args.out).size / 1e6;
      process.stderr.write(
        `Записано ${args.out}: ${opts.accounts} ЛС × ${opts.months} мес., ${mb.toFixed(1)} МБ за ${((Date.now() - started) / 1000).toFixed(1)} с\n`,
      );
    }
    return 0;
  }

  const opened = await openCliDatabase();
  if (typeof opened === 'number') return opened;
  const { database } = opened;
  const bar = process.stdout.isTTY
    ? new cliProgress.SingleBar(
        { format: '{phase} {bar} {percentage}% | {eta_formatted}' },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  let phase = '';
  try {
    const summary = await importDataset(
      database.db,
      fromStream(() => Readable.from(generateBulkJson(opts))),
      {
        clock: systemClock,
        onProgress: (p) => {
          if (!bar) return;
          // the generated stream has no known size: validation counts elements, writing counts accounts
          const total = p.phase === 'write' ? p.total : opts.accounts * 2;
          if (phase !== p.phase) {
            if (phase) bar.stop();
            phase = p.phase;
            bar.start(total, 0, { phase: p.phase === 'validate' ? 'Проверка' : 'Запись  ' });
          }
          bar.update(Math.min(p.done, total));
        },
      },
    );
    bar?.stop();
    process.stdout.write(
      `${formatSummary(summary)}\nЛицевых счетов: ${summary.accounts}, записано строк: ${summary.rowsWritten}\n`,
    );
    return 0;
  } catch (e) {
    bar?.stop();
    if (e instanceof DatasetInvalidError) {
      for (const issue of e.issues) process.stderr.write(`  ${formatIssue(issue)}\n`);
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
    process.stderr.write(`${explainStartFailure(e, 'Не выполнено')}\n`);
    process.exit(1);
  },
);
