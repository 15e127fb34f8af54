// Connecting an account to a person's cabinet with a control question (seed 002 §5); five wrong
// answers lock connecting that account for that person for 24 hours. Every answer is counted
// before it is checked, in one conditional upsert, so parallel answers cannot outrun the count
// and a failure can never clear the lock.
import type { Db, Tx } from '../../db/knex.js';
import type { Clock } from '../../platform/clock.js';
import type { AuditLog } from '../../platform/audit.js';
import type { LinkedAccount } from '../../domain/identity.js';
import { tryParseMoney } from '../../domain/money.js';
import type { AccountService } from '../account/service.js';
import type { LimitCheck, RateLimits } from '../../platform/rateLimit.js';
import type { Question, Relation } from './schemas.js';

export const MAX_FAILURES = 5;
export const LOCK_MS = 24 * 60 * 60 * 1000;

export interface CandidateAccount {
  id: number;
  number: string;
  address: string;
  supplier_id: number;
  supplier_name: string;
  supplier_time_zone: string;
  customer_kind: 'person' | 'organisation';
  bind_code: string | null;
}

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

export class ConnectService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
    private readonly accounts: AccountService,
    private readonly limits: RateLimits,
  ) {}

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

  /** Accounts with this number (one per supplier at most). */
  candidates(number: string, db: Db | Tx = this.db): Promise<CandidateAccount[]> {
    return db('accounts as a')
      .join('suppliers as s', 's.id', 'a.supplier_id')
      .join('customers as c', 'c.id', 'a.customer_id')
      .where('a.number', number.trim())
      .orderBy('a.id')
      .select('a.id', 'a.number', 'a.address', 'a.supplier_id', 's.name as supplier_name', 's.time_zone as supplier_time_zone', 'c.kind as customer_kind', 'a.bind_code');
  }

  /** Step 1: the number exists and is not in this person's cabinet yet; or the lock in force. */
  async check(userId: number, number: string): Promise<Exclude<ConnectResult, { ok: true } | { reason: 'wrong' | 'locked_now' }> | { ok: true; accounts: CandidateAccount[] }> {
    const found = await this.candidates(number);
    if (found.length === 0) return { ok: false, reason: 'not_found' };
    const linked = await this.db('user_accounts').where({ user_id: userId }).whereIn('account_id', found.map((a) => a.id)).select('account_id', 'visible');
    const visibleLinked = linked.find((l: { visible: boolean }) => l.visible);
    if (visibleLinked) return { ok: false, reason: 'already', account: found.find((a) => a.id === visibleLinked.account_id)! };
    const lock = await this.lockOf(userId, found.map((a) => a.id));
    if (lock) return { ok: false, reason: 'locked', until: lock, timeZone: found[0]!.supplier_time_zone };
    return { ok: true, accounts: found };
  }

  /** Step 2: checks the answer; links the account, or counts the failure (and locks at the fifth). */
  async connect(userId: number, input: { accountNumber: string; relation: Relation; question: Question; answer: string }, meta: Meta): Promise<ConnectResult> {
    const step = await this.check(userId, input.accountNumber);
    if (!step.ok) return step;
    const now = this.clock.now();
    // each attempt is counted first; only the accounts it could be counted on are checked
    const reserved: { account: CandidateAccount; attempt: { failures: number; lockedUntil: Date | null } }[] = [];
    for (const a of step.accounts) {
      const attempt = await this.reserveAttempt(userId, a.id, now);
      if (attempt) reserved.push({ account: a, attempt });
    }
    if (reserved.length === 0) {
      const lock = await this.lockOf(userId, step.accounts.map((a) => a.id));
      return { ok: false, reason: 'locked', until: lock ?? new Date(now.getTime() + LOCK_MS), timeZone: step.accounts[0]!.supplier_time_zone };
    }
    let match: CandidateAccount | undefined;
    for (const { account: a } of reserved) if (await this.answers(a, input.question, input.answer)) match = match ?? a;

    if (match) {
      const account = match;
      const reconnected = await this.db.transaction(async (tx) => {
        const existing = await tx('user_accounts').where({ user_id: userId, account_id: account.id }).first();
        if (existing) await tx('user_accounts').where({ user_id: userId, account_id: account.id }).update({ visible: true });
        else await tx('user_accounts').insert({ user_id: userId, account_id: account.id, relation: input.relation, visible: true });
        // the right answer proves this account only: another supplier's account keeps its count and lock
        await tx('account_connect_attempts').where({ user_id: userId, account_id: account.id }).delete();
        await this.audit.record(
          { actorId: userId, action: 'account.connected', targetType: 'account', targetId: account.id, ...meta, details: { number: account.number, relation: input.relation, question: input.question } },
          tx,
        );
        return Boolean(existing);
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
      if (lockedUntil) return { ok: false as const, reason: 'locked_now' as const, until: lockedUntil, timeZone: step.accounts[0]!.supplier_time_zone };
      return { ok: false as const, reason: 'wrong' as const, left: MAX_FAILURES - failures };
    });
  }

  /**
   * Counts one attempt for (user, account) before the answer is checked: a single upsert that
   * refuses when a lock is in force, restarts the count when the last attempt is older than the
   * lock window (or a lock has passed), and sets the lock at the fifth attempt. The row is only
   * ever written while no lock is in force, so no attempt can shorten or clear one.
   * Undefined: locked.
   */
  private async reserveAttempt(userId: number, accountId: number, now: Date): Promise<{ failures: number; lockedUntil: Date | null } | undefined> {
    const fresh = 't.locked_until is not null or t.last_failed_at is null or t.last_failed_at <= :windowStart';
    const next = `case when ${fresh} then 1 else t.failures + 1 end`;
    const res = await this.db.raw(
      `insert into account_connect_attempts as t (user_id, account_id, failures, last_failed_at, locked_until)
       values (:userId, :accountId, 1, :now, null)
       on conflict (user_id, account_id) do update set
         failures = ${next},
         last_failed_at = excluded.last_failed_at,
         locked_until = case when ${next} >= cast(:max as integer) then cast(:lockUntil as timestamptz) else null end
       where t.locked_until is null or t.locked_until <= :now
       returning failures, locked_until`,
      { userId, accountId, now, windowStart: new Date(now.getTime() - LOCK_MS), max: MAX_FAILURES, lockUntil: new Date(now.getTime() + LOCK_MS) },
    );
    const row = (res.rows as { failures: number; locked_until: Date | null }[])[0];
    return row ? { failures: Number(row.failures), lockedUntil: row.locked_until ? new Date(row.locked_until) : null } : undefined;
  }

  private async lockOf(userId: number, accountIds: number[]): Promise<Date | null> {
    const rows = await this.db('account_connect_attempts').where({ user_id: userId }).whereIn('account_id', accountIds).whereNotNull('locked_until').select('locked_until');
    const now = this.clock.now().getTime();
    const until = rows.map((r: { locked_until: Date }) => new Date(r.locked_until)).filter((d: Date) => d.getTime() > now);
    return until.length ? new Date(Math.max(...until.map((d: Date) => d.getTime()))) : null;
  }

  /**
   * The bind code printed on the bill, or the total of the last bill to the kopeck ("1234.56" or
   * "1234,56"): the bill's amount, with its penalty, or the ИТОГО К ОПЛАТЕ of the receipt
   * (the debt at the end of that month, penalties included).
   */
  private async answers(a: CandidateAccount, question: Question, answer: string): Promise<boolean> {
    if (question === 'bind_code') return a.bind_code != null && a.bind_code !== '' && normaliseCode(a.bind_code) === normaliseCode(answer);
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
    if (month) totals.add(month.debtEndKop + month.penaltyKop);
    return totals.has(kop);
  }
}
