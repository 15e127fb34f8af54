// The person's list of accounts ("Ваши счета"): a page of account cards with what is owed on each,
// the list editor (which accounts are shown), and disconnecting one.
import type { Db } from '../../db/knex.js';
import type { LinkedAccount } from '../../domain/identity.js';
import type { AmountOwed } from '../../domain/penaltyLedger.js';
import type { AuditLog } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import { KIND_LABEL } from '../../platform/labels.js';
import type { AccountService } from '../account/service.js';
import type { DebtService } from '../debt/service.js';
import type { CabinetRepo } from './repo.js';

/** Account cards on one page of "Ваши счета": each card costs its account's statement and debt. */
export const CARDS_PER_PAGE = 20;

/** Rows on one page of the list editor ("Список лицевых счетов"). */
export const EDITOR_ROWS_PER_PAGE = 50;

/** One page of a person's accounts, after an optional search by number or address. */
export interface AccountsPage {
  items: LinkedAccount[];
  /** the accounts that match the search (all without one) */
  found: number;
  /** index of the first item among the found, from 0 */
  offset: number;
  page: number;
  pages: number;
}

/**
 * The accounts whose number or address contains `search` (ignoring case and surrounding spaces), page
 * `page` of them at `size` a page; a page past the last is the last.
 */
function pageOfAccounts(accounts: LinkedAccount[], search: string, page: number, size: number): AccountsPage {
  const needle = search.trim().toLocaleLowerCase('ru');
  const found = needle
    ? accounts.filter(
        (a) =>
          a.number.toLocaleLowerCase('ru').includes(needle) ||
          (a.address ?? '').toLocaleLowerCase('ru').includes(needle),
      )
    : accounts;
  const pages = Math.max(1, Math.ceil(found.length / size));
  const current = Math.min(Math.max(1, page), pages);
  const offset = (current - 1) * size;
  return { items: found.slice(offset, offset + size), found: found.length, offset, page: current, pages };
}

export interface AccountCard {
  account: LinkedAccount;
  /** "Электроэнергия", the kinds of services, or "Единый платёжный документ (ЕПД)"; '' without services */
  kind: string;
  owed: AmountOwed;
}

export interface CabinetHome extends Omit<AccountsPage, 'items'> {
  /** the person's only account, when `straight` was asked and there is exactly one; nothing else is computed then */
  straightTo?: LinkedAccount;
  visibleCount: number;
  hiddenCount: number;
  cards: AccountCard[];
}

interface Meta {
  ip?: string;
  requestId?: string;
}

/** What the account cards are built from: the person's links, each account's statement and debt. */
interface CardDeps {
  linkedAccounts: (userId: number) => Promise<LinkedAccount[]>;
  account: AccountService;
  debt: DebtService;
  clock: Clock;
}

export class CabinetService {
  private readonly db: Db;
  private readonly repo: CabinetRepo;
  private readonly audit: AuditLog;
  private readonly deps: CardDeps;

  constructor(deps: { db: Db; repo: CabinetRepo; audit: AuditLog } & CardDeps) {
    ({ db: this.db, repo: this.repo, audit: this.audit } = deps);
    this.deps = deps;
  }

  /**
   * "Ваши счета": the person's accounts and, for one page of the visible ones (by number), what is
   * owed on each. Only that page's accounts are computed: a representative of 2 000 accounts used to
   * wait for 2 000 statements, and the pool's acquire timeout failed the page. `search` keeps the
   * accounts whose number or address contains it, ignoring case. A page past the last is the last.
   */
  async home(
    userId: number,
    opts: { page: number; search?: string; straight?: boolean },
  ): Promise<CabinetHome> {
    const linked = await this.deps.linkedAccounts(userId);
    const visible = linked.filter((a) => a.visible);
    const counts = { visibleCount: visible.length, hiddenCount: linked.length - visible.length };
    if (opts.straight && linked.length === 1 && visible.length === 1)
      return { straightTo: visible[0], ...counts, found: 1, offset: 0, cards: [], page: 1, pages: 1 };
    const { items: shown, ...paging } = pageOfAccounts(visible, opts.search ?? '', opts.page, CARDS_PER_PAGE);
    const kinds = await this.accountKinds(shown.map((a) => a.id));
    const cards = await Promise.all(
      shown.map(async (account): Promise<AccountCard> => {
        const day = this.deps.clock.today(account.supplier_time_zone);
        const statement = await this.deps.account.statement(account, day);
        const owed = await this.deps.debt.owed(account.id, day, statement);
        const k = kinds.get(account.id);
        const kind = !k
          ? ''
          : k.suppliers > 1
            ? 'Единый платёжный документ (ЕПД)'
            : k.kinds.map((x) => KIND_LABEL[x] ?? x).join(', ');
        return { account, kind, owed };
      }),
    );
    return { ...counts, cards, ...paging };
  }

  /** "Список лицевых счетов": one page of all the person's accounts, shown and hidden, by number. */
  async editor(
    userId: number,
    opts: { page: number; search?: string },
  ): Promise<AccountsPage & { total: number }> {
    const linked = await this.deps.linkedAccounts(userId);
    return {
      total: linked.length,
      ...pageOfAccounts(linked, opts.search ?? '', opts.page, EDITOR_ROWS_PER_PAGE),
    };
  }

  /** Kinds of the services of each account ("ЕПД" when several suppliers collect on it). */
  async accountKinds(accountIds: number[]): Promise<Map<number, { kinds: string[]; suppliers: number }>> {
    const rows = await this.repo.accountKinds(accountIds);
    return new Map(rows.map((r) => [r.account_id, { kinds: r.kinds, suppliers: r.suppliers }]));
  }

  /**
   * Shows the accounts in `visibleIds` and hides the others, among the person's own accounts in
   * `listedIds` (the page of the editor the form came from), or among all of them without it. Others'
   * ids change nothing. Two statements whatever the number of accounts: a representative hiding a
   * thousand accounts waited for a thousand updates.
   */
  async setVisible(
    userId: number,
    visibleIds: number[],
    meta: Meta,
    listedIds?: number[],
  ): Promise<{ shown: number; hidden: number }> {
    return this.db.transaction(async (tx) => {
      const shown = await this.repo.setVisible(userId, true, { among: listedIds, only: visibleIds }, tx);
      const hidden = await this.repo.setVisible(userId, false, { among: listedIds, except: visibleIds }, tx);
      if (shown.length || hidden.length) {
        await this.audit.record(
          {
            actorId: userId,
            action: 'account.visibility',
            targetType: 'user',
            targetId: userId,
            ...meta,
            details: { shown, hidden },
          },
          tx,
        );
      }
      return { shown: shown.length, hidden: hidden.length };
    });
  }

  async disconnect(userId: number, accountId: number, meta: Meta): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const unlinked = await this.repo.unlink(userId, accountId, tx);
      if (unlinked)
        await this.audit.record(
          {
            actorId: userId,
            action: 'account.disconnected',
            targetType: 'account',
            targetId: accountId,
            ...meta,
          },
          tx,
        );
      return unlinked;
    });
  }
}
