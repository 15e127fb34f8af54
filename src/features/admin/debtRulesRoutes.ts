// Staff page of the dated penalty tiers and business advance schedule (GET/POST /admin/debt-rules): debt reads them, so every change is audited.
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Services } from '../../services.js';
import { requireRole } from '../../platform/auth.js';
import { fieldErrors, type FieldError } from '../../platform/errors.js';
import { flash } from '../../platform/session.js';
import { paths } from '../../paths.js';
import { compareDecimal, decimalToPlain, sumDecimals, toDecimal, tryParseDecimal } from '../../domain/decimal.js';
import { formatDateRu, isValidDate } from '../../domain/periods.js';
import type { CustomerKind } from '../../domain/dueDates.js';
import type { PenaltyTier } from '../../domain/penalties.js';

const one = (v: unknown) => (Array.isArray(v) ? v[0] : v);
const trimmed = (v: unknown) => {
  const x = one(v);
  return typeof x === 'string' ? x.trim() : '';
};
const isoDate = (v: string) => {
  const m = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(v);
  return m ? `${m[3]}-${m[2]}-${m[1]}` : v;
};
const isoMonth = (v: string) => {
  const m = /^(?:01\.)?(\d{2})\.(\d{4})$/.exec(v);
  return m ? `${m[2]}-${m[1]}` : v;
};

/** A whole number in [min, max]; '' is undefined (an unused optional row). */
const whole = (what: string, min: number, max: number) =>
  z.preprocess(
    trimmed,
    z
      .string()
      .refine((v) => v === '' || /^\d+$/.test(v), `${what} — целое число`)
      .transform((v) => (v === '' ? undefined : Number(v)))
      .refine((n) => n === undefined || (n >= min && n <= max), `${what} — от ${min} до ${max}`),
  );

// the checks across rows run even when a field failed, so that every message shows at once
// (they read only the values that did parse)
const allAtOnce = { when: () => true };

const TIERS = [1, 2, 3] as const;
const PARTS = [1, 2, 3] as const;
const KINDS: Record<CustomerKind, string> = { person: 'граждане', organisation: 'организации' };

const penaltyForm = z
  .object({
    kind: z.preprocess(trimmed, z.enum(['person', 'organisation'], { error: 'Выберите, для кого правила' })),
    penalty_from: z.preprocess(
      trimmed,
      z
        .string()
        .min(1, 'Укажите дату, с которой действуют правила')
        .transform(isoDate)
        .refine(isValidDate, 'Дата в виде ДД.ММ.ГГГГ, например 01.01.2027')
        .refine((d) => d >= '1992-01-01' && d <= '2100-12-31', 'Дата вне допустимого диапазона'),
    ),
    ...Object.fromEntries(
      TIERS.flatMap((i) => [
        [`tier${i}_day`, whole('День просрочки', 1, 3650)],
        [`tier${i}_divisor`, whole('Доля ставки', 1, 100000)],
      ]),
    ),
  })
  .superRefine((f, ctx) => {
    const row = f as Record<string, unknown>;
    const missing = (v: unknown) => v === undefined || v === '';
    let last = 0;
    for (const i of TIERS) {
      const day = row[`tier${i}_day`];
      const divisor = row[`tier${i}_divisor`];
      if (missing(day) && missing(divisor)) {
        if (i === 1) ctx.addIssue({ code: 'custom', path: ['tier1_day'], message: 'Укажите хотя бы одну ступень: с какого дня и какая доля ставки' });
        continue;
      }
      if (missing(day)) ctx.addIssue({ code: 'custom', path: [`tier${i}_day`], message: 'Укажите, с какого дня просрочки действует ступень' });
      if (missing(divisor)) ctx.addIssue({ code: 'custom', path: [`tier${i}_divisor`], message: 'Укажите долю ставки: 1/300 — это 300' });
      if (typeof day === 'number') {
        if (day <= last) ctx.addIssue({ code: 'custom', path: [`tier${i}_day`], message: 'Ступени по возрастанию дня просрочки' });
        last = Math.max(last, day);
      }
    }
  }, allAtOnce);

const advanceForm = z
  .object({
    advance_from: z.preprocess(
      trimmed,
      z
        .string()
        .min(1, 'Укажите месяц, с которого действует график')
        .transform(isoMonth)
        .refine((v) => /^\d{4}-(0[1-9]|1[0-2])$/.test(v), 'Месяц в виде ММ.ГГГГ, например 01.2027')
        .refine((v) => v >= '1992-01' && v <= '2100-12', 'Месяц вне допустимого диапазона'),
    ),
    ...Object.fromEntries(
      PARTS.flatMap((i) => [
        [
          `part${i}_percent`,
          z.preprocess(
            trimmed,
            z
              .string()
              .refine((v) => v === '' || tryParseDecimal(v.replace(/\s*%$/, '')) !== null, 'Доля — число, например 30')
              .transform((v) => (v === '' ? undefined : toDecimal(v.replace(/\s*%$/, '').replace(',', '.'))))
              .refine((d) => d === undefined || d.units > 0n, 'Доля больше нуля')
              .refine((d) => d === undefined || d.scale <= 2, 'Не больше двух знаков после запятой')
              .refine((d) => d === undefined || compareDecimal(d, 100n) <= 0, 'Доля не больше 100 %')
              .transform((d) => (d === undefined ? undefined : decimalToPlain(d))),
          ),
        ],
        [`part${i}_day`, whole('Число месяца', 1, 31)],
      ]),
    ),
    final_day: z.preprocess(
      trimmed,
      z
        .string()
        .min(1, 'Укажите число следующего месяца для окончательного расчёта')
        .refine((v) => /^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 31, 'Число месяца — от 1 до 31')
        .transform(Number),
    ),
  })
  .superRefine((f, ctx) => {
    const row = f as Record<string, unknown>;
    const missing = (v: unknown) => v === undefined || v === '';
    let last = 0;
    const percents: string[] = [];
    for (const i of PARTS) {
      const percent = row[`part${i}_percent`];
      const day = row[`part${i}_day`];
      if (missing(percent) && missing(day)) {
        if (i === 1) ctx.addIssue({ code: 'custom', path: ['part1_percent'], message: 'Укажите хотя бы один авансовый платёж: долю и число месяца' });
        continue;
      }
      if (missing(percent)) ctx.addIssue({ code: 'custom', path: [`part${i}_percent`], message: 'Укажите долю платежа в процентах' });
      if (missing(day)) ctx.addIssue({ code: 'custom', path: [`part${i}_day`], message: 'Укажите, до какого числа месяца платёж' });
      if (typeof percent === 'string' && tryParseDecimal(percent) !== null) percents.push(percent);
      if (typeof day === 'number') {
        if (day <= last) ctx.addIssue({ code: 'custom', path: [`part${i}_day`], message: 'Платежи по возрастанию числа месяца' });
        last = Math.max(last, day);
      }
    }
    if (percents.length > 1 && compareDecimal(sumDecimals(percents), 100n) > 0)
      ctx.addIssue({ code: 'custom', path: ['part1_percent'], message: 'Сумма долей авансов не больше 100 %' });
  }, allAtOnce);

const penaltyFields = ['kind', 'penalty_from', ...TIERS.flatMap((i) => [`tier${i}_day`, `tier${i}_divisor`])];
const advanceFields = ['advance_from', ...PARTS.flatMap((i) => [`part${i}_percent`, `part${i}_day`]), 'final_day'];
const valuesOf = (body: Record<string, unknown> | undefined, names: string[]) =>
  Object.fromEntries(names.map((n) => [n, one(body?.[n]) ?? '']));

export function adminDebtRulesRoutes(services: Services): Router {
  const r = Router();
  const admin = requireRole('admin');

  async function render(req: Request, res: Response, status: number, values: Record<string, unknown>, errors: FieldError[]) {
    const [penaltyRules, advanceRules] = await Promise.all([services.debt.repo.penaltyRules(), services.debt.repo.advanceRules()]);
    penaltyRules.sort((a, b) => (a.customerKind === b.customerKind ? b.from.localeCompare(a.from) : a.customerKind.localeCompare(b.customerKind)));
    advanceRules.sort((a, b) => b.fromPeriod.localeCompare(a.fromPeriod));
    res.status(status).render('admin/debtRules', { title: 'Правила пеней и авансов', penaltyRules, advanceRules, kinds: KINDS, values, errors });
  }

  r.get('/admin/debt-rules', admin, (req, res) => render(req, res, 200, {}, []));

  r.post('/admin/debt-rules/penalty', admin, async (req, res) => {
    const parsed = penaltyForm.safeParse(req.body ?? {});
    if (!parsed.success) return render(req, res, 400, valuesOf(req.body, penaltyFields), fieldErrors(parsed.error));
    const f = parsed.data as Record<string, unknown> & { kind: CustomerKind; penalty_from: string };
    const tiers: PenaltyTier[] = TIERS.filter((i) => f[`tier${i}_day`] !== undefined).map((i) => ({
      fromDay: f[`tier${i}_day`] as number,
      divisor: f[`tier${i}_divisor`] as number,
    }));
    await services.db.transaction(async (tx) => {
      const previous = await services.debt.repo.replacePenaltyRules(f.kind, f.penalty_from, tiers, tx);
      await services.audit.record(
        {
          actorId: req.user!.id, action: previous === null ? 'penalty_rules.add' : 'penalty_rules.change', targetType: 'penalty_rules',
          targetId: `${f.kind}:${f.penalty_from}`, ip: req.ip, requestId: String(req.id), details: { tiers, previous },
        },
        tx,
      );
    });
    flash(req, 'success', `Правила пеней (${KINDS[f.kind]}) со сроком оплаты с ${formatDateRu(f.penalty_from)} сохранены`);
    res.redirect(paths.adminDebtRules());
  });

  r.post('/admin/debt-rules/advance', admin, async (req, res) => {
    const parsed = advanceForm.safeParse(req.body ?? {});
    if (!parsed.success) return render(req, res, 400, valuesOf(req.body, advanceFields), fieldErrors(parsed.error));
    const f = parsed.data as Record<string, unknown> & { advance_from: string; final_day: number };
    const set = {
      fromPeriod: f.advance_from,
      instalments: PARTS.filter((i) => f[`part${i}_percent`] !== undefined).map((i) => ({
        percent: f[`part${i}_percent`] as string,
        day: f[`part${i}_day`] as number,
        monthOffset: 0,
      })),
      final: { day: f.final_day, monthOffset: 1 },
    };
    await services.db.transaction(async (tx) => {
      const previous = await services.debt.repo.replaceAdvanceRules(set, tx);
      await services.audit.record(
        {
          actorId: req.user!.id, action: previous === null ? 'advance_rules.add' : 'advance_rules.change', targetType: 'advance_rules',
          targetId: set.fromPeriod, ip: req.ip, requestId: String(req.id),
          details: { instalments: set.instalments, final: set.final, previous },
        },
        tx,
      );
    });
    flash(req, 'success', `График авансов для месяцев с ${formatDateRu(`${set.fromPeriod}-01`)} сохранён`);
    res.redirect(paths.adminDebtRules());
  });

  return r;
}
