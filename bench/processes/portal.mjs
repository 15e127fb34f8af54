// The portal as the bench's server: its own process (so the load generator's CPU is not the
// server's), run as `npm start` and the Docker image run it in production (spawn.ts gives it their
// node flags and allocator setting): the compiled JavaScript of dist/ on plain node, without tsx's
// loader (whose hooks thread and transform caches held ~80 MB more and cost CPU), the same database
// opening as src/server.ts, and a fixed clock (BENCH_TODAY) so the dataset's reading window and due
// dates do not move with the calendar. spawn.ts builds dist/ first.
// Prints "listening <port>" when it accepts connections.
import { loadConfig } from '../../dist/config.js';
import { createLogger } from '../../dist/platform/logger.js';
import { fixedClock } from '../../dist/platform/clock.js';
import { openDatabase } from '../../dist/db/connect.js';
import { createServices } from '../../dist/services.js';
import { createApp } from '../../dist/app.js';

const config = loadConfig({
  NODE_ENV: 'production',
  PORT: '0',
  HOST: '127.0.0.1',
  DATABASE_URL: process.env.DATABASE_URL,
  SESSION_SECRET: process.env.SESSION_SECRET,
  LOG_LEVEL: 'silent',
  DEMO_DATA: 'off',
  TRUST_PROXY: process.env.TRUST_PROXY,
});
const logger = createLogger('silent');
const database = await openDatabase(config, logger);
const services = createServices({
  db: database.db,
  clock: fixedClock(process.env.BENCH_TODAY),
  config,
  logger,
  sessionPool: database.sessionPool,
});
const server = createApp(services).listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening ${server.address().port}\n`);
});
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => void database.close().then(() => process.exit(0)));
});
