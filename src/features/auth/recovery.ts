// Password recovery: a link by e-mail (seeds 002, 003) or a one-time password by SMS (seed 001).
// Neither says whether the e-mail or the number exists: the answer and the work are the same.
import crypto from 'node:crypto';
import type { Db } from '../../db/knex.js';
import type { AuditLog } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { RateLimits, LimitCheck } from '../../platform/rateLimit.js';
import type { UsersRepo, UserRow } from './repo.js';
import type { IdentityAccountsRepo } from './accountsRepo.js';
import type { TokensRepo, TokenState } from './tokens.js';
import type { SessionsRepo } from './sessions.js';
import type { OutboxRepo } from '../../platform/outbox/repo.js';
import type { AuthDeps, AuthService, Meta } from './service.js';
import { messages } from '../outbox/messages.js';
import { hashPassword } from '../../platform/passwords.js';
import { normalisePhone } from './fields.js';

export const RESET_TTL_MS = 60 * 60 * 1000;
export const OTP_TTL_MS = 60 * 60 * 1000;

const norm = (s: string | null | undefined) =>
  (s ?? '').trim().toLowerCase().replace(/ё/g, 'е').replace(/\s+/g, ' ');

/** What the login needs, and the login itself (a reset ends with signing in). */
export type RecoveryDeps = AuthDeps & { auth: AuthService };

export class RecoveryService {
  private readonly db: Db;
  private readonly users: UsersRepo;
  private readonly accounts: IdentityAccountsRepo;
  private readonly tokens: TokensRepo;
  private readonly sessions: SessionsRepo;
  private readonly outbox: OutboxRepo;
  private readonly limits: RateLimits;
  private readonly audit: AuditLog;
  private readonly clock: Clock;
  private readonly auth: AuthService;
  private readonly publicUrl: string;

  constructor(deps: RecoveryDeps) {
    ({
      db: this.db,
      users: this.users,
      accounts: this.accounts,
      tokens: this.tokens,
      sessions: this.sessions,
      outbox: this.outbox,
      limits: this.limits,
      audit: this.audit,
      clock: this.clock,
      auth: this.auth,
      publicUrl: this.publicUrl,
    } = deps);
  }

  /** Counts a recovery request against the IP and the e-mail or number asked about. */
  spend(target: string, ip: string | undefined): Promise<LimitCheck> {
    return this.limits.consumeAll([
      ['recoveryPerIp', ip ?? 'unknown'],
      ['recoveryPerTarget', target],
    ]);
  }

  /** Sends a reset link when the address belongs to a user who may sign in; says nothing either way. */
  async requestReset(email: string, meta: Meta): Promise<void> {
    const user = await this.users.findByLogin(email);
    if (
      !user ||
      user.status === 'blocked' ||
      !user.email ||
      user.email.toLowerCase() !== email.toLowerCase()
    ) {
      await this.audit.record({
        action: 'recovery.email_unknown',
        targetType: 'email',
        targetId: email.slice(0, 64),
        ...meta,
      });
      return;
    }
    await this.db.transaction(async (tx) => {
      const token = await this.tokens.issue(
        user.id,
        'reset_password',
        RESET_TTL_MS,
        this.clock.now(),
        {},
        tx,
      );
      await this.outbox.enqueue(messages.resetPassword(user.email!, this.publicUrl, token), tx);
      await this.audit.record({ actorId: user.id, action: 'recovery.email_sent', ...meta }, tx);
    });
  }

  checkResetToken(token: string): Promise<TokenState> {
    return this.tokens.find('reset_password', token, this.clock.now());
  }

  /**
   * Sets the new password from a reset link. Following the link proves the mailbox, so an
   * unconfirmed registration is confirmed too. Every session of the user ends.
   */
  async resetPassword(token: string, password: string, meta: Meta): Promise<UserRow | undefined> {
    const hash = await hashPassword(password);
    return this.db.transaction(async (tx) => {
      const row = await this.tokens.consume('reset_password', token, this.clock.now(), tx);
      if (!row) return undefined;
      const user = await this.users.findById(row.user_id, tx);
      if (!user || user.status === 'blocked') return undefined;
      await this.users.update(
        user.id,
        {
          password_hash: hash,
          must_change_password: false,
          ...(user.status === 'pending'
            ? { status: 'active' as const, email_verified_at: this.clock.now() }
            : {}),
        },
        tx,
      );
      await this.tokens.spendAll(user.id, this.clock.now(), ['reset_password', 'otp'], tx);
      await this.sessions.endAllFor(user.id, undefined, tx);
      if (user.email) await this.outbox.enqueue(messages.passwordChanged(user.email, this.publicUrl), tx);
      await this.audit.record({ actorId: user.id, action: 'password.reset', ...meta }, tx);
      return user;
    });
  }

  /**
   * Seed 001: client number + full name + birth date + mobile phone. When they all match the
   * contract and the phone is the one on record, a one-time password goes by SMS to that phone.
   */
  async requestSmsPassword(
    input: {
      account_number: string;
      last_name: string;
      first_name: string;
      middle_name: string | null;
      birth_date: string | null;
      phone: string;
    },
    meta: Meta,
  ): Promise<void> {
    const candidates = await this.accounts.byNumber(input.account_number);
    for (const account of candidates) {
      if (account.customer_kind !== 'person') continue;
      const c = await this.accounts.customer(account.customer_id);
      if (!c) continue;
      const sameName =
        norm(c.last_name) === norm(input.last_name) &&
        norm(c.first_name) === norm(input.first_name) &&
        norm(c.middle_name) === norm(input.middle_name);
      if (!sameName || !input.birth_date || c.birth_date !== input.birth_date) continue;
      const linked = await this.accounts.linkedUsers(account.id);
      const phones = [c.phone, ...linked.filter((u) => u.relation === 'owner').map((u) => u.phone)]
        .map((p) => (p ? normalisePhone(p) : undefined))
        .filter((p): p is string => Boolean(p));
      if (!phones.includes(input.phone)) continue;
      const code = String(crypto.randomInt(10_000_000, 100_000_000));
      await this.db.transaction(async (tx) => {
        const user = await this.auth.ensureAccountUser(account, tx);
        if (user.status === 'blocked') return;
        await this.tokens.issue(
          user.id,
          'otp',
          OTP_TTL_MS,
          this.clock.now(),
          { secret: code, payload: { accountId: account.id } },
          tx,
        );
        await this.outbox.enqueue(messages.oneTimePassword(input.phone, code), tx);
        await this.audit.record(
          {
            actorId: user.id,
            action: 'recovery.sms_sent',
            targetType: 'account',
            targetId: account.id,
            ...meta,
          },
          tx,
        );
      });
      return;
    }
    await this.audit.record({
      action: 'recovery.sms_no_match',
      targetType: 'login',
      targetId: input.account_number.slice(0, 64),
      ...meta,
    });
  }
}
