// Connecting an account to a person's cabinet with a control question (seed 002 §5); five wrong
// answers lock connecting that account for that person for 24 hours. Every answer is counted
// before it is checked, in one conditional upsert, so parallel answers cannot outrun the count
// and a failure can never clear the lock.
import type { Db } from '../../db/knex.js';
import type { Clock } from '../../platform/clock.js';
import type { AuditLog } from '../../platform/audit.js';
import type { LinkedAccount } from '../../domain/identity.js';
import { tryParseMoney } from '../../domain/money.js';
import type { AccountService } from '../account/service.js';
import type { LimitCheck, RateLimits } from '../../platform/rateLimit.js';
import type { Question, Relation } from './schemas.js';
import type { CandidateAccount, ConnectRepo } from './repo.js';

export const MAX_FAILURES = 5;
export const LOCK_MS = 24 * 60 * 60 * 1000;

export type ConnectResult =
  | { ok: true; account: CandidateAccount; reconnected: boolean }
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'already'; account: CandidateAccount }
  | { ok: false; reason: 'locked'; until: Date; timeZone: string }
  | { ok: false; reason: 'wrong'; left: number }
  | { ok: false; reason: 'locked_now'; until: Date; timeZone: string };

interface Meta {
  ip?: string;
  requestId?: string;
}

const normaliseCode = (s: string) => s.replace(/[\s-]/g, '').toLowerCase();

export interface ConnectDeps {
  db: Db;
  repo: ConnectRepo;
  clock: Clock;
  audit: AuditLog;
  accounts: AccountService;
  limits: RateLimits;
}

export class ConnectService {
  private readonly db: Db;
  private readonly repo: ConnectRepo;
  private readonly clock: Clock;
  private readonly audit: AuditLog;
  private readonly accounts: AccountService;
  private readonly limits: RateLimits;

  constructor(deps: ConnectDeps) {
    ({
      db: this.db,
      repo: this.repo,
      clock: this.clock,
      audit: this.audit,
      accounts: this.accounts,
      limits: this.limits,
    } = deps);
  }

  /**
   * Counts one look-up of a number (step 1 says whether it exists) against the person and the IP,
   * before anything is looked up.
   */
  async spendLookup(userId: number, number: string, meta: Meta): Promise<LimitCheck> {
    const allowed = await this.limits.consumeAll([
      ['connectLookupPerUser', `user:${userId}`],
      ['connectLookupPerIp', meta.ip ?? 'unknown'],
    ]);
    await this.audit.record({
      actorId: userId,
      action: allowed.ok ? 'account.connect_lookup' : 'account.connect_lookup_limited',
      targetType: 'login',
      targetId: number.slice(0, 64),
      ...meta,
    });
    return allowed;
  }

  /** Step 1: the number exists and is not in this person's cabinet yet; or the lock in force. */
  async check(
    userId: number,
    number: string,
  ): Promise<
    | Exclude<ConnectResult, { ok: true } | { reason: 'wrong' | 'locked_now' }>
    | { ok: true; accounts: CandidateAccount[] }
  > {
    const found = await this.repo.candidates(number);
    if (found.length === 0) return { ok: false, reason: 'not_found' };
    const linked = await this.repo.links(
      userId,
      found.map((a) => a.id),
    );
    const visibleLinked = linked.find((l) => l.visible);
    if (visibleLinked)
      return { ok: false, reason: 'already', account: found.find((a) => a.id === visibleLinked.account_id)! };
    const lock = await this.lockOf(
      userId,
      found.map((a) => a.id),
    );
    if (lock) return { ok: false, reason: 'locked', until: lock, timeZone: found[0]!.supplier_time_zone };
    return { ok: true, accounts: found };
  }

  /** Step 2: checks the answer; links the account, or counts the failure (and locks at the fifth). */
  async connect(
    userId: number,
    input: { accountNumber: string; relation: Relation; question: Question; answer: string },
    meta: Meta,
  ): Promise<ConnectResult> {
    const step = await this.check(userId, input.accountNumber);
    if (!step.ok) return step;
    const now = this.clock.now();
    // each attempt is counted first; only the accounts it could be counted on are checked
    const reserved: { account: CandidateAccount; attempt: { failures: number; lockedUntil: Date | null } }[] =
      [];
    for (const a of step.accounts) {
      const attempt = await this.repo.reserveAttempt(userId, a.id, now, MAX_FAILURES, LOCK_MS);
      if (attempt) reserved.push({ account: a, attempt });
    }
    if (reserved.length === 0) {
      const lock = await this.lockOf(
        userId,
        step.accounts.map((a) => a.id),
      );
      return {
        ok: false,
        reason: 'locked',
        until: lock ?? new Date(now.getTime() + LOCK_MS),
        timeZone: step.accounts[0]!.supplier_time_zone,
      };
    }
    let match: CandidateAccount | undefined;
    for (const { account: a } of reserved)
      if (await this.answers(a, input.question, input.answer)) match = match ?? a;

    if (match) {
      const account = match;
      const reconnected = await this.db.transaction(async (tx) => {
        const existed = await this.repo.link(userId, account.id, input.relation, tx);
        // the right answer proves this account only: another supplier's account keeps its count and lock
        await this.repo.forgetAttempts(userId, account.id, tx);
        await this.audit.record(
          {
            actorId: userId,
            action: 'account.connected',
            targetType: 'account',
            targetId: account.id,
            ...meta,
            details: { number: account.number, relation: input.relation, question: input.question },
          },
          tx,
        );
        return existed;
      });
      return { ok: true, account, reconnected };
    }

    // a wrong answer counts against every account with that number
    return this.db.transaction(async (tx) => {
      let lockedUntil: Date | null = null;
      let failures = 0;
      for (const { account: a, attempt } of reserved) {
        failures = Math.max(failures, attempt.failures);
        if (attempt.lockedUntil) lockedUntil = attempt.lockedUntil;
        await this.audit.record(
          {
            actorId: userId,
            action: attempt.lockedUntil ? 'account.connect_locked' : 'account.connect_failed',
            targetType: 'account',
            targetId: a.id,
            ...meta,
            details: { question: input.question, failures: attempt.failures },
          },
          tx,
        );
      }
      if (lockedUntil)
        return {
          ok: false as const,
          reason: 'locked_now' as const,
          until: lockedUntil,
          timeZone: step.accounts[0]!.supplier_time_zone,
        };
      return { ok: false as const, reason: 'wrong' as const, left: MAX_FAILURES - failures };
    });
  }

  private async lockOf(userId: number, accountIds: number[]): Promise<Date | null> {
    const now = this.clock.now().getTime();
    const until = (await this.repo.locks(userId, accountIds)).filter((d) => d.getTime() > now);
    return until.length ? new Date(Math.max(...until.map((d: Date) => d.getTime()))) : null;
  }

  /**
   * The bind code printed on the bill, or the total of the last bill to the kopeck ("1234.56" or
   * "1234,56"): the bill's amount, with its penalty, or the ИТОГО К ОПЛАТЕ of the receipt
   * (the debt at the end of that month, penalties included).
   */
  private async answers(a: CandidateAccount, question: Question, answer: string): Promise<boolean> {
    if (question === 'bind_code')
      return (
        a.bind_code != null && a.bind_code !== '' && normaliseCode(a.bind_code) === normaliseCode(answer)
      );
    const kop = tryParseMoney(answer);
    if (kop === null || kop <= 0) return false;
    const today = this.clock.today(a.supplier_time_zone);
    const linked = { id: a.id, number: a.number } as LinkedAccount;
    const statement = await this.accounts.statement(linked, today);
    const last = statement.bills.filter((b) => b.type !== 'correction').at(-1);
    if (!last) return false;
    const totals = new Set([last.amountKop, last.amountKop + last.penaltyKop]);
    const history = await this.accounts.history(linked, today, last.date, last.date);
    const month = history.months.find((m) => m.period === last.period);
    if (month) {
      totals.add(month.debtEndKop + month.penaltyKop);
      totals.add(Math.max(0, month.debtEndKop + month.penaltiesBilledKop));
    }
    return totals.has(kop);
  }
}
