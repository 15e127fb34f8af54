// CSRF for every state-changing request (synchroniser token in the session, field `_csrf`).
import type { Express } from 'express';
import { csrfSync } from 'csrf-sync';

export function setUpCsrf(app: Express): void {
  const { csrfSynchronisedProtection, generateToken } = csrfSync({
    getTokenFromRequest: (req) =>
      (req.body as Record<string, unknown> | undefined)?._csrf as string | undefined ??
      (req.headers['x-csrf-token'] as string | undefined) ??
      (typeof req.query._csrf === 'string' ? req.query._csrf : undefined),
  });
  app.use((req, res, next) => {
    // one token per session, made only when a form asks for it (`csrfToken()` in a view): a page
    // without a form leaves the session untouched, so an anonymous visit stores no session row
    let token: string | undefined;
    res.locals.csrfToken = () => (token ??= generateToken(req));
    next();
  });
  app.use(csrfSynchronisedProtection);
}
