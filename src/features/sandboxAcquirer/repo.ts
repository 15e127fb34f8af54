// SQL of the sandbox acquirer's own books (sandbox_acquirer_payments); nothing of the portal's.
import type { Db, Tx } from '../../db/knex.js';

export interface SandboxPaymentRow {
  id: string;
  idempotence_key: string;
  amount_kop: number;
  currency: string;
  description: string;
  merchant: string;
  method: 'bank_card' | 'sbp';
  return_url: string;
  metadata: Record<string, string>;
  status: 'pending' | 'succeeded' | 'canceled';
  cancellation_reason: string | null;
  awaiting_3ds: boolean;
  card_last4: string | null;
  created_at: Date;
  expires_at: Date;
  finished_at: Date | null;
}

const T = 'sandbox_acquirer_payments';

export class SandboxAcquirerRepo {
  constructor(private readonly db: Db) {}

  /** Inserts unless the idempotence key is known; either way returns the key's payment. */
  async createOnce(
    row: Omit<
      SandboxPaymentRow,
      'status' | 'cancellation_reason' | 'awaiting_3ds' | 'card_last4' | 'created_at' | 'finished_at'
    >,
    db: Db | Tx = this.db,
  ): Promise<SandboxPaymentRow> {
    await db(T)
      .insert({ ...row, metadata: JSON.stringify(row.metadata) })
      .onConflict('idempotence_key')
      .ignore();
    return db<SandboxPaymentRow>(T)
      .where({ idempotence_key: row.idempotence_key })
      .first() as Promise<SandboxPaymentRow>;
  }

  find(id: string, db: Db | Tx = this.db): Promise<SandboxPaymentRow | undefined> {
    return db<SandboxPaymentRow>(T).where({ id }).first();
  }

  /** Moves a pending payment to its outcome; false when it was no longer pending (another tab finished it). */
  async finish(
    id: string,
    status: 'succeeded' | 'canceled',
    reason: string | null,
    last4: string | null,
    at: Date,
    db: Db | Tx = this.db,
  ): Promise<boolean> {
    const n = await db(T).where({ id, status: 'pending' }).update({
      status,
      cancellation_reason: reason,
      card_last4: last4,
      awaiting_3ds: false,
      finished_at: at,
    });
    return n === 1;
  }

  async awaitThreeDs(id: string, last4: string, db: Db | Tx = this.db): Promise<void> {
    await db(T).where({ id, status: 'pending' }).update({ awaiting_3ds: true, card_last4: last4 });
  }
}
