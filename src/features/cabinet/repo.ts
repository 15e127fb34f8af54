// SQL of the person's list of accounts: the kinds of services on each, and which links are shown.
import type { Db, Tx } from '../../db/knex.js';

export class CabinetRepo {
  constructor(private readonly db: Db) {}

  /** Kinds of the services of each account, and how many suppliers collect on it. */
  async accountKinds(
    accountIds: number[],
    db: Db | Tx = this.db,
  ): Promise<{ account_id: number; kinds: string[]; suppliers: number }[]> {
    if (accountIds.length === 0) return [];
    const rows: { account_id: number; kinds: string[]; suppliers: string | number }[] = await db('services')
      .whereIn('account_id', accountIds)
      .groupBy('account_id')
      .select(
        'account_id',
        db.raw('array_agg(distinct kind) as kinds'),
        db.raw('count(distinct supplier_id) as suppliers'),
      );
    return rows.map((r) => ({ account_id: r.account_id, kinds: r.kinds, suppliers: Number(r.suppliers) }));
  }

  /**
   * Sets `visible` on the person's links that differ from it: among `among` (all without it), only
   * `only` or all but `except`. The account ids changed, in order.
   */
  async setVisible(
    userId: number,
    visible: boolean,
    which: { among?: number[]; only?: number[]; except?: number[] },
    db: Db | Tx = this.db,
  ): Promise<number[]> {
    const q = db('user_accounts').where({ user_id: userId }).whereNot({ visible });
    if (which.among) q.whereIn('account_id', which.among);
    if (which.only) q.whereIn('account_id', which.only);
    if (which.except) q.whereNotIn('account_id', which.except);
    const rows: { account_id: number }[] = await q.update({ visible }).returning('account_id');
    return rows.map((r) => r.account_id).sort((a, b) => a - b);
  }

  /** Removes the link; whether there was one. */
  async unlink(userId: number, accountId: number, db: Db | Tx = this.db): Promise<boolean> {
    return (await db('user_accounts').where({ user_id: userId, account_id: accountId }).delete()) > 0;
  }
}
