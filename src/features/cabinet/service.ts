// The person's list of accounts ("Ваши счета"): which are shown, and disconnecting one.
import type { Db } from '../../db/knex.js';
import type { AuditLog } from '../../platform/audit.js';

interface Meta {
  ip?: string;
  requestId?: string;
}

export class CabinetService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
  ) {}

  /** Kinds of the services of each account ("ЕПД" when several suppliers collect on it). */
  async accountKinds(accountIds: number[]): Promise<Map<number, { kinds: string[]; suppliers: number }>> {
    const out = new Map<number, { kinds: string[]; suppliers: number }>();
    if (accountIds.length === 0) return out;
    const rows: { account_id: number; kinds: string[]; suppliers: string | number }[] = await this.db('services')
      .whereIn('account_id', accountIds)
      .groupBy('account_id')
      .select('account_id', this.db.raw('array_agg(distinct kind) as kinds'), this.db.raw('count(distinct supplier_id) as suppliers'));
    for (const r of rows) out.set(r.account_id, { kinds: r.kinds, suppliers: Number(r.suppliers) });
    return out;
  }

  /** Shows exactly the accounts in `visibleIds` among the person's own; others' ids are ignored. */
  async setVisible(userId: number, visibleIds: number[], meta: Meta): Promise<{ shown: number; hidden: number }> {
    return this.db.transaction(async (tx) => {
      const own: { account_id: number; visible: boolean }[] = await tx('user_accounts').where({ user_id: userId }).select('account_id', 'visible');
      const want = new Set(visibleIds);
      let shown = 0;
      let hidden = 0;
      for (const row of own) {
        const v = want.has(row.account_id);
        if (v === row.visible) continue;
        await tx('user_accounts').where({ user_id: userId, account_id: row.account_id }).update({ visible: v });
        if (v) shown++;
        else hidden++;
      }
      if (shown || hidden) {
        await this.audit.record({ actorId: userId, action: 'account.visibility', targetType: 'user', targetId: userId, ...meta, details: { visible: [...want].filter((id) => own.some((o) => o.account_id === id)) } }, tx);
      }
      return { shown, hidden };
    });
  }

  async disconnect(userId: number, accountId: number, meta: Meta): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const n = await tx('user_accounts').where({ user_id: userId, account_id: accountId }).delete();
      if (n) await this.audit.record({ actorId: userId, action: 'account.disconnected', targetType: 'account', targetId: accountId, ...meta }, tx);
      return n > 0;
    });
  }
}
