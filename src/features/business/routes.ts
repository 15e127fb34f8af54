// The company sections of seeds 003 and 004: Информация о клиенте (/accounts/:number/client) and
// Лицевой счет (/accounts/:number/overview). Households have neither (404).
import { Router, type Request } from 'express';
import type { Services } from '../../services.js';
import { requireAccount } from '../../platform/auth.js';
import { NotFoundError } from '../../platform/errors.js';

export function businessRoutes(services: Services): Router {
  const r = Router();
  const account = requireAccount(services.users);
  const today = (req: Request) => services.clock.today(req.account!.supplier_time_zone);
  const businessOnly = (req: Request) => {
    if (req.account!.customer_kind !== 'organisation') throw new NotFoundError();
  };

  r.get('/accounts/:number/client', account, async (req, res) => {
    businessOnly(req);
    const data = await services.business.clientInfo(req.account!, req.user!);
    res.render('business/client', { title: 'Информация о клиенте', ...data });
  });

  r.get('/accounts/:number/overview', account, async (req, res) => {
    businessOnly(req);
    const day = today(req);
    // the money is the debt module's: the same balance, split and recommended payment as Обзор and Состояние расчётов
    const [card, standing] = await Promise.all([
      services.business.accountCard(req.account!),
      services.debt.standing(req.account!.id, day),
    ]);
    res.render('business/overview', { title: 'Лицевой счет', today: day, ...card, ...standing });
  });

  return r;
}
