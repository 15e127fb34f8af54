// What the composition root is built from: the database, the clock, the config, the logger and the session pool.
import type pg from 'pg';
import type { Db } from './db/knex.js';
import type { Clock } from './platform/clock.js';
import type { Config } from './config.js';
import type { Logger } from './platform/logger.js';

export interface Deps {
  db: Db;
  clock: Clock;
  config: Config;
  logger: Logger;
  /** A small pg pool for the session store (connect-pg-simple speaks pg, not knex). */
  sessionPool: pg.Pool;
}
