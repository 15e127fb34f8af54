// The outbox table: mail and SMS are written here in the same transaction as what caused them.
import type { Db, Tx } from '../../db/knex.js';

export interface OutboxRow {
  id: number;
  channel: 'email' | 'sms';
  recipient: string;
  subject: string | null;
  body: string;
  kind: string | null;
  dedupe_key: string | null;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  last_error: string | null;
  created_at: Date;
  sent_at: Date | null;
}

export interface NewMessage {
  channel: 'email' | 'sms';
  recipient: string;
  subject?: string;
  body: string;
  kind: string;
  dedupeKey?: string;
}

export class OutboxRepo {
  constructor(private readonly db: Db) {}

  async enqueue(m: NewMessage, db: Db | Tx = this.db): Promise<void> {
    await db('outbox')
      .insert({
        channel: m.channel,
        recipient: m.recipient,
        subject: m.subject ?? null,
        body: m.body,
        kind: m.kind,
        dedupe_key: m.dedupeKey ?? null,
      })
      .onConflict('dedupe_key')
      .ignore();
  }

  recent(limit = 50, db: Db | Tx = this.db): Promise<OutboxRow[]> {
    return db<OutboxRow>('outbox').orderBy('id', 'desc').limit(limit);
  }

  /**
   * Takes up to `limit` pending messages of the channels given, locking them so a second worker
   * (another process) skips them, and hands them to `deliver` one by one inside the transaction.
   */
  async processPending(
    channels: ('email' | 'sms')[],
    limit: number,
    maxAttempts: number,
    deliver: (m: OutboxRow) => Promise<void>,
  ): Promise<{ sent: number; failed: number }> {
    let sent = 0;
    let failed = 0;
    if (channels.length === 0) return { sent, failed };
    await this.db.transaction(async (tx) => {
      const rows = await tx<OutboxRow>('outbox')
        .where({ status: 'pending' })
        .whereIn('channel', channels)
        .orderBy('id')
        .limit(limit)
        .forUpdate()
        .skipLocked();
      for (const m of rows) {
        try {
          await deliver(m);
          await tx('outbox')
            .where({ id: m.id })
            .update({ status: 'sent', attempts: m.attempts + 1, sent_at: tx.fn.now(), last_error: null });
          sent++;
        } catch (e) {
          const attempts = m.attempts + 1;
          await tx('outbox')
            .where({ id: m.id })
            .update({
              attempts,
              last_error: String(e instanceof Error ? e.message : e).slice(0, 500),
              status: attempts >= maxAttempts ? 'failed' : 'pending',
            });
          failed++;
        }
      }
    });
    return { sent, failed };
  }
}
