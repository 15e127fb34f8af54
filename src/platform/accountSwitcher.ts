// The account switcher of an account's section navigation ("другой счёт" links to the same section of
// another account), for the pages under /accounts/:number.
import type { Request, RequestHandler, Response } from 'express';

/** How many other accounts the switcher lists; the rest are under "Все счета". */
export const SWITCHER_SIZE = 20;

export interface SwitcherDirectory {
  switcherAccounts(
    userId: number,
    limit: number,
  ): Promise<{ accounts: { number: string; address: string }[]; total: number }>;
}

/** Puts the person's first visible accounts (the account `number` left out) in the page's locals. */
async function loadAccountSwitcher(
  users: SwitcherDirectory,
  req: Request,
  res: Response,
  number: string,
): Promise<void> {
  if (!req.user || req.user.role !== 'customer') return;
  // one more than shown: the current account may be among them
  const { accounts, total } = await users.switcherAccounts(req.user.id, SWITCHER_SIZE + 1);
  res.locals.switchAccounts = accounts.filter((a) => a.number !== number).slice(0, SWITCHER_SIZE);
  res.locals.switchAccountsTotal = total;
}

/**
 * Loads the switcher for a page (GET), not for a PDF. A form post pays for it only when it shows its
 * page again (bad input): its render waits for the switcher, so the page looks as the one it came
 * from. A post that redirects, as an accepted one does, reads nothing.
 */
export function accountSwitcher(users: SwitcherDirectory): RequestHandler {
  return async (req, res, next) => {
    const number = String(req.params.number ?? '');
    if (req.method === 'GET') {
      if (!req.path.endsWith('.pdf')) await loadAccountSwitcher(users, req, res, number);
      return next();
    }
    const render = res.render.bind(res) as (...args: unknown[]) => void;
    res.render = ((...args: unknown[]) => {
      loadAccountSwitcher(users, req, res, number).then(() => render(...args), next);
    }) as Response['render'];
    next();
  };
}
