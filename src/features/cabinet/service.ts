// The person's list of accounts ("Ваши счета"): which are shown, and disconnecting one.
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

export interface AccountCard {
  account: LinkedAccount;
  /** "Электроэнергия", the kinds of services, or "Единый платёжный документ (ЕПД)"; '' without services */
  kind: string;
  owed: AmountOwed;
}

export interface CabinetHome {
  /** the person's only account, when `straight` was asked and there is exactly one; nothing else is computed then */
  straightTo?: LinkedAccount;
  linked: LinkedAccount[];
  visible: LinkedAccount[];
  /** the visible accounts whose number or address contains the search text (all without one) */
  found: number;
  /** index of the first card among the found, from 0 */
  offset: number;
  cards: AccountCard[];
  page: number;
  pages: number;
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
    if (opts.straight && linked.length === 1 && visible.length === 1)
      return { straightTo: visible[0], linked, visible, found: 1, offset: 0, cards: [], page: 1, pages: 1 };
    const needle = (opts.search ?? '').trim().toLocaleLowerCase('ru');
    const matching = needle
      ? visible.filter(
          (a) =>
            a.number.toLocaleLowerCase('ru').includes(needle) ||
            (a.address ?? '').toLocaleLowerCase('ru').includes(needle),
        )
      : visible;
    const pages = Math.max(1, Math.ceil(matching.length / CARDS_PER_PAGE));
    const current = Math.min(Math.max(1, opts.page), pages);
    const offset = (current - 1) * CARDS_PER_PAGE;
    const shown = matching.slice(offset, offset + CARDS_PER_PAGE);
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
    return { linked, visible, found: matching.length, offset, cards, page: current, pages };
  }

  /** Kinds of the services of each account ("ЕПД" when several suppliers collect on it). */
  async accountKinds(accountIds: number[]): Promise<Map<number, { kinds: string[]; suppliers: number }>> {
    const rows = await this.repo.accountKinds(accountIds);
    return new Map(rows.map((r) => [r.account_id, { kinds: r.kinds, suppliers: r.suppliers }]));
  }

  /** Shows exactly the accounts in `visibleIds` among the person's own; others' ids are ignored. */
  async setVisible(
    userId: number,
    visibleIds: number[],
    meta: Meta,
  ): Promise<{ shown: number; hidden: number }> {
    return this.db.transaction(async (tx) => {
      const own = await this.repo.links(userId, tx);
      const want = new Set(visibleIds);
      let shown = 0;
      let hidden = 0;
      for (const row of own) {
        const v = want.has(row.account_id);
        if (v === row.visible) continue;
        await this.repo.setVisible(userId, row.account_id, v, tx);
        if (v) shown++;
        else hidden++;
      }
      if (shown || hidden) {
        await this.audit.record(
          {
            actorId: userId,
            action: 'account.visibility',
            targetType: 'user',
            targetId: userId,
            ...meta,
            details: { visible: [...want].filter((id) => own.some((o) => o.account_id === id)) },
          },
          tx,
        );
      }
      return { shown, hidden };
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
