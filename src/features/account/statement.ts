// Loads an account's statement (src/domain/statement.ts) from its rows.
import { statementFromRows, type AccountStatement } from '../../domain/statement.js';
import type { AccountRepo } from './repo.js';
import { inOneRoundTrip } from '../../db/batch.js';
import type { Db } from '../../db/knex.js';

export class AccountStatementService {
  constructor(
    private readonly repo: AccountRepo,
    private readonly db: Db,
  ) {}

  /** The statement of the account as of `asOf` ('YYYY-MM-DD', the supplier's today for "now"). */
  async load(accountId: number, asOf: string): Promise<AccountStatement> {
    return (await this.loadWithRows(accountId, asOf)).statement;
  }

  /** The statement and the rows it was built from, for a page that shows both (each read once, in one round trip). */
  async loadWithRows(accountId: number, asOf: string) {
    const [header, contracts, services, bills, lines, payments, allocations, suppliers] =
      await inOneRoundTrip(this.db, [
        this.repo.header(accountId),
        this.repo.contracts(accountId),
        this.repo.services(accountId),
        this.repo.bills(accountId),
        this.repo.lines(accountId),
        this.repo.payments(accountId),
        this.repo.allocations(accountId),
        this.repo.supplierNamesOf(accountId),
      ]);
    if (!header) throw new Error(`no account ${accountId}`);
    const supplierNames = new Map(suppliers.map((s) => [s.id, s.name]));
    const statement: AccountStatement = statementFromRows(
      { accountId, header, supplierNames, contracts, services, bills, lines, payments, allocations },
      asOf,
    );
    return { statement, header, contracts, services, lines, supplierNames };
  }
}
