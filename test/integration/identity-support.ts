// Helpers for the identity tests: what the outbox sent, the links in it, and clean rate limits.
import type { Db } from '../../src/db/knex.js';

export interface SentMessage {
  id: number;
  channel: 'email' | 'sms';
  recipient: string;
  subject: string | null;
  body: string;
  kind: string;
  status: string;
}

export async function sentTo(db: Db, recipient: string): Promise<SentMessage[]> {
  return db('outbox').where({ recipient }).orderBy('id', 'desc');
}

export async function lastSentTo(db: Db, recipient: string): Promise<SentMessage> {
  const [m] = await sentTo(db, recipient);
  if (!m) throw new Error(`nothing was sent to ${recipient}`);
  return m;
}

/** The path (and query) of the first link in a message, to follow it with the test agent. */
export function linkIn(body: string): string {
  const m = /https?:\/\/[^\s]+/.exec(body);
  if (!m) throw new Error(`no link in: ${body}`);
  const u = new URL(m[0]);
  return u.pathname + u.search;
}

export async function clearRateLimits(db: Db): Promise<void> {
  await db('rate_limits').del();
}

export async function count(db: Db, table: string, where: Record<string, unknown> = {}): Promise<number> {
  const [r] = await db(table).where(where).count<{ count: string }[]>('* as count');
  return Number(r!.count);
}

export const STRONG = 'Secret123';
