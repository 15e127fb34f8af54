// Who is signed in, and the guards: signed-in only, staff only, and "this account is yours".
import type { Request, RequestHandler } from 'express';
import type { AccessibleAccount, UserRow } from '../domain/identity.js';
import { NotFoundError } from './errors.js';
import { paths } from '../paths.js';

/** What the guards read about people and their accounts (the users repository). */
export interface UserDirectory {
  findById(id: number): Promise<UserRow | undefined>;
  accessibleAccount(user: UserRow, number: string): Promise<AccessibleAccount | undefined>;
}

declare module 'express-serve-static-core' {
  interface Request {
    user?: UserRow;
    account?: AccessibleAccount;
    /** accessibleAccount's answers during this request, by user and number (see accountFor). */
    accountLookups?: Map<string, Promise<AccessibleAccount | undefined>>;
  }
}

/**
 * Account `number` as `user` may see it, read once per request: the footer's supplier contacts
 * (features/business/contacts.ts) and the page's guard (requireAccount) both need it, one after
 * the other, before the page reads anything of its own.
 */
export function accountFor(
  req: Request,
  users: UserDirectory,
  user: UserRow,
  number: string,
): Promise<AccessibleAccount | undefined> {
  const key = `${user.id}:${number}`;
  const lookups = (req.accountLookups ??= new Map());
  let found = lookups.get(key);
  if (!found) lookups.set(key, (found = users.accessibleAccount(user, number)));
  return found;
}

export function currentUser(users: UserDirectory): RequestHandler {
  return async (req, res, next) => {
    const id = req.session?.userId;
    if (id) {
      const user = await users.findById(id);
      if (user && user.status === 'active') {
        req.user = user;
        res.locals.user = user;
      } else {
        delete req.session.userId;
      }
    }
    res.locals.user ??= undefined;
    next();
  };
}

/** A signed-in page (or PDF) holds someone's data: no browser or proxy keeps a copy. */
export const noStoreWhenSignedIn: RequestHandler = (req, res, next) => {
  if (req.user) res.setHeader('Cache-Control', 'no-store');
  next();
};

/** Where a signed-in person starts: customers in their cabinet, staff at the support desk. */
export function homeOf(user: Pick<UserRow, 'role'>): string {
  return user.role === 'customer' ? paths.cabinet() : paths.support();
}

export const requireUser: RequestHandler = (req, res, next) => {
  if (req.user) return next();
  if (req.method === 'GET') req.session.returnTo = req.originalUrl;
  res.redirect(paths.login());
};

export function requireRole(...roles: UserRow['role'][]): RequestHandler {
  return (req, res, next) => {
    if (!req.user) return requireUser(req, res, next);
    // a customer probing staff pages learns nothing: the same 404 as a page that does not exist
    if (!roles.includes(req.user.role)) return next(new NotFoundError());
    next();
  };
}

/**
 * Loads `:number` for `/accounts/:number/...` routes. An account that is not the user's answers
 * exactly like one that does not exist (404), so numbers cannot be probed.
 */
export function requireAccount(users: UserDirectory): RequestHandler {
  return async (req, res, next) => {
    if (!req.user) return requireUser(req, res, next);
    const number = String(req.params.number ?? '');
    const account = number ? await accountFor(req, users, req.user, number) : undefined;
    if (!account) return next(new NotFoundError());
    req.account = account;
    res.locals.account = account;
    next();
  };
}
