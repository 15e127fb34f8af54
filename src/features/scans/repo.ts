// Signed scans of an account's documents (bills, invoices, acts by period): the SQL. The file's bytes
// are selected only by the download queries; every list reads the metadata alone.
import type { Db, Tx } from '../../db/knex.js';

export type BillType = 'bill' | 'invoice' | 'correction' | 'advance';

/** What a scan is, without its bytes. Exactly one of bill_id and act_from/act_to is set. */
export interface ScanMeta {
  id: number;
  account_id: number;
  bill_id: number | null;
  bill_number: string | null;
  bill_date: string | null;
  bill_type: BillType | null;
  act_from: string | null;
  act_to: string | null;
  file_name: string;
  content_type: string;
  size: number;
  uploaded_at: Date;
}

export type ScanFile = ScanMeta & { data: Buffer };

/** The document a scan is for: a bill of the account, or the act of a period. */
export type ScanTarget = { billId: number } | { actFrom: string; actTo: string };

/** The account as the staff page heads it. */
export interface ScanAccount {
  id: number;
  number: string;
  address: string;
  supplier_name: string;
  customer_kind: 'person' | 'organisation';
  customer_name: string;
}

export interface AccountDocument {
  id: number;
  number: string;
  date: string;
  period: string;
  type: BillType;
}

const META = [
  's.id',
  's.account_id',
  's.bill_id',
  'b.number as bill_number',
  'b.date as bill_date',
  'b.type as bill_type',
  's.act_from',
  's.act_to',
  's.file_name',
  's.content_type',
  's.size',
  's.uploaded_at',
] as const;

export class ScansRepo {
  constructor(private readonly db: Db) {}

  private scans(db: Db | Tx) {
    return db('document_scans as s').leftJoin('bills as b', 'b.id', 's.bill_id');
  }

  account(id: number, db: Db | Tx = this.db): Promise<ScanAccount | undefined> {
    return db('accounts as a')
      .join('suppliers as sp', 'sp.id', 'a.supplier_id')
      .join('customers as c', 'c.id', 'a.customer_id')
      .where('a.id', id)
      .first(
        'a.id',
        'a.number',
        'a.address',
        'sp.name as supplier_name',
        'c.kind as customer_kind',
        db.raw("coalesce(c.name, concat_ws(' ', c.last_name, c.first_name, c.middle_name)) as customer_name"),
      );
  }

  /** The logins linked to the account, for links back to their cards. */
  logins(accountId: number, db: Db | Tx = this.db): Promise<{ id: number; login: string }[]> {
    return db('user_accounts as ua')
      .join('users as u', 'u.id', 'ua.user_id')
      .where('ua.account_id', accountId)
      .orderBy('u.id')
      .select('u.id', 'u.login');
  }

  /** The account's documents dated from `since`, newest first: what a scan may be attached to. */
  documents(accountId: number, since: string, db: Db | Tx = this.db): Promise<AccountDocument[]> {
    return db('bills')
      .where('account_id', accountId)
      .where('date', '>=', since)
      .orderBy([
        { column: 'date', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(500)
      .select('id', 'number', 'date', 'period', 'type');
  }

  document(accountId: number, billId: number, db: Db | Tx = this.db): Promise<AccountDocument | undefined> {
    return db('bills')
      .where({ account_id: accountId, id: billId })
      .first('id', 'number', 'date', 'period', 'type');
  }

  /** Every scan of the account: bills' newest document first, then acts by period, newest first. */
  list(accountId: number, db: Db | Tx = this.db): Promise<ScanMeta[]> {
    return this.scans(db)
      .where('s.account_id', accountId)
      .orderByRaw('coalesce(b.date, s.act_to) desc, s.id desc')
      .select(...META);
  }

  /** The scans of these bills of the account. */
  forBills(accountId: number, billIds: readonly number[], db: Db | Tx = this.db): Promise<ScanMeta[]> {
    if (billIds.length === 0) return Promise.resolve([]);
    return this.scans(db)
      .where('s.account_id', accountId)
      .whereIn('s.bill_id', billIds)
      .select(...META);
  }

  /** The account's act scans whose period overlaps [from, to], the latest period first. */
  acts(accountId: number, from: string, to: string, db: Db | Tx = this.db): Promise<ScanMeta[]> {
    return this.scans(db)
      .where('s.account_id', accountId)
      .whereNull('s.bill_id')
      .where('s.act_from', '<=', to)
      .where('s.act_to', '>=', from)
      .orderBy([
        { column: 's.act_to', order: 'desc' },
        { column: 's.act_from', order: 'desc' },
      ])
      .select(...META);
  }

  /** One scan of the account with its bytes; another account's is not found. */
  file(accountId: number, scanId: number, db: Db | Tx = this.db): Promise<ScanFile | undefined> {
    return this.scans(db)
      .where({ 's.account_id': accountId, 's.id': scanId })
      .first(...META, 's.data');
  }

  meta(accountId: number, scanId: number, db: Db | Tx = this.db): Promise<ScanMeta | undefined> {
    return this.scans(db)
      .where({ 's.account_id': accountId, 's.id': scanId })
      .first(...META);
  }

  /** The scan already attached to the target, locked until the transaction ends (replace or not). */
  forTarget(
    accountId: number,
    target: ScanTarget,
    db: Tx,
  ): Promise<{ id: number; file_name: string } | undefined> {
    const q = db('document_scans').where('account_id', accountId).forUpdate();
    if ('billId' in target) q.where('bill_id', target.billId);
    else q.whereNull('bill_id').where({ act_from: target.actFrom, act_to: target.actTo });
    return q.first('id', 'file_name');
  }

  async insert(
    row: {
      account_id: number;
      bill_id: number | null;
      act_from: string | null;
      act_to: string | null;
      file_name: string;
      content_type: string;
      size: number;
      data: Buffer;
      uploaded_by: number;
      uploaded_at: Date;
    },
    db: Db | Tx = this.db,
  ): Promise<number> {
    const [r] = await db('document_scans').insert(row).returning('id');
    return Number(r.id);
  }

  async replace(
    id: number,
    file: {
      file_name: string;
      content_type: string;
      size: number;
      data: Buffer;
      uploaded_by: number;
      uploaded_at: Date;
    },
    db: Db | Tx = this.db,
  ): Promise<void> {
    await db('document_scans').where({ id }).update(file);
  }

  async remove(accountId: number, id: number, db: Db | Tx = this.db): Promise<number> {
    return db('document_scans').where({ account_id: accountId, id }).del();
  }
}
