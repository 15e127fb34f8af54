// CSRF for every state-changing request (synchroniser token in the session, field `_csrf`).
// The token is read from the form body or the X-CSRF-Token header only: in a query string it
// would land in logs, the history and Referer headers.
import type { Express } from 'express';
import { csrfSync } from 'csrf-sync';

export function setUpCsrf(app: Express): void {
  const { csrfSynchronisedProtection, generateToken } = csrfSync({
    getTokenFromRequest: (req) => {
      const fromBody = (req.body as Record<string, unknown> | undefined)?._csrf;
      if (typeof fromBody === 'string') return fromBody;
      const fromHeader = req.headers['x-csrf-token'];
      return typeof fromHeader === 'string' ? fromHeader : undefined;
    },
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
