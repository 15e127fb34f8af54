// The unsubscribe link's token: it names one person and one kind, cannot be altered or forged
// without the key, and stops working after a year.
import { describe, it, expect } from 'vitest';
import {
  UnsubscribeTokens,
  UNSUBSCRIBE_VALID_DAYS,
} from '../../src/features/subscriptions/unsubscribeToken.js';

const SECRET = 'a-session-secret-of-at-least-32-characters';
const tokens = new UnsubscribeTokens(SECRET);
const now = new Date('2026-11-23T09:00:00Z');
const day = 86_400_000;

const payloadOf = (token: string) => Buffer.from(token.split('.')[0]!, 'base64url').toString();
const withPayload = (token: string, payload: string) =>
  `${Buffer.from(payload).toString('base64url')}.${token.split('.')[1]}`;

describe('unsubscribe tokens', () => {
  it('a token issued for a person and a kind reads back as exactly those, URL-safe', () => {
    for (const kind of ['bills_email', 'debt_notice', 'advance_bills', 'reading_reminder'] as const) {
      const token = tokens.issue(42, kind, now);
      expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
      expect(tokens.check(token, now)).toMatchObject({ ok: true, userId: 42, kind });
    }
  });

  it('works until a year after it was issued, then is expired', () => {
    const token = tokens.issue(7, 'bills_email', now);
    expect(tokens.check(token, new Date(now.getTime() + (UNSUBSCRIBE_VALID_DAYS - 1) * day)).ok).toBe(true);
    expect(tokens.check(token, new Date(now.getTime() + UNSUBSCRIBE_VALID_DAYS * day))).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  it('another person, another kind or a later expiry under the same signature is invalid', () => {
    const token = tokens.issue(7, 'debt_notice', now);
    const p = payloadOf(token);
    for (const forged of [
      p.replace(':7:', ':8:'),
      p.replace('debt_notice', 'bills_email'),
      p.replace(/:(\d+)$/, (_, s: string) => `:${Number(s) + 1}`),
    ])
      expect(tokens.check(withPayload(token, forged), now)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('a changed signature, another key or junk is invalid', () => {
    const token = tokens.issue(7, 'debt_notice', now);
    const other = new UnsubscribeTokens(`${SECRET}!`);
    const otherKey = other.issue(7, 'debt_notice', now);
    expect(tokens.check(token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA'), now).ok).toBe(false);
    expect(tokens.check(otherKey, now).ok).toBe(false);
    expect(tokens.check(withPayload(other.issue(7, 'debt_notice', now), payloadOf(token)), now).ok).toBe(
      false,
    );
    for (const junk of ['', '.', 'abc', `${token}.x`, token.replace('.', '')])
      expect(tokens.check(junk, now)).toEqual({ ok: false, reason: 'invalid' });
  });
});
