// GET /healthz: 200 when the database answers within a second, 503 otherwise.
import { Router } from 'express';
import type { Db } from '../../db/knex.js';

export function healthRoutes(db: Db): Router {
  const r = Router();
  r.get('/healthz', async (_req, res) => {
    try {
      await Promise.race([
        db.raw('select 1'),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 1000).unref()),
      ]);
      res.set('Cache-Control', 'no-store').json({ status: 'ok', database: 'up' });
    } catch {
      res.status(503).set('Cache-Control', 'no-store').json({ status: 'unavailable', database: 'down' });
    }
  });
  return r;
}
