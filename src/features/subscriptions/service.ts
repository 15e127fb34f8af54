// Subscriptions that do something: bills and advance bills mailed with their PDF when issued, a debt
// notice when a bill becomes overdue, and the signed link in every such mail that turns its kind off.
import type { Db, Tx } from '../../db/knex.js';
import type { Clock } from '../../platform/clock.js';
import type { Logger } from '../../platform/logger.js';
import type { AuditLog } from '../../platform/audit.js';
import type { OutboxRepo, NewMessage } from '../../platform/outbox/repo.js';
import type { AccountStatement } from '../../domain/statement.js';
import { addDays, type IsoDate } from '../../domain/periods.js';
import { maskEmail } from '../../platform/labels.js';
import { paths } from '../../paths.js';
import type { ConsentsRepo, SubscriptionKind } from '../auth/consentsRepo.js';
import type { SubscriptionMailsRepo, BillRecipient } from './repo.js';
import type { UnsubscribeTokens } from './unsubscribeToken.js';
import { billMail, debtNotice } from './messages.js';
import { startPeriodicJob, type Scheduler } from '../../platform/periodicJob.js';

/** Bills written by another path than the billing run (an import) are mailed if dated this many days back at most. */
export const BILL_CATCH_UP_DAYS = 7;
/** A bill overdue longer than this gets no notice any more (a job that did not run for a while does not flood). */
export const DEBT_NOTICE_WINDOW_DAYS = 30;

export interface SubscriptionMailerDeps {
  db: Db;
  repo: SubscriptionMailsRepo;
  outbox: OutboxRepo;
  consents: ConsentsRepo;
  audit: AuditLog;
  /** The account statement (the debt and разноска the pages show): what is still owed on a bill. */
  statements: { load(accountId: number, asOf: string): Promise<AccountStatement> };
  clock: Clock;
  logger: Logger;
  tokens: UnsubscribeTokens;
  /** PUBLIC_URL without a trailing slash. */
  publicUrl: string;
}

export interface MailingRun {
  /** Bill and advance-bill mails queued (bills not written by the billing run). */
  bills: number;
  /** Debt notices queued. */
  notices: number;
  /** Overdue bills of subscribers found paid in full by now: no notice. */
  paid: number;
}

export type UnsubscribeView =
  | { ok: true; kind: SubscriptionKind; email: string; subscribed: boolean }
  | { ok: false; reason: 'invalid' | 'expired' };

export class SubscriptionMailer {
  constructor(private readonly d: SubscriptionMailerDeps) {}

  /** The unsubscribe link of one person and one kind. */
  unsubscribeUrl(userId: number, kind: SubscriptionKind): string {
    return `${this.d.publicUrl}${paths.unsubscribe(this.d.tokens.issue(userId, kind, this.d.clock.now()))}`;
  }

  private billMails(rows: BillRecipient[]): NewMessage[] {
    return rows.map((r) =>
      billMail(r, this.d.publicUrl, {
        url: this.unsubscribeUrl(r.user_id, r.bill_type === 'advance' ? 'advance_bills' : 'bills_email'),
      }),
    );
  }

  /**
   * Queues the mail of just-issued bills to their subscribers, in the transaction that writes the
   * bills (the billing run's batch): the bills and their mails are committed together or not at all.
   * The dedupe key `bill-mail:<bill>:<user>` keeps it to one mail per bill and person whatever runs again.
   */
  async enqueueBillMails(billIds: readonly number[], tx: Db | Tx): Promise<number> {
    if (billIds.length === 0) return 0;
    return this.d.outbox.enqueueMany(this.billMails(await this.d.repo.billRecipients(billIds, tx)), tx);
  }

  /** Bills and advance bills dated in the last days that no one mailed yet (an import wrote them). */
  async queueUnmailedBills(today?: IsoDate): Promise<number> {
    const day = today ?? this.d.clock.today();
    const rows = await this.d.repo.unmailedBills(addDays(day, -BILL_CATCH_UP_DAYS), day);
    return this.d.outbox.enqueueMany(this.billMails(rows));
  }

  /**
   * One notice per overdue bill and subscriber: the day after the bill's due date (in the supplier's
   * time zone), if the account statement still shows something owed on it. Safe to run any number
   * of times: `debt-notice:<bill>:<user>` lets one through.
   */
  async queueDebtNotices(today?: IsoDate): Promise<{ notices: number; paid: number }> {
    const base = today ?? this.d.clock.today();
    const candidates = await this.d.repo.overdueCandidates(
      addDays(base, -DEBT_NOTICE_WINDOW_DAYS - 1),
      addDays(base, 1),
    );
    const byAccount = new Map<number, BillRecipient[]>();
    for (const r of candidates) {
      const day = today ?? this.d.clock.today(r.time_zone);
      if (!r.due_date || r.due_date >= day || r.due_date < addDays(day, -DEBT_NOTICE_WINDOW_DAYS)) continue;
      byAccount.set(r.account_id, [...(byAccount.get(r.account_id) ?? []), r]);
    }
    const out: NewMessage[] = [];
    let paid = 0;
    for (const [accountId, rows] of byAccount) {
      const statement = await this.d.statements.load(
        accountId,
        today ?? this.d.clock.today(rows[0]!.time_zone),
      );
      for (const r of rows) {
        const outstanding = statement.bills.find((b) => b.id === r.bill_id)?.outstandingKop ?? 0;
        if (outstanding <= 0) {
          paid++;
          continue;
        }
        out.push(
          debtNotice(r, outstanding, this.d.publicUrl, {
            url: this.unsubscribeUrl(r.user_id, 'debt_notice'),
          }),
        );
      }
    }
    return { notices: await this.d.outbox.enqueueMany(out), paid };
  }

  /** The daily round: bills imported since the last round, then debt notices. */
  async runOnce(today?: IsoDate): Promise<MailingRun> {
    const bills = await this.queueUnmailedBills(today);
    const { notices, paid } = await this.queueDebtNotices(today);
    return { bills, notices, paid };
  }

  /** What the unsubscribe page shows for a link; nothing changes. */
  async inspect(token: string): Promise<UnsubscribeView> {
    const c = this.d.tokens.check(token, this.d.clock.now());
    if (!c.ok) return c;
    const user = await this.d.repo.user(c.userId);
    return {
      ok: true,
      kind: c.kind,
      email: maskEmail(user?.email),
      subscribed: user ? await this.d.repo.isSubscribed(c.userId, c.kind) : false,
    };
  }

  /** Turns the link's one kind off for its one person (every account), audited; a second time changes nothing. */
  async unsubscribe(token: string, meta: { ip?: string; requestId?: string }): Promise<UnsubscribeView> {
    const c = this.d.tokens.check(token, this.d.clock.now());
    if (!c.ok) return c;
    const user = await this.d.repo.user(c.userId);
    if (!user) return { ok: true, kind: c.kind, email: '', subscribed: false };
    await this.d.db.transaction(async (tx) => {
      const removed = await this.d.consents.unsubscribe(user.id, c.kind, tx);
      if (removed > 0)
        await this.d.audit.record(
          {
            actorId: user.id,
            action: 'profile.unsubscribed_by_link',
            targetType: 'user',
            targetId: user.id,
            details: { kind: c.kind },
            ...meta,
          },
          tx,
        );
    });
    return { ok: true, kind: c.kind, email: maskEmail(user.email), subscribed: false };
  }
}

/**
 * Runs the daily round now and then every `intervalMs` (an hour by default), like the reading
 * reminders: a bill that became overdue at midnight in any time zone is noticed within the hour.
 */
export function startSubscriptionMailScheduler(
  mailer: SubscriptionMailer,
  logger: Logger,
  opts: { intervalMs?: number } = {},
): Scheduler {
  return startPeriodicJob(
    {
      name: 'subscription mailings',
      run: () => mailer.runOnce(),
      report: (r) => (r.bills || r.notices ? r : undefined),
    },
    logger,
    opts,
  );
}
