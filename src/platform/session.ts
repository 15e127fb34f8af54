// Sessions in PostgreSQL: a browser-session cookie that also ends after 30 idle minutes,
// unless the person asked to be remembered (30 days). A session is stored only once it holds
// something (a sign-in, a form's CSRF token, a flash message); rows without "remember me" expire
// after SESSION_ROW_TTL of no requests and are pruned by the store.
import type { Express, RequestHandler, Response } from 'express';
import session from 'express-session';
import connectPgSimple from 'connect-pg-simple';
import type pg from 'pg';

export const IDLE_MS = 30 * 60 * 1000;
/** Staff reach every customer's data: their sessions end sooner, and "remember me" does not keep them. */
export const STAFF_IDLE_MS = 15 * 60 * 1000;
export const REMEMBER_MS = 30 * 24 * 60 * 60 * 1000;
/** How long the row of a session without "remember me" outlives its last request (an open login form's token, say). */
export const SESSION_ROW_TTL_MS = 12 * 60 * 60 * 1000;

declare module 'express-session' {
  interface SessionData {
    userId?: number;
    remember?: boolean;
    lastSeen?: number;
    flash?: { kind: 'success' | 'info' | 'error'; text: string }[];
    /** Set on a staff member's session (features/support): the shorter idle limit applies. */
    staff?: boolean;
    /** A staff member looking at a customer's cabinet, read-only ("Смотреть как клиент"). */
    viewAs?: { userId: number; since: number };
    /** Where to go after login, when a protected page sent the person to /login. */
    returnTo?: string;
    [key: string]: unknown;
  }
}

export function setUpSession(
  app: Express,
  opts: { pool: pg.Pool; secret: string; secure: boolean; now?: () => number },
): void {
  const PgStore = connectPgSimple(session);
  app.use(
    session({
      name: 'sid',
      store: new PgStore({
        pool: opts.pool,
        tableName: 'session',
        createTableIfMissing: false,
        ttl: SESSION_ROW_TTL_MS / 1000,
        pruneSessionInterval: 15 * 60,
        // no UPDATE of the row on every request: the idle check below saves lastSeen (and so the row's
        // expiry) at most once a minute, which keeps an active session alive all the same
        disableTouch: true,
      }),
      secret: opts.secret,
      resave: false,
      saveUninitialized: false,
      rolling: false,
      cookie: { httpOnly: true, sameSite: 'lax', secure: opts.secure, path: '/' },
    }),
  );
  app.use(saveBeforeRedirect);
  app.use(idleTimeout(opts.now ?? Date.now));
}

/** The session's data as text, without its cookie: what a request changed shows as a different text. */
function sessionData(s: Express.Request['session'] | undefined): string {
  return s ? JSON.stringify(s, (key, value: unknown) => (key === 'cookie' ? undefined : value)) : '{}';
}

/**
 * A redirect waits until a session this request changed is saved. express-session sends a
 * response's headers before its own save completes, and a browser follows a redirect as soon as it
 * has the headers, so the next page could read the session as it was: a flash message missing
 * ("Показания переданы"; once in a few CI runs, the admin's billing notice), a staff member's
 * "Смотреть как клиент" not yet begun, a sign-in's new session not yet stored. express-session's
 * README advises save() before a redirect; here every redirect gets it, so routes do not save
 * themselves (a sign-in used to, and then its redirect wrote the same session again). A session left
 * empty (signed out, expired) is not stored, as express-session would not store it.
 */
export const saveBeforeRedirect: RequestHandler = (req, res, next) => {
  const before = sessionData(req.session);
  const idBefore = req.sessionID;
  const redirect = res.redirect.bind(res) as (...args: unknown[]) => void;
  res.redirect = ((...args: unknown[]) => {
    const now = sessionData(req.session);
    // a regenerated session (a sign-in) is new to the store even when its data looks the same
    if ((now === before && req.sessionID === idBefore) || now === '{}') return redirect(...args);
    req.session.save((err) => (err ? next(err) : redirect(...args)));
  }) as Response['redirect'];
  next();
};

/** Ends a non-remembered session after IDLE_MS without requests, a staff session after STAFF_IDLE_MS. */
function idleTimeout(now: () => number): RequestHandler {
  return (req, _res, next) => {
    const s = req.session;
    if (!s || !s.userId) return next();
    const t = now();
    const limit = s.staff ? STAFF_IDLE_MS : s.remember ? Infinity : IDLE_MS;
    if (s.lastSeen && t - s.lastSeen > limit) {
      return s.regenerate((err) => next(err));
    }
    // touch at most once a minute so a page view does not always write the session row
    if (!s.lastSeen || t - s.lastSeen > 60_000) s.lastSeen = t;
    next();
  };
}

/** Flash messages for post/redirect/get ("Показания переданы"). */
export const flashMessages: RequestHandler = (req, res, next) => {
  res.locals.flash = req.session?.flash ?? [];
  if (req.session?.flash) delete req.session.flash;
  next();
};

export function flash(req: Express.Request, kind: 'success' | 'info' | 'error', text: string): void {
  const list = (req.session.flash ??= []);
  list.push({ kind, text });
}
