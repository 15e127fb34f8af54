// Documents of an account over HTTP: receipt / bill PDFs, printing selected bills, the Документы page, the
// reconciliation act (page or PDF) and the consumption breakdown (page or PDF). Only the account's own users and staff.
import { Router, type Request, type Response } from 'express';
import type { Services } from '../../services.js';
import { requireAccount } from '../../platform/auth.js';
import { HttpError, NotFoundError, type FieldError } from '../../platform/errors.js';
import { plural } from '../../domain/format.js';
import { contentDisposition } from '../../documents/pdf.js';
import { parseId, parseIds } from '../../platform/params.js';
import { lastMonths, parsePeriodFilter, PERIOD_LABEL } from '../../domain/periodFilter.js';
import { groupByYear } from '../../domain/periods.js';
import { ZONE_LABELS, METHOD_LABELS } from '../../documents/consumption.js';
import type { PdfFile } from './service.js';

function sendPdf(res: Response, file: PdfFile): void {
  res
    .status(200)
    .type('application/pdf')
    .set('Content-Disposition', contentDisposition(file.fileName))
    .set('Cache-Control', 'private, no-store')
    .send(file.data);
}

/**
 * Bills printed in one request: two years of monthly bills. Each costs ~25 ms of CPU, and
 * printing is counted per user as well (LIMITS.printPerUser, one point a document).
 */
export const PRINT_CAP = 24;

/** from / to of a form whose fields are named from and to but carry their own ids (two forms share a page). */
function rangeOf(query: Request['query'], today: string, prefix: string, fallbackMonths: number) {
  const parsed = parsePeriodFilter(
    { from: query.from, to: query.to, period: query.from || query.to ? 'custom' : '' },
    today,
    `${fallbackMonths}m` as '3m' | '12m',
  );
  const errors: FieldError[] = parsed.errors.map((e) => ({ field: `${prefix}-${e.field}`, text: e.text }));
  const values = { from: parsed.values.from, to: parsed.values.to };
  return { ok: parsed.ok, range: parsed.range, errors, values };
}

export function documentRoutes(services: Services): Router {
  const r = Router();
  const account = requireAccount(services.users);
  const today = (req: Request) => services.clock.today(req.account!.supplier_time_zone);
  const docs = services.documents;

  // one PDF of the bills ticked on Выставленные счета; any id that is not this account's → 404
  r.get('/accounts/:number/bills/print', account, async (req, res) => {
    const ids = parseIds(req.query.ids, 200);
    if (!ids?.length) throw new NotFoundError();
    if (ids.length > PRINT_CAP) {
      throw new HttpError(
        400,
        `За один раз можно напечатать не больше ${PRINT_CAP} документов. Вернитесь назад и отметьте меньше.`,
      );
    }
    const allowed = await services.rateLimits.consume('printPerUser', `user:${req.user!.id}`, ids.length);
    if (!allowed.ok) {
      const minutes = Math.max(1, Math.ceil(allowed.retryAfterMs / 60_000));
      throw new HttpError(
        429,
        `Слишком много документов за короткое время. Попробуйте через ${minutes} ${plural(minutes, ['минуту', 'минуты', 'минут'])}.`,
      );
    }
    const day = today(req);
    if (req.account!.customer_kind === 'organisation') {
      const file = await docs.businessBundlePdf(req.account!, ids);
      if (!file) throw new NotFoundError();
      return sendPdf(res, file);
    }
    const file = await docs.receiptsPdf(req.account!, ids, day);
    if (!file) throw new NotFoundError();
    sendPdf(res, file);
  });

  // a literal ".pdf" suffix: /bills/12 stays the cabinet's bill page
  r.get('/accounts/:number/bills/:id.pdf', account, async (req, res) => {
    const id = parseId(req.params.id);
    if (id === undefined) throw new NotFoundError();
    const day = today(req);
    if (req.account!.customer_kind === 'organisation') {
      const file = await docs.businessPdf(req.account!, id);
      if (!file) throw new NotFoundError();
      return sendPdf(res, file);
    }
    const file = await docs.receiptsPdf(req.account!, [id], day);
    if (!file) throw new NotFoundError();
    sendPdf(res, file);
  });

  // Документы: bills, invoices, corrective invoices and acts by period, with the forms for an act and a breakdown
  r.get('/accounts/:number/documents', account, async (req, res) => {
    const day = today(req);
    const filter = parsePeriodFilter(req.query, day, '12m');
    const statement = await services.account.statement(req.account!, day);
    // an advance bill's debt is what the schedule's allocation left of it (the state page's statuses)
    const advances =
      req.account!.customer_kind === 'organisation'
        ? await services.debt.advanceBillsWithState(
            req.account!.id,
            filter.range.from,
            filter.range.to,
            day,
            statement,
          )
        : [];
    const groups = await docs.listed(
      req.account!,
      statement.bills,
      filter.range,
      new Map(advances.filter((b) => b.status !== null).map((b) => [b.id, b.outstandingKop])),
    );
    // signed scans beside the period's documents and the acts signed for a period overlapping it
    const scans = await services.scans.forPeriod(
      req.account!.id,
      groups.flatMap((g) => g.bills.map((b) => b.id)),
      filter.range.from,
      filter.range.to,
    );
    const year = lastMonths(12, day);
    res.status(filter.ok ? 200 : 400).render('documents/index', {
      title: 'Документы',
      PERIOD_LABEL,
      groups,
      range: filter.range,
      values: filter.values,
      errors: filter.errors,
      groupByYear,
      scans,
      act: { from: year.from, to: day },
      usage: { from: lastMonths(3, day).from, to: day },
      actErrors: [],
    });
  });

  // Акт сверки: the page for a period, or its PDF with format=pdf
  r.get('/accounts/:number/reconciliation', account, async (req, res) => {
    const day = today(req);
    if (req.query.format === 'pdf') {
      const q = rangeOf(req.query, day, 'act', 12);
      if (!q.ok) {
        const year = lastMonths(12, day);
        return res.status(400).render('documents/actForm', {
          title: 'Акт сверки в PDF',
          errors: q.errors,
          values: q.values,
          act: { from: year.from, to: day },
        });
      }
      return sendPdf(res, await docs.actPdf(req.account!, q.range.from, q.range.to));
    }
    const { ok, range, values, errors } = parsePeriodFilter(req.query, day, 'year');
    const act = await services.reconciliation.act(req.account!.id, range.from, range.to);
    const scans = await services.scans.forPeriod(
      req.account!.id,
      act.rows.flatMap((r) => (r.billId === undefined ? [] : [r.billId])),
      range.from,
      range.to,
    );
    res.status(ok ? 200 : 400).render('reconciliation/show', {
      title: 'Акт сверки',
      today: day,
      act,
      scans,
      values: ok ? {} : values,
      errors,
    });
  });

  // Расшифровка потребления: HTML page or PDF for a period
  r.get('/accounts/:number/consumption', account, async (req, res) => {
    const day = today(req);
    const q = rangeOf(req.query, day, 'usage', 3);
    const format = req.query.format === 'pdf' ? 'pdf' : 'html';
    if (q.ok && format === 'pdf')
      return sendPdf(res, await docs.consumptionPdf(req.account!, q.range.from, q.range.to));
    const data = await docs.consumption(req.account!, q.range.from, q.range.to);
    res.status(q.ok ? 200 : 400).render('documents/consumption', {
      title: 'Расшифровка потребления электроэнергии',
      data,
      errors: q.errors,
      values: q.values.from || q.values.to ? q.values : { from: q.range.from, to: q.range.to },
      ZONE_LABELS,
      METHOD_LABELS,
    });
  });

  return r;
}
