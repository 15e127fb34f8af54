// SQL of connecting an account: the accounts a number names, the person's links to them, and the
// per-(person, account) count of answers with its 24-hour lock.
import type { Db, Tx } from '../../db/knex.js';
import type { LinkedAccount } from '../../domain/identity.js';

/** An account a number names, as the guards see a linked one, with the bind code printed on its bill. */
export type CandidateAccount = Omit<LinkedAccount, 'relation' | 'visible'> & { bind_code: string | null };

export interface Attempt {
  failures: number;
  lockedUntil: Date | null;
}

export class ConnectRepo {
  constructor(private readonly db: Db) {}

  /** Accounts with this number (one per supplier at most). */
  candidates(number: string, db: Db | Tx = this.db): Promise<CandidateAccount[]> {
    return db('accounts as a')
      .join('suppliers as s', 's.id', 'a.supplier_id')
      .join('customers as c', 'c.id', 'a.customer_id')
      .where('a.number', number.trim())
      .orderBy('a.id')
      .select(
        'a.id',
        'a.number',
        'a.address',
        'a.supplier_id',
        's.name as supplier_name',
        's.time_zone as supplier_time_zone',
        'c.kind as customer_kind',
        'a.bind_code',
      );
  }

  /** The person's links to any of these accounts. */
  links(
    userId: number,
    accountIds: number[],
    db: Db | Tx = this.db,
  ): Promise<{ account_id: number; visible: boolean }[]> {
    return db('user_accounts')
      .where({ user_id: userId })
      .whereIn('account_id', accountIds)
      .select('account_id', 'visible');
  }

  /** Links the account (or shows a hidden link again); whether a link existed. */
  async link(userId: number, accountId: number, relation: string, db: Db | Tx = this.db): Promise<boolean> {
    const existing = await db('user_accounts').where({ user_id: userId, account_id: accountId }).first();
    if (existing)
      await db('user_accounts').where({ user_id: userId, account_id: accountId }).update({ visible: true });
    else
      await db('user_accounts').insert({ user_id: userId, account_id: accountId, relation, visible: true });
    return Boolean(existing);
  }

  async forgetAttempts(userId: number, accountId: number, db: Db | Tx = this.db): Promise<void> {
    await db('account_connect_attempts').where({ user_id: userId, account_id: accountId }).delete();
  }

  /**
   * Counts one attempt for (user, account) before the answer is checked: a single upsert that
   * refuses when a lock is in force, restarts the count when the last attempt is older than the
   * lock window (or a lock has passed), and sets the lock at the `max`-th attempt. The row is only
   * ever written while no lock is in force, so no attempt can shorten or clear one.
   * Undefined: locked.
   */
  async reserveAttempt(
    userId: number,
    accountId: number,
    now: Date,
    max: number,
    lockMs: number,
    db: Db | Tx = this.db,
  ): Promise<Attempt | undefined> {
    const fresh =
      't.locked_until is not null or t.last_failed_at is null or t.last_failed_at <= :windowStart';
    const next = `case when ${fresh} then 1 else t.failures + 1 end`;
    const res = await db.raw(
      `insert into account_connect_attempts as t (user_id, account_id, failures, last_failed_at, locked_until)
       values (:userId, :accountId, 1, :now, null)
       on conflict (user_id, account_id) do update set
         failures = ${next},
         last_failed_at = excluded.last_failed_at,
         locked_until = case when ${next} >= cast(:max as integer) then cast(:lockUntil as timestamptz) else null end
       where t.locked_until is null or t.locked_until <= :now
       returning failures, locked_until`,
      {
        userId,
        accountId,
        now,
        windowStart: new Date(now.getTime() - lockMs),
        max,
        lockUntil: new Date(now.getTime() + lockMs),
      },
    );
    const row = (res.rows as { failures: number; locked_until: Date | null }[])[0];
    return row
      ? { failures: Number(row.failures), lockedUntil: row.locked_until ? new Date(row.locked_until) : null }
      : undefined;
  }

  /** The locks set on the person's attempts at these accounts, whether in force or not. */
  async locks(userId: number, accountIds: number[], db: Db | Tx = this.db): Promise<Date[]> {
    const rows: { locked_until: Date }[] = await db('account_connect_attempts')
      .where({ user_id: userId })
      .whereIn('account_id', accountIds)
      .whereNotNull('locked_until')
      .select('locked_until');
    return rows.map((r) => new Date(r.locked_until));
  }
}
