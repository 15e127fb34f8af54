// The profile: personal data, e-mail (confirmed by a link to the new address), login, subscriptions,
// marketing consent, and withdrawal of the personal-data consent.
import type { Db } from '../../db/knex.js';
import type { AuditLog } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { FieldError } from '../../platform/errors.js';
import { tooManyAttempts } from '../../platform/rateLimit.js';
import type { UsersRepo, UserRow } from '../auth/repo.js';
import type { TokensRepo } from '../auth/tokens.js';
import type { SessionsRepo } from '../auth/sessions.js';
import type { AuthService, Meta } from '../auth/service.js';
import type { OutboxRepo } from '../../platform/outbox/repo.js';
import { messages } from '../outbox/messages.js';
import {
  CONSENT_VERSIONS,
  SUBSCRIPTION_KINDS,
  type ConsentsRepo,
  type SubscriptionKind,
} from '../auth/consentsRepo.js';

export const EMAIL_CHANGE_TTL_MS = 24 * 60 * 60 * 1000;
type Checked = { ok: true } | { ok: false; errors: FieldError[] };

export interface ProfileDeps {
  db: Db;
  users: UsersRepo;
  tokens: TokensRepo;
  sessions: SessionsRepo;
  outbox: OutboxRepo;
  auth: AuthService;
  audit: AuditLog;
  clock: Clock;
  publicUrl: string;
  consents: ConsentsRepo;
}

export class ProfileService {
  private readonly db: Db;
  private readonly users: UsersRepo;
  private readonly tokens: TokensRepo;
  private readonly sessions: SessionsRepo;
  private readonly outbox: OutboxRepo;
  private readonly auth: AuthService;
  private readonly audit: AuditLog;
  private readonly clock: Clock;
  private readonly publicUrl: string;
  private readonly consents: ConsentsRepo;

  constructor(deps: ProfileDeps) {
    ({
      db: this.db,
      users: this.users,
      tokens: this.tokens,
      sessions: this.sessions,
      outbox: this.outbox,
      auth: this.auth,
      audit: this.audit,
      clock: this.clock,
      publicUrl: this.publicUrl,
      consents: this.consents,
    } = deps);
  }

  async view(userId: number) {
    const [subs, consents, pendingEmail, organisations] = await Promise.all([
      this.consents.subscriptionKinds(userId),
      this.consents.list(userId),
      this.tokens
        .pendingPayload(userId, 'change_email', this.clock.now())
        .then((p) => (typeof p?.email === 'string' ? p.email : undefined)),
      this.users.organisationsOf(userId),
    ]);
    return { subscriptions: new Set(subs), consents, pendingEmail, organisations };
  }

  async updatePersonal(
    user: UserRow,
    input: {
      last_name?: string;
      first_name?: string;
      middle_name?: string | null;
      gender?: 'male' | 'female' | null;
      birth_date?: string | null;
      phone: string | null;
    },
    meta: Meta,
  ): Promise<void> {
    await this.db.transaction(async (tx) => {
      await this.users.update(user.id, input, tx);
      await this.audit.record(
        { actorId: user.id, action: 'profile.updated', details: { fields: Object.keys(input) }, ...meta },
        tx,
      );
    });
  }

  private async passwordErrors(
    user: UserRow,
    current: string,
    meta: Meta,
    field = 'current_password',
  ): Promise<FieldError[]> {
    const check = await this.auth.checkCurrentPassword(user, current, meta);
    if (check.ok) return [];
    return [
      {
        field,
        text:
          check.reason === 'limited' ? tooManyAttempts(check.retryAfterMs) : 'Текущий пароль указан неверно',
      },
    ];
  }

  /**
   * Sends a confirmation link to the new address; the address changes only when it is followed.
   * An address used by someone else gets a notice instead, and this page says the same thing.
   */
  async requestEmailChange(user: UserRow, email: string, current: string, meta: Meta): Promise<Checked> {
    const errors = await this.passwordErrors(user, current, meta, 'email_current_password');
    if (errors.length) return { ok: false, errors };
    if (user.email && user.email.toLowerCase() === email)
      return { ok: false, errors: [{ field: 'email', text: 'Это ваш текущий адрес' }] };
    await this.db.transaction(async (tx) => {
      if (await this.users.loginTaken(email, user.id, tx)) {
        await this.outbox.enqueue(messages.alreadyRegistered(email, this.publicUrl), tx);
      } else {
        const token = await this.tokens.issue(
          user.id,
          'change_email',
          EMAIL_CHANGE_TTL_MS,
          this.clock.now(),
          { payload: { email } },
          tx,
        );
        await this.outbox.enqueue(messages.confirmNewEmail(email, this.publicUrl, token), tx);
      }
      if (user.email) await this.outbox.enqueue(messages.emailChangeRequested(user.email, email), tx);
      await this.audit.record({ actorId: user.id, action: 'profile.email_change_requested', ...meta }, tx);
    });
    return { ok: true };
  }

  /** Follows the link sent to the new address. A login that was the old e-mail follows it. */
  async confirmEmailChange(token: string, meta: Meta): Promise<UserRow | undefined> {
    return this.db.transaction(async (tx) => {
      const row = await this.tokens.consume('change_email', token, this.clock.now(), tx);
      if (!row) return undefined;
      const user = await this.users.findById(row.user_id, tx);
      const email = String(row.payload.email ?? '');
      if (!user || user.status !== 'active' || !email) return undefined;
      if (await this.users.loginTaken(email, user.id, tx)) return undefined;
      const loginWasEmail = user.email && user.login.toLowerCase() === user.email.toLowerCase();
      await this.users.update(
        user.id,
        { email, email_verified_at: this.clock.now(), ...(loginWasEmail ? { login: email } : {}) },
        tx,
      );
      await this.audit.record({ actorId: user.id, action: 'profile.email_changed', ...meta }, tx);
      return { ...user, email };
    });
  }

  async changeLogin(user: UserRow, login: string, current: string, meta: Meta): Promise<Checked> {
    const errors = await this.passwordErrors(user, current, meta, 'login_current_password');
    if (errors.length) return { ok: false, errors };
    if (login.includes('@') && login.toLowerCase() !== (user.email ?? '').toLowerCase()) {
      return {
        ok: false,
        errors: [
          { field: 'login', text: 'Логином может быть только ваш подтверждённый e-mail или слово без @' },
        ],
      };
    }
    if (await this.users.loginTaken(login, user.id))
      return { ok: false, errors: [{ field: 'login', text: 'Этот логин занят, выберите другой' }] };
    await this.db.transaction(async (tx) => {
      await this.users.update(user.id, { login }, tx);
      await this.audit.record(
        {
          actorId: user.id,
          action: 'profile.login_changed',
          details: { from: user.login, to: login },
          ...meta,
        },
        tx,
      );
    });
    return { ok: true };
  }

  /** Subscriptions for all the user's accounts, and the marketing consent with its own record. */
  async saveSubscriptions(
    user: UserRow,
    input: Record<SubscriptionKind | 'marketing', boolean>,
    meta: Meta,
  ): Promise<void> {
    await this.db.transaction(async (tx) => {
      const kinds = SUBSCRIPTION_KINDS.filter((k) => input[k]);
      await this.consents.replaceSubscriptions(user.id, kinds, tx);
      const wasMarketing = Boolean(user.marketing_consent);
      if (input.marketing !== wasMarketing) {
        await this.users.update(user.id, { marketing_consent: input.marketing }, tx);
        if (input.marketing)
          await this.consents.give(
            user.id,
            [{ kind: 'marketing', version: CONSENT_VERSIONS.marketing }],
            this.clock.now(),
            tx,
          );
        else await this.consents.withdraw(user.id, this.clock.now(), 'marketing', tx);
      }
      await this.audit.record(
        {
          actorId: user.id,
          action: 'profile.subscriptions_saved',
          details: { kinds, marketing: input.marketing },
          ...meta,
        },
        tx,
      );
    });
  }

  /**
   * Withdrawal of the personal-data consent (152-FZ art. 9 §2). The cabinet rests on that consent,
   * so, as an operator must, we stop processing for it at once: the consent rows get withdrawn_at
   * (they stay as proof of what was agreed and when), the cabinet account is blocked, every session
   * ends, subscriptions and marketing stop, links to accounts are removed and the profile's personal
   * data are erased. The login and e-mail are released so the person can register again later; the
   * user row stays as an anonymous tombstone for the audit trail. Data the supply contract itself
   * requires (accounts, bills, payments) are not the cabinet's and stay with the supplier.
   */
  async withdrawConsent(user: UserRow, current: string, meta: Meta): Promise<Checked> {
    const errors = await this.passwordErrors(user, current, meta);
    if (errors.length) return { ok: false, errors };
    const now = this.clock.now();
    await this.db.transaction(async (tx) => {
      await this.consents.withdraw(user.id, now, undefined, tx);
      if (user.email) await this.outbox.enqueue(messages.consentWithdrawn(user.email), tx);
      await this.consents.removeAllSubscriptions(user.id, tx);
      await this.users.unlinkAll(user.id, tx);
      await this.tokens.spendAll(user.id, now, undefined, tx);
      await this.users.update(
        user.id,
        {
          status: 'blocked',
          blocked_reason: 'personal_data_consent_withdrawn',
          blocked_at: now,
          login: `withdrawn-${user.id}`,
          email: null,
          phone: null,
          password_hash: null,
          last_name: null,
          first_name: null,
          middle_name: null,
          birth_date: null,
          gender: null,
          marketing_consent: false,
          must_change_password: false,
        },
        tx,
      );
      await this.sessions.endAllFor(user.id, undefined, tx);
      await this.audit.record(
        {
          actorId: user.id,
          action: 'consent.personal_data_withdrawn',
          targetType: 'user',
          targetId: user.id,
          ...meta,
        },
        tx,
      );
    });
    return { ok: true };
  }
}
