// SQL of the subscription mailings: who gets which bill and which debt notice, and unsubscribing.
import type { Db, Tx } from '../../db/knex.js';
import type { SubscriptionKind } from '../auth/consentsRepo.js';

/** One mail to write: a bill (or advance bill) and a subscribed person linked to its account. */
export interface BillRecipient {
  bill_id: number;
  bill_number: string;
  bill_type: 'bill' | 'invoice' | 'correction' | 'advance';
  bill_date: string;
  period: string;
  due_date: string | null;
  amount_kop: number;
  account_id: number;
  account_number: string;
  customer_kind: 'person' | 'organisation';
  supplier_name: string;
  time_zone: string;
  user_id: number;
  email: string;
  first_name: string | null;
  middle_name: string | null;
}

/** The subscription a bill of this type is mailed under (a company's advance bills have their own). */
export const kindOfBill = (type: BillRecipient['bill_type']): SubscriptionKind =>
  type === 'advance' ? 'advance_bills' : 'bills_email';

const DATE = (col: string) => `to_char(${col}, 'YYYY-MM-DD')`;

export class SubscriptionMailsRepo {
  constructor(private readonly db: Db) {}

  /**
   * The active people with an e-mail linked to the bills' accounts and subscribed to the bills'
   * kind (a subscription without an account covers all of them), optionally only those whose
   * subscription is older than the bill and who have no mail of the bill yet (`dedupePrefix`).
   */
  private recipients(db: Db | Tx, kind: 'bills' | 'debt') {
    const kindSql =
      kind === 'debt'
        ? `'debt_notice'`
        : `case when b.type = 'advance' then 'advance_bills' else 'bills_email' end`;
    return db('bills as b')
      .join('accounts as a', 'a.id', 'b.account_id')
      .join('customers as c', 'c.id', 'a.customer_id')
      .join('suppliers as s', 's.id', 'b.supplier_id')
      .join('user_accounts as ua', 'ua.account_id', 'a.id')
      .join('users as u', 'u.id', 'ua.user_id')
      .join('subscriptions as sub', function () {
        this.on('sub.user_id', 'u.id')
          .andOn(db.raw(`sub.kind = ${kindSql}`))
          .andOn(function () {
            this.on('sub.account_id', 'a.id').orOnNull('sub.account_id');
          });
      })
      .where('u.status', 'active')
      .whereNotNull('u.email')
      .distinct(
        'b.id as bill_id',
        'b.number as bill_number',
        'b.type as bill_type',
        db.raw(`${DATE('b.date')} as bill_date`),
        db.raw(`${DATE('b.period')} as period`),
        db.raw(`${DATE('b.due_date')} as due_date`),
        // a correlated subquery: the view is summed for each bill found only (joined, the planner
        // aggregates it for every bill of the database, once per billing batch)
        db.raw('(select bt.amount_kop from bill_totals bt where bt.bill_id = b.id)::bigint as amount_kop'),
        'a.id as account_id',
        'a.number as account_number',
        'c.kind as customer_kind',
        's.name as supplier_name',
        's.time_zone',
        'u.id as user_id',
        'u.email',
        'u.first_name',
        'u.middle_name',
      )
      .orderBy(['bill_id', 'user_id']);
  }

  /** Everyone a just-issued bill is mailed to (the billing run, inside its batch's transaction). */
  async billRecipients(billIds: readonly number[], db: Db | Tx = this.db): Promise<BillRecipient[]> {
    if (billIds.length === 0) return [];
    return fix(await this.recipients(db, 'bills').whereIn('b.id', billIds));
  }

  /**
   * Bills dated within [from, to] not yet mailed to a subscriber, for bills another path wrote (an
   * import: a company's advance bills come that way). A subscription made after the bill was written
   * does not reach back to it, so subscribing never mails a pile of old documents.
   */
  async unmailedBills(from: string, to: string, db: Db | Tx = this.db): Promise<BillRecipient[]> {
    return fix(
      await this.recipients(db, 'bills')
        .whereBetween('b.date', [from, to])
        .whereRaw('b.created_at >= sub.created_at')
        .whereNotExists(
          db('outbox as o')
            .whereRaw(`o.dedupe_key = 'bill-mail:' || b.id || ':' || u.id`)
            .select(db.raw('1')),
        ),
    );
  }

  /**
   * Bills (not advance bills: they are payment requests, with no debt of their own) whose due date
   * lies within [from, to], with debt-notice subscribers who have no notice of them yet. Whether
   * anything is still owed on the bill is the statement's to say (the service asks it).
   */
  async overdueCandidates(from: string, to: string, db: Db | Tx = this.db): Promise<BillRecipient[]> {
    return fix(
      await this.recipients(db, 'debt')
        .whereNot('b.type', 'advance')
        .whereBetween('b.due_date', [from, to])
        .whereNotExists(
          db('outbox as o')
            .whereRaw(`o.dedupe_key = 'debt-notice:' || b.id || ':' || u.id`)
            .select(db.raw('1')),
        ),
    );
  }

  /** The person an unsubscribe link names, if they still exist. */
  user(userId: number, db: Db | Tx = this.db): Promise<{ id: number; email: string | null } | undefined> {
    return db('users').where({ id: userId }).first('id', 'email');
  }

  async isSubscribed(userId: number, kind: SubscriptionKind, db: Db | Tx = this.db): Promise<boolean> {
    return Boolean(await db('subscriptions').where({ user_id: userId, kind }).first('id'));
  }
}

function fix(rows: BillRecipient[]): BillRecipient[] {
  return rows.map((r) => ({ ...r, amount_kop: Number(r.amount_kop) }));
}
