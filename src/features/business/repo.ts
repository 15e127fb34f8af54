// SQL of the business pages: the organisation and its accounts (Информация о клиенте, Лицевой
// счет), the supplier's contacts and its client services (Дополнительные услуги).
import type { Db, Tx } from '../../db/knex.js';
import { SUPPLIER_CONTACT_FIELDS, type SupplierContacts } from '../../domain/identity.js';

export interface OrganisationRow {
  customer_id: number;
  kind: 'person' | 'organisation';
  name: string | null;
  inn: string | null;
  kpp: string | null;
  partner_code: string | null;
  address: string | null;
  phone: string | null;
  email: string | null;
}

export interface ContractOfAccount {
  account_id: number;
  account_number: string;
  account_address: string;
  contract_number: string;
  contract_date: string | null;
  branch: string | null;
  subject: string;
}

export interface ClientServiceRow {
  id: number;
  supplier_id: number;
  position: number;
  title: string;
  description: string;
  topic: string;
}

export class BusinessRepo {
  constructor(private readonly db: Db) {}

  /** The customer an account belongs to. */
  organisationOf(accountId: number): Promise<OrganisationRow | undefined> {
    return this.db('accounts as a')
      .join('customers as c', 'c.id', 'a.customer_id')
      .where('a.id', accountId)
      .first(
        'c.id as customer_id',
        'c.kind',
        'c.name',
        'c.inn',
        'c.kpp',
        'c.partner_code',
        'c.address',
        'c.phone',
        'c.email',
      );
  }

  /**
   * The customer's accounts with their contracts, oldest contract first; with `userId`, only those
   * linked to that person and shown in their list (a customer sees what they registered).
   */
  contractsOfCustomer(customerId: number, userId?: number): Promise<ContractOfAccount[]> {
    const q = this.db('accounts as a')
      .join('contracts as ct', 'ct.account_id', 'a.id')
      .where('a.customer_id', customerId)
      .orderBy([
        { column: 'a.number', order: 'asc' },
        { column: 'ct.date', order: 'asc' },
        { column: 'ct.id', order: 'asc' },
      ])
      .select(
        'a.id as account_id',
        'a.number as account_number',
        'a.address as account_address',
        'ct.number as contract_number',
        'ct.date as contract_date',
        'ct.branch',
        'ct.subject',
      );
    if (userId !== undefined)
      q.whereExists(
        this.db('user_accounts as ua')
          .where('ua.user_id', userId)
          .andWhere('ua.visible', true)
          .andWhereRaw('ua.account_id = a.id'),
      );
    return q;
  }

  contractsOfAccount(accountId: number): Promise<ContractOfAccount[]> {
    return this.db('accounts as a')
      .join('contracts as ct', 'ct.account_id', 'a.id')
      .where('a.id', accountId)
      .orderBy([
        { column: 'ct.date', order: 'asc' },
        { column: 'ct.id', order: 'asc' },
      ])
      .select(
        'a.id as account_id',
        'a.number as account_number',
        'a.address as account_address',
        'ct.number as contract_number',
        'ct.date as contract_date',
        'ct.branch',
        'ct.subject',
      );
  }

  /** The contacts of the supplier of the user's first visible account (an account's own come with it: UsersRepo.accessibleAccount). */
  contactsForUser(user: { id: number }): Promise<SupplierContacts | undefined> {
    return this.db('accounts as a')
      .join('suppliers as s', 's.id', 'a.supplier_id')
      .join('user_accounts as ua', 'ua.account_id', 'a.id')
      .where('ua.user_id', user.id)
      .orderBy([
        { column: 'ua.visible', order: 'desc' },
        { column: 'a.number', order: 'asc' },
      ])
      .first(...SUPPLIER_CONTACT_FIELDS.map((c) => `s.${c}`));
  }

  /** Every supplier's contacts (О сервисе for a visitor who has chosen no account). */
  allContacts(): Promise<SupplierContacts[]> {
    return this.db('suppliers')
      .select(...SUPPLIER_CONTACT_FIELDS)
      .orderBy('name');
  }

  clientServices(supplierId: number, db: Db | Tx = this.db): Promise<ClientServiceRow[]> {
    return db('client_services')
      .where({ supplier_id: supplierId })
      .orderBy([
        { column: 'position', order: 'asc' },
        { column: 'id', order: 'asc' },
      ])
      .select('id', 'supplier_id', 'position', 'title', 'description', 'topic');
  }

  clientService(id: number, db: Db | Tx = this.db): Promise<ClientServiceRow | undefined> {
    return db('client_services')
      .where({ id })
      .first('id', 'supplier_id', 'position', 'title', 'description', 'topic');
  }

  async addClientService(row: Omit<ClientServiceRow, 'id'>, tx: Db | Tx = this.db): Promise<number> {
    const [r] = await tx('client_services').insert(row).returning('id');
    return (r as { id: number }).id;
  }

  async updateClientService(
    id: number,
    row: Pick<ClientServiceRow, 'position' | 'title' | 'description' | 'topic'>,
    tx: Db | Tx = this.db,
  ): Promise<void> {
    await tx('client_services')
      .where({ id })
      .update({ ...row, updated_at: tx.fn.now() });
  }

  async deleteClientService(id: number, tx: Db | Tx = this.db): Promise<void> {
    await tx('client_services').where({ id }).delete();
  }

  suppliers(): Promise<{ id: number; name: string }[]> {
    return this.db('suppliers').select('id', 'name').orderBy('name');
  }
}
