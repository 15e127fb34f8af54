// /cabinet: the signed-in home with the person's accounts.
import { Router } from 'express';
import type { Services } from '../../services.js';
import { requireUser } from '../../platform/auth.js';
import { paths } from '../../paths.js';

export function cabinetRoutes(services: Services): Router {
  const r = Router();
  r.get('/cabinet', requireUser, async (req, res) => {
    const accounts = await services.users.linkedAccounts(req.user!.id);
    const visible = accounts.filter((a) => a.visible);
    if (visible.length === 1 && req.user!.role === 'customer') return res.redirect(paths.account(visible[0]!.number));
    res.render('cabinet/home', { title: 'Личный кабинет', accounts: visible });
  });
  return r;
}
