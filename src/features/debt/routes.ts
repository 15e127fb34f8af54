// Состояние расчётов of a business account (seed 003 §4.2): the advance schedule, the act and penalties.
import { Router, type Request } from 'express';
import type { Services } from '../../services.js';
import { requireAccount } from '../../platform/auth.js';
import { NotFoundError } from '../../platform/errors.js';
import { parsePeriodFilter } from '../../domain/periodFilter.js';

export function debtRoutes(services: Services): Router {
  const r = Router();
  const account = requireAccount(services.users);
  const today = (req: Request) => services.clock.today(req.account!.supplier_time_zone);

  // Состояние расчётов: for organisations only (their advance schedule); a household has no such page
  r.get('/accounts/:number/state', account, async (req, res) => {
    if (req.account!.customer_kind !== 'organisation') throw new NotFoundError();
    const day = today(req);
    const { ok, range, values, errors } = parsePeriodFilter(req.query, day, 'year');
    const [state, act, penalties, advanceBills] = await Promise.all([
      services.debt.advanceState(req.account!.id, day),
      services.reconciliation.act(req.account!.id, range.from, range.to),
      services.debt.penalties(req.account!.id, day),
      // the bills issued in the chosen period, as the act's period filter chooses it (seed 003 §4.2)
      services.debt.advanceBills(req.account!.id, range.from, range.to),
    ]);
    res.status(ok ? 200 : 400).render('state/show', {
      title: 'Состояние расчётов',
      today: day,
      state,
      act,
      advanceBills,
      penalties,
      values: ok ? {} : values,
      errors,
    });
  });

  return r;
}
