// The signed one-purpose token of an e-mail's unsubscribe link: one user, one subscription kind, an expiry.
import crypto from 'node:crypto';
import { SUBSCRIPTION_KINDS, type SubscriptionKind } from '../auth/consentsRepo.js';

/** How long a link in a mail turns its subscription off. */
export const UNSUBSCRIBE_VALID_DAYS = 365;

export type UnsubscribeCheck =
  | { ok: true; userId: number; kind: SubscriptionKind; expiresAt: Date }
  | { ok: false; reason: 'invalid' | 'expired' };

const b64 = (b: Buffer | string) => Buffer.from(b).toString('base64url');

/**
 * Signs and checks the tokens. The key is derived from the session secret for this purpose only
 * (HMAC(secret, "unsubscribe-link/v1")), so a token can never stand for a session cookie's
 * signature or anything else signed with that secret, and changing SESSION_SECRET voids every link.
 * The token is `<payload>.<signature>`, both base64url: the payload is "v1:<user>:<kind>:<expiry
 * in unix seconds>", the signature HMAC-SHA256 of it; nothing in it is secret, it only must not be forged.
 */
export class UnsubscribeTokens {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = crypto.createHmac('sha256', secret).update('unsubscribe-link/v1').digest();
  }

  private sign(payload: string): Buffer {
    return crypto.createHmac('sha256', this.key).update(payload).digest();
  }

  issue(userId: number, kind: SubscriptionKind, now: Date): string {
    const expires = Math.floor(now.getTime() / 1000) + UNSUBSCRIBE_VALID_DAYS * 86_400;
    const payload = `v1:${userId}:${kind}:${expires}`;
    return `${b64(payload)}.${b64(this.sign(payload))}`;
  }

  check(token: string, now: Date): UnsubscribeCheck {
    const invalid = { ok: false, reason: 'invalid' } as const;
    const m = /^([A-Za-z0-9_-]{1,200})\.([A-Za-z0-9_-]{43})$/.exec(token);
    if (!m) return invalid;
    const payload = Buffer.from(m[1]!, 'base64url').toString('utf8');
    const given = Buffer.from(m[2]!, 'base64url');
    const want = this.sign(payload);
    // the signature first, in constant time: nothing of an unsigned payload is looked at
    if (given.length !== want.length || !crypto.timingSafeEqual(given, want)) return invalid;
    const p = /^v1:(\d{1,18}):([a-z_]{1,40}):(\d{1,12})$/.exec(payload);
    if (!p || !(SUBSCRIPTION_KINDS as readonly string[]).includes(p[2]!)) return invalid;
    const expiresAt = new Date(Number(p[3]) * 1000);
    if (expiresAt.getTime() <= now.getTime()) return { ok: false, reason: 'expired' };
    return { ok: true, userId: Number(p[1]), kind: p[2] as SubscriptionKind, expiresAt };
  }
}
