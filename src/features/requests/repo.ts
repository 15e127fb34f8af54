// Requests (обращения), their thread and attachments, and the topics staff maintain: the SQL.
import type { Db, Tx } from '../../db/knex.js';

export type RequestStatus = 'new' | 'in_progress' | 'answered' | 'closed';
export const OPEN_STATUSES: readonly RequestStatus[] = ['new', 'in_progress'];

export interface TopicRow {
  id: number;
  name: string;
  position: number;
  active: boolean;
}

/** An account of the customer and a supplier that serves it (the account's own, or a service's on a single bill). */
export interface AccountChoice {
  account_id: number;
  number: string;
  address: string;
  supplier_id: number;
  supplier_name: string;
}

export interface RequestRow {
  id: number;
  user_id: number;
  account_id: number | null;
  account_number: string | null;
  supplier_id: number | null;
  supplier_name: string | null;
  topic: string;
  text: string;
  status: RequestStatus;
  answer: string | null;
  answered_at: Date | null;
  taken_by: number | null;
  taken_by_name: string | null;
  created_at: Date;
  closed_at: Date | null;
  author_login: string;
  author_email: string | null;
  author_name: string | null;
  attachments: number;
}

export interface MessageRow {
  id: number;
  request_id: number;
  author_id: number | null;
  from_staff: boolean;
  body: string;
  created_at: Date;
}

export interface AttachmentMeta {
  id: number;
  request_id: number;
  message_id: number | null;
  file_name: string;
  content_type: string;
  size: number;
}

export interface QueueFilter {
  supplierId?: number;
  topicId?: number;
  statuses: readonly RequestStatus[];
  limit: number;
  offset: number;
}

export class RequestsRepo {
  constructor(private readonly db: Db) {}

  topics(activeOnly: boolean, db: Db | Tx = this.db): Promise<TopicRow[]> {
    const q = db<TopicRow>('request_topics').select('id', 'name', 'position', 'active');
    if (activeOnly) q.where('active', true);
    return q.orderBy([{ column: 'position' }, { column: 'id' }]);
  }

  topic(id: number, db: Db | Tx = this.db): Promise<TopicRow | undefined> {
    return db<TopicRow>('request_topics').where({ id }).first();
  }

  async topicNameTaken(name: string, exceptId?: number, db: Db | Tx = this.db): Promise<boolean> {
    const q = db('request_topics').whereRaw('lower(name) = lower(?)', [name]);
    if (exceptId !== undefined) q.whereNot('id', exceptId);
    return Boolean(await q.first('id'));
  }

  async addTopic(name: string, db: Db | Tx = this.db): Promise<number> {
    const [row] = await db('request_topics')
      .insert({ name, position: db.raw('(select coalesce(max(position), 0) + 1 from request_topics)') })
      .returning('id');
    return Number((row as { id: number }).id);
  }

  async updateTopic(id: number, patch: { name: string; active: boolean }, db: Db | Tx = this.db) {
    await db('request_topics').where({ id }).update(patch);
  }

  /** The customer's accounts with every supplier that bills on them. */
  async choicesFor(userId: number, db: Db | Tx = this.db): Promise<AccountChoice[]> {
    const res = await db.raw<{ rows: AccountChoice[] }>(
      `select a.id::int as account_id, a.number, a.address, s.id::int as supplier_id, s.name as supplier_name
         from user_accounts ua
         join accounts a on a.id = ua.account_id
         join lateral (select a.supplier_id as sid
                       union select sv.supplier_id from services sv where sv.account_id = a.id) x on true
         join suppliers s on s.id = x.sid
        where ua.user_id = ?
        order by a.number, s.name`,
      [userId],
    );
    return res.rows;
  }

  async create(
    r: {
      user_id: number;
      account_id: number;
      supplier_id: number;
      topic_id: number;
      topic: string;
      text: string;
      created_at: Date;
    },
    db: Db | Tx = this.db,
  ): Promise<number> {
    const [row] = await db('requests')
      .insert({ ...r, updated_at: r.created_at })
      .returning('id');
    return Number((row as { id: number }).id);
  }

  async addAttachment(
    a: {
      request_id: number;
      message_id?: number | null;
      file_name: string;
      content_type: string;
      data: Buffer;
    },
    db: Db | Tx = this.db,
  ): Promise<void> {
    await db('request_attachments').insert({ ...a, size: a.data.length });
  }

  private base(db: Db | Tx) {
    return db('requests as r')
      .join('users as u', 'u.id', 'r.user_id')
      .leftJoin('accounts as a', 'a.id', 'r.account_id')
      .leftJoin('suppliers as s', 's.id', 'r.supplier_id')
      .leftJoin('users as t', 't.id', 'r.taken_by')
      .select(
        'r.id',
        'r.user_id',
        'r.account_id',
        'a.number as account_number',
        'r.supplier_id',
        's.name as supplier_name',
        'r.topic',
        'r.text',
        'r.status',
        'r.answer',
        'r.answered_at',
        'r.taken_by',
        db.raw("nullif(concat_ws(' ', t.last_name, t.first_name), '') as taken_by_name"),
        'r.created_at',
        'r.closed_at',
        'u.login as author_login',
        'u.email as author_email',
        db.raw("nullif(concat_ws(' ', u.last_name, u.first_name, u.middle_name), '') as author_name"),
        db.raw(
          '(select count(*)::int from request_attachments ra where ra.request_id = r.id) as attachments',
        ),
      );
  }

  byId(id: number, db: Db | Tx = this.db): Promise<RequestRow | undefined> {
    return this.base(db).where('r.id', id).first();
  }

  /** The request, locked for an update of its status (two staff members acting at once). */
  async lock(
    id: number,
    tx: Tx,
  ): Promise<{ id: number; user_id: number; status: RequestStatus } | undefined> {
    return tx('requests').where({ id }).forUpdate().first('id', 'user_id', 'status');
  }

  /** The customer's requests created between two dates (inclusive, Moscow time), newest first. */
  listForUser(userId: number, from: string, to: string, db: Db | Tx = this.db): Promise<RequestRow[]> {
    return this.base(db)
      .where('r.user_id', userId)
      .whereRaw("(r.created_at at time zone 'Europe/Moscow')::date between ?::date and ?::date", [from, to])
      .orderBy('r.created_at', 'desc')
      .orderBy('r.id', 'desc');
  }

  recentForUser(userId: number, limit: number, db: Db | Tx = this.db): Promise<RequestRow[]> {
    return this.base(db).where('r.user_id', userId).orderBy('r.id', 'desc').limit(limit);
  }

  async queue(f: QueueFilter, db: Db | Tx = this.db): Promise<{ rows: RequestRow[]; total: number }> {
    const filter = (q: ReturnType<Db>) => {
      q.whereIn('r.status', [...f.statuses]);
      if (f.supplierId) q.where('r.supplier_id', f.supplierId);
      if (f.topicId) q.where('r.topic_id', f.topicId);
      return q;
    };
    const rows = await filter(this.base(db))
      .orderBy('r.created_at', 'asc')
      .orderBy('r.id', 'asc')
      .limit(f.limit)
      .offset(f.offset);
    const [c] = await filter(db('requests as r')).count<{ count: string }[]>('* as count');
    return { rows, total: Number(c?.count ?? 0) };
  }

  messages(requestId: number, db: Db | Tx = this.db): Promise<MessageRow[]> {
    return db<MessageRow>('request_messages').where({ request_id: requestId }).orderBy('id');
  }

  attachments(requestId: number, db: Db | Tx = this.db): Promise<AttachmentMeta[]> {
    return db<AttachmentMeta>('request_attachments')
      .where({ request_id: requestId })
      .orderBy('id')
      .select('id', 'request_id', 'message_id', 'file_name', 'content_type', 'size');
  }

  attachment(
    requestId: number,
    fileId: number,
    db: Db | Tx = this.db,
  ): Promise<(AttachmentMeta & { data: Buffer }) | undefined> {
    return db('request_attachments').where({ request_id: requestId, id: fileId }).first();
  }

  async addMessage(
    m: { request_id: number; author_id: number; from_staff: boolean; body: string; created_at: Date },
    db: Db | Tx = this.db,
  ): Promise<number> {
    const [row] = await db('request_messages').insert(m).returning('id');
    return Number((row as { id: number }).id);
  }

  async update(
    id: number,
    patch: Partial<{
      status: RequestStatus;
      answer: string;
      answered_by: number;
      answered_at: Date;
      taken_by: number;
      taken_at: Date;
      closed_at: Date | null;
      updated_at: Date;
    }>,
    db: Db | Tx = this.db,
  ): Promise<void> {
    await db('requests').where({ id }).update(patch);
  }

  suppliers(db: Db | Tx = this.db): Promise<{ id: number; name: string }[]> {
    return db('suppliers').select('id', 'name').orderBy('name');
  }
}
