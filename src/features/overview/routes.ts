// GET /accounts/:number/summary: Обзор, the landing page of every account (households and companies).
import { Router } from 'express';
import type { Services } from '../../services.js';
import { requireAccount } from '../../platform/auth.js';
import * as labels from '../../platform/labels.js';

export function overviewRoutes(services: Services): Router {
  const r = Router();
  r.get('/accounts/:number/summary', requireAccount(services.users), async (req, res) => {
    const account = req.account!;
    const data = await services.overview.overview(account, services.clock.today(account.supplier_time_zone));
    res.render('overview/show', { title: 'Обзор', labels, ...data });
  });
  return r;
}
