// Staff and the customer cabinet. Outside "Смотреть как клиент" staff never see the cabinet (they
// land on /support). Inside it, the cabinet pages are rendered for the chosen customer: a banner on
// every page, every page audited, every form disabled, and every change refused on the server.
import type { Request, RequestHandler, Response } from 'express';
import type { Services } from '../../services.js';
import { ForbiddenError, NotFoundError } from '../../platform/errors.js';
import { actorOf } from '../../platform/audit.js';
import { paths } from '../../paths.js';

/** The pages that show a customer's own cabinet. */
export function isCustomerArea(path: string): boolean {
  return (
    path === '/' ||
    path === '/cabinet' ||
    path.startsWith('/cabinet/') ||
    path.startsWith('/accounts/') ||
    path === '/requests' ||
    path.startsWith('/requests/')
  );
}

/** What a staff member may still post while looking: sign out, stop looking, their own desk work. */
const postableWhileViewing = (path: string) => path === '/logout' || path.startsWith('/support/');

/**
 * Every POST form of the page gets a disabled fieldset around its fields, so nothing can be typed
 * or sent (the server refuses anyway). Forms marked data-view-as-keep (sign out, end the view) stay.
 */
export function disablePostForms(html: string): string {
  return html.replace(/<form\b[^>]*>[\s\S]*?<\/form>/gi, (form) => {
    const open = /^<form\b[^>]*>/i.exec(form)![0];
    if (!/method="post"/i.test(open) || /data-view-as-keep/i.test(open)) return form;
    const inner = form.slice(open.length, form.length - '</form>'.length);
    return `${open}<fieldset class="view-as-disabled" disabled>${inner}</fieldset></form>`;
  });
}

function renderReadOnly(req: Request, res: Response): void {
  const render = res.render.bind(res);
  res.render = ((
    view: string,
    options?: object | ((e: Error, html: string) => void),
    cb?: (e: Error | null, html?: string) => void,
  ) => {
    if (typeof options === 'function') {
      cb = options as typeof cb;
      options = {};
    }
    render(view, options ?? {}, (err: Error | null, html?: string) => {
      if (err) return cb ? cb(err) : req.next?.(err);
      const safe = disablePostForms(html ?? '');
      if (cb) cb(null, safe);
      else res.send(safe);
    });
  }) as Response['render'];
}

export function staffAndViewAs(services: Services): RequestHandler {
  return async (req, res, next) => {
    const staff = req.user;
    if (!staff || staff.role === 'customer') return next();
    if (!req.session.staff) req.session.staff = true;
    const viewAs = req.session.viewAs;
    const customerArea = isCustomerArea(req.path) || (Boolean(viewAs) && req.path === paths.profile());
    const reading = req.method === 'GET' || req.method === 'HEAD';
    if (!viewAs) {
      if (!customerArea) return next();
      if (reading) return res.redirect(paths.support());
      return next(new NotFoundError());
    }
    const customer = await services.users.findById(viewAs.userId);
    if (!customer || customer.role !== 'customer') {
      delete req.session.viewAs;
      return res.redirect(paths.support());
    }
    res.locals.viewAs = { customer, staff };
    if (!reading && !postableWhileViewing(req.path))
      return next(
        new ForbiddenError(
          'В режиме «Смотреть как клиент» ничего нельзя изменить: показания, оплата и профиль недоступны. Завершите просмотр, чтобы работать от своего имени.',
        ),
      );
    if (!customerArea) return next();
    // the receipt PDF prints the bind code that connects the account: staff never see such a secret
    if (req.path.endsWith('.pdf') || req.path.endsWith('/bills/print') || req.query.format === 'pdf')
      return next(
        new ForbiddenError(
          'В режиме «Смотреть как клиент» документы в PDF не открываются: в квитанции напечатан код для добавления договора. Счёт можно посмотреть на странице.',
        ),
      );
    await services.support.viewAsPage(actorOf(req), customer.id, req.originalUrl);
    req.user = customer;
    res.locals.user = customer;
    renderReadOnly(req, res);
    next();
  };
}
