// GET/POST /unsubscribe/:token: a mailing's unsubscribe link, without signing in (mounted before the session and CSRF).
import express, { Router, type Response } from 'express';
import type { Services } from '../../services.js';
import { paths } from '../../paths.js';
import type { UnsubscribeView } from './service.js';
import { SUBSCRIPTION_TITLE } from './messages.js';

/**
 * GET shows what the link turns off and changes nothing (mail scanners open links); POST turns it
 * off: the confirmation form's button, or the mail client's one-click request of RFC 8058
 * (`List-Unsubscribe=One-Click`, no cookies). There is no session here, so no CSRF token can
 * exist: the signed token in the path is the proof, and it can only ever switch off its own
 * person's one kind. A forged or damaged token is 400, an expired one 410, both in Russian.
 */
export function unsubscribeRoutes(services: Services): Router {
  const r = Router();
  const render = (res: Response, token: string, v: UnsubscribeView, done: boolean) => {
    res.set('Cache-Control', 'no-store');
    if (!v.ok)
      return res.status(v.reason === 'expired' ? 410 : 400).render('subscriptions/unsubscribe', {
        title: v.reason === 'expired' ? 'Срок действия ссылки истёк' : 'Ссылка недействительна',
        state: v.reason,
      });
    res.render('subscriptions/unsubscribe', {
      title: 'Отказ от рассылки',
      subscriptionTitle: SUBSCRIPTION_TITLE[v.kind],
      state: done ? 'done' : v.subscribed ? 'confirm' : 'already',
      email: v.email,
      action: paths.unsubscribe(token),
    });
  };
  r.get('/unsubscribe/:token', async (req, res) => {
    const token = String(req.params.token);
    render(res, token, await services.subscriptionMails.inspect(token), false);
  });
  r.post(
    '/unsubscribe/:token',
    express.urlencoded({ extended: false, limit: '1kb', parameterLimit: 10 }),
    async (req, res) => {
      const token = String(req.params.token);
      const v = await services.subscriptionMails.unsubscribe(token, {
        ip: req.ip,
        requestId: String(req.id),
      });
      render(res, token, v, true);
    },
  );
  return r;
}
