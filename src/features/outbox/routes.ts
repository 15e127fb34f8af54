// GET /dev/outbox: with DEV_OUTBOX=on (never in production), the mail and SMS the portal sent, so a demo can follow its links.
import { Router } from 'express';
import type { Services } from '../../services.js';
import { NotFoundError } from '../../platform/errors.js';

const URL_RE = /(https?:\/\/[^\s<>"]+)/g;

/** Splits a message body into text and link parts, so the view can make links clickable safely. */
export function linkParts(body: string): { text: string; href?: string }[] {
  const parts: { text: string; href?: string }[] = [];
  let last = 0;
  for (const m of body.matchAll(URL_RE)) {
    if (m.index > last) parts.push({ text: body.slice(last, m.index) });
    parts.push({ text: m[0], href: m[0] });
    last = m.index + m[0].length;
  }
  if (last < body.length) parts.push({ text: body.slice(last) });
  return parts;
}

export function outboxRoutes(services: Services): Router {
  const r = Router();
  // reset links and one-time passwords are in it: it exists only when switched on explicitly
  r.get('/dev/outbox', async (_req, res, next) => {
    if (!services.config.DEV_OUTBOX || services.config.NODE_ENV === 'production')
      return next(new NotFoundError());
    const rows = await services.outbox.recent(50);
    res.render('dev/outbox', {
      title: 'Отправленные письма и SMS',
      messages: rows.map((m) => ({ ...m, parts: linkParts(m.body) })),
      smtp: Boolean(services.config.SMTP_URL),
    });
  });
  return r;
}
