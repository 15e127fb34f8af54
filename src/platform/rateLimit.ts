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
 * The limits of the identity pages. Every attempt is counted before it is evaluated (one atomic
 * upsert in the store), so a burst of parallel requests cannot get more evaluations than the
 * limit; a success then gives the tries of its identity back. The forms that send mail or SMS
 * count every submission, since each one costs something to someone.
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
  // the code from an authenticator app (a million values) or a recovery code: at login and in the profile
  totpPerUser: { points: 5, durationSec: 15 * 60, blockSec: 15 * 60 },
  totpPerIp: { points: 30, durationSec: 15 * 60, blockSec: 15 * 60 },
  // step 1 of connecting an account says whether a number exists: a person may look up this many
  connectLookupPerUser: { points: 20, durationSec: 60 * 60, blockSec: 60 * 60 },
  connectLookupPerIp: { points: 60, durationSec: 60 * 60, blockSec: 60 * 60 },
  // documents printed in bulk, counted one point a document (~25 ms of CPU each)
  printPerUser: { points: 120, durationSec: 10 * 60 },
} satisfies Record<string, LimitPolicy>;

export type LimitName = keyof typeof LIMITS;

/** `left`: the tries still allowed after this one (the smallest over every key consumed). */
export type LimitCheck = { ok: true; left: number } | { ok: false; retryAfterMs: number };

/** "Слишком много попыток. Попробуйте через 15 минут" — rounded up to whole minutes. */
export function tooManyAttempts(retryAfterMs: number): string {
  const minutes = Math.max(1, Math.ceil(retryAfterMs / 60_000));
  return `Слишком много попыток. Попробуйте через ${minutes} ${plural(minutes, ['минуту', 'минуты', 'минут'])}`;
}

export class RateLimits {
  private readonly limiters = new Map<LimitName, RateLimiterPostgres>();
  private readonly points = new Map<LimitName, number>();

  constructor(pool: pg.Pool, policies: Record<LimitName, LimitPolicy> = LIMITS, tableName = 'rate_limits') {
    for (const [name, p] of Object.entries(policies) as [LimitName, LimitPolicy][]) {
      this.points.set(name, p.points);
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

  /** Counts `points` tries atomically (a single upsert); refuses when the key had not that many left. */
  async consume(name: LimitName, key: string, points = 1): Promise<LimitCheck> {
    try {
      const res = await this.limiter(name).consume(normaliseKey(key), points);
      return { ok: true, left: res.remainingPoints };
    } catch (e) {
      if (e instanceof RateLimiterRes) return { ok: false, retryAfterMs: e.msBeforeNext };
      throw e;
    }
  }

  /**
   * Counts one try on every key, all of them even when one refuses (a blocked IP still leaves a
   * trace per target); refused when any key had no try left, the longest wait winning.
   */
  async consumeAll(entries: [LimitName, string][]): Promise<LimitCheck> {
    const results = await Promise.all(entries.map(([name, key]) => this.consume(name, key)));
    let worst = 0;
    let left = Infinity;
    for (const r of results) {
      if (!r.ok) worst = Math.max(worst, r.retryAfterMs, 1);
      else left = Math.min(left, r.left);
    }
    return worst > 0
      ? { ok: false, retryAfterMs: worst }
      : { ok: true, left: Number.isFinite(left) ? left : 0 };
  }

  /** Forgets the tries of `key` (a successful login gives its identity its tries back). */
  async reset(name: LimitName, key: string): Promise<void> {
    await this.limiter(name).delete(normaliseKey(key));
  }

  /** Gives back the try just counted (a success is not held against a shared IP). */
  async refund(name: LimitName, key: string): Promise<void> {
    await this.limiter(name).reward(normaliseKey(key), 1);
  }

  /** Whether `key` has no try left under `name` now (the support desk shows and lifts such locks). */
  async isExhausted(name: LimitName, key: string): Promise<boolean> {
    const res = await this.limiter(name).get(normaliseKey(key));
    return Boolean(res && res.consumedPoints >= (this.points.get(name) ?? Infinity) && res.msBeforeNext > 0);
  }

  async resetAll(name: LimitName, keys: string[]): Promise<void> {
    for (const k of keys) await this.reset(name, k);
  }
}

// keys are varchar(255) and compared case-insensitively (e-mails, numbers with a Cyrillic letter)
function normaliseKey(key: string): string {
  return key.trim().toLowerCase().slice(0, 200);
}
