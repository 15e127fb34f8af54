// Staff pages of the key rate history (GET/POST /admin/key-rates): penalties read it, so every change is audited.
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Services } from '../../services.js';
import { requireRole } from '../../platform/auth.js';
import { fieldErrors, type FieldError } from '../../platform/errors.js';
import { flash } from '../../platform/session.js';
import { paths } from '../../paths.js';
import { compareDecimal, decimalToPlain, toDecimal, tryParseDecimal } from '../../domain/decimal.js';
import { formatDateRu, isValidDate } from '../../domain/periods.js';

const one = (v: unknown) => (Array.isArray(v) ? v[0] : v);
const isoDate = (v: string) => {
  const m = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(v);
  return m ? `${m[3]}-${m[2]}-${m[1]}` : v;
};

const keyRateForm = z.object({
  valid_from: z.preprocess(
    one,
    z
      .string({ error: 'Укажите дату, с которой действует ставка' })
      .trim()
      .min(1, 'Укажите дату, с которой действует ставка')
      .transform(isoDate)
      .refine(isValidDate, 'Дата в виде ДД.ММ.ГГГГ, например 27.10.2025')
      .refine((d) => d >= '1992-01-01' && d <= '2100-12-31', 'Дата вне допустимого диапазона'),
  ),
  percent: z.preprocess(
    one,
    z
      .string({ error: 'Укажите ставку в процентах' })
      .trim()
      .min(1, 'Укажите ставку в процентах')
      .refine((v) => tryParseDecimal(v.replace(/\s*%$/, '')) !== null, 'Ставка — число, например 16,5')
      .transform((v) => toDecimal(v.replace(/\s*%$/, '').replace(',', '.')))
      .refine((d) => d.units >= 0n, 'Ставка не может быть отрицательной')
      .refine((d) => d.scale <= 3, 'Не больше трёх знаков после запятой')
      .refine((d) => compareDecimal(d, 100n) <= 0, 'Ставка не может быть больше 100 %')
      .transform((d) => decimalToPlain(d)),
  ),
});

export function adminKeyRatesRoutes(services: Services): Router {
  const r = Router();
  const admin = requireRole('admin');

  async function render(req: Request, res: Response, status: number, values: Record<string, unknown>, errors: FieldError[]) {
    const rates = await services.debt.repo.keyRateRows();
    res.status(status).render('admin/keyRates', { title: 'Ключевая ставка Банка России', rates, values, errors });
  }

  r.get('/admin/key-rates', admin, (req, res) => render(req, res, 200, {}, []));

  r.post('/admin/key-rates', admin, async (req, res) => {
    const values = { valid_from: one(req.body?.valid_from) ?? '', percent: one(req.body?.percent) ?? '' };
    const parsed = keyRateForm.safeParse(req.body ?? {});
    if (!parsed.success) return render(req, res, 400, values, fieldErrors(parsed.error));
    const { valid_from, percent } = parsed.data;
    await services.db.transaction(async (tx) => {
      const previous = await services.debt.repo.upsertKeyRate(valid_from, percent, tx);
      await services.audit.record(
        {
          actorId: req.user!.id, action: previous === null ? 'key_rate.add' : 'key_rate.change', targetType: 'key_rate', targetId: valid_from,
          ip: req.ip, requestId: String(req.id), details: { percent, previous },
        },
        tx,
      );
    });
    flash(req, 'success', `Ключевая ставка ${percent.replace('.', ',')} % с ${formatDateRu(valid_from)} сохранена`);
    res.redirect(paths.adminKeyRates());
  });

  return r;
}
