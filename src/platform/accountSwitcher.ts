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

/** Puts the person's first visible accounts (the current one left out) in the page's locals. */
export async function loadAccountSwitcher(
  users: SwitcherDirectory,
  req: Request,
  res: Response,
): Promise<void> {
  if (!req.user || req.user.role !== 'customer') return;
  // one more than shown: the current account may be among them
  const { accounts, total } = await users.switcherAccounts(req.user.id, SWITCHER_SIZE + 1);
  res.locals.switchAccounts = accounts.filter((a) => a.number !== req.params.number).slice(0, SWITCHER_SIZE);
  res.locals.switchAccountsTotal = total;
}

/**
 * Loads the switcher for pages (GET), not for PDFs. A form post that redirects needs none; one that
 * shows its form again with errors loads it itself (loadAccountSwitcher), so the page looks the same.
 */
export function accountSwitcher(users: SwitcherDirectory): RequestHandler {
  return async (req, res, next) => {
    if (req.method === 'GET' && !req.path.endsWith('.pdf')) await loadAccountSwitcher(users, req, res);
    next();
  };
}
