// /healthz tells a load balancer the truth: 503 when the database cannot be reached.
import { describe, it, expect, afterAll } from 'vitest';
import pg from 'pg';
import request from 'supertest';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createDb } from '../../src/db/knex.js';
import { freePort } from '../../src/db/embedded.js';
import { createLogger } from '../../src/platform/logger.js';
import { fixedClock } from '../../src/platform/clock.js';
import { createServices } from '../../src/services.js';

describe('health without a database', () => {
  it('answers 503 when PostgreSQL is unreachable', async () => {
    const url = `postgres://postgres:postgres@127.0.0.1:${await freePort()}/nothing`;
    const db = createDb(url);
    const sessionPool = new pg.Pool({ connectionString: url });
    afterAll(async () => {
      await db.destroy();
      await sessionPool.end();
    });
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });
    const app = createApp(
      createServices({
        db,
        config,
        clock: fixedClock('2026-11-23'),
        logger: createLogger('silent'),
        sessionPool,
      }),
    );
    const res = await request(app).get('/healthz');
    expect(res.status).toBe(503);
    expect(res.body.database).toBe('down');
  });
});
