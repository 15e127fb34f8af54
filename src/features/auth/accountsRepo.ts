// What identity checks read about accounts: PINs from the bill, the customer on record, the last payment.
import type { Db, Tx } from '../../db/knex.js';
import type { CityRow } from './cities.js';

export interface AccountForIdentity {
  id: number;
  number: string;
  supplier_id: number;
  supplier_name: string;
  customer_id: number;
  customer_kind: 'person' | 'organisation';
  pin_hash: string | null;
}

export interface CustomerOnRecord {
  id: number;
  kind: 'person' | 'organisation';
  last_name: string | null;
  first_name: string | null;
  middle_name: string | null;
  birth_date: string | null;
  passport: string | null;
  phone: string | null;
  email: string | null;
  name: string | null;
  inn: string | null;
  partner_code: string | null;
}

/** What the identity forms check a person or company against (CustomerOnRecord). */
const CUSTOMER_COLUMNS = [
  'id',
  'kind',
  'last_name',
  'first_name',
  'middle_name',
  'birth_date',
  'passport',
  'phone',
  'email',
  'name',
  'inn',
  'partner_code',
] as const;

export class IdentityAccountsRepo {
  constructor(private readonly db: Db) {}

  private base(db: Db | Tx) {
    return db('accounts as a')
      .join('suppliers as s', 's.id', 'a.supplier_id')
      .join('customers as c', 'c.id', 'a.customer_id')
      .select(
        'a.id',
        'a.number',
        'a.supplier_id',
        's.name as supplier_name',
        'a.customer_id',
        'c.kind as customer_kind',
        'a.pin_hash',
      );
  }

  /** Accounts whose account number or contract number is `number`, at one supplier if given. */
  byNumber(number: string, supplierId?: number, db: Db | Tx = this.db): Promise<AccountForIdentity[]> {
    const q = this.base(db)
      .where((w) =>
        w
          .where('a.number', number)
          .orWhereExists(db('contracts as k').whereRaw('k.account_id = a.id').where('k.number', number)),
      )
      .orderBy('a.id');
    if (supplierId !== undefined) q.where('a.supplier_id', supplierId);
    return q;
  }

  /** Accounts with exactly this account number (any supplier). */
  byAccountNumber(number: string, db: Db | Tx = this.db): Promise<AccountForIdentity[]> {
    return this.base(db).where('a.number', number).orderBy('a.id');
  }

  byId(id: number, db: Db | Tx = this.db): Promise<AccountForIdentity | undefined> {
    return this.base(db).where('a.id', id).first();
  }

  /** The suppliers at which `number` names an account or a contract: more than one means "ask which". */
  async suppliersOf(number: string, db: Db | Tx = this.db): Promise<{ id: number; name: string }[]> {
    const rows = await this.byNumber(number, undefined, db);
    const seen = new Map<number, string>();
    for (const r of rows) seen.set(r.supplier_id, r.supplier_name);
    return [...seen].map(([id, name]) => ({ id, name }));
  }

  customer(id: number, db: Db | Tx = this.db): Promise<CustomerOnRecord | undefined> {
    return db('customers')
      .where({ id })
      .first(...CUSTOMER_COLUMNS);
  }

  customerByPartnerCode(code: string, db: Db | Tx = this.db): Promise<CustomerOnRecord | undefined> {
    return db('customers')
      .where({ partner_code: code, kind: 'organisation' })
      .first(...CUSTOMER_COLUMNS);
  }

  /** Accounts of an organisation at a supplier whose contract has this number and whose INN matches. */
  organisationContract(
    contractNumber: string,
    inn: string,
    supplierId: number,
    db: Db | Tx = this.db,
  ): Promise<(AccountForIdentity & { customer_name: string })[]> {
    return this.base(db)
      .select('c.name as customer_name')
      .join('contracts as k', 'k.account_id', 'a.id')
      .where({
        'k.number': contractNumber,
        'a.supplier_id': supplierId,
        'c.kind': 'organisation',
        'c.inn': inn,
      });
  }

  accountsOfCustomer(
    customerId: number,
    supplierId?: number,
    db: Db | Tx = this.db,
  ): Promise<{ id: number; number: string }[]> {
    const q = db('accounts').where({ customer_id: customerId }).orderBy('number').select('id', 'number');
    if (supplierId !== undefined) q.where({ supplier_id: supplierId });
    return q;
  }

  /** Whether someone already has a cabinet of this customer (an owner link to one of its accounts). */
  async customerHasCabinet(customerId: number, db: Db | Tx = this.db): Promise<boolean> {
    const row = await db('user_accounts as ua')
      .join('accounts as a', 'a.id', 'ua.account_id')
      .join('users as u', 'u.id', 'ua.user_id')
      .where({ 'a.customer_id': customerId, 'ua.relation': 'owner', 'u.customer_kind': 'organisation' })
      .whereNot('u.status', 'blocked')
      .first('u.id');
    return Boolean(row);
  }

  lastPaymentKop(accountId: number, db: Db | Tx = this.db): Promise<number | undefined> {
    return db('payments')
      .where({ account_id: accountId })
      .orderBy([
        { column: 'date', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .first('amount_kop')
      .then((r: { amount_kop: number } | undefined) => r?.amount_kop);
  }

  /** Users linked to the account: the one who came in with its number, or its owners. */
  linkedUsers(
    accountId: number,
    db: Db | Tx = this.db,
  ): Promise<{ id: number; login: string; relation: string; phone: string | null; status: string }[]> {
    return db('user_accounts as ua')
      .join('users as u', 'u.id', 'ua.user_id')
      .where('ua.account_id', accountId)
      .orderBy('u.id')
      .select('u.id', 'u.login', 'ua.relation', 'u.phone', 'u.status');
  }

  clearPin(accountId: number, db: Db | Tx = this.db): Promise<number> {
    return db('accounts').where({ id: accountId }).update({ pin_hash: null, updated_at: db.fn.now() });
  }

  /**
   * The cities of the suppliers (all, or those given) for the city choice, each supplier's in its
   * order; a supplier that lists none comes once, with a null city.
   */
  cities(supplierIds?: readonly number[], db: Db | Tx = this.db): Promise<CityRow[]> {
    const q = db('suppliers as s')
      .leftJoin('supplier_cities as sc', 'sc.supplier_id', 's.id')
      .select(
        's.id as supplier_id',
        's.name as supplier_name',
        's.short_name',
        'sc.id as city_id',
        'sc.name as city',
      )
      .orderBy([{ column: 's.id' }, { column: 'sc.position' }, { column: 'sc.id' }]);
    if (supplierIds) q.whereIn('s.id', [...supplierIds]);
    return q;
  }
}
