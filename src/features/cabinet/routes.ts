// /cabinet: "Ваши счета" with each account's state, the list editor (hide / show) and disconnecting.
import { Router } from 'express';
import type { Services } from '../../services.js';
import { requireRole, requireUser } from '../../platform/auth.js';
import { NotFoundError } from '../../platform/errors.js';
import { flash } from '../../platform/session.js';
import { paths } from '../../paths.js';
import { KIND_LABEL, RELATION_LABEL } from '../../platform/labels.js';
import { parseId } from '../../platform/params.js';

export function cabinetRoutes(services: Services): Router {
  const r = Router();
  const customer = requireRole('customer');

  r.get('/cabinet', requireUser, async (req, res) => {
    const accounts = await services.users.linkedAccounts(req.user!.id);
    const visible = accounts.filter((a) => a.visible);
    if (visible.length === 1 && accounts.length === 1 && req.user!.role === 'customer')
      return res.redirect(paths.summary(visible[0]!.number));
    const kinds = await services.cabinet.accountKinds(visible.map((a) => a.id));
    const rows = await Promise.all(
      visible.map(async (a) => {
        const day = services.clock.today(a.supplier_time_zone);
        const statement = await services.account.statement(a, day);
        const owed = await services.debt.owed(a.id, day, statement);
        const k = kinds.get(a.id);
        const kind = !k
          ? ''
          : k.suppliers > 1
            ? 'Единый платёжный документ (ЕПД)'
            : k.kinds.map((x) => KIND_LABEL[x] ?? x).join(', ');
        return {
          account: a,
          kind,
          debtKop: statement.debtKop,
          overpaymentKop: statement.overpaymentKop,
          balanceKop: statement.balanceKop,
          owed,
        };
      }),
    );
    res.render('cabinet/home', {
      title: 'Ваши счета',
      rows,
      hiddenCount: accounts.length - visible.length,
      relationLabels: RELATION_LABEL,
    });
  });

  r.get('/cabinet/accounts', customer, async (req, res) => {
    const accounts = await services.users.linkedAccounts(req.user!.id);
    res.render('cabinet/accounts', {
      title: 'Список лицевых счетов',
      accounts,
      relationLabels: RELATION_LABEL,
    });
  });

  r.post('/cabinet/accounts', customer, async (req, res) => {
    const raw = (req.body as Record<string, unknown> | undefined)?.visible;
    const ids = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw])
      .map(parseId)
      .filter((id): id is number => id !== undefined);
    const result = await services.cabinet.setVisible(req.user!.id, ids, {
      ip: req.ip,
      requestId: String(req.id),
    });
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
