// /cabinet: "Ваши счета" with each account's state, the list editor (hide / show) and disconnecting.
import { Router, type Request } from 'express';
import type { Services } from '../../services.js';
import { CARDS_PER_PAGE, EDITOR_ROWS_PER_PAGE } from './service.js';
import { requireRole, requireUser } from '../../platform/auth.js';
import { HttpError, NotFoundError } from '../../platform/errors.js';
import { flash } from '../../platform/session.js';
import { paths, withQuery } from '../../paths.js';
import { RELATION_LABEL } from '../../platform/labels.js';
import { pageOf, parseIds } from '../../platform/params.js';
import { one } from '../../platform/validation.js';

/** Ids one form post may carry: the body parser's limit of fields. */
const MAX_IDS = 2_000;

/** ?page= and ?q= of a list of the person's accounts, and the address of another page of it. */
function listQuery(req: Request, path: string) {
  const q = req.query as Record<string, unknown>;
  const search = String(one(q.q) ?? '').slice(0, 100);
  const pageUrl = (n: number) => withQuery(path, { q: search, page: n > 1 ? n : undefined });
  return { page: pageOf(q.page), search, pageUrl };
}

export function cabinetRoutes(services: Services): Router {
  const r = Router();
  const customer = requireRole('customer');

  r.get('/cabinet', requireUser, async (req, res) => {
    const { page, search, pageUrl } = listQuery(req, paths.cabinet());
    const home = await services.cabinet.home(req.user!.id, {
      page,
      search,
      straight: req.user!.role === 'customer',
    });
    if (home.straightTo) return res.redirect(paths.summary(home.straightTo.number));
    res.render('cabinet/home', {
      title: 'Ваши счета',
      ...home,
      cardsPerPage: CARDS_PER_PAGE,
      search,
      pageUrl,
      relationLabels: RELATION_LABEL,
    });
  });

  r.get('/cabinet/accounts', customer, async (req, res) => {
    const { page, search, pageUrl } = listQuery(req, paths.cabinetAccounts());
    const list = await services.cabinet.editor(req.user!.id, { page, search });
    res.render('cabinet/accounts', {
      title: 'Список лицевых счетов',
      ...list,
      rowsPerPage: EDITOR_ROWS_PER_PAGE,
      search,
      pageUrl,
      relationLabels: RELATION_LABEL,
    });
  });

  r.post('/cabinet/accounts', customer, async (req, res) => {
    const body = (req.body as Record<string, unknown> | undefined) ?? {};
    const visible = parseIds(body.visible, MAX_IDS);
    // the accounts of the editor's page the form came from: only they change (all of them without it)
    const listed = body.listed === undefined ? undefined : parseIds(body.listed, MAX_IDS);
    // only an altered form sends anything but ids: nothing is changed
    if (!visible || (body.listed !== undefined && !listed))
      throw new HttpError(
        400,
        'Список лицевых счетов не сохранён: откройте его заново и отметьте счета ещё раз.',
      );
    const result = await services.cabinet.setVisible(
      req.user!.id,
      visible,
      { ip: req.ip, requestId: String(req.id) },
      listed,
    );
    flash(
      req,
      'success',
      result.shown || result.hidden ? 'Список лицевых счетов сохранён' : 'Список лицевых счетов не изменился',
    );
    res.redirect(paths.cabinet());
  });

  const own = async (userId: number, number: string) =>
    (await services.users.linkedAccounts(userId)).find((a) => a.number === number);

  r.get('/cabinet/accounts/:number/disconnect', customer, async (req, res) => {
    const account = await own(req.user!.id, String(req.params.number));
    if (!account) throw new NotFoundError();
    res.render('cabinet/disconnect', { title: `Отключить лицевой счёт ${account.number}`, target: account });
  });

  r.post('/cabinet/accounts/:number/disconnect', customer, async (req, res) => {
    const account = await own(req.user!.id, String(req.params.number));
    if (!account) throw new NotFoundError();
    await services.cabinet.disconnect(req.user!.id, account.id, { ip: req.ip, requestId: String(req.id) });
    flash(req, 'success', `Лицевой счёт ${account.number} отключён от вашего личного кабинета`);
    res.redirect(paths.cabinet());
  });

  return r;
}
