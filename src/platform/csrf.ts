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
    // one token per session, created lazily; views put it in every form
    res.locals.csrfToken = generateToken(req);
    next();
  });
  app.use(csrfSynchronisedProtection);
}
