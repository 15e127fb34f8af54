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

  links(userId: number, db: Db | Tx = this.db): Promise<{ account_id: number; visible: boolean }[]> {
    return db('user_accounts').where({ user_id: userId }).select('account_id', 'visible');
  }

  async setVisible(
    userId: number,
    accountId: number,
    visible: boolean,
    db: Db | Tx = this.db,
  ): Promise<void> {
    await db('user_accounts').where({ user_id: userId, account_id: accountId }).update({ visible });
  }

  /** Removes the link; whether there was one. */
  async unlink(userId: number, accountId: number, db: Db | Tx = this.db): Promise<boolean> {
    return (await db('user_accounts').where({ user_id: userId, account_id: accountId }).delete()) > 0;
  }
}
