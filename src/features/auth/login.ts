// Starting and ending a signed-in session: a new session id at every sign-in, "remember me" for 30 days.
import type { Request } from 'express';
import { REMEMBER_MS } from '../../platform/session.js';
import type { SecurityQuestion } from './service.js';

declare module 'express-session' {
  interface SessionData {
    /** A PIN login waiting for its security answer (seed 000). */
    pin?: { accountId: number; question: SecurityQuestion; remember: boolean };
    /** The account whose PIN opened this session: retired once the new password is set. */
    pinAccountId?: number;
    /** A right password of a user with an authenticator app, waiting for its code (`at`: the clock's ms). */
    twoFactor?: { userId: number; remember: boolean; at: number; pinAccountId?: number };
  }
}

/**
 * Regenerates the session (a session fixed before login is useless after it) and stores `values` in
 * it. The new session is written when the response redirects (saveBeforeRedirect) or ends.
 */
export function regenerate(req: Request, values: Record<string, unknown>): Promise<void> {
  return new Promise((resolve, reject) => {
    req.session.regenerate((err) => {
      if (err) return reject(err);
      Object.assign(req.session, values);
      resolve();
    });
  });
}

/** How long the code step waits after the password before the password has to be typed again. */
export const TWO_FACTOR_PENDING_MS = 5 * 60 * 1000;

/**
 * A new session for `userId`, written when the response redirects (saveBeforeRedirect) or ends. `now`
 * is the injected clock's time, the same one the idle timeout measures with.
 */
export async function signIn(
  req: Request,
  userId: number,
  remember: boolean,
  now: number,
  extra: Record<string, unknown> = {},
): Promise<void> {
  const returnTo = req.session.returnTo;
  await new Promise<void>((resolve, reject) => {
    req.session.regenerate((err) => {
      if (err) return reject(err);
      req.session.userId = userId;
      req.session.remember = remember;
      req.session.lastSeen = now;
      Object.assign(req.session, extra);
      // without "remember me" the cookie has no expiry: it ends with the browser (and after 30 idle minutes)
      if (remember) req.session.cookie.maxAge = REMEMBER_MS;
      if (returnTo) req.session.returnTo = returnTo;
      resolve();
    });
  });
}

/** Where to go after signing in: the page that sent the person to /login, if it is ours. */
export function takeReturnTo(req: Request, fallback: string): string {
  const r = req.session.returnTo;
  delete req.session.returnTo;
  return r && r.startsWith('/') && !r.startsWith('//') && !r.startsWith('/\\') ? r : fallback;
}
