// The staff page of billing: start a billing run (GET/POST /admin/billing) and see the runs so far.
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Services } from '../../services.js';
import { requireRole } from '../../platform/auth.js';
import { fieldErrors, type FieldError } from '../../platform/errors.js';
import { flash } from '../../platform/session.js';
import { actorOf } from '../../platform/audit.js';
import { paths } from '../../paths.js';
import { addMonths, isValidPeriod } from '../../domain/periods.js';
import { BillingPeriodError } from './service.js';
import { one, parseForm } from '../../platform/validation.js';

const billingForm = z.object({
  period: z.preprocess(
    one,
    z
      .string({ error: 'Укажите расчётный месяц' })
      .trim()
      .min(1, 'Укажите расчётный месяц')
      .refine(isValidPeriod, 'Месяц в виде ГГГГ-ММ, например 2026-10'),
  ),
  supplier: z.preprocess(one, z.string().trim().max(64).optional().default('')),
  recalculate: z.preprocess(one, z.string().optional()).transform((v) => v === 'on'),
});

export function billingRoutes(services: Services): Router {
  const r = Router();
  const admin = requireRole('admin');

  async function render(
    req: Request,
    res: Response,
    status: number,
    values: Record<string, unknown>,
    errors: FieldError[],
  ) {
    const { suppliers, runs } = await services.billing.runsPage();
    res
      .status(status)
      .render('admin/billing', { title: 'Расчёт начислений', suppliers, runs, values, errors });
  }

  r.get('/admin/billing', admin, async (req, res) => {
    // the month that has just closed: billing the current one before its readings are in would
    // estimate every account
    const last = addMonths(services.clock.today().slice(0, 7), -1);
    await render(req, res, 200, { period: last, supplier: '', recalculate: false }, []);
  });

  r.post('/admin/billing', admin, async (req, res) => {
    const parsed = parseForm(billingForm, req.body);
    const values = {
      period: one(req.body?.period) ?? '',
      supplier: one(req.body?.supplier) ?? '',
      recalculate: one(req.body?.recalculate) === 'on',
    };
    if (!parsed.success) return render(req, res, 400, values, fieldErrors(parsed.error));
    const form = parsed.data;
    try {
      const summary = await services.billing.runByStaff(
        {
          period: form.period,
          supplierCode: form.supplier === '' ? undefined : form.supplier,
          recalculate: form.recalculate,
        },
        actorOf(req),
      );
      const kind = form.recalculate ? 'корректировок' : 'документов';
      flash(
        req,
        'success',
        `Расчёт за ${form.period} выполнен: выставлено ${kind} — ${summary.billed}, не рассчитано — ${Object.values(summary.problems).reduce((s, n) => s + (n ?? 0), 0)}`,
      );
      res.redirect(paths.adminBilling());
    } catch (e) {
      if (!(e instanceof BillingPeriodError)) throw e;
      const field = /Поставщик/.test(e.message) ? 'supplier' : 'period';
      await render(req, res, 422, values, [{ field, text: e.message }]);
    }
  });

  return r;
}
