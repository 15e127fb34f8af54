// The support desk (/support): search customers, a customer's card and its actions, "Смотреть как
// клиент", and a customer's audit log. Support and admin only; everything here is audited.
import { Router, type Request, type Response } from 'express';
import type { Services } from '../../services.js';
import { requireRole } from '../../platform/auth.js';
import { actorOf } from '../../platform/audit.js';
import { flash } from '../../platform/session.js';
import { fieldErrors, NotFoundError, type FieldError } from '../../platform/errors.js';
import { parseForm, one } from '../../platform/validation.js';
import { pageOf, parseId } from '../../platform/params.js';
import { paths, withQuery } from '../../paths.js';
import { STATUS_TEXT } from '../requests/service.js';
import { searchSchema, resetSchema, contactsSchema } from './schemas.js';
import { SEARCH_PAGE, AUDIT_PAGE } from './service.js';

export function supportRoutes(services: Services): Router {
  const r = Router();
  const svc = services.support;
  const staff = requireRole('support', 'admin');

  r.get(paths.support(), staff, async (req, res) => {
    const q = (req.query as Record<string, unknown>).q;
    const page = pageOf((req.query as Record<string, unknown>).page);
    const common = { title: 'Поддержка клиентов', pageSize: SEARCH_PAGE };
    const open = await services.requests.queue({ statuses: ['new', 'in_progress'], limit: 1, offset: 0 });
    if (q === undefined)
      return res.render('support/search', {
        ...common,
        values: {},
        errors: [],
        hits: undefined,
        openRequests: open.total,
      });
    const values = { q: String(one(q) ?? '') };
    const parsed = parseForm(searchSchema, req.query);
    if (!parsed.success)
      return res.status(400).render('support/search', {
        ...common,
        values,
        errors: fieldErrors(parsed.error),
        hits: undefined,
        openRequests: open.total,
      });
    const { rows, total } = await svc.search(parsed.data.q, page);
    await services.audit.record({
      ...actorOf(req),
      action: 'support.search',
      details: { q: parsed.data.q.slice(0, 100), found: total },
    });
    res.render('support/search', {
      ...common,
      values,
      errors: [],
      hits: rows,
      total,
      page,
      pages: Math.max(1, Math.ceil(total / SEARCH_PAGE)),
      pageUrl: (p: number) => withQuery(paths.support(), { q: parsed.data.q, page: p }),
      openRequests: open.total,
    });
  });

  const renderCard = async (
    req: Request,
    res: Response,
    status = 200,
    extra: { errors?: FieldError[]; values?: object; oneTimePassword?: string } = {},
  ) => {
    const id = parseId(req.params.id);
    const card = id ? await svc.card(actorOf(req), id) : undefined;
    if (!card) throw new NotFoundError();
    const requests = await services.requests.recentFor(card.customer.id);
    res.status(status).render('support/customer', {
      title: `Клиент: ${[card.customer.last_name, card.customer.first_name].filter(Boolean).join(' ') || card.customer.login}`,
      ...card,
      requests,
      statusText: STATUS_TEXT,
      errors: extra.errors ?? [],
      values: extra.values ?? { email: card.customer.email ?? '', phone: card.customer.phone ?? '' },
      oneTimePassword: extra.oneTimePassword,
    });
  };

  r.get('/support/customers/:id', staff, (req, res) => renderCard(req, res));

  const idOf = (req: Request) => {
    const id = parseId(req.params.id);
    if (!id) throw new NotFoundError();
    return id;
  };
  const done = (req: Request, res: Response, id: number, text: string) => {
    flash(req, 'success', text);
    res.redirect(303, paths.supportCustomer(id));
  };
  const refused = (req: Request, res: Response, text: string, field = 'form') => {
    if (text === 'not-found') throw new NotFoundError();
    return renderCard(req, res, 409, { errors: [{ field, text }] });
  };

  r.post('/support/customers/:id/password-reset', staff, async (req, res) => {
    const id = idOf(req);
    const parsed = parseForm(resetSchema, req.body);
    if (!parsed.success) return renderCard(req, res, 400, { errors: fieldErrors(parsed.error) });
    const result = await svc.resetPassword(actorOf(req), id, parsed.data.delivery);
    if (!result.ok) return refused(req, res, result.text, 'delivery');
    if (result.password) {
      // shown once, on this response only: it is in no redirect, flash, log or audit record
      return renderCard(req, res, 200, { oneTimePassword: result.password });
    }
    done(req, res, id, 'Одноразовый пароль отправлен клиенту по SMS. При входе он задаст свой пароль');
  });

  r.post('/support/customers/:id/unlock', staff, async (req, res) => {
    const id = idOf(req);
    const result = await svc.unlock(actorOf(req), id, 'login');
    if (!result.ok) return refused(req, res, result.text);
    done(req, res, id, 'Блокировка входа снята: клиент может снова вводить пароль и коды');
  });

  r.post('/support/customers/:id/connect-unlock', staff, async (req, res) => {
    const id = idOf(req);
    const result = await svc.unlock(actorOf(req), id, 'connect');
    if (!result.ok) return refused(req, res, result.text);
    done(req, res, id, 'Ограничение на подключение лицевых счетов снято');
  });

  r.post('/support/customers/:id/two-factor-reset', staff, async (req, res) => {
    const id = idOf(req);
    const result = await svc.resetTwoFactor(actorOf(req), id);
    if (!result.ok) return refused(req, res, result.text);
    done(req, res, id, 'Вход с кодом из приложения отключён; клиенту отправлено письмо');
  });

  r.post('/support/customers/:id/resend-confirmation', staff, async (req, res) => {
    const id = idOf(req);
    const result = await svc.resendConfirmation(actorOf(req), id);
    if (!result.ok) return refused(req, res, result.text);
    done(req, res, id, 'Письмо для подтверждения регистрации отправлено повторно');
  });

  r.post('/support/customers/:id/contacts', staff, async (req, res) => {
    const id = idOf(req);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const values = { email: String(one(body.email) ?? ''), phone: String(one(body.phone) ?? '') };
    const parsed = parseForm(contactsSchema, body);
    if (!parsed.success) return renderCard(req, res, 400, { errors: fieldErrors(parsed.error), values });
    const result = await svc.updateContacts(actorOf(req), id, {
      email: parsed.data.email ?? null,
      phone: parsed.data.phone,
    });
    if (!result.ok) {
      if (result.text === 'not-found') throw new NotFoundError();
      const field = 'field' in result ? result.field : 'form';
      return renderCard(req, res, 400, { errors: [{ field, text: result.text }], values });
    }
    done(req, res, id, 'Контакты клиента сохранены');
  });

  r.post('/support/customers/:id/view-as', staff, async (req, res) => {
    const id = idOf(req);
    const customer = await svc.startViewAs(actorOf(req), id);
    if (!customer) throw new NotFoundError();
    // looking at another customer ends the view of the previous one, in the log too
    const previous = req.session.viewAs;
    if (previous && previous.userId !== customer.id) await svc.endViewAs(actorOf(req), previous.userId);
    req.session.viewAs = { userId: customer.id, since: services.clock.now().getTime() };
    res.redirect(303, paths.cabinet());
  });

  r.post(paths.supportViewAsEnd(), staff, async (req, res) => {
    const viewing = req.session.viewAs;
    delete req.session.viewAs;
    if (!viewing) return res.redirect(303, paths.support());
    await svc.endViewAs(actorOf(req), viewing.userId);
    res.redirect(303, paths.supportCustomer(viewing.userId));
  });

  r.get(paths.supportAudit(), staff, async (req, res) => {
    const q = req.query as Record<string, unknown>;
    const id = parseId(one(q.customer));
    const page = pageOf(q.page);
    const log = id ? await svc.auditLog(actorOf(req), id, page) : undefined;
    if (!log) throw new NotFoundError();
    res.render('support/audit', {
      title: 'Журнал действий клиента',
      ...log,
      page,
      pages: Math.max(1, Math.ceil(log.total / AUDIT_PAGE)),
      pageUrl: (p: number) => withQuery(paths.supportAudit(), { customer: log.customer.id, page: p }),
    });
  });

  return r;
}
