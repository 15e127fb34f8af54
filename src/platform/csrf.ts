// CSRF for every state-changing request (synchroniser token in the session, field `_csrf`).
// The token is read from the form body or the X-CSRF-Token header only: in a query string it
// would land in logs, the history and Referer headers.
import type { Express, RequestHandler } from 'express';
import { csrfSync } from 'csrf-sync';

const { csrfSynchronisedProtection, generateToken } = csrfSync({
  getTokenFromRequest: (req) => {
    const fromBody = (req.body as Record<string, unknown> | undefined)?._csrf;
    if (typeof fromBody === 'string') return fromBody;
    const fromHeader = req.headers['x-csrf-token'];
    return typeof fromHeader === 'string' ? fromHeader : undefined;
  },
});

/**
 * The check itself, for a route that parses its own body: a multipart form (files) is read by
 * its route, so its `_csrf` field exists only after parsing (platform/uploads.ts calls this).
 */
export const verifyCsrf: RequestHandler = csrfSynchronisedProtection;

const isMultipart = (ct: string | undefined) => /^multipart\/form-data\b/i.test(ct ?? '');

/**
 * `multipartPaths`: the POST routes that take files. A multipart request to one of them is checked
 * by the route right after parsing; a multipart request anywhere else is checked here and, having
 * no parsed body, is refused unless the header carries the token.
 */
export function setUpCsrf(app: Express, opts: { multipartPaths?: readonly RegExp[] } = {}): void {
  const multipartPaths = opts.multipartPaths ?? [];
  app.use((req, res, next) => {
    // one token per session, made only when a form asks for it (`csrfToken()` in a view): a page
    // without a form leaves the session untouched, so an anonymous visit stores no session row
    let token: string | undefined;
    res.locals.csrfToken = () => (token ??= generateToken(req));
    next();
  });
  app.use((req, res, next) => {
    if (
      req.method === 'POST' &&
      isMultipart(req.headers['content-type']) &&
      multipartPaths.some((p) => p.test(req.path))
    )
      return next();
    csrfSynchronisedProtection(req, res, next);
  });
}
