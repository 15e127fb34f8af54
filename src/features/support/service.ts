// The support desk's use cases: find a customer, read their card, and act on their login (reset the
// password, lift limits, reset two-factor, re-send the confirmation, correct contacts, view as
// them). Each action is one transaction with its audit record, naming the customer.
import crypto from 'node:crypto';
import type { Db } from '../../db/knex.js';
import type { AuditLog, Actor } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { OutboxRepo, NewMessage } from '../../platform/outbox/repo.js';
import type { RateLimits, LimitName } from '../../platform/rateLimit.js';
import { hashPassword } from '../../platform/passwords.js';
import { paths } from '../../paths.js';
import { messages } from '../outbox/messages.js';
import type { TokensRepo } from '../auth/tokens.js';
import { CONFIRM_TTL_MS } from '../registration/service.js';
import type { SupportRepo, CustomerLogin } from './repo.js';

export const SEARCH_PAGE = 20;
export const AUDIT_PAGE = 50;

const SIGNATURE =
  '\n\n—\nЛичный кабинет клиента. Это письмо отправлено автоматически, отвечать на него не нужно.';

// no 0/O, 1/l/I: the password is read out over the phone or typed from an SMS
const LETTERS = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '23456789';

/** A one-time password of 10 characters with letters and digits (it meets the password rule). */
export function oneTimePassword(): string {
  const all = LETTERS + DIGITS;
  const chars = Array.from({ length: 10 }, (_, i) =>
    i === 0
      ? LETTERS[crypto.randomInt(LETTERS.length)]!
      : i === 1
        ? DIGITS[crypto.randomInt(DIGITS.length)]!
        : all[crypto.randomInt(all.length)]!,
  );
  return chars.join('');
}

export type Outcome<T = object> = ({ ok: true } & T) | { ok: false; text: string };

const email = (to: string, kind: string, subject: string, body: string): NewMessage => ({
  channel: 'email',
  recipient: to,
  kind,
  subject,
  body: `Здравствуйте!\n\n${body}${SIGNATURE}`,
});

export class SupportService {
  constructor(
    private readonly deps: {
      db: Db;
      repo: SupportRepo;
      audit: AuditLog;
      outbox: OutboxRepo;
      tokens: TokensRepo;
      limits: RateLimits;
      clock: Clock;
      publicUrl: string;
    },
  ) {}

  private get repo() {
    return this.deps.repo;
  }

  search(q: string, page: number) {
    return this.repo.search(q, SEARCH_PAGE, (page - 1) * SEARCH_PAGE);
  }

  customer(id: number) {
    return this.repo.customer(id);
  }

  /** The limit keys that lock this login: its own, and its accounts' (an account number shares them). */
  private async lockKeys(user: CustomerLogin) {
    const accounts = await this.repo.accounts(user.id);
    const login: [LimitName, string][] = [
      ['loginPerLogin', `user:${user.id}`],
      ['passwordPerUser', `user:${user.id}`],
      ['totpPerUser', `user:${user.id}`],
      ...accounts.map((a): [LimitName, string] => ['loginPerLogin', `account:${a.id}`]),
      ...accounts.map((a): [LimitName, string] => ['questionPerAccount', `account:${a.id}`]),
    ];
    const connect: [LimitName, string][] = [['connectLookupPerUser', `user:${user.id}`]];
    return { login, connect };
  }

  private async anyExhausted(keys: [LimitName, string][]) {
    for (const [name, key] of keys) if (await this.deps.limits.isExhausted(name, key)) return true;
    return false;
  }

  /** Everything the card shows; opening it is audited (staff looked at this customer). */
  async card(actor: Actor, id: number) {
    const user = await this.repo.customer(id);
    if (!user) return undefined;
    const keys = await this.lockKeys(user);
    const [accounts, otherLogins, events, locked, connectLocked] = await Promise.all([
      this.repo.accounts(id),
      this.repo.otherLogins(id),
      this.repo.auditLog(user, 10, 0),
      this.anyExhausted(keys.login),
      this.anyExhausted(keys.connect),
    ]);
    await this.deps.audit.record({
      ...actor,
      action: 'support.customer_viewed',
      targetType: 'user',
      targetId: id,
    });
    return { customer: user, accounts, otherLogins, events: events.rows, locked, connectLocked };
  }

  async auditLog(actor: Actor, id: number, page: number) {
    const user = await this.repo.customer(id);
    if (!user) return undefined;
    const log = await this.repo.auditLog(user, AUDIT_PAGE, (page - 1) * AUDIT_PAGE);
    await this.deps.audit.record({
      ...actor,
      action: 'support.audit_viewed',
      targetType: 'user',
      targetId: id,
    });
    return { customer: user, ...log };
  }

  private record(
    actor: Actor,
    action: string,
    userId: number,
    details: Record<string, unknown> = {},
    db?: Parameters<AuditLog['record']>[1],
  ) {
    return this.deps.audit.record({ ...actor, action, targetType: 'user', targetId: userId, details }, db);
  }

  /**
   * A new password made here: shown once to the staff member (to read out over the phone) or sent
   * by SMS to the phone on record. The customer must change it at the next login, every session
   * of theirs ends, earlier reset links stop working, and an e-mail tells them it happened.
   */
  async resetPassword(
    actor: Actor,
    id: number,
    delivery: 'show' | 'sms',
  ): Promise<Outcome<{ password?: string; phone?: string }>> {
    const user = await this.repo.customer(id);
    if (!user) return { ok: false, text: 'not-found' };
    if (delivery === 'sms' && !user.phone)
      return { ok: false, text: 'У клиента нет телефона: выберите «Показать пароль»' };
    const password = oneTimePassword();
    const hash = await hashPassword(password);
    const now = this.deps.clock.now();
    await this.deps.db.transaction(async (tx) => {
      await this.repo.updateUser(id, { password_hash: hash, must_change_password: true }, tx);
      await this.repo.spendSecrets(id, now, tx);
      await tx('session')
        .whereRaw(`sess->>'userId' = ?`, [String(id)])
        .del();
      if (delivery === 'sms')
        await this.deps.outbox.enqueue(messages.oneTimePassword(user.phone!, password), tx);
      if (user.email)
        await this.deps.outbox.enqueue(
          email(
            user.email,
            'password_reset_by_support',
            'Пароль сброшен сотрудником поддержки',
            `По вашему обращению сотрудник поддержки сбросил пароль к личному кабинету. ` +
              `Войдите с одноразовым паролем, который вам сообщили, и задайте свой: ${this.deps.publicUrl}${paths.login()}\n\n` +
              `Если вы не обращались в поддержку, позвоните нам по телефону, указанному в квитанции.`,
          ),
          tx,
        );
      await this.record(actor, 'support.password_reset', id, { delivery }, tx);
    });
    return delivery === 'show' ? { ok: true, password } : { ok: true, phone: user.phone! };
  }

  /** Lifts the brute-force locks of the login (password, code, security question on its accounts). */
  async unlock(actor: Actor, id: number, what: 'login' | 'connect'): Promise<Outcome> {
    const user = await this.repo.customer(id);
    if (!user) return { ok: false, text: 'not-found' };
    const keys = (await this.lockKeys(user))[what];
    for (const [name, key] of keys) await this.deps.limits.reset(name, key);
    await this.record(actor, what === 'login' ? 'support.login_unlocked' : 'support.connect_unlocked', id);
    return { ok: true };
  }

  async resetTwoFactor(actor: Actor, id: number): Promise<Outcome> {
    const user = await this.repo.customer(id);
    if (!user) return { ok: false, text: 'not-found' };
    if (!user.two_factor) return { ok: false, text: 'Вход с кодом из приложения у клиента не включён' };
    await this.deps.db.transaction(async (tx) => {
      await this.repo.clearTwoFactor(id, tx);
      if (user.email)
        await this.deps.outbox.enqueue(
          email(
            user.email,
            'two_factor_reset_by_support',
            'Вход с кодом из приложения отключён',
            `По вашему обращению сотрудник поддержки отключил вход с кодом из приложения. ` +
              `Включить его снова можно в профиле: ${this.deps.publicUrl}${paths.profileTwoFactor()}`,
          ),
          tx,
        );
      await this.record(actor, 'support.two_factor_reset', id, {}, tx);
    });
    return { ok: true };
  }

  async resendConfirmation(actor: Actor, id: number): Promise<Outcome> {
    const user = await this.repo.customer(id);
    if (!user) return { ok: false, text: 'not-found' };
    if (user.status !== 'pending' || !user.email)
      return { ok: false, text: 'Регистрация уже подтверждена: письмо не нужно' };
    await this.deps.db.transaction(async (tx) => {
      const token = await this.deps.tokens.issue(
        id,
        'confirm_email',
        CONFIRM_TTL_MS,
        this.deps.clock.now(),
        { payload: { email: user.email } },
        tx,
      );
      await this.deps.outbox.enqueue(
        messages.confirmRegistration(user.email!, this.deps.publicUrl, token),
        tx,
      );
      await this.record(actor, 'support.confirmation_resent', id, {}, tx);
    });
    return { ok: true };
  }

  /**
   * Corrects the e-mail or phone the customer gave wrong (on their word, by phone). A login that
   * was the old e-mail becomes the new one; the old address is told of the change.
   */
  async updateContacts(
    actor: Actor,
    id: number,
    input: { email: string | null; phone: string | null },
  ): Promise<Outcome | { ok: false; field: 'email'; text: string }> {
    const user = await this.repo.customer(id);
    if (!user) return { ok: false, text: 'not-found' };
    if (input.email && (await this.repo.loginTaken(input.email, id)))
      return { ok: false, field: 'email', text: 'Этот e-mail уже занят другой учётной записью' };
    const emailChanged = (input.email ?? null) !== (user.email?.toLowerCase() ?? null);
    const phoneChanged = input.phone !== user.phone;
    if (!emailChanged && !phoneChanged) return { ok: true };
    const loginWasEmail = Boolean(user.email && user.login.toLowerCase() === user.email.toLowerCase());
    if (emailChanged && !input.email && loginWasEmail)
      return {
        ok: false,
        field: 'email',
        text: 'Клиент входит по этому e-mail: его можно исправить, но не удалить',
      };
    await this.deps.db.transaction(async (tx) => {
      await this.repo.updateUser(
        id,
        {
          ...(emailChanged ? { email: input.email } : {}),
          ...(emailChanged && loginWasEmail && input.email ? { login: input.email } : {}),
          ...(phoneChanged ? { phone: input.phone } : {}),
        },
        tx,
      );
      if (emailChanged && user.email)
        await this.deps.outbox.enqueue(
          email(
            user.email,
            'email_changed_by_support',
            'Адрес почты в личном кабинете изменён',
            `По вашему обращению сотрудник поддержки заменил адрес почты в личном кабинете на ${input.email ?? '(не указан)'}. ` +
              `Если вы не обращались в поддержку, позвоните нам по телефону, указанному в квитанции.`,
          ),
          tx,
        );
      // what changed, not the values: the log is read by other staff too
      await this.record(
        actor,
        'support.contacts_changed',
        id,
        { email: emailChanged, phone: phoneChanged },
        tx,
      );
    });
    return { ok: true };
  }

  async startViewAs(actor: Actor, id: number): Promise<CustomerLogin | undefined> {
    const user = await this.repo.customer(id);
    if (!user) return undefined;
    await this.record(actor, 'support.view_as_started', id);
    return user;
  }

  async endViewAs(actor: Actor, id: number): Promise<void> {
    await this.record(actor, 'support.view_as_ended', id);
  }

  /** One page seen in "Смотреть как клиент": every view is in the log. */
  async viewAsPage(actor: Actor, id: number, path: string): Promise<void> {
    await this.record(actor, 'support.view_as_page', id, { path: path.slice(0, 300) });
  }
}
