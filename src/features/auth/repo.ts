// Users and their links to accounts, as the login and the access guard need them.
import type { Db, Tx } from '../../db/knex.js';
import {
  SUPPLIER_CONTACT_FIELDS,
  type AccessibleAccount,
  type LinkedAccount,
  type UserRow,
} from '../../domain/identity.js';

/** The supplier's contacts as one JSON column (s: the joined suppliers row); the field names are constants. */
const SUPPLIER_CONTACTS_JSON = `json_build_object(${SUPPLIER_CONTACT_FIELDS.map((f) => `'${f}', s.${f}`).join(', ')}) as supplier_contacts`;

export type { LinkedAccount, UserRow };

export interface NewUser {
  login: string;
  email?: string | null;
  phone?: string | null;
  password_hash?: string | null;
  last_name?: string | null;
  first_name?: string | null;
  middle_name?: string | null;
  birth_date?: string | null;
  gender?: 'male' | 'female' | null;
  customer_kind?: 'person' | 'organisation' | null;
  status?: 'pending' | 'active' | 'blocked';
  must_change_password?: boolean;
  marketing_consent?: boolean;
  email_verified_at?: Date | null;
}

export type UserPatch = Partial<NewUser> & { blocked_reason?: string | null; blocked_at?: Date | null };

export class UsersRepo {
  constructor(private readonly db: Db) {}

  findById(id: number, db: Db | Tx = this.db): Promise<UserRow | undefined> {
    return db<UserRow>('users').where({ id }).first();
  }

  findByLogin(login: string, db: Db | Tx = this.db): Promise<UserRow | undefined> {
    const l = login.trim().toLowerCase();
    return db<UserRow>('users')
      .whereRaw('lower(login) = ?', [l])
      .orWhereRaw('lower(email) = ?', [l])
      .orderBy('id')
      .first();
  }

  /** Users linked to accounts whose account number or contract number is `number` (at one supplier, if given). */
  async findByAccountOrContractNumber(
    number: string,
    db: Db | Tx = this.db,
    supplierId?: number,
  ): Promise<UserRow[]> {
    const q = db<UserRow>('users as u')
      .select('u.*')
      .join('user_accounts as ua', 'ua.user_id', 'u.id')
      .join('accounts as a', 'a.id', 'ua.account_id')
      .where((w) =>
        w
          .where('a.number', number)
          .orWhereExists(db('contracts as c').whereRaw('c.account_id = a.id').where('c.number', number)),
      )
      .distinct();
    if (supplierId !== undefined) q.where('a.supplier_id', supplierId);
    return q;
  }

  /** Whether `login` is taken as a login or an e-mail by a user other than `exceptId`. */
  async loginTaken(login: string, exceptId?: number, db: Db | Tx = this.db): Promise<boolean> {
    const l = login.trim().toLowerCase();
    const q = db('users').where((w) =>
      w.whereRaw('lower(login) = ?', [l]).orWhereRaw('lower(email) = ?', [l]),
    );
    if (exceptId !== undefined) q.whereNot('id', exceptId);
    return Boolean(await q.first('id'));
  }

  async create(u: NewUser, db: Db | Tx = this.db): Promise<UserRow> {
    const [row] = await db('users').insert(u).returning('*');
    return row as UserRow;
  }

  async update(id: number, patch: UserPatch, db: Db | Tx = this.db): Promise<void> {
    await db('users')
      .where({ id })
      .update({ ...patch, updated_at: db.fn.now() });
  }

  async link(
    userId: number,
    accountId: number,
    relation: 'owner' | 'tenant' | 'representative',
    db: Db | Tx = this.db,
  ): Promise<void> {
    await db('user_accounts')
      .insert({ user_id: userId, account_id: accountId, relation })
      .onConflict(['user_id', 'account_id'])
      .ignore();
  }

  /** A business user's organisations: the customers of the linked accounts, not the user's own name. */
  async organisationsOf(userId: number, db: Db | Tx = this.db): Promise<string[]> {
    const rows: { name: string }[] = await db('user_accounts as ua')
      .join('accounts as a', 'a.id', 'ua.account_id')
      .join('customers as c', 'c.id', 'a.customer_id')
      .where({ 'ua.user_id': userId, 'c.kind': 'organisation' })
      .distinct('c.name')
      .orderBy('c.name');
    return rows.map((r) => r.name);
  }

  async unlinkAll(userId: number, db: Db | Tx = this.db): Promise<void> {
    await db('user_accounts').where({ user_id: userId }).del();
  }

  touchLogin(id: number, db: Db | Tx = this.db): Promise<number> {
    return db('users').where({ id }).update({ last_login_at: db.fn.now() });
  }

  linkedAccounts(userId: number, db: Db | Tx = this.db): Promise<LinkedAccount[]> {
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
        'a.supplier_id',
        's.name as supplier_name',
        's.time_zone as supplier_time_zone',
        'c.kind as customer_kind',
        'ua.relation',
        'ua.visible',
      );
  }

  /**
   * `limit` visible accounts for the account switcher, listed by number, and how many there are.
   * A representative of 2 000 accounts must not pay for all of them on every page. Ordering by
   * number needed every link joined to its account: on 100 000 accounts PostgreSQL walked the
   * accounts' number index from the start, 175-181 ms a page. Now the first `limit` links in the
   * primary key's order (user, account) come first, by that index, and only they are joined (a
   * subquery with its own LIMIT, which the planner keeps apart; a plain join with LIMIT still merged
   * through 98 000 account ids when the person's accounts came last). The count is a subquery over
   * the person's links. 0.55 ms for 2 000 links. Up to `limit` accounts, that is all of them either
   * way; the rest are under "Все счета", sorted and searchable.
   */
  async switcherAccounts(
    userId: number,
    limit: number,
    db: Db | Tx = this.db,
  ): Promise<{ accounts: { number: string; address: string }[]; total: number }> {
    const first = db('user_accounts')
      .where({ user_id: userId, visible: true })
      .orderBy('account_id')
      .limit(limit)
      .select('account_id')
      .as('ua');
    const rows: { number: string; address: string; total: number }[] = await db
      .from(first)
      .join('accounts as a', 'a.id', 'ua.account_id')
      .select(
        'a.number',
        'a.address',
        db.raw('(select count(*)::int from user_accounts c where c.user_id = ? and c.visible) as total', [
          userId,
        ]),
      );
    const accounts = rows.map(({ number, address }) => ({ number, address }));
    accounts.sort((x, y) => (x.number < y.number ? -1 : x.number > y.number ? 1 : 0));
    return { accounts, total: rows[0]?.total ?? 0 };
  }

  /** The account with this number if the user may see it (linked, or staff); else undefined. */
  async accessibleAccount(
    user: Pick<UserRow, 'id' | 'role'>,
    number: string,
    db: Db | Tx = this.db,
  ): Promise<AccessibleAccount | undefined> {
    const q = db('accounts as a')
      .join('suppliers as s', 's.id', 'a.supplier_id')
      .join('customers as c', 'c.id', 'a.customer_id')
      .where('a.number', number)
      .select(
        'a.id',
        'a.number',
        'a.address',
        'a.supplier_id',
        's.name as supplier_name',
        's.time_zone as supplier_time_zone',
        'c.kind as customer_kind',
        db.raw(SUPPLIER_CONTACTS_JSON),
      );
    if (user.role === 'customer') {
      q.join('user_accounts as ua', 'ua.account_id', 'a.id')
        .where('ua.user_id', user.id)
        .select('ua.relation', 'ua.visible');
    } else {
      q.select(db.raw("'representative' as relation"), db.raw('true as visible'));
    }
    return q.orderBy('a.id').first();
  }
}
