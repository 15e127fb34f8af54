// Opens the database the config names, or starts the embedded cluster under DATA_DIR when none is named.
import path from 'node:path';
import pg from 'pg';
import type { Config } from '../config.js';
import type { Logger } from '../platform/logger.js';
import { createDb, type Db } from './knex.js';
import { ensureDatabase, startEmbedded } from './embedded.js';

export interface Database {
  db: Db;
  url: string;
  sessionPool: pg.Pool;
  embedded: boolean;
  close: () => Promise<void>;
}

export async function openDatabase(config: Config, logger: Logger): Promise<Database> {
  let url = config.DATABASE_URL;
  let stopEmbedded: (() => Promise<void>) | undefined;
  if (!url) {
    const dataDir = path.resolve(config.DATA_DIR, 'pg');
    logger.info({ dataDir }, 'DATABASE_URL is not set: starting the embedded PostgreSQL');
    const cluster = await startEmbedded({ dataDir, persistent: true, port: 54_329, onLog: (l) => logger.debug({ pg: l }) });
    await ensureDatabase(cluster.url('postgres'), 'cabinet');
    url = cluster.url('cabinet');
    stopEmbedded = cluster.stop;
  }
  const db = createDb(url);
  const sessionPool = new pg.Pool({ connectionString: url, max: 3 });
  // an idle connection dropped by the server (restart, Ctrl-C reaching the embedded cluster) is not fatal
  sessionPool.on('error', (err) => logger.warn({ err: err.message }, 'session pool connection lost'));
  return {
    db,
    url,
    sessionPool,
    embedded: Boolean(stopEmbedded),
    close: async () => {
      await sessionPool.end().catch(() => undefined);
      await db.destroy();
      await stopEmbedded?.();
    },
  };
}
