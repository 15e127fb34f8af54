// Steps a signed-in person must finish before the cabinet: a new password after a PIN or SMS
// login, an authenticator app for staff in production, and the missing mobile phone of a
// residential customer (seed 002, first login).
import type { RequestHandler } from 'express';
import type { Config } from '../../config.js';
import type { UserRow } from '../../domain/identity.js';
import { paths } from '../../paths.js';

/**
 * Support and admin reach every customer's data: in production their password alone is not
 * enough. The demo's staff logins outside production may skip it (README, "Demo logins").
 */
export function staffMustUseTwoFactor(
  config: Pick<Config, 'NODE_ENV'>,
  user: Pick<UserRow, 'role'>,
): boolean {
  return config.NODE_ENV === 'production' && user.role !== 'customer';
}

const ALWAYS_OPEN = [
  '/logout',
  '/public/',
  '/healthz',
  '/dev/',
  '/about',
  '/faq',
  '/news',
  '/captcha/',
  '/register/confirm/',
  '/profile/email/confirm/',
];

export const identityGate =
  (config: Pick<Config, 'NODE_ENV'>): RequestHandler =>
  (req, res, next) => {
    const user = req.user;
    if (!user) return next();
    if (req.path === '/' || ALWAYS_OPEN.some((p) => req.path === p || req.path.startsWith(p))) return next();
    // anyone given a temporary password (PIN, SMS, or a reset by support) chooses their own first
    if (user.must_change_password) {
      if (req.path === paths.passwordNew()) return next();
      return res.redirect(paths.passwordNew());
    }
    if (staffMustUseTwoFactor(config, user) && !user.totp_enabled_at) {
      if (req.path === paths.profileTwoFactor() || req.path === paths.profileTwoFactorEnable()) return next();
      return res.redirect(paths.profileTwoFactor());
    }
    if (user.role === 'customer' && user.customer_kind === 'person' && !user.phone) {
      if (req.path === paths.profileComplete()) return next();
      return res.redirect(paths.profileComplete());
    }
    next();
  };
