// The session rows of a user: a password change or reset signs the person out everywhere else.
import type { Db, Tx } from '../../db/knex.js';

export class SessionsRepo {
  constructor(private readonly db: Db) {}

  /** Ends every session of the user except `exceptSid` (the browser making the change). */
  async endAllFor(userId: number, exceptSid?: string, db: Db | Tx = this.db): Promise<number> {
    const q = db('session').whereRaw(`sess->>'userId' = ?`, [String(userId)]);
    if (exceptSid) q.whereNot('sid', exceptSid);
    return q.del();
  }

  countFor(userId: number, db: Db | Tx = this.db): Promise<number> {
    return db('session')
      .whereRaw(`sess->>'userId' = ?`, [String(userId)])
      .count<{ count: string }[]>('* as count')
      .then((r) => Number(r[0]?.count ?? 0));
  }
}
