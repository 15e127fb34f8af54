// The business pages' use cases: Информация о клиенте and Лицевой счет (seeds 003 §4.1 and 004
// fig. 5), the supplier's contacts, and the supplier's client services that staff edit (audited).
import type { Db } from '../../db/knex.js';
import type { Actor, AuditLog } from '../../platform/audit.js';
import type { LinkedAccount, UserRow } from '../../domain/identity.js';
import type { BusinessRepo, ClientServiceRow } from './repo.js';

export type ClientServiceInput = Pick<ClientServiceRow, 'position' | 'title' | 'description' | 'topic'>;

export class BusinessService {
  private readonly db: Db;
  private readonly repo: BusinessRepo;
  private readonly audit: AuditLog;

  constructor(deps: { db: Db; repo: BusinessRepo; audit: AuditLog }) {
    ({ db: this.db, repo: this.repo, audit: this.audit } = deps);
  }

  /**
   * Информация о клиенте: the organisation of the account and its accounts with their contracts; a
   * customer sees the accounts in their own list, staff every account of the organisation.
   */
  async clientInfo(account: LinkedAccount, user: UserRow) {
    const organisation = await this.repo.organisationOf(account.id);
    if (!organisation) throw new Error(`account ${account.id} vanished`);
    const contracts = await this.repo.contractsOfCustomer(
      organisation.customer_id,
      user.role === 'customer' ? user.id : undefined,
    );
    return { organisation, contracts };
  }

  /** Лицевой счет: the consumer and the account's contracts (the money comes from the debt module). */
  async accountCard(account: LinkedAccount) {
    const [organisation, contracts] = await Promise.all([
      this.repo.organisationOf(account.id),
      this.repo.contractsOfAccount(account.id),
    ]);
    if (!organisation) throw new Error(`account ${account.id} vanished`);
    return { organisation, contracts };
  }

  contactsForUser(user: UserRow) {
    return this.repo.contactsForUser(user);
  }

  allContacts() {
    return this.repo.allContacts();
  }

  clientServices(supplierId: number) {
    return this.repo.clientServices(supplierId);
  }

  clientService(id: number) {
    return this.repo.clientService(id);
  }

  suppliers() {
    return this.repo.suppliers();
  }

  async addClientService(supplierId: number, input: ClientServiceInput, who: Actor): Promise<number> {
    return this.db.transaction(async (tx) => {
      const id = await this.repo.addClientService({ supplier_id: supplierId, ...input }, tx);
      await this.audit.record(
        {
          ...who,
          action: 'client_service.add',
          targetType: 'client_service',
          targetId: id,
          details: { supplierId, ...input },
        },
        tx,
      );
      return id;
    });
  }

  async updateClientService(id: number, input: ClientServiceInput, who: Actor): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const previous = await this.repo.clientService(id, tx);
      if (!previous) return false;
      await this.repo.updateClientService(id, input, tx);
      await this.audit.record(
        {
          ...who,
          action: 'client_service.change',
          targetType: 'client_service',
          targetId: id,
          details: { ...input, previous },
        },
        tx,
      );
      return true;
    });
  }

  async deleteClientService(id: number, who: Actor): Promise<ClientServiceRow | undefined> {
    return this.db.transaction(async (tx) => {
      const previous = await this.repo.clientService(id, tx);
      if (!previous) return undefined;
      await this.repo.deleteClientService(id, tx);
      await this.audit.record(
        {
          ...who,
          action: 'client_service.delete',
          targetType: 'client_service',
          targetId: id,
          details: { previous },
        },
        tx,
      );
      return previous;
    });
  }
}
