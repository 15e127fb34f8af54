// Opens the database the config names, or starts (or joins) the embedded cluster under DATA_DIR when none is named.
import path from 'node:path';
import pg from 'pg';
import type { Config } from '../config.js';
import type { Logger } from '../platform/logger.js';
import { StartError, explainConnectionError } from '../platform/startError.js';
import { createDb, type Db } from './knex.js';
import { ensureDatabase, startEmbedded } from './embedded.js';

export interface Database {
  db: Db;
  url: string;
  sessionPool: pg.Pool;
  /** 'started' when this process started the embedded cluster, 'joined' when it found it running. */
  embedded: 'started' | 'joined' | false;
  close: () => Promise<void>;
}

/** Fails with a StartError naming the cause when the server cannot be reached or refuses us. */
async function probe(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
    await client.query('select 1');
  } catch (e) {
    throw new StartError(explainConnectionError(e, url));
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function openDatabase(config: Config, logger: Logger): Promise<Database> {
  let url = config.DATABASE_URL;
  let embedded: Database['embedded'] = false;
  let stopEmbedded: (() => Promise<void>) | undefined;
  if (!url) {
    const dataDir = path.resolve(config.DATA_DIR, 'pg');
    const cluster = await startEmbedded({
      dataDir,
      persistent: true,
      port: config.EMBEDDED_PG_PORT,
      onLog: (l) => logger.debug({ pg: l }),
    });
    embedded = cluster.started ? 'started' : 'joined';
    logger.info({ dataDir, embedded }, 'DATABASE_URL is not set: using the embedded PostgreSQL');
    stopEmbedded = cluster.stop;
    try {
      await ensureDatabase(cluster.url('postgres'), 'cabinet');
    } catch (e) {
      await stopEmbedded();
      throw new StartError(explainConnectionError(e, cluster.url('postgres')));
    }
    url = cluster.url('cabinet');
  } else {
    await probe(url);
  }
  const db = createDb(url);
  const sessionPool = new pg.Pool({ connectionString: url, max: 3 });
  // an idle connection dropped by the server (a restart of PostgreSQL) is not fatal
  sessionPool.on('error', (err) => logger.warn({ err: err.message }, 'session pool connection lost'));
  return {
    db,
    url,
    sessionPool,
    embedded,
    close: async () => {
      await sessionPool.end().catch(() => undefined);
      await db.destroy();
      await stopEmbedded?.();
    },
  };
}
