// Staff pages of the dated rates (GET/POST /admin/key-rates, /admin/vat-rates): the key rate of the
// Bank of Russia (penalties read it) and the VAT rate by law (invoices add it). Both are a percent
// in force from a date; every change is audited.
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Services } from '../../services.js';
import type { Db, Tx } from '../../db/knex.js';
import { requireRole } from '../../platform/auth.js';
import { fieldErrors, type FieldError } from '../../platform/errors.js';
import { flash } from '../../platform/session.js';
import { paths } from '../../paths.js';
import { formatDateRu } from '../../domain/periods.js';
import { dateField, one, percentField } from './fields.js';

interface RateSpec {
  path: string;
  table: 'key_rates' | 'vat_rates';
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
  /** the highest percent allowed, and whether it may be reached (VAT must stay below 100 %) */
  max: { percent: bigint; inclusive: boolean };
}

const SPECS: RateSpec[] = [
  {
    path: paths.adminKeyRates(), table: 'key_rates', target: 'key_rate', title: 'Ключевая ставка Банка России',
    intro: 'По этой истории считаются пени: для граждан — с учётом действующего ограничения ставки, для организаций — без него.',
    percentLabel: 'Ставка, % годовых', example: '16,5', saved: 'Ключевая ставка', scale: 3, max: { percent: 100n, inclusive: true },
  },
  {
    path: paths.adminVatRates(), table: 'vat_rates', target: 'vat_rate', title: 'Ставка НДС',
    intro: 'По этой истории счета-фактуры добавляют НДС к ценам без НДС: ставка, действующая в последний день расчётного месяца. Уже выставленные счета-фактуры печатаются со ставкой, по которой они рассчитаны.',
    percentLabel: 'Ставка, %', example: '22', saved: 'Ставка НДС', scale: 2, max: { percent: 100n, inclusive: false },
  },
];

function rateForm(spec: RateSpec) {
  return z.object({
    valid_from: dateField('Укажите дату, с которой действует ставка', '27.10.2025'),
    percent: percentField({
      what: 'Ставка', example: spec.example, scale: spec.scale, max: spec.max.percent, below: !spec.max.inclusive, missing: 'Укажите ставку в процентах',
    }),
  });
}

function rateRows(db: Db | Tx, table: RateSpec['table']): Promise<{ valid_from: string; percent: string }[]> {
  return db(table).orderBy('valid_from', 'desc').select('valid_from', 'percent');
}

/** Adds a rate, or replaces the rate of that date; returns the previous percent of the date, if any. */
async function upsertRate(db: Db | Tx, table: RateSpec['table'], from: string, percent: string): Promise<string | null> {
  const before: { percent: string } | undefined = await db(table).where({ valid_from: from }).first('percent');
  await db(table).insert({ valid_from: from, percent }).onConflict('valid_from').merge();
  return before?.percent ?? null;
}

export function adminRatesRoutes(services: Services): Router {
  const r = Router();
  const admin = requireRole('admin');

  for (const spec of SPECS) {
    const form = rateForm(spec);
    const render = async (req: Request, res: Response, status: number, values: Record<string, unknown>, errors: FieldError[]) => {
      const rates = await rateRows(services.db, spec.table);
      res.status(status).render('admin/rates', { title: spec.title, spec, rates, values, errors });
    };

    r.get(spec.path, admin, (req, res) => render(req, res, 200, {}, []));

    r.post(spec.path, admin, async (req, res) => {
      const values = { valid_from: one(req.body?.valid_from) ?? '', percent: one(req.body?.percent) ?? '' };
      const parsed = form.safeParse(req.body ?? {});
      if (!parsed.success) return render(req, res, 400, values, fieldErrors(parsed.error));
      const { valid_from } = parsed.data;
      const percent = parsed.data.percent!;
      await services.db.transaction(async (tx) => {
        const previous = await upsertRate(tx, spec.table, valid_from, percent);
        await services.audit.record(
          {
            actorId: req.user!.id, action: `${spec.target}.${previous === null ? 'add' : 'change'}`, targetType: spec.target, targetId: valid_from,
            ip: req.ip, requestId: String(req.id), details: { percent, previous },
          },
          tx,
        );
      });
      flash(req, 'success', `${spec.saved} ${percent.replace('.', ',')} % с ${formatDateRu(valid_from)} сохранена`);
      res.redirect(spec.path);
    });
  }

  return r;
}
