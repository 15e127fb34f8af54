// A user's consents (given and withdrawn, kept as proof) and their e-mail subscriptions.
import type { Db, Tx } from '../../db/knex.js';

/** advance_bills: a company's advance bills (счета на предоплату), mailed when issued. */
export const SUBSCRIPTION_KINDS = [
  'bills_email',
  'reading_reminder',
  'debt_notice',
  'advance_bills',
] as const;
export type SubscriptionKind = (typeof SUBSCRIPTION_KINDS)[number];
export type ConsentKind = 'personal_data' | 'user_agreement' | 'marketing';

/** The versions of the texts a person agrees to; a new text gets a new version. */
export const CONSENT_VERSIONS = {
  personal_data: 'pd-2026-01',
  user_agreement: 'ua-2026-01',
  marketing: 'mk-2026-01',
} as const;

export interface ConsentRow {
  id: number;
  kind: ConsentKind;
  version: string;
  given_at: Date;
  withdrawn_at: Date | null;
}

export class ConsentsRepo {
  constructor(private readonly db: Db) {}

  list(userId: number, db: Db | Tx = this.db): Promise<ConsentRow[]> {
    return db<ConsentRow>('consents').where('user_id', userId).orderBy('given_at', 'desc');
  }

  async give(
    userId: number,
    consents: { kind: ConsentKind; version: string }[],
    at: Date,
    db: Db | Tx = this.db,
  ): Promise<void> {
    if (consents.length)
      await db('consents').insert(consents.map((c) => ({ user_id: userId, ...c, given_at: at })));
  }

  /** Withdraws the user's consents still in force, of one kind or all of them. */
  async withdraw(userId: number, at: Date, kind?: ConsentKind, db: Db | Tx = this.db): Promise<void> {
    const q = db('consents').where({ user_id: userId }).whereNull('withdrawn_at');
    if (kind) q.where({ kind });
    await q.update({ withdrawn_at: at });
  }

  /** The subscriptions that cover all the user's accounts (not one account's). */
  async subscriptionKinds(userId: number, db: Db | Tx = this.db): Promise<SubscriptionKind[]> {
    const rows: { kind: SubscriptionKind }[] = await db('subscriptions')
      .where({ user_id: userId })
      .whereNull('account_id')
      .select('kind');
    return rows.map((r) => r.kind);
  }

  async replaceSubscriptions(
    userId: number,
    kinds: SubscriptionKind[],
    db: Db | Tx = this.db,
  ): Promise<void> {
    await db('subscriptions').where({ user_id: userId }).whereNull('account_id').del();
    if (kinds.length) await db('subscriptions').insert(kinds.map((kind) => ({ user_id: userId, kind })));
  }

  /** Turns one kind off for all the user's accounts (account-wide and per-account rows); returns how many rows went. */
  unsubscribe(userId: number, kind: SubscriptionKind, db: Db | Tx = this.db): Promise<number> {
    return db('subscriptions').where({ user_id: userId, kind }).del();
  }

  async removeAllSubscriptions(userId: number, db: Db | Tx = this.db): Promise<void> {
    await db('subscriptions').where({ user_id: userId }).del();
  }
}
