// What every command-line tool does first: read the config, open the database (DATABASE_URL or the
// embedded cluster), apply pending migrations. A bad config is reported and ends the tool with code 2.
import { loadConfig, ConfigError, type Config } from '../config.js';
import { createLogger, type Logger } from '../platform/logger.js';
import { openDatabase, type Database } from '../db/connect.js';
import { migrateLatest } from '../db/migrate.js';
import { StartError } from '../platform/startError.js';
import { systemClock } from '../platform/clock.js';
import { createServices, type Services } from '../services.js';

export interface CliDatabase {
  config: Config;
  logger: Logger;
  database: Database;
  /** Names of the migrations this start applied. */
  applied: string[];
}

/** Opens the migrated database (joining the embedded one a running portal holds), or returns the exit code after printing why it could not. */
export async function openCliDatabase(): Promise<CliDatabase | number> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      return 2;
    }
    throw e;
  }
  // tools print their own progress and summary: the logger only speaks up about problems
  const logger = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
  let database: Database;
  try {
    database = await openDatabase(config, logger);
  } catch (e) {
    if (e instanceof StartError) {
      process.stderr.write(`${e.message}\n`);
      return 1;
    }
    throw e;
  }
  try {
    const applied = await migrateLatest(database.db);
    return { config, logger, database, applied };
  } catch (e) {
    await database.close();
    throw e;
  }
}

/** The portal's services over a tool's database, on the system clock, as the server builds them. */
export function cliServices(opened: CliDatabase): Services {
  return createServices({
    db: opened.database.db,
    clock: systemClock,
    config: opened.config,
    logger: opened.logger,
    sessionPool: opened.database.sessionPool,
  });
}

/** A `--flag N` option that must be a positive integer; undefined when absent, an error text when wrong. */
export function positiveInt(flag: string, value: string | undefined): number | undefined | { error: string } {
  if (value === undefined) return undefined;
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : { error: `--${flag}: целое число больше нуля` };
}

/** node:util parseArgs' error in Russian, like the rest of the tools' output. */
export function argsError(e: unknown): string {
  const err = e as { code?: string; message?: string };
  // the option or argument as the message quotes it: '--period <value>' → --period
  const option = (/'([^']*)'/.exec(err.message ?? '')?.[1] ?? '').split(' ')[0];
  switch (err.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `Неизвестный параметр ${option}.`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return /argument missing/.test(err.message ?? '')
        ? `Параметру ${option} нужно значение.`
        : `Параметр ${option} не принимает значения.`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `Лишний аргумент ${option}.`;
    default:
      return `Неверные параметры: ${err.message ?? String(e)}.`;
  }
}
