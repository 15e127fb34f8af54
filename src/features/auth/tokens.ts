// Single-use secrets sent by mail or SMS: only their sha256 is stored; they expire and are spent once.
import crypto from 'node:crypto';
import type { Db, Tx } from '../../db/knex.js';

export type TokenKind = 'confirm_email' | 'reset_password' | 'change_email' | 'otp';

export interface TokenRow {
  id: number;
  user_id: number;
  kind: TokenKind;
  token_hash: string;
  payload: Record<string, unknown>;
  expires_at: Date;
  used_at: Date | null;
}

export type TokenState =
  { state: 'valid'; token: TokenRow } | { state: 'expired' | 'used'; token: TokenRow } | { state: 'unknown' };

export const sha256 = (s: string): string => crypto.createHash('sha256').update(s).digest('hex');

/** A one-time password typed from an SMS: short, so its hash is salted with the user id. */
export function otpHash(userId: number, code: string): string {
  return sha256(`otp:${userId}:${code.trim()}`);
}

export class TokensRepo {
  constructor(private readonly db: Db) {}

  /**
   * Issues a token of `kind` for the user and spends the user's earlier unused ones of the same
   * kind, so only the newest link works. Returns the secret to send; it is not kept.
   */
  async issue(
    userId: number,
    kind: TokenKind,
    ttlMs: number,
    now: Date,
    opts: { payload?: Record<string, unknown>; secret?: string } = {},
    db: Db | Tx = this.db,
  ): Promise<string> {
    const secret = opts.secret ?? crypto.randomBytes(32).toString('base64url');
    const hash = kind === 'otp' ? otpHash(userId, secret) : sha256(secret);
    await db('tokens').where({ user_id: userId, kind }).whereNull('used_at').update({ used_at: now });
    await db('tokens').insert({
      user_id: userId,
      kind,
      token_hash: hash,
      payload: JSON.stringify(opts.payload ?? {}),
      expires_at: new Date(now.getTime() + ttlMs),
    });
    return secret;
  }

  async find(kind: TokenKind, secret: string, now: Date, db: Db | Tx = this.db): Promise<TokenState> {
    if (!secret || secret.length > 200) return { state: 'unknown' };
    const token = await db<TokenRow>('tokens')
      .where({ kind, token_hash: sha256(secret) })
      .first();
    return classify(token, now);
  }

  /** Spends the token if it is still valid; undefined when it is unknown, used or expired. */
  async consume(
    kind: TokenKind,
    secret: string,
    now: Date,
    db: Db | Tx = this.db,
  ): Promise<TokenRow | undefined> {
    if (!secret || secret.length > 200) return undefined;
    return this.consumeHash(kind, sha256(secret), now, db);
  }

  async consumeHash(
    kind: TokenKind,
    hash: string,
    now: Date,
    db: Db | Tx = this.db,
  ): Promise<TokenRow | undefined> {
    const [row] = await db<TokenRow>('tokens')
      .where({ kind, token_hash: hash })
      .whereNull('used_at')
      .where('expires_at', '>', now)
      .update({ used_at: now })
      .returning('*');
    return row as TokenRow | undefined;
  }

  /** Spends every unused token of the user (all kinds, or the kinds given): a password reset ends them. */
  /** The payload of the newest unused, unexpired token of a kind (e.g. the address an e-mail change waits for). */
  async pendingPayload(
    userId: number,
    kind: TokenKind,
    now: Date,
    db: Db | Tx = this.db,
  ): Promise<Record<string, unknown> | undefined> {
    const row: { payload: Record<string, unknown> } | undefined = await db('tokens')
      .where({ user_id: userId, kind })
      .whereNull('used_at')
      .where('expires_at', '>', now)
      .orderBy('id', 'desc')
      .first('payload');
    return row?.payload;
  }

  async spendAll(userId: number, now: Date, kinds?: TokenKind[], db: Db | Tx = this.db): Promise<void> {
    const q = db('tokens').where({ user_id: userId }).whereNull('used_at');
    if (kinds) q.whereIn('kind', kinds);
    await q.update({ used_at: now });
  }
}

function classify(token: TokenRow | undefined, now: Date): TokenState {
  if (!token) return { state: 'unknown' };
  if (token.used_at) return { state: 'used', token };
  if (token.expires_at.getTime() <= now.getTime()) return { state: 'expired', token };
  return { state: 'valid', token };
}
