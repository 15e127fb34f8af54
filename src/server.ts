// Entry point: config → database (embedded when DATABASE_URL is unset) → migrate → demo data → listen.
import { loadConfig, ConfigError } from './config.js';
import { createLogger } from './platform/logger.js';
import { systemClock } from './platform/clock.js';
import { openDatabase } from './db/connect.js';
import { migrateLatest } from './db/migrate.js';
import { DEMO_LOGINS, loadDemoDataIfEmpty } from './db/demo.js';
import { createServices } from './services.js';
import { createApp } from './app.js';
import { startReadingReminderScheduler } from './features/readings/reminders.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
  const logger = createLogger(config.LOG_LEVEL);
  const database = await openDatabase(config, logger);
  const applied = await migrateLatest(database.db);
  if (applied.length) logger.info({ applied }, 'migrations applied');
  const loaded = config.DEMO_DATA ? await loadDemoDataIfEmpty(database.db) : false;
  if (loaded) logger.info('demo data loaded into the empty database');

  const services = createServices({ db: database.db, clock: systemClock, config, logger, sessionPool: database.sessionPool });
  const app = createApp(services);
  // mail and SMS leave through the outbox; the worker is a timer in this process
  const outboxWorker = services.outboxWorker.start();
  const reminders = startReadingReminderScheduler(services);
  const server = app.listen(config.PORT, config.HOST, () => {
    const lines = [
      '',
      `  Личный кабинет: ${config.publicUrl}`,
      database.embedded ? `  База данных: встроенный PostgreSQL (${config.DATA_DIR}/pg)` : '  База данных: DATABASE_URL',
      ...(config.DEMO_DATA && config.NODE_ENV !== 'production'
        ? ['  Демо-входы (логин / пароль):', ...DEMO_LOGINS.map((d) => `    ${d.login.padEnd(22)} ${d.password.padEnd(14)} ${d.who}`)]
        : []),
      '  Остановить: Ctrl-C',
      '',
    ];
    process.stdout.write(lines.join('\n') + '\n');
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    server.close();
    server.closeAllConnections();
    await reminders.stop();
    await outboxWorker.stop();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((e) => {
  process.stderr.write(`Не удалось запустить портал: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
