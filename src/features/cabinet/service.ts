// The person's list of accounts ("Ваши счета"): which are shown, and disconnecting one.
import type { Db } from '../../db/knex.js';
import type { AuditLog } from '../../platform/audit.js';
import type { CabinetRepo } from './repo.js';

interface Meta {
  ip?: string;
  requestId?: string;
}

export class CabinetService {
  private readonly db: Db;
  private readonly repo: CabinetRepo;
  private readonly audit: AuditLog;

  constructor(deps: { db: Db; repo: CabinetRepo; audit: AuditLog }) {
    ({ db: this.db, repo: this.repo, audit: this.audit } = deps);
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
