// Reading entry (/accounts/:number/readings), its confirmation, and one meter's reading history.
import { Router, type Request, type Response } from 'express';
import type { Services } from '../../services.js';
import { requireAccount } from '../../platform/auth.js';
import { NotFoundError, type FieldError } from '../../platform/errors.js';
import { flash } from '../../platform/session.js';
import { paths, withQuery } from '../../paths.js';
import { confirmationQuery, parseReadingForm, type ReadingForm } from './schemas.js';
import { PERIOD_LABEL, parsePeriodFilter } from '../../domain/periodFilter.js';
import { SOURCE_LABELS, ZONE_NAMES, type RegisterFeedback } from './service.js';
import { registerLabel } from '../../platform/labels.js';

export function readingsRoutes(services: Services): Router {
  const r = Router();
  const account = requireAccount(services.users);
  const today = (req: Request) => services.clock.today(req.account!.supplier_time_zone);

  async function renderEntry(
    req: Request,
    res: Response,
    opts: {
      status?: number;
      form?: ReadingForm;
      errors?: FieldError[];
      feedback?: Map<number, RegisterFeedback>;
      extraMeterIds?: number[];
      needsConfirmation?: boolean;
    } = {},
  ) {
    const day = today(req);
    const page = await services.readings.entryPage(req.account!, day, opts.extraMeterIds);
    const errors = opts.errors ?? [];
    res.status(opts.status ?? 200).render('readings/entry', {
      title: opts.needsConfirmation
        ? 'Подтвердите показания — ввод показаний приборов учёта'
        : 'Ввод показаний приборов учёта',
      page,
      values: opts.form?.values ?? {},
      submittedMeter: opts.form?.meter ?? null,
      errors,
      feedback: opts.feedback ?? new Map(),
      needsConfirmation: opts.needsConfirmation ?? false,
      zoneNames: ZONE_NAMES,
      registerLabel,
      sourceLabels: SOURCE_LABELS,
    });
  }

  r.get('/accounts/:number/readings', account, async (req, res) => {
    await renderEntry(req, res);
  });

  r.post('/accounts/:number/readings', account, async (req, res) => {
    const form = parseReadingForm(req.body as Record<string, unknown> | undefined);
    const result = await services.readings.submit(req.account!, req.user!.id, form, today(req), {
      ip: req.ip,
      requestId: String(req.id),
    });
    if (!result.ok) {
      return renderEntry(req, res, {
        status: result.reason === 'confirm' ? 422 : 400,
        form,
        errors: result.errors,
        feedback: result.feedback,
        extraMeterIds: result.extraMeterIds,
        needsConfirmation: result.reason === 'confirm',
      });
    }
    req.log.info(
      {
        account: req.account!.number,
        created: result.created,
        replaced: result.replaced,
        unchanged: result.unchanged,
      },
      'readings submitted',
    );
    flash(req, 'success', 'Показания переданы');
    res.redirect(
      303,
      withQuery(paths.readingsConfirmation(req.account!.number), { ids: result.readingIds.join(',') }),
    );
  });

  r.get('/accounts/:number/readings/confirmation', account, async (req, res) => {
    const q = confirmationQuery.safeParse(req.query);
    if (!q.success) throw new NotFoundError();
    const confirmation = await services.readings.confirmation(req.account!, q.data.ids, today(req));
    res.render('readings/confirmation', {
      title: 'Показания переданы',
      confirmation,
      zoneNames: ZONE_NAMES,
      registerLabel,
    });
  });

  r.get('/accounts/:number/meters/:id/readings', account, async (req, res) => {
    const id = String(req.params.id);
    if (!/^\d{1,12}$/.test(id)) throw new NotFoundError();
    const { range: filter, values, errors } = parsePeriodFilter(req.query, today(req), '12m');
    const history = await services.readings.history(req.account!, Number(id), filter);
    res.status(errors.length ? 400 : 200).render('readings/history', {
      title: `Показания прибора учёта № ${history.meter.serial}`,
      history,
      filter,
      errors,
      values,
      PERIOD_LABEL,
      zoneNames: ZONE_NAMES,
      registerLabel,
      sourceLabels: SOURCE_LABELS,
    });
  });

  return r;
}
