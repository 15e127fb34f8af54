// The contact centre of the chosen account's supplier for the footer and "О сервисе" (seed 004:
// "Есть вопросы? Обратитесь в контактный центр: 8 800 3012 555"), not one number for everyone.
// The chosen account is the one whose pages the person last opened (kept in the session), else
// their first account; a visitor who has chosen none sees every supplier's contacts on О сервисе.
import type { RequestHandler } from 'express';
import type { Services } from '../../services.js';
import type { SupplierContacts } from '../../domain/identity.js';
import { accountFor } from '../../platform/auth.js';

declare module 'express-session' {
  interface SessionData {
    /** the number of the account whose pages were opened last: its supplier's contacts are shown */
    chosenAccount?: string;
  }
}

export function supplierContacts(services: Services): RequestHandler {
  return async (req, res, next) => {
    res.locals.supplierContacts = undefined;
    if (!req.user) return next();
    const m = /^\/accounts\/([^/]+)/.exec(req.path);
    let number: string | undefined;
    try {
      number = m ? decodeURIComponent(m[1]!) : undefined;
    } catch {
      number = undefined;
    }
    let contacts: SupplierContacts | undefined;
    // the account's own lookup, which its page's guard then reuses
    if (number !== undefined) {
      contacts = (await accountFor(req, services.users, req.user, number))?.supplier_contacts;
      // remembered only for an account the person may see; the same value leaves the session untouched
      if (contacts && req.session.chosenAccount !== number) req.session.chosenAccount = number;
    }
    if (!contacts && req.session.chosenAccount)
      contacts = (await accountFor(req, services.users, req.user, req.session.chosenAccount))
        ?.supplier_contacts;
    if (!contacts && req.user.role === 'customer')
      contacts = await services.business.contactsForUser(req.user);
    res.locals.supplierContacts = contacts;
    next();
  };
}
