// Калькулятор (seed 004) at /accounts/:number/calculator: a business account's month priced under
// each price category, from monthly kWh (with a zone split) or an uploaded hourly profile.
import { Router, type Request, type Response } from 'express';
import type { Services } from '../../services.js';
import { requireAccount } from '../../platform/auth.js';
import { acceptFiles, uploadedFiles, type FileLimits } from '../../platform/uploads.js';
import { NotFoundError, type FieldError } from '../../platform/errors.js';
import { controlCharFields, CONTROL_CHARS_TEXT } from '../../platform/validation.js';
import { formatMonth } from '../../domain/format.js';
import type { CategoryComparison, CategoryKey, PriceCategoryPrices } from '../../domain/priceCategories.js';
import { calculatorValues, readCalculatorForm, formatHours, type CalculatorValues } from './schemas.js';
import { parseHourlyProfile } from './profileCsv.js';
import { CATEGORY_LABEL, PART_LABEL, UNIT_LABEL, PRICE_UNIT_LABEL } from './labels.js';

/** The profile file's size limit: 744 lines of `01.11.2026;23;123456,123456` are under 25 KB. */
export const PROFILE_MAX_BYTES = 256 * 1024;
export const PROFILE_FIELD = 'profile';
const PROFILE_UPLOAD: FileLimits = {
  maxFiles: 1,
  maxBytes: PROFILE_MAX_BYTES,
  fields: 40,
  tooLarge: 'Файл больше 256 КБ: в почасовом графике месяца не больше 744 строк',
  tooMany: 'Файл не удалось принять: выберите один файл CSV',
};

interface Result {
  comparison: CategoryComparison;
  prices: PriceCategoryPrices;
  currentKey?: CategoryKey;
}

export function calculatorRoutes(services: Services): Router {
  const r = Router();
  const account = requireAccount(services.users);
  const today = (req: Request) => services.clock.today(req.account!.supplier_time_zone);
  const businessOnly = (req: Request) => {
    if (req.account!.customer_kind !== 'organisation') throw new NotFoundError();
  };

  const render = async (
    req: Request,
    res: Response,
    status: number,
    values: CalculatorValues,
    errors: FieldError[],
    result?: Result,
    known?: Awaited<ReturnType<Services['calculator']['overview']>>,
  ) => {
    const overview = known ?? (await services.calculator.overview(req.account!, today(req)));
    res.status(status).render('calculator/show', {
      title: 'Калькулятор',
      values,
      errors,
      result,
      currentKey: result?.currentKey ?? overview.currentKey,
      prices: result?.prices ?? overview.prices,
      labels: { CATEGORY_LABEL, PART_LABEL, UNIT_LABEL, PRICE_UNIT_LABEL },
      formatHours,
      formatMonth,
    });
  };

  r.get('/accounts/:number/calculator', account, async (req, res) => {
    businessOnly(req);
    const overview = await services.calculator.overview(req.account!, today(req));
    const values = { ...calculatorValues({}), month: overview.defaultPeriod, mode: 'monthly', zones: 'one' };
    await render(req, res, 200, values, [], undefined, overview);
  });

  r.post(
    '/accounts/:number/calculator',
    account,
    acceptFiles(PROFILE_FIELD, PROFILE_UPLOAD),
    async (req, res) => {
      businessOnly(req);
      const values = calculatorValues(req.body);
      const bad = controlCharFields(req.body);
      if (bad.length)
        return render(
          req,
          res,
          400,
          values,
          bad.map((field) => ({ field, text: CONTROL_CHARS_TEXT })),
        );
      const file = uploadedFiles(req).find((f) => f.size > 0);
      const form = readCalculatorForm(values, file !== undefined || req.uploadError !== undefined);
      const errors = [...form.errors];
      if (req.uploadError) errors.push({ field: PROFILE_FIELD, text: req.uploadError });
      let input = form.input;
      if (values.mode === 'hourly' && file && form.period && !req.uploadError) {
        const parsed = parseHourlyProfile(file.buffer.toString('utf8'), form.period);
        if (parsed.ok) input = { kind: 'hourly', volumes: parsed.volumes };
        else for (const text of parsed.problems) errors.push({ field: PROFILE_FIELD, text });
      }
      if (errors.length || !input || !form.period) return render(req, res, 400, values, errors);
      const outcome = await services.calculator.compare(req.account!, form.period, input);
      if (outcome === 'no_prices')
        return render(req, res, 422, values, [
          {
            field: 'month',
            text: `Цены поставщика на ${formatMonth(form.period)} ещё не заданы: выберите другой месяц`,
          },
        ]);
      await render(req, res, 200, values, [], outcome);
    },
  );

  return r;
}
