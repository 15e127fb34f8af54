// Entry point: config → database (embedded when DATABASE_URL is unset) → migrate → demo data → listen;
// on SIGTERM/SIGINT it drains in-flight requests before it lets the database go.
import type { Server } from 'node:http';
import { loadConfig, ConfigError, type Config } from './config.js';
import { createLogger, type Logger } from './platform/logger.js';
import { systemClock } from './platform/clock.js';
import { StartError, explainStartFailure } from './platform/startError.js';
import { openDatabase, type Database } from './db/connect.js';
import { migrateLatest } from './db/migrate.js';
import { DEMO_LOGINS } from './features/import/demo.js';
import { loadDemoDataIfEmpty } from './features/import/demoLoad.js';
import { createServices, type Services } from './services.js';
import { createApp } from './app.js';
import { startReadingReminderScheduler } from './features/readings/reminders.js';
import { startSubscriptionMailScheduler } from './features/subscriptions/service.js';

const HELP = `Запускает личный кабинет: веб-сервер, рассылку писем, напоминания о показаниях и рассылки
по подпискам (счета, счета на предоплату, уведомления о задолженности).

  npm start            собрать и запустить (dist/server.js)
  npm run dev          запустить из исходников TypeScript

База: DATABASE_URL, а если он не задан — встроенный PostgreSQL в каталоге DATA_DIR (.data) на порту
EMBEDDED_PG_PORT (54329); если встроенная база уже запущена другим процессом, сервер подключается к ней.
Остальные переменные окружения описаны в README (раздел Configuration).
Остановка: Ctrl-C или SIGTERM — сервер перестаёт принимать соединения, дожидается начатых запросов
(не дольше 10 секунд), останавливает рассылку и отключается от базы.`;

/** How long a stopping server waits for the requests it has begun. */
const DRAIN_MS = 10_000;

function listen(app: ReturnType<typeof createApp>, config: Config): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(config.PORT, config.HOST);
    server.once('listening', () => resolve(server));
    server.once('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EADDRINUSE')
        reject(
          new StartError(
            `Порт ${config.PORT} занят другим процессом: остановите его или укажите другой порт в PORT.`,
          ),
        );
      else if (e.code === 'EACCES')
        reject(new StartError(`Нет прав слушать порт ${config.PORT}: укажите в PORT порт выше 1024.`));
      else if (e.code === 'EADDRNOTAVAIL')
        reject(new StartError(`Адреса ${config.HOST} нет на этой машине: исправьте HOST.`));
      else reject(e);
    });
  });
}

function banner(config: Config, database: Database): string {
  const lines = [
    '',
    `  Личный кабинет: ${config.publicUrl}`,
    database.embedded === 'started'
      ? `  База данных: встроенный PostgreSQL (${config.DATA_DIR}/pg, порт ${config.EMBEDDED_PG_PORT})`
      : database.embedded === 'joined'
        ? `  База данных: встроенный PostgreSQL (${config.DATA_DIR}/pg), уже запущенный другим процессом`
        : '  База данных: DATABASE_URL',
    ...(config.DEMO_DATA && config.NODE_ENV !== 'production'
      ? [
          '  Демо-входы (логин / пароль):',
          ...DEMO_LOGINS.map((d) => `    ${d.login.padEnd(22)} ${d.password.padEnd(14)} ${d.who}`),
        ]
      : []),
    '  Остановить: Ctrl-C',
    '',
  ];
  return lines.join('\n') + '\n';
}

async function main(): Promise<number> {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
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
  const logger = createLogger(config.LOG_LEVEL);
  let database: Database | undefined;
  try {
    database = await openDatabase(config, logger);
    const applied = await migrateLatest(database.db);
    if (applied.length) logger.info({ applied }, 'migrations applied');
    if (config.DEMO_DATA && config.NODE_ENV === 'production') {
      logger.warn(
        'DEMO_DATA=on in production: the demo customers and their published passwords are loaded into an empty database',
      );
      process.stderr.write(
        '\n  ВНИМАНИЕ: DEMO_DATA=on в production — в пустую базу загружаются демо-клиенты с паролями из README.\n\n',
      );
    }
    const services = createServices({
      db: database.db,
      clock: systemClock,
      config,
      logger,
      sessionPool: database.sessionPool,
    });
    if (
      config.DEMO_DATA &&
      (await loadDemoDataIfEmpty(database.db, systemClock, (id) => services.debt.settle(id)))
    ) {
      logger.info('demo data loaded into the empty database');
    }
    await serve(config, logger, database, services);
    return 0;
  } catch (e) {
    await database?.close().catch(() => undefined);
    if (!(e instanceof StartError)) logger.debug({ err: e }, 'start failed');
    process.stderr.write(`${explainStartFailure(e, 'Портал не запустился')}\n`);
    return 1;
  }
}

async function serve(config: Config, logger: Logger, database: Database, services: Services): Promise<void> {
  const app = createApp(services);
  const server = await listen(app, config);
  // mail and SMS leave through the outbox; the worker is a timer in this process
  const outboxWorker = services.outboxWorker.start();
  const reminders = startReadingReminderScheduler(services.readingReminders);
  // imported bills and advance bills to their subscribers, debt notices of bills just overdue
  const mailings = startSubscriptionMailScheduler(services.subscriptionMails, logger);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      // a second Ctrl-C does not wait for the requests in flight
      server.closeAllConnections();
      return;
    }
    stopping = true;
    logger.info({ signal }, 'stopping: no new connections, waiting for requests in flight');
    const closed = new Promise<boolean>((resolve) => server.close(() => resolve(true)));
    // keep-alive connections close as soon as they are idle, busy ones after their response
    const sweep = setInterval(() => server.closeIdleConnections(), 100);
    server.closeIdleConnections();
    const drained = await Promise.race([
      closed,
      new Promise<boolean>((r) => setTimeout(() => r(false), DRAIN_MS).unref()),
    ]);
    clearInterval(sweep);
    if (!drained) {
      logger.warn({ afterMs: DRAIN_MS }, 'requests still in flight are cut off');
      server.closeAllConnections();
    }
    await reminders.stop();
    await mailings.stop();
    await outboxWorker.stop();
    await database.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  // the banner last: whoever waits for it (a person, a test, a supervisor) may signal the server at once
  process.stdout.write(banner(config, database));
}

main().then(
  (code) => {
    if (code !== 0) process.exit(code);
  },
  (e: unknown) => {
    process.stderr.write(`${explainStartFailure(e, 'Портал не запустился')}\n`);
    process.exit(1);
  },
);
