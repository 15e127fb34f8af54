// Staff page of the calculator's prices (GET/POST /admin/calculator-prices): per supplier, dated
// sets of the four price categories' prices; a set on an existing date replaces it; audited.
import { Router, type Request, type Response } from 'express';
import type { Services } from '../../services.js';
import { actorOf } from '../../platform/audit.js';
import { requireRole } from '../../platform/auth.js';
import type { FieldError } from '../../platform/errors.js';
import { flash } from '../../platform/session.js';
import { controlCharFields, CONTROL_CHARS_TEXT, one } from '../../platform/validation.js';
import { paths, withQuery } from '../../paths.js';
import { formatDate } from '../../domain/format.js';
import { isValidDate, parseTypedDate } from '../../domain/periods.js';
import type { PriceCategoryPrices } from '../../domain/priceCategories.js';
import {
  HOUR_FIELDS,
  PRICE_FIELDS,
  PRICE_FORM_FIELDS,
  formatHours,
  readPricesForm,
} from '../calculator/schemas.js';

const parseDate = (s: string) => {
  const d = parseTypedDate(s) ?? s;
  return isValidDate(d) && d >= '1992-01-01' && d <= '2100-12-31' ? d : undefined;
};

/** A stored set as the form shows it, so staff edit the newest set rather than type it again. */
function formValues(supplierId: number, p: PriceCategoryPrices | undefined): Record<string, string> {
  if (!p) return { supplier_id: String(supplierId) };
  const comma = (v: string) => v.replace('.', ',');
  return {
    supplier_id: String(supplierId),
    valid_from: '',
    single_rate: comma(p.singleRate),
    two_zone_day: comma(p.twoZone.day),
    two_zone_night: comma(p.twoZone.night),
    three_zone_peak: comma(p.threeZone.peak),
    three_zone_semi_peak: comma(p.threeZone.semiPeak),
    three_zone_night: comma(p.threeZone.night),
    network_rate: comma(p.networkRate),
    capacity_price: comma(p.capacityPrice),
    network_capacity_rate: comma(p.networkCapacityRate),
    losses_rate: comma(p.lossesRate),
    peak_hour: String(p.peakHour),
    night_hours: formatHours(p.nightHours),
    peak_hours: formatHours(p.peakHours),
    planned_peak_hours: formatHours(p.plannedPeakHours),
    hourly_energy: p.hourlyEnergy.map(comma).join(' '),
  };
}

export function adminCalculatorPricesRoutes(services: Services): Router {
  const r = Router();
  const admin = requireRole('admin');
  const path = paths.adminCalculatorPrices();

  const render = async (
    res: Response,
    status: number,
    supplierId: number | undefined,
    values: Record<string, string>,
    errors: FieldError[],
  ) => {
    const suppliers = await services.calculator.suppliers();
    const history = supplierId ? await services.calculator.priceHistory(supplierId) : [];
    res.status(status).render('admin/calculatorPrices', {
      title: 'Цены для калькулятора',
      suppliers,
      supplierId,
      history,
      values,
      errors,
      PRICE_FIELDS,
      HOUR_FIELDS,
      formatHours,
    });
  };

  const supplierOf = async (raw: unknown) => {
    const suppliers = await services.calculator.suppliers();
    const id = Number(one(raw));
    return suppliers.find((s) => s.id === id)?.id ?? suppliers[0]?.id;
  };

  r.get(path, admin, async (req: Request, res) => {
    const supplierId = await supplierOf(req.query.supplier);
    const newest = supplierId ? (await services.calculator.priceHistory(supplierId))[0] : undefined;
    await render(res, 200, supplierId, supplierId ? formValues(supplierId, newest) : {}, []);
  });

  r.post(path, admin, async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const values = Object.fromEntries(
      PRICE_FORM_FIELDS.map((f) => [f, typeof one(body[f]) === 'string' ? String(one(body[f])).trim() : '']),
    );
    const supplierId = await supplierOf(values.supplier_id);
    const bad = controlCharFields(body);
    if (bad.length)
      return render(
        res,
        400,
        supplierId,
        values,
        bad.map((field) => ({ field, text: CONTROL_CHARS_TEXT })),
      );
    const form = readPricesForm(values, parseDate);
    if (form.supplierId !== undefined && form.supplierId !== supplierId)
      form.errors.push({ field: 'supplier_id', text: 'Выберите поставщика из списка' });
    if (form.errors.length || !form.prices || !form.supplierId)
      return render(res, 400, supplierId, values, form.errors);
    await services.calculator.savePrices(form.supplierId, form.prices, actorOf(req));
    flash(req, 'success', `Цены для калькулятора с ${formatDate(form.prices.validFrom)} сохранены`);
    res.redirect(withQuery(path, { supplier: form.supplierId }));
  });

  return r;
}
