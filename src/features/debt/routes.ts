// Состояние расчётов of a business account (seed 003 §4.2): the advance schedule, the act and penalties.
import { Router, type Request } from 'express';
import type { Services } from '../../services.js';
import { requireAccount } from '../../platform/auth.js';
import { NotFoundError } from '../../platform/errors.js';
import { PERIOD_LABEL, parsePeriodFilter } from '../../domain/periodFilter.js';

export function debtRoutes(services: Services): Router {
  const r = Router();
  const account = requireAccount(services.users);
  const today = (req: Request) => services.clock.today(req.account!.supplier_time_zone);

  // Состояние расчётов: for organisations only (their advance schedule); a household has no such page
  r.get('/accounts/:number/state', account, async (req, res) => {
    if (req.account!.customer_kind !== 'organisation') throw new NotFoundError();
    const day = today(req);
    // the last three months unless asked: a year of acts and advance bills made the page ~6 000 px long
    const { ok, range, values, errors } = parsePeriodFilter(req.query, day, '3m');
    const statement = await services.debt.statement(req.account!.id, day);
    // the one figure Основные данные and Обзор show, with the schedule and penalties it comes from
    const { owed, split, schedule, penalties } = await services.debt.standing(
      req.account!.id,
      day,
      statement,
    );
    const [act, advanceBills] = await Promise.all([
      services.reconciliation.act(req.account!.id, range.from, range.to),
      // the bills issued in the chosen period, each paid / unpaid / overdue by the schedule's allocation
      services.debt.advanceBillsWithState(req.account!.id, range.from, range.to, day, statement, schedule),
    ]);
    res.status(ok ? 200 : 400).render('state/show', {
      title: 'Состояние расчётов',
      today: day,
      state: schedule,
      split,
      owed,
      act,
      range,
      advanceBills,
      penalties,
      PERIOD_LABEL,
      // the filter shows the choice in force: the default, or the dates typed without a choice
      values: { ...values, period: values.period || (values.from || values.to ? 'custom' : range.choice) },
      errors,
    });
  });

  return r;
}
