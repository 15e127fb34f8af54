// Staff pages of the dated rates (GET/POST /admin/key-rates, /admin/vat-rates): the key rate of the
// Bank of Russia (penalties read it) and the VAT rate by law (invoices add it). Both are a percent
// in force from a date; every change is audited.
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Services } from '../../services.js';
import type { DatedRateTable } from '../../db/referenceData.js';
import { actorOf } from '../../platform/audit.js';
import { requireRole } from '../../platform/auth.js';
import { fieldErrors, type FieldError } from '../../platform/errors.js';
import { flash } from '../../platform/session.js';
import { paths } from '../../paths.js';
import { formatDate } from '../../domain/format.js';
import { dateField, percentField } from './fields.js';
import { one } from '../../platform/validation.js';
import { parseForm } from '../../platform/validation.js';

interface RateSpec {
  path: string;
  table: DatedRateTable;
  /** audit_log target_type and action prefix */
  target: 'key_rate' | 'vat_rate';
  title: string;
  intro: string;
  percentLabel: string;
  example: string;
  /** "Ключевая ставка 15,5 % с 16.03.2026 сохранена" */
  saved: string;
  /** percent's decimals the table keeps */
  scale: number;
  /** the percent must stay below 100 (VAT) rather than reach at most 100 (the key rate) */
  below100: boolean;
}

const SPECS: RateSpec[] = [
  {
    path: paths.adminKeyRates(),
    table: 'key_rates',
    target: 'key_rate',
    title: 'Ключевая ставка Банка России',
    intro:
      'По этой истории считаются пени: для граждан — с учётом действующего ограничения ставки, для организаций — без него.',
    percentLabel: 'Ставка, % годовых',
    example: '16,5',
    saved: 'Ключевая ставка',
    scale: 3,
    below100: false,
  },
  {
    path: paths.adminVatRates(),
    table: 'vat_rates',
    target: 'vat_rate',
    title: 'Ставка НДС',
    intro:
      'По этой истории счета-фактуры добавляют НДС к ценам без НДС: ставка, действующая в последний день расчётного месяца. Уже выставленные счета-фактуры печатаются со ставкой, по которой они рассчитаны.',
    percentLabel: 'Ставка, %',
    example: '22',
    saved: 'Ставка НДС',
    scale: 2,
    below100: true,
  },
];

function rateForm(spec: RateSpec) {
  return z.object({
    valid_from: dateField('Укажите дату, с которой действует ставка', '27.10.2025'),
    percent: percentField({
      what: 'Ставка',
      example: spec.example,
      scale: spec.scale,
      max: 100n,
      below: spec.below100,
      missing: 'Укажите ставку в процентах',
    }),
  });
}

export function adminRatesRoutes(services: Services): Router {
  const r = Router();
  const admin = requireRole('admin');

  for (const spec of SPECS) {
    const form = rateForm(spec);
    const render = async (
      req: Request,
      res: Response,
      status: number,
      values: Record<string, unknown>,
      errors: FieldError[],
    ) => {
      const rates = await services.admin.rates(spec.table);
      res.status(status).render('admin/rates', { title: spec.title, spec, rates, values, errors });
    };

    r.get(spec.path, admin, (req, res) => render(req, res, 200, {}, []));

    r.post(spec.path, admin, async (req, res) => {
      const values = { valid_from: one(req.body?.valid_from) ?? '', percent: one(req.body?.percent) ?? '' };
      const parsed = parseForm(form, req.body);
      if (!parsed.success) return render(req, res, 400, values, fieldErrors(parsed.error));
      const { valid_from } = parsed.data;
      const percent = parsed.data.percent!;
      await services.admin.saveRate(spec.table, spec.target, valid_from, percent, actorOf(req));
      flash(
        req,
        'success',
        `${spec.saved} ${percent.replace('.', ',')} % с ${formatDate(valid_from)} сохранена`,
      );
      res.redirect(spec.path);
    });
  }

  return r;
}
