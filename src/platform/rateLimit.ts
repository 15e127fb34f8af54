// Brute-force limits in PostgreSQL (rate-limiter-flexible): how many tries a login, an IP or an account gets.
import type pg from 'pg';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { plural } from '../domain/format.js';

export interface LimitPolicy {
  /** Attempts allowed within `durationSec`. */
  points: number;
  durationSec: number;
  /** Once exhausted, the key stays blocked this long (defaults to the rest of the window). */
  blockSec?: number;
}

/**
 * The limits of the identity pages. Failures count for login and security questions (a person who
 * gets it right is not punished for typing slowly); every submission counts for the forms that
 * send mail or SMS, since each one costs something to someone.
 */
export const LIMITS = {
  loginPerLogin: { points: 5, durationSec: 15 * 60, blockSec: 15 * 60 },
  loginPerIp: { points: 30, durationSec: 15 * 60, blockSec: 15 * 60 },
  questionPerAccount: { points: 3, durationSec: 60 * 60, blockSec: 60 * 60 },
  questionPerIp: { points: 20, durationSec: 60 * 60, blockSec: 60 * 60 },
  recoveryPerTarget: { points: 3, durationSec: 60 * 60, blockSec: 60 * 60 },
  recoveryPerIp: { points: 10, durationSec: 60 * 60, blockSec: 60 * 60 },
  registrationPerIp: { points: 10, durationSec: 60 * 60, blockSec: 60 * 60 },
  registrationPerTarget: { points: 5, durationSec: 60 * 60, blockSec: 60 * 60 },
  passwordPerUser: { points: 5, durationSec: 15 * 60, blockSec: 15 * 60 },
} satisfies Record<string, LimitPolicy>;

export type LimitName = keyof typeof LIMITS;

export type LimitCheck = { ok: true } | { ok: false; retryAfterMs: number };

/** "Слишком много попыток. Попробуйте через 15 минут" — rounded up to whole minutes. */
export function tooManyAttempts(retryAfterMs: number): string {
  const minutes = Math.max(1, Math.ceil(retryAfterMs / 60_000));
  return `Слишком много попыток. Попробуйте через ${minutes} ${plural(minutes, ['минуту', 'минуты', 'минут'])}`;
}

export class RateLimits {
  private readonly limiters = new Map<LimitName, RateLimiterPostgres>();

  constructor(
    pool: pg.Pool,
    policies: Record<LimitName, LimitPolicy> = LIMITS,
    tableName = 'rate_limits',
  ) {
    for (const [name, p] of Object.entries(policies) as [LimitName, LimitPolicy][]) {
      this.limiters.set(
        name,
        new RateLimiterPostgres({
          storeClient: pool,
          storeType: 'pool',
          tableName,
          tableCreated: true,
          // expired rows are swept by the limiter itself every few minutes; the timer is unref'd
          clearExpiredByTimeout: true,
          keyPrefix: name,
          points: p.points,
          duration: p.durationSec,
          blockDuration: p.blockSec ?? 0,
        }),
      );
    }
  }

  private limiter(name: LimitName): RateLimiterPostgres {
    const l = this.limiters.get(name);
    if (!l) throw new Error(`unknown rate limit ${name}`);
    return l;
  }

  /** Whether `key` may try again, without counting this try. */
  async check(name: LimitName, key: string): Promise<LimitCheck> {
    const l = this.limiter(name);
    const res = await l.get(normaliseKey(key));
    if (res && res.consumedPoints >= l.points) return { ok: false, retryAfterMs: res.msBeforeNext };
    return { ok: true };
  }

  /** Whether every key may try again; the longest wait wins. */
  async checkAll(entries: [LimitName, string][]): Promise<LimitCheck> {
    let worst = 0;
    for (const [name, key] of entries) {
      const r = await this.check(name, key);
      if (!r.ok) worst = Math.max(worst, r.retryAfterMs);
    }
    return worst > 0 ? { ok: false, retryAfterMs: worst } : { ok: true };
  }

  /** Counts one try; refuses when the key has none left. */
  async consume(name: LimitName, key: string): Promise<LimitCheck> {
    try {
      await this.limiter(name).consume(normaliseKey(key));
      return { ok: true };
    } catch (e) {
      if (e instanceof RateLimiterRes) return { ok: false, retryAfterMs: e.msBeforeNext };
      throw e;
    }
  }

  /** Counts one try on every key (all of them, so a blocked IP still leaves a trace per target). */
  async consumeAll(entries: [LimitName, string][]): Promise<LimitCheck> {
    let worst = 0;
    for (const [name, key] of entries) {
      const r = await this.consume(name, key);
      if (!r.ok) worst = Math.max(worst, r.retryAfterMs);
    }
    return worst > 0 ? { ok: false, retryAfterMs: worst } : { ok: true };
  }

  /** Forgets the tries of `key` (a successful login clears that login's failures). */
  async reset(name: LimitName, key: string): Promise<void> {
    await this.limiter(name).delete(normaliseKey(key));
  }
}

// keys are varchar(255) and compared case-insensitively (e-mails, numbers with a Cyrillic letter)
function normaliseKey(key: string): string {
  return key.trim().toLowerCase().slice(0, 200);
}
