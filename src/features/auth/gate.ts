// Steps a signed-in person must finish before the cabinet: a new password after a PIN or SMS
// login, and the missing mobile phone of a residential customer (seed 002, first login).
import type { RequestHandler } from 'express';
import { paths } from '../../paths.js';

const ALWAYS_OPEN = ['/logout', '/public/', '/healthz', '/dev/', '/about', '/faq', '/news', '/captcha/', '/register/confirm/', '/profile/email/confirm/'];

export const identityGate: RequestHandler = (req, res, next) => {
  const user = req.user;
  if (!user) return next();
  if (req.path === '/' || ALWAYS_OPEN.some((p) => req.path === p || req.path.startsWith(p))) return next();
  // anyone given a temporary password (PIN, SMS, or a reset by support) chooses their own first
  if (user.must_change_password) {
    if (req.path === paths.passwordNew()) return next();
    return res.redirect(paths.passwordNew());
  }
  if (user.role === 'customer' && user.customer_kind === 'person' && !user.phone) {
    if (req.path === paths.profileComplete()) return next();
    return res.redirect(paths.profileComplete());
  }
  next();
};
