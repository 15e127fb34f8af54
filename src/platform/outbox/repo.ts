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
  headers: Record<string, string> | null;
  attachments: AttachmentRef[] | null;
}

/**
 * An attachment named, not carried: the worker renders it when it sends the mail (see
 * `AttachmentResolver` in worker.ts). A bill's PDF is the receipt (a household) or the business
 * document (a company) of `billId`, as `userId` would download it from `accountId`'s pages.
 */
export interface AttachmentRef {
  type: 'bill_pdf';
  billId: number;
  accountId: number;
  userId: number;
}

export interface NewMessage {
  channel: 'email' | 'sms';
  recipient: string;
  subject?: string;
  body: string;
  kind: string;
  dedupeKey?: string;
  /** Extra mail headers (List-Unsubscribe…). */
  headers?: Record<string, string>;
  attachments?: AttachmentRef[];
}

export class OutboxRepo {
  constructor(private readonly db: Db) {}

  async enqueue(m: NewMessage, db: Db | Tx = this.db): Promise<void> {
    await this.enqueueMany([m], db);
  }

  /** Queues messages in one statement; one whose dedupe key is already queued is skipped. Returns how many were queued. */
  async enqueueMany(list: readonly NewMessage[], db: Db | Tx = this.db): Promise<number> {
    if (list.length === 0) return 0;
    const rows: unknown[] = await db('outbox')
      .insert(
        list.map((m) => ({
          channel: m.channel,
          recipient: m.recipient,
          subject: m.subject ?? null,
          body: m.body,
          kind: m.kind,
          dedupe_key: m.dedupeKey ?? null,
          headers: m.headers ? JSON.stringify(m.headers) : null,
          attachments: m.attachments?.length ? JSON.stringify(m.attachments) : null,
        })),
      )
      .onConflict('dedupe_key')
      .ignore()
      .returning('id');
    return rows.length;
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
