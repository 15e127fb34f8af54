// Users and their links to accounts, as the login and the access guard need them.
import type { Db, Tx } from '../../db/knex.js';

export interface UserRow {
  id: number;
  login: string;
  email: string | null;
  phone: string | null;
  password_hash: string | null;
  last_name: string | null;
  first_name: string | null;
  middle_name: string | null;
  role: 'customer' | 'support' | 'admin';
  customer_kind: 'person' | 'organisation' | null;
  status: 'pending' | 'active' | 'blocked';
  must_change_password: boolean;
}

export interface LinkedAccount {
  id: number;
  number: string;
  address: string;
  supplier_id: number;
  supplier_name: string;
  supplier_time_zone: string;
  customer_kind: 'person' | 'organisation';
  relation: 'owner' | 'tenant' | 'representative';
  visible: boolean;
}

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

  /** Users linked to accounts whose account number or contract number is `number`. */
  async findByAccountOrContractNumber(number: string, db: Db | Tx = this.db): Promise<UserRow[]> {
    return db<UserRow>('users as u')
      .select('u.*')
      .join('user_accounts as ua', 'ua.user_id', 'u.id')
      .join('accounts as a', 'a.id', 'ua.account_id')
      .where('a.number', number)
      .orWhereExists(db('contracts as c').whereRaw('c.account_id = a.id').where('c.number', number))
      .distinct();
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
        'a.id', 'a.number', 'a.address', 'a.supplier_id', 's.name as supplier_name',
        's.time_zone as supplier_time_zone', 'c.kind as customer_kind', 'ua.relation', 'ua.visible',
      );
  }

  /** The account with this number if the user may see it (linked, or staff); else undefined. */
  async accessibleAccount(user: Pick<UserRow, 'id' | 'role'>, number: string, db: Db | Tx = this.db): Promise<LinkedAccount | undefined> {
    const q = db('accounts as a')
      .join('suppliers as s', 's.id', 'a.supplier_id')
      .join('customers as c', 'c.id', 'a.customer_id')
      .where('a.number', number)
      .select(
        'a.id', 'a.number', 'a.address', 'a.supplier_id', 's.name as supplier_name',
        's.time_zone as supplier_time_zone', 'c.kind as customer_kind',
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
