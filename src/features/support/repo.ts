// The support desk's SQL: finding customers, their card (accounts, logins, status, security
// events, requests) and their audit log. No column with a secret (hash, PIN, token) is selected.
import type { Db, Tx } from '../../db/knex.js';

/** What staff see of a login: never its password hash, PIN, two-factor secret or tokens. */
export interface CustomerLogin {
  id: number;
  login: string;
  email: string | null;
  phone: string | null;
  last_name: string | null;
  first_name: string | null;
  middle_name: string | null;
  role: 'customer' | 'support' | 'admin';
  customer_kind: 'person' | 'organisation' | null;
  status: 'pending' | 'active' | 'blocked';
  must_change_password: boolean;
  email_verified_at: Date | null;
  blocked_reason: string | null;
  last_login_at: Date | null;
  created_at: Date;
  two_factor: boolean;
}

const LOGIN_COLUMNS = [
  'u.id',
  'u.login',
  'u.email',
  'u.phone',
  'u.last_name',
  'u.first_name',
  'u.middle_name',
  'u.role',
  'u.customer_kind',
  'u.status',
  'u.must_change_password',
  'u.email_verified_at',
  'u.blocked_reason',
  'u.last_login_at',
  'u.created_at',
];

export interface SearchHit extends CustomerLogin {
  accounts: string | null;
  customer_names: string | null;
}

export interface CardAccount {
  id: number;
  number: string;
  address: string;
  supplier_name: string;
  relation: string;
  customer_kind: 'person' | 'organisation';
  customer_name: string;
  inn: string | null;
  contracts: string | null;
}

export interface AuditRow {
  id: number;
  at: Date;
  action: string;
  actor_id: number | null;
  actor_login: string | null;
  actor_role: string | null;
  target_type: string | null;
  target_id: string | null;
  ip: string | null;
  details: Record<string, unknown>;
}

/** `%` and `_` typed by staff are letters, not wildcards. */
const like = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export class SupportRepo {
  constructor(private readonly db: Db) {}

  private logins(db: Db | Tx) {
    return db('users as u').select(...LOGIN_COLUMNS, db.raw('(u.totp_enabled_at is not null) as two_factor'));
  }

  /**
   * Customers' logins matching `q` anywhere in: the login, e-mail, phone (digits), surname; or in a
   * linked account's number, its contracts' numbers, the customer's surname / organisation name,
   * INN, phone or e-mail. Partial matches, case-insensitive; a page of `limit` and the total.
   */
  async search(q: string, limit: number, offset: number, db: Db | Tx = this.db) {
    const pattern = like(q);
    const digits = q.replace(/\D/g, '');
    const phonePattern = digits.length >= 4 ? like(digits) : null;
    const matching = db('users as u')
      .where('u.role', 'customer')
      .where((w) => {
        w.whereILike('u.login', pattern)
          .orWhereILike('u.email', pattern)
          .orWhereILike('u.last_name', pattern)
          .orWhereRaw(
            `exists (select 1 from user_accounts ua
                       join accounts a on a.id = ua.account_id
                       join customers c on c.id = a.customer_id
                      where ua.user_id = u.id
                        and (a.number ilike ? or c.last_name ilike ? or c.name ilike ? or c.inn like ?
                             or c.email ilike ?
                             or exists (select 1 from contracts k where k.account_id = a.id and k.number ilike ?)
                             ${phonePattern ? "or regexp_replace(coalesce(c.phone, ''), '\\D', '', 'g') like ?" : ''}))`,
            [pattern, pattern, pattern, pattern, pattern, pattern, ...(phonePattern ? [phonePattern] : [])],
          );
        if (phonePattern)
          w.orWhereRaw(`regexp_replace(coalesce(u.phone, ''), '\\D', '', 'g') like ?`, [phonePattern]);
      });
    const [c] = await matching.clone().count<{ count: string }[]>('* as count');
    const rows = (await this.logins(db)
      .select(
        db.raw(
          `(select string_agg(a.number, ', ' order by a.number) from user_accounts ua
             join accounts a on a.id = ua.account_id where ua.user_id = u.id) as accounts`,
        ),
        db.raw(
          `(select string_agg(distinct coalesce(c.name, concat_ws(' ', c.last_name, c.first_name, c.middle_name)), '; ')
              from user_accounts ua join accounts a on a.id = ua.account_id
              join customers c on c.id = a.customer_id where ua.user_id = u.id) as customer_names`,
        ),
      )
      .whereIn('u.id', matching.clone().select('u.id'))
      .orderBy('u.last_name')
      .orderBy('u.id')
      .limit(limit)
      .offset(offset)) as SearchHit[];
    return { rows, total: Number(c?.count ?? 0) };
  }

  customer(id: number, db: Db | Tx = this.db): Promise<CustomerLogin | undefined> {
    return this.logins(db).where('u.id', id).where('u.role', 'customer').first();
  }

  accounts(userId: number, db: Db | Tx = this.db): Promise<CardAccount[]> {
    return db('user_accounts as ua')
      .join('accounts as a', 'a.id', 'ua.account_id')
      .join('suppliers as s', 's.id', 'a.supplier_id')
      .join('customers as c', 'c.id', 'a.customer_id')
      .where('ua.user_id', userId)
      .orderBy('a.number')
      .select(
        'a.id',
        'a.number',
        'a.address',
        's.name as supplier_name',
        'ua.relation',
        'c.kind as customer_kind',
        db.raw("coalesce(c.name, concat_ws(' ', c.last_name, c.first_name, c.middle_name)) as customer_name"),
        'c.inn',
        db.raw(
          "(select string_agg(k.number, ', ' order by k.number) from contracts k where k.account_id = a.id) as contracts",
        ),
      );
  }

  /** Other logins linked to the same accounts (family members, colleagues). */
  otherLogins(userId: number, db: Db | Tx = this.db): Promise<CustomerLogin[]> {
    return this.logins(db)
      .whereNot('u.id', userId)
      .whereIn(
        'u.id',
        db('user_accounts as x')
          .join('user_accounts as mine', 'mine.account_id', 'x.account_id')
          .where('mine.user_id', userId)
          .select('x.user_id'),
      )
      .orderBy('u.id');
  }

  /** The customer's log: what they did, what was done to their login, and failed logins naming it. */
  private logOf(user: Pick<CustomerLogin, 'id' | 'login' | 'email'>, db: Db | Tx) {
    const names = [user.login.toLowerCase(), ...(user.email ? [user.email.toLowerCase()] : [])];
    return db('audit_log as l')
      .leftJoin('users as a', 'a.id', 'l.actor_id')
      .where((w) =>
        w
          .where('l.actor_id', user.id)
          .orWhere((x) => x.where('l.target_type', 'user').where('l.target_id', String(user.id)))
          .orWhere((x) => x.where('l.target_type', 'login').whereRaw('lower(l.target_id) = any(?)', [names]))
          .orWhereRaw(
            "l.target_type = 'request' and l.target_id in (select r.id::text from requests r where r.user_id = ?)",
            [user.id],
          )
          // signed scans staff attached to, replaced on or removed from their accounts' documents
          .orWhereRaw(
            "l.target_type = 'account' and l.action like 'document\\_scan.%' and l.target_id in (select ua.account_id::text from user_accounts ua where ua.user_id = ?)",
            [user.id],
          ),
      );
  }

  async auditLog(
    user: Pick<CustomerLogin, 'id' | 'login' | 'email'>,
    limit: number,
    offset: number,
    db: Db | Tx = this.db,
  ): Promise<{ rows: AuditRow[]; total: number }> {
    const [c] = await this.logOf(user, db).count<{ count: string }[]>('* as count');
    const rows = await this.logOf(user, db)
      .select(
        'l.id',
        'l.at',
        'l.action',
        'l.actor_id',
        'a.login as actor_login',
        'a.role as actor_role',
        'l.target_type',
        'l.target_id',
        'l.ip',
        'l.details',
      )
      .orderBy('l.id', 'desc')
      .limit(limit)
      .offset(offset);
    return { rows, total: Number(c?.count ?? 0) };
  }

  async updateUser(id: number, patch: Record<string, unknown>, db: Db | Tx = this.db): Promise<void> {
    await db('users')
      .where({ id })
      .update({ ...patch, updated_at: db.fn.now() });
  }

  async clearTwoFactor(userId: number, db: Db | Tx = this.db): Promise<void> {
    await db('users')
      .where({ id: userId })
      .update({ totp_secret: null, totp_enabled_at: null, totp_last_step: null, updated_at: db.fn.now() });
    await db('recovery_codes').where({ user_id: userId }).del();
  }

  /** Spends the user's unused reset links and one-time passwords: only the new password works. */
  async spendSecrets(userId: number, now: Date, db: Db | Tx = this.db): Promise<void> {
    await db('tokens')
      .where({ user_id: userId })
      .whereIn('kind', ['reset_password', 'otp'])
      .whereNull('used_at')
      .update({ used_at: now });
  }

  async loginTaken(login: string, exceptId: number, db: Db | Tx = this.db): Promise<boolean> {
    const l = login.trim().toLowerCase();
    const row = await db('users')
      .where((w) => w.whereRaw('lower(login) = ?', [l]).orWhereRaw('lower(email) = ?', [l]))
      .whereNot('id', exceptId)
      .first('id');
    return Boolean(row);
  }
}
