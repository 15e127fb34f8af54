// /login and /logout.
import { Router } from 'express';
import type { Services } from '../../services.js';
import { fieldErrors } from '../../platform/errors.js';
import { REMEMBER_MS } from '../../platform/session.js';
import { paths } from '../../paths.js';
import { loginSchema } from './schemas.js';

const INVALID = 'Неверный логин или пароль';

export function authRoutes(services: Services): Router {
  const r = Router();

  r.get('/login', (req, res) => {
    if (req.user) return res.redirect(paths.cabinet());
    res.render('auth/login', { title: 'Вход в личный кабинет', values: {}, errors: [] });
  });

  r.post('/login', async (req, res, next) => {
    const values = { login: String(req.body?.login ?? ''), remember: req.body?.remember };
    const parsed = loginSchema.safeParse(req.body ?? {});
    const fail = (errors: { field: string; text: string }[]) =>
      res.status(400).render('auth/login', { title: 'Ошибка: вход в личный кабинет', values, errors });
    if (!parsed.success) return fail(fieldErrors(parsed.error));
    const result = await services.auth.login(parsed.data.login, parsed.data.password, { ip: req.ip, requestId: String(req.id) });
    if (!result.ok) {
      const text =
        result.reason === 'pending'
          ? 'Учётная запись не подтверждена: перейдите по ссылке из письма, отправленного при регистрации'
          : result.reason === 'blocked'
            ? 'Учётная запись заблокирована. Обратитесь в службу поддержки'
            : INVALID;
      return fail([{ field: 'login', text }]);
    }
    const returnTo = req.session.returnTo;
    // a new session id at login: a session fixed before login is useless after it
    req.session.regenerate((err) => {
      if (err) return next(err);
      req.session.userId = result.user.id;
      req.session.remember = parsed.data.remember;
      req.session.lastSeen = Date.now();
      if (parsed.data.remember) req.session.cookie.maxAge = REMEMBER_MS;
      const target = returnTo && returnTo.startsWith('/') && !returnTo.startsWith('//') ? returnTo : paths.cabinet();
      req.session.save((e) => (e ? next(e) : res.redirect(target)));
    });
  });

  r.post('/logout', (req, res, next) => {
    const userId = req.session.userId;
    req.session.destroy((err) => {
      if (err) return next(err);
      res.clearCookie('sid');
      if (userId) req.log.info({ userId }, 'logout');
      res.redirect(paths.login());
    });
  });

  return r;
}
