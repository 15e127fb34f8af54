// Two-factor login: a TOTP authenticator app (otplib) turned on in the profile, its recovery codes, and the code asked at login.
import crypto from 'node:crypto';
import { generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';
import type { Db } from '../../db/knex.js';
import type { AuditLog } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { LimitName, RateLimits } from '../../platform/rateLimit.js';
import { verifyPassword } from '../../platform/passwords.js';
import type { OutboxRepo } from '../../platform/outbox/repo.js';
import { messages } from '../outbox/messages.js';
import type { UserRow, UsersRepo } from './repo.js';
import type { TwoFactorRepo } from './twoFactorRepo.js';
import type { Meta } from './service.js';

export const ISSUER = 'Личный кабинет';
export const RECOVERY_CODES = 10;
/** How far the phone's clock may be off: one 30-second step either way. */
const TOLERANCE_SEC = 30;

export type CodeCheck =
  | { ok: true; via: 'totp' | 'recovery' }
  | { ok: false; reason: 'wrong' }
  | { ok: false; reason: 'limited'; retryAfterMs: number };

/** "1234 5678", "abcd-ef01-..." → what was meant: digits for an app code, lowercase hex for a recovery code. */
export function normaliseCode(raw: string): string {
  return raw.replace(/[\s-]/g, '').toLowerCase();
}

const isAppCode = (code: string) => /^\d{6}$/.test(code);

/**
 * Recovery codes carry 64 random bits each, so nobody can guess one from its hash: a plain
 * SHA-256 is enough and lets a code be found with one indexed lookup, where argon2 (made for
 * low-entropy passwords) would cost a slow verification per stored code.
 */
export function recoveryCodeHash(code: string): string {
  return crypto.createHash('sha256').update(normaliseCode(code)).digest('hex');
}

/** "3f9a-1c07-b2e4-5d68": 16 hex digits in groups of four, easy to copy from paper. */
function newRecoveryCode(): string {
  return crypto
    .randomBytes(8)
    .toString('hex')
    .replace(/(.{4})(?!$)/g, '$1-');
}

export interface TwoFactorDeps {
  db: Db;
  users: UsersRepo;
  repo: TwoFactorRepo;
  outbox: OutboxRepo;
  limits: RateLimits;
  audit: AuditLog;
  clock: Clock;
  publicUrl: string;
}

export class TwoFactorService {
  private readonly db: Db;
  private readonly users: UsersRepo;
  private readonly repo: TwoFactorRepo;
  private readonly outbox: OutboxRepo;
  private readonly limits: RateLimits;
  private readonly audit: AuditLog;
  private readonly clock: Clock;
  private readonly publicUrl: string;

  constructor(deps: TwoFactorDeps) {
    ({
      db: this.db,
      users: this.users,
      repo: this.repo,
      outbox: this.outbox,
      limits: this.limits,
      audit: this.audit,
      clock: this.clock,
      publicUrl: this.publicUrl,
    } = deps);
  }

  /** A fresh secret for the enrolment page (kept in the session until the person confirms it). */
  newSecret(): string {
    return generateSecret();
  }

  /** What the enrolment page shows: the QR of the otpauth:// link and the secret in groups for typing. */
  async setupView(user: UserRow, secret: string): Promise<{ qr: string; secretGroups: string; uri: string }> {
    const uri = generateURI({ issuer: ISSUER, label: user.email ?? user.login, secret });
    const qr = await QRCode.toDataURL(uri, { errorCorrectionLevel: 'M', margin: 2, width: 220 });
    return { qr, uri, secretGroups: secret.replace(/(.{4})(?!$)/g, '$1 ') };
  }

  /**
   * Turns the app on once a code from it proves the secret was scanned; nothing is stored before.
   * Returns the recovery codes to show once (only their hashes are kept).
   */
  async enable(
    user: UserRow,
    secret: string,
    rawCode: string,
    meta: Meta,
  ): Promise<{ ok: true; codes: string[] } | Exclude<CodeCheck, { ok: true }>> {
    const allowed = await this.spend(user.id, meta);
    if (!allowed.ok) return allowed;
    const code = normaliseCode(rawCode);
    const step = isAppCode(code) ? await this.appCodeStep(secret, code) : undefined;
    if (step === undefined) {
      await this.audit.record({ actorId: user.id, action: 'totp.enable_failed', ...meta });
      return { ok: false, reason: 'wrong' };
    }
    const codes = Array.from({ length: RECOVERY_CODES }, newRecoveryCode);
    await this.db.transaction(async (tx) => {
      await this.repo.turnOn(user.id, secret, this.clock.now(), step, tx);
      await this.repo.replaceCodes(user.id, codes.map(recoveryCodeHash), tx);
      if (user.email) await this.outbox.enqueue(messages.twoFactorEnabled(user.email, this.publicUrl), tx);
      await this.audit.record({ actorId: user.id, action: 'totp.enabled', ...meta }, tx);
    });
    await this.limits.reset('totpPerUser', `user:${user.id}`);
    return { ok: true, codes };
  }

  /** Turns the app off; a current code, a recovery code or the password proves it is the owner. */
  async disable(
    user: UserRow,
    input: { code?: string; password?: string },
    meta: Meta,
  ): Promise<{ ok: true } | Exclude<CodeCheck, { ok: true }>> {
    const allowed = await this.spend(user.id, meta);
    if (!allowed.ok) return allowed;
    let right = false;
    if (input.code) right = (await this.checkCode(user.id, input.code)) !== undefined;
    else if (input.password) right = await verifyPassword(user.password_hash, input.password);
    if (!right) {
      await this.audit.record({ actorId: user.id, action: 'totp.disable_failed', ...meta });
      return { ok: false, reason: 'wrong' };
    }
    await this.db.transaction(async (tx) => {
      await this.repo.turnOff(user.id, tx);
      if (user.email) await this.outbox.enqueue(messages.twoFactorDisabled(user.email, this.publicUrl), tx);
      await this.audit.record({ actorId: user.id, action: 'totp.disabled', ...meta }, tx);
    });
    await this.limits.reset('totpPerUser', `user:${user.id}`);
    return { ok: true };
  }

  /**
   * The second step of a login: a code from the app or an unused recovery code. The try is
   * counted before the code is looked at, so parallel guesses cannot outrun the limit.
   */
  async verifyLogin(userId: number, rawCode: string, meta: Meta): Promise<CodeCheck> {
    const allowed = await this.spend(userId, meta);
    if (!allowed.ok) return allowed;
    const via = await this.checkCode(userId, rawCode);
    if (!via) {
      await this.audit.record({ actorId: userId, action: 'login.totp_failed', ...meta });
      return { ok: false, reason: 'wrong' };
    }
    await this.limits.reset('totpPerUser', `user:${userId}`);
    await this.limits.refund('totpPerIp', meta.ip ?? 'unknown');
    await this.users.touchLogin(userId);
    await this.audit.record({
      actorId: userId,
      action: via === 'totp' ? 'login.totp_succeeded' : 'login.recovery_code_used',
      ...meta,
    });
    if (via === 'recovery') {
      const user = await this.users.findById(userId);
      if (user?.email)
        await this.outbox.enqueue(
          messages.recoveryCodeUsed(user.email, this.publicUrl, await this.recoveryCodesLeft(userId)),
        );
    }
    return { ok: true, via };
  }

  recoveryCodesLeft(userId: number): Promise<number> {
    return this.repo.codesLeft(userId);
  }

  private async spend(userId: number, meta: Meta) {
    const keys: [LimitName, string][] = [
      ['totpPerUser', `user:${userId}`],
      ['totpPerIp', meta.ip ?? 'unknown'],
    ];
    const allowed = await this.limits.consumeAll(keys);
    if (!allowed.ok) {
      await this.audit.record({ actorId: userId, action: 'totp.limited', ...meta });
      return { ok: false as const, reason: 'limited' as const, retryAfterMs: allowed.retryAfterMs };
    }
    return allowed;
  }

  /** A right code from the app (not seen before) or an unused recovery code, spent atomically. */
  private async checkCode(userId: number, rawCode: string): Promise<'totp' | 'recovery' | undefined> {
    const code = normaliseCode(rawCode);
    if (isAppCode(code)) {
      const on = await this.repo.secretOf(userId);
      if (!on) return undefined;
      const step = await this.appCodeStep(on.secret, code, on.lastStep);
      if (step === undefined) return undefined;
      // two requests with the same code: only the one that moves the step forward wins
      return (await this.repo.advanceStep(userId, step)) ? 'totp' : undefined;
    }
    if (!/^[0-9a-f]{16}$/.test(code)) return undefined;
    return (await this.repo.spendCode(userId, recoveryCodeHash(code), this.clock.now()))
      ? 'recovery'
      : undefined;
  }

  /** The RFC 6238 time step of a right code (after `after`, if given); undefined for a wrong one. */
  private async appCodeStep(secret: string, code: string, after?: number): Promise<number | undefined> {
    // the phone's real time, not the injected business clock: the app knows nothing of a pinned date
    const result = await verify({
      secret,
      token: code,
      epochTolerance: TOLERANCE_SEC,
      ...(after === undefined ? {} : { afterTimeStep: after }),
    });
    return result.valid && 'timeStep' in result ? result.timeStep : undefined;
  }
}
