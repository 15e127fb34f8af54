// Staff page of the dated penalty tiers and business advance schedule (GET/POST /admin/debt-rules): debt reads them, so every change is audited.
import { actorOf } from '../../platform/audit.js';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Services } from '../../services.js';
import { requireRole } from '../../platform/auth.js';
import { fieldErrors, type FieldError } from '../../platform/errors.js';
import { flash } from '../../platform/session.js';
import { paths } from '../../paths.js';
import { compareDecimal, sumDecimals, tryParseDecimal } from '../../domain/decimal.js';
import { formatDate } from '../../domain/format.js';
import { dateField, percentField } from './fields.js';
import { one } from '../../platform/validation.js';
import type { CustomerKind } from '../../domain/dueDates.js';
import type { PenaltyTier } from '../../domain/penalties.js';
import { parseForm } from '../../platform/validation.js';

const trimmed = (v: unknown) => {
  const x = one(v);
  return typeof x === 'string' ? x.trim() : '';
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

/**
 * Rows of two fields each (a tier's day and divisor, an instalment's percent and day): the first row
 * is required, a row is both fields or none, and the rows' `ordered` field ascends. Returns the rows given.
 */
function pairedRows(
  row: Record<string, unknown>,
  ctx: z.RefinementCtx,
  rows: readonly number[],
  f: { first: (i: number) => string; second: (i: number) => string; ordered: (i: number) => string },
  messages: { none: string; first: string; second: string; order: string },
): number[] {
  const missing = (v: unknown) => v === undefined || v === '';
  const given: number[] = [];
  let last = 0;
  for (const i of rows) {
    const a = row[f.first(i)];
    const b = row[f.second(i)];
    if (missing(a) && missing(b)) {
      if (i === rows[0]) ctx.addIssue({ code: 'custom', path: [f.first(i)], message: messages.none });
      continue;
    }
    given.push(i);
    if (missing(a)) ctx.addIssue({ code: 'custom', path: [f.first(i)], message: messages.first });
    if (missing(b)) ctx.addIssue({ code: 'custom', path: [f.second(i)], message: messages.second });
    const day = row[f.ordered(i)];
    if (typeof day === 'number') {
      if (day <= last) ctx.addIssue({ code: 'custom', path: [f.ordered(i)], message: messages.order });
      last = Math.max(last, day);
    }
  }
  return given;
}

const TIERS = [1, 2, 3] as const;
const PARTS = [1, 2, 3] as const;
const KINDS: Record<CustomerKind, string> = { person: 'граждане', organisation: 'организации' };

const penaltyForm = z
  .object({
    kind: z.preprocess(trimmed, z.enum(['person', 'organisation'], { error: 'Выберите, для кого правила' })),
    penalty_from: dateField('Укажите дату, с которой действуют правила', '01.01.2027'),
    ...Object.fromEntries(
      TIERS.flatMap((i) => [
        [`tier${i}_day`, whole('День просрочки', 1, 3650)],
        [`tier${i}_divisor`, whole('Доля ставки', 1, 100000)],
      ]),
    ),
  })
  .superRefine((f, ctx) => {
    pairedRows(
      f as Record<string, unknown>,
      ctx,
      TIERS,
      { first: (i) => `tier${i}_day`, second: (i) => `tier${i}_divisor`, ordered: (i) => `tier${i}_day` },
      {
        none: 'Укажите хотя бы одну ступень: с какого дня и какая доля ставки',
        first: 'Укажите, с какого дня просрочки действует ступень',
        second: 'Укажите долю ставки: 1/300 — это 300',
        order: 'Ступени по возрастанию дня просрочки',
      },
    );
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
          percentField({ what: 'Доля', example: '30', scale: 2, max: 100n, positive: true }),
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
    const given = pairedRows(
      row,
      ctx,
      PARTS,
      { first: (i) => `part${i}_percent`, second: (i) => `part${i}_day`, ordered: (i) => `part${i}_day` },
      {
        none: 'Укажите хотя бы один авансовый платёж: долю и число месяца',
        first: 'Укажите долю платежа в процентах',
        second: 'Укажите, до какого числа месяца платёж',
        order: 'Платежи по возрастанию числа месяца',
      },
    );
    // the check runs with the other fields' issues too: a share that is not a number is already refused beside it
    const percents = given
      .map((i) => row[`part${i}_percent`])
      .filter((p): p is string => typeof p === 'string' && tryParseDecimal(p) !== null);
    if (percents.length > 1 && compareDecimal(sumDecimals(percents), 100n) > 0)
      ctx.addIssue({
        code: 'custom',
        path: ['part1_percent'],
        message: 'Сумма долей авансов не больше 100 %',
      });
  }, allAtOnce);

const penaltyFields = ['kind', 'penalty_from', ...TIERS.flatMap((i) => [`tier${i}_day`, `tier${i}_divisor`])];
const advanceFields = [
  'advance_from',
  ...PARTS.flatMap((i) => [`part${i}_percent`, `part${i}_day`]),
  'final_day',
];
const valuesOf = (body: Record<string, unknown> | undefined, names: string[]) =>
  Object.fromEntries(names.map((n) => [n, one(body?.[n]) ?? '']));

export function adminDebtRulesRoutes(services: Services): Router {
  const r = Router();
  const admin = requireRole('admin');

  async function render(
    req: Request,
    res: Response,
    status: number,
    values: Record<string, unknown>,
    errors: FieldError[],
  ) {
    const { penaltyRules, advanceRules } = await services.admin.debtRules();
    res.status(status).render('admin/debtRules', {
      title: 'Правила пеней и авансов',
      penaltyRules,
      advanceRules,
      kinds: KINDS,
      values,
      errors,
    });
  }

  r.get('/admin/debt-rules', admin, (req, res) => render(req, res, 200, {}, []));

  r.post('/admin/debt-rules/penalty', admin, async (req, res) => {
    const parsed = parseForm(penaltyForm, req.body);
    if (!parsed.success)
      return render(req, res, 400, valuesOf(req.body, penaltyFields), fieldErrors(parsed.error));
    const f = parsed.data as Record<string, unknown> & { kind: CustomerKind; penalty_from: string };
    const tiers: PenaltyTier[] = TIERS.filter((i) => f[`tier${i}_day`] !== undefined).map((i) => ({
      fromDay: f[`tier${i}_day`] as number,
      divisor: f[`tier${i}_divisor`] as number,
    }));
    await services.admin.savePenaltyRules(f.kind, f.penalty_from, tiers, actorOf(req));
    flash(
      req,
      'success',
      `Правила пеней (${KINDS[f.kind]}) со сроком оплаты с ${formatDate(f.penalty_from)} сохранены`,
    );
    res.redirect(paths.adminDebtRules());
  });

  r.post('/admin/debt-rules/advance', admin, async (req, res) => {
    const parsed = parseForm(advanceForm, req.body);
    if (!parsed.success)
      return render(req, res, 400, valuesOf(req.body, advanceFields), fieldErrors(parsed.error));
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
    await services.admin.saveAdvanceRules(set, actorOf(req));
    flash(req, 'success', `График авансов для месяцев с ${formatDate(`${set.fromPeriod}-01`)} сохранён`);
    res.redirect(paths.adminDebtRules());
  });

  return r;
}
