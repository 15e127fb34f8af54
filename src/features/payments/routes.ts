// Online payment pages (/accounts/:number/pay, its return page, "Мои платежи") and the acquirer's
// notification endpoint (/payments/notifications), which is mounted before the session and CSRF.
import express, { Router, type Request, type Response } from 'express';
import type { Services } from '../../services.js';
import { requireAccount } from '../../platform/auth.js';
import { HttpError, NotFoundError, type FieldError } from '../../platform/errors.js';
import { parseId } from '../../platform/params.js';
import { paths } from '../../paths.js';
import { tryParseMoney } from '../../domain/money.js';
import { amountField, notificationBodyLimit, type PayFormValues } from './schemas.js';
import { METHOD_LABEL, REASON_LABEL, STATUS_LABEL, type PayPage } from './service.js';

/** The total of what the form holds, for the page to show; null while any amount is not a valid sum. */
function totalOf(page: PayPage, values: PayFormValues): number | null {
  let total = 0;
  for (const l of page.lines) {
    const kop = tryParseMoney(values.amounts[l.key] ?? '');
    if (kop === null || kop < 0) return null;
    total += kop;
  }
  return total;
}

const LABELS = { STATUS_LABEL, REASON_LABEL, METHOD_LABEL, amountField };

/**
 * POST /payments/notifications: server-to-server, so no session, no cookie and no CSRF token; the
 * acquirer's HMAC signature over the raw body is checked instead (the body is read raw for that).
 */
export function paymentNotificationRoutes(services: Services): Router {
  const r = Router();
  r.post(
    paths.paymentNotifications(),
    express.text({ type: () => true, limit: notificationBodyLimit }),
    async (req, res) => {
      const raw = typeof req.body === 'string' ? req.body : '';
      const headers: Record<string, string | undefined> = {};
      for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v[0] : v;
      const result = await services.payments.receiveNotification(raw, headers, req.ip);
      res.status(result.status).json({ outcome: result.outcome });
    },
  );
  return r;
}

export function paymentRoutes(services: Services): Router {
  const r = Router();
  const account = requireAccount(services.users);
  const today = (req: Request) => services.clock.today(req.account!.supplier_time_zone);

  /** Only the customer pays: staff (and a staff member viewing as a customer) never can. */
  const customerOnly = (req: Request, _res: Response, next: (e?: unknown) => void) => {
    if (req.user!.role !== 'customer')
      return next(new HttpError(403, 'Оплата доступна только самому клиенту, не сотрудникам'));
    if (!services.payments.enabled) return next(new NotFoundError());
    next();
  };

  const renderForm = (
    res: Response,
    page: PayPage,
    values: PayFormValues,
    errors: FieldError[] = [],
    status = 200,
  ) =>
    res.status(status).render('payments/form', {
      title: 'Оплата',
      page,
      values,
      errors,
      shownTotal: totalOf(page, values),
      ...LABELS,
    });

  r.get('/accounts/:number/pay', account, customerOnly, async (req, res) => {
    const page = await services.payments.page(req.account!, today(req));
    renderForm(res, page, services.payments.defaults(page, req.user!));
  });

  r.post('/accounts/:number/pay', account, customerOnly, async (req, res) => {
    const result = await services.payments.start(req.account!, req.user!, req.body, today(req), {
      ip: req.ip,
      requestId: String(req.id),
    });
    if (!result.ok) return renderForm(res, result.page, result.values, result.errors, result.status);
    res.redirect(303, result.redirect);
  });

  // the acquirer sends the payer back here; the page asks the acquirer when the payment is still open
  r.get('/accounts/:number/pay/:id', account, async (req, res) => {
    const id = parseId(req.params.id);
    const payment = id === undefined ? undefined : await services.payments.one(req.account!, id);
    if (!payment) throw new NotFoundError();
    res.render('payments/status', { title: `Платёж № ${payment.id}`, payment, ...LABELS });
  });

  r.get('/accounts/:number/online-payments', account, async (req, res) => {
    const payments = await services.payments.history(req.account!);
    res.render('payments/history', {
      title: 'Мои платежи',
      payments,
      canPay: req.user!.role === 'customer' && services.payments.enabled,
      ...LABELS,
    });
  });

  return r;
}
