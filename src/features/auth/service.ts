// Login: who is this person, given what they typed at /login — a password, a PIN from the bill, or an SMS code.
import crypto from 'node:crypto';
import type { Db, Tx } from '../../db/knex.js';
import type { AuditLog } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import { LIMITS, type RateLimits, type LimitName } from '../../platform/rateLimit.js';
import type { UsersRepo, UserRow } from './repo.js';
import type { IdentityAccountsRepo, AccountForIdentity } from './accountsRepo.js';
import type { TokensRepo } from './tokens.js';
import { otpHash } from './tokens.js';
import type { SessionsRepo } from './sessions.js';
import type { OutboxRepo } from '../../platform/outbox/repo.js';
import { messages } from '../outbox/messages.js';
import { hashPassword, verifyPassword } from '../../platform/passwords.js';
import { parseDate } from './fields.js';
import { cityChoices, supplierOfChoice, type CityChoice } from './cities.js';

export interface Meta {
  ip?: string;
  requestId?: string;
}

export type LoginResult =
  | { ok: true; user: UserRow; via: 'password' | 'otp' }
  | { ok: 'pin'; accountId: number }
  | { ok: false; reason: 'invalid' | 'blocked' | 'pending' }
  | { ok: false; reason: 'limited'; retryAfterMs: number }
  | { ok: false; reason: 'ambiguous'; cities: CityChoice[] };

export type SecurityQuestion = 'birth_date' | 'passport' | 'last_payment';

export const QUESTION_TEXT: Record<SecurityQuestion, { label: string; hint: string }> = {
  birth_date: { label: 'Дата вашего рождения', hint: 'В формате ДД.ММ.ГГГГ, например 12.05.1970' },
  passport: { label: 'Номер вашего паспорта', hint: 'Серия и номер, как в паспорте, например 8701 123456' },
  last_payment: { label: 'Сумма последнего платежа', hint: 'В рублях с копейками, например 712.40' },
};

export type AnswerResult =
  | { ok: true; user: UserRow }
  | { ok: false; reason: 'wrong' }
  | { ok: false; reason: 'limited'; retryAfterMs: number };

const looksLikeNumber = (s: string) => !s.includes('@');

export interface AuthDeps {
  db: Db;
  users: UsersRepo;
  accounts: IdentityAccountsRepo;
  tokens: TokensRepo;
  sessions: SessionsRepo;
  outbox: OutboxRepo;
  limits: RateLimits;
  audit: AuditLog;
  clock: Clock;
  publicUrl: string;
}

export class AuthService {
  private readonly db: Db;
  private readonly users: UsersRepo;
  private readonly accounts: IdentityAccountsRepo;
  private readonly tokens: TokensRepo;
  private readonly sessions: SessionsRepo;
  private readonly outbox: OutboxRepo;
  private readonly limits: RateLimits;
  private readonly audit: AuditLog;
  private readonly clock: Clock;
  private readonly publicUrl: string;

  constructor(deps: AuthDeps) {
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
      publicUrl: this.publicUrl,
    } = deps);
  }

  /**
   * An e-mail or login names one user; an account or contract number may be linked to several
   * (family members): the password decides which of them is logging in. When no password matches,
   * the number may still open with the PIN printed on the bill, or with a one-time password sent
   * by SMS.
   *
   * Every attempt is counted before any secret is checked, against the IP and against each
   * identity the login names (its users and accounts, so the account number and the contract
   * number share one budget for the same PIN); a login naming nobody is counted under its own
   * text, with the same words and the same work as a real one. A numeric login always costs two
   * verifications (a password, then a PIN or a dummy) whether the number exists or has a PIN.
   */
  async login(input: { login: string; password: string; city?: string }, meta: Meta): Promise<LoginResult> {
    const login = input.login.trim();

    // a number known at several suppliers asks for the city (seed 004), before anything is
    // counted: no secret is checked
    let supplierId: number | undefined;
    if (looksLikeNumber(login)) {
      const suppliers = await this.accounts.suppliersOf(login);
      if (suppliers.length > 1) {
        const cities = cityChoices(await this.accounts.cities(suppliers.map((s) => s.id)));
        supplierId = supplierOfChoice(cities, input.city);
        if (supplierId === undefined) return { ok: false, reason: 'ambiguous', cities };
      }
    }

    const byLogin = await this.users.findByLogin(login);
    const byNumber = looksLikeNumber(login)
      ? await this.users.findByAccountOrContractNumber(login, this.db, supplierId)
      : [];
    const candidates = [...(byLogin ? [byLogin] : []), ...byNumber.filter((u) => u.id !== byLogin?.id)];
    const numberAccounts = looksLikeNumber(login) ? await this.accounts.byNumber(login, supplierId) : [];

    const identities = [
      ...candidates.map((u) => `user:${u.id}`),
      ...numberAccounts.map((a) => `account:${a.id}`),
    ];
    if (identities.length === 0) identities.push(login);
    const allowed = await this.limits.consumeAll([
      ...identities.map((k): [LimitName, string] => ['loginPerLogin', k]),
      ['loginPerIp', meta.ip ?? 'unknown'],
    ]);
    if (!allowed.ok) {
      await this.audit.record({
        action: 'login.limited',
        targetType: 'login',
        targetId: login.slice(0, 64),
        ...meta,
      });
      return { ok: false, reason: 'limited', retryAfterMs: allowed.retryAfterMs };
    }

    let found: UserRow | undefined;
    if (candidates.length === 0) {
      await verifyPassword(null, input.password);
    } else {
      for (const u of candidates) {
        if (await verifyPassword(u.password_hash, input.password)) {
          found = u;
          break;
        }
      }
    }

    let via: 'password' | 'otp' = 'password';
    if (!found && looksLikeNumber(login)) {
      // a one-time password from SMS recovery: issued to one of the users linked to the number
      for (const u of candidates) {
        const token = await this.tokens.consumeHash('otp', otpHash(u.id, input.password), this.clock.now());
        if (token) {
          found = u;
          via = 'otp';
          await this.users.update(u.id, { must_change_password: true });
          found = { ...u, must_change_password: true };
          break;
        }
      }
    }

    if (!found && looksLikeNumber(login)) {
      const pinAccounts = numberAccounts.filter((a) => a.pin_hash);
      // without a PIN to check, the same work is done on a dummy: no timing says which numbers have one
      if (pinAccounts.length === 0) await verifyPassword(null, input.password);
      for (const a of pinAccounts) {
        if (await verifyPassword(a.pin_hash, input.password)) {
          await this.limits.resetAll('loginPerLogin', identities);
          await this.limits.refund('loginPerIp', meta.ip ?? 'unknown');
          await this.audit.record({
            action: 'login.pin_accepted',
            targetType: 'account',
            targetId: a.id,
            ...meta,
          });
          return { ok: 'pin', accountId: a.id };
        }
      }
    }

    if (!found) {
      await this.audit.record({
        action: 'login.failed',
        targetType: 'login',
        targetId: login.slice(0, 64),
        ...meta,
      });
      return { ok: false, reason: 'invalid' };
    }
    if (found.status !== 'active') {
      await this.audit.record({
        actorId: found.id,
        action: 'login.refused',
        details: { status: found.status },
        ...meta,
      });
      return { ok: false, reason: found.status };
    }
    // a success gives its identity its tries back, and is not held against the (shared) IP
    await this.limits.resetAll('loginPerLogin', identities);
    await this.limits.refund('loginPerIp', meta.ip ?? 'unknown');
    if (found.totp_enabled_at) {
      // not signed in yet: the code from the app decides (TwoFactorService.verifyLogin)
      await this.audit.record({
        actorId: found.id,
        action: 'login.password_accepted',
        details: { via },
        ...meta,
      });
      return { ok: true, user: found, via };
    }
    await this.users.touchLogin(found.id);
    await this.audit.record({
      actorId: found.id,
      action: via === 'otp' ? 'login.otp_succeeded' : 'login.succeeded',
      ...meta,
    });
    return { ok: true, user: found, via };
  }

  /** The questions this account's data can answer (seed 000): birth date, passport, last payment. */
  async availableQuestions(accountId: number): Promise<SecurityQuestion[]> {
    const account = await this.accounts.byId(accountId);
    if (!account) return [];
    const customer = await this.accounts.customer(account.customer_id);
    const out: SecurityQuestion[] = [];
    if (customer?.birth_date) out.push('birth_date');
    if (customer?.passport && customer.passport.replace(/\D/g, '').length >= 6) out.push('passport');
    if ((await this.accounts.lastPaymentKop(accountId)) !== undefined) out.push('last_payment');
    return out;
  }

  /** One of the available questions, chosen at random once per PIN login (kept in the session). */
  async pickQuestion(accountId: number): Promise<SecurityQuestion | undefined> {
    const qs = await this.availableQuestions(accountId);
    return qs.length ? qs[crypto.randomInt(qs.length)] : undefined;
  }

  /**
   * Checks the answer to the security question after a PIN login. Wrong answers count against the
   * account and the IP. A right one gives the holder a user of their own, linked to the account as
   * owner, that must set a password before anything else.
   */
  async answerQuestion(
    accountId: number,
    question: SecurityQuestion,
    answer: string,
    meta: Meta,
  ): Promise<AnswerResult> {
    const keys: [LimitName, string][] = [
      ['questionPerAccount', `account:${accountId}`],
      ['questionPerIp', meta.ip ?? 'unknown'],
    ];
    // counted before the answer is looked at: parallel answers cannot outrun the limit
    const allowed = await this.limits.consumeAll(keys);
    if (!allowed.ok) {
      await this.audit.record({
        action: 'security_question.limited',
        targetType: 'account',
        targetId: accountId,
        details: { question },
        ...meta,
      });
      return { ok: false, reason: 'limited', retryAfterMs: allowed.retryAfterMs };
    }
    const account = await this.accounts.byId(accountId);
    const right = account ? await this.isRightAnswer(account, question, answer) : false;
    if (!right || !account) {
      await this.audit.record({
        action: 'security_question.failed',
        targetType: 'account',
        targetId: accountId,
        details: { question },
        ...meta,
      });
      // the last allowed wrong answer already ends the PIN step
      if (allowed.left === 0)
        return { ok: false, reason: 'limited', retryAfterMs: LIMITS.questionPerAccount.blockSec * 1000 };
      return { ok: false, reason: 'wrong' };
    }
    const user = await this.db.transaction(async (tx) => {
      const u = await this.ensureAccountUser(account, tx);
      await this.users.update(u.id, { must_change_password: true }, tx);
      return { ...u, must_change_password: true };
    });
    await this.limits.reset('questionPerAccount', `account:${accountId}`);
    await this.limits.refund('questionPerIp', meta.ip ?? 'unknown');
    await this.users.touchLogin(user.id);
    await this.audit.record({
      actorId: user.id,
      action: 'login.pin_succeeded',
      targetType: 'account',
      targetId: accountId,
      details: { question },
      ...meta,
    });
    return { ok: true, user };
  }

  private async isRightAnswer(
    account: AccountForIdentity,
    question: SecurityQuestion,
    answer: string,
  ): Promise<boolean> {
    const customer = await this.accounts.customer(account.customer_id);
    if (!customer) return false;
    switch (question) {
      case 'birth_date':
        return Boolean(customer.birth_date) && parseDate(answer) === customer.birth_date;
      case 'passport': {
        const onRecord = (customer.passport ?? '').replace(/\D/g, '');
        const typed = answer.replace(/\D/g, '');
        // the full series and number, or the number alone (the last six digits)
        return (
          onRecord.length >= 6 &&
          typed.length >= 6 &&
          (typed === onRecord || (typed.length === 6 && onRecord.endsWith(typed)))
        );
      }
      case 'last_payment': {
        const kop = await this.accounts.lastPaymentKop(account.id);
        const typed = parseRubles(answer);
        return kop !== undefined && typed !== undefined && typed === kop;
      }
    }
  }

  /**
   * The user a holder of the account's number signs in as (PIN or SMS password): the one who came
   * in with this number before, else the account's only owner, else a new one created now.
   */
  async ensureAccountUser(account: AccountForIdentity, tx: Db | Tx): Promise<UserRow> {
    const linked = await this.accounts.linkedUsers(account.id, tx);
    const byNumber = linked.find(
      (u) => u.login.toLowerCase() === account.number.toLowerCase() && u.status !== 'blocked',
    );
    const owners = linked.filter((u) => u.relation === 'owner' && u.status !== 'blocked');
    const existingId = byNumber?.id ?? (owners.length === 1 ? owners[0]!.id : undefined);
    if (existingId) return (await this.users.findById(existingId, tx))!;
    const customer = await this.accounts.customer(account.customer_id, tx);
    let login = account.number;
    if (await this.users.loginTaken(login, undefined, tx)) login = `${account.number}-${account.supplier_id}`;
    const user = await this.users.create(
      {
        login,
        customer_kind: account.customer_kind,
        last_name: customer?.last_name ?? null,
        first_name: customer?.first_name ?? customer?.name ?? null,
        middle_name: customer?.middle_name ?? null,
        birth_date: customer?.birth_date ?? null,
        status: 'active',
        must_change_password: true,
      },
      tx,
    );
    await this.users.link(user.id, account.id, 'owner', tx);
    return user;
  }

  /**
   * Sets the password a PIN or SMS login must choose: it clears must_change_password, retires the
   * PIN of the account it came in with, spends one-time passwords and ends the user's other sessions.
   */
  async setNewPassword(
    userId: number,
    password: string,
    currentSid: string,
    pinAccountId: number | undefined,
    meta: Meta,
  ): Promise<void> {
    const hash = await hashPassword(password);
    await this.db.transaction(async (tx) => {
      const user = await this.users.findById(userId, tx);
      await this.users.update(userId, { password_hash: hash, must_change_password: false }, tx);
      if (pinAccountId) await this.accounts.clearPin(pinAccountId, tx);
      await this.tokens.spendAll(userId, this.clock.now(), ['otp', 'reset_password'], tx);
      await this.sessions.endAllFor(userId, currentSid, tx);
      // the owner hears of every new password: by e-mail, or by SMS when there is no address yet
      if (user?.email) await this.outbox.enqueue(messages.passwordChanged(user.email, this.publicUrl), tx);
      else if (user?.phone) await this.outbox.enqueue(messages.passwordChangedSms(user.phone), tx);
      await this.audit.record({ actorId: userId, action: 'password.set', ...meta }, tx);
    });
  }

  /** Changes a password after checking the current one (profile). */
  async changePassword(
    userId: number,
    current: string,
    password: string,
    currentSid: string,
    meta: Meta,
  ): Promise<
    { ok: true } | { ok: false; reason: 'wrong' } | { ok: false; reason: 'limited'; retryAfterMs: number }
  > {
    const user = await this.users.findById(userId);
    if (!user) return { ok: false, reason: 'wrong' };
    const check = await this.checkCurrentPassword(user, current, meta);
    if (!check.ok) return check;
    const hash = await hashPassword(password);
    await this.db.transaction(async (tx) => {
      await this.users.update(userId, { password_hash: hash, must_change_password: false }, tx);
      await this.tokens.spendAll(userId, this.clock.now(), ['otp', 'reset_password'], tx);
      await this.sessions.endAllFor(userId, currentSid, tx);
      if (user.email) await this.outbox.enqueue(messages.passwordChanged(user.email, this.publicUrl), tx);
      await this.audit.record({ actorId: userId, action: 'password.changed', ...meta }, tx);
    });
    return { ok: true };
  }

  /** The current password asked for by sensitive profile changes; every check counts per user, before it is made. */
  async checkCurrentPassword(
    user: UserRow,
    current: string,
    meta: Meta,
  ): Promise<
    { ok: true } | { ok: false; reason: 'wrong' } | { ok: false; reason: 'limited'; retryAfterMs: number }
  > {
    const key = `user:${user.id}`;
    const allowed = await this.limits.consume('passwordPerUser', key);
    if (!allowed.ok) {
      await this.audit.record({ actorId: user.id, action: 'password.check_limited', ...meta });
      return { ok: false, reason: 'limited', retryAfterMs: allowed.retryAfterMs };
    }
    if (!(await verifyPassword(user.password_hash, current))) {
      await this.audit.record({ actorId: user.id, action: 'password.check_failed', ...meta });
      return { ok: false, reason: 'wrong' };
    }
    await this.limits.reset('passwordPerUser', key);
    return { ok: true };
  }
}

/** "712.40", "712,4", "1 348,88", "712" → kopecks; undefined when it is not an amount. */
export function parseRubles(raw: string): number | undefined {
  const s = raw.replace(/[\s\u00a0]|руб\.?|₽|р\.?$/gi, '').replace(',', '.');
  const m = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) return undefined;
  return Number(m[1]) * 100 + Number((m[2] ?? '0').padEnd(2, '0'));
}
