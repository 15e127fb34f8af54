// The authenticator secret on the user row, the last time step it accepted, and the hashed recovery codes.
import type { Db, Tx } from '../../db/knex.js';

export class TwoFactorRepo {
  constructor(private readonly db: Db) {}

  async turnOn(userId: number, secret: string, at: Date, step: number, db: Db | Tx = this.db): Promise<void> {
    await db('users')
      .where({ id: userId })
      .update({ totp_secret: secret, totp_enabled_at: at, totp_last_step: step, updated_at: db.fn.now() });
  }

  /** Clears the secret and deletes the recovery codes. */
  async turnOff(userId: number, db: Db | Tx = this.db): Promise<void> {
    await db('users')
      .where({ id: userId })
      .update({ totp_secret: null, totp_enabled_at: null, totp_last_step: null, updated_at: db.fn.now() });
    await db('recovery_codes').where({ user_id: userId }).del();
  }

  async secretOf(userId: number): Promise<{ secret: string; lastStep?: number } | undefined> {
    const row = await this.db('users').where({ id: userId }).first('totp_secret', 'totp_last_step');
    if (!row?.totp_secret) return undefined;
    return {
      secret: row.totp_secret,
      ...(row.totp_last_step === null ? {} : { lastStep: Number(row.totp_last_step) }),
    };
  }

  /** Moves the accepted step forward; false when another request already used this step or a later one. */
  async advanceStep(userId: number, step: number): Promise<boolean> {
    const moved = await this.db('users')
      .where({ id: userId })
      .where((w) => w.whereNull('totp_last_step').orWhere('totp_last_step', '<', step))
      .update({ totp_last_step: step });
    return moved > 0;
  }

  async replaceCodes(userId: number, hashes: string[], db: Db | Tx = this.db): Promise<void> {
    await db('recovery_codes').where({ user_id: userId }).del();
    await db('recovery_codes').insert(hashes.map((code_hash) => ({ user_id: userId, code_hash })));
  }

  /** Marks an unused code as used; false when there was none (or another request spent it first). */
  async spendCode(userId: number, hash: string, at: Date): Promise<boolean> {
    const spent = await this.db('recovery_codes')
      .where({ user_id: userId, code_hash: hash })
      .whereNull('used_at')
      .update({ used_at: at });
    return spent > 0;
  }

  codesLeft(userId: number, db: Db | Tx = this.db): Promise<number> {
    return db('recovery_codes')
      .where({ user_id: userId })
      .whereNull('used_at')
      .count<{ count: string }[]>('* as count')
      .then((r) => Number(r[0]!.count));
  }
}
