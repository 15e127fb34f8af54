// Loads an account's statement (src/domain/statement.ts) from its rows.
import { statementFromRows, type AccountStatement } from '../../domain/statement.js';
import type { AccountRepo } from './repo.js';

export class AccountStatementService {
  constructor(private readonly repo: AccountRepo) {}

  /** The statement of the account as of `asOf` ('YYYY-MM-DD', the supplier's today for "now"). */
  async load(accountId: number, asOf: string): Promise<AccountStatement> {
    return (await this.loadWithRows(accountId, asOf)).statement;
  }

  /** The statement and the rows it was built from, for a page that shows both (each read once). */
  async loadWithRows(accountId: number, asOf: string) {
    const header = await this.repo.header(accountId);
    if (!header) throw new Error(`no account ${accountId}`);
    const [contracts, services, bills, lines, payments, allocations] = await Promise.all([
      this.repo.contracts(accountId),
      this.repo.services(accountId),
      this.repo.bills(accountId),
      this.repo.lines(accountId),
      this.repo.payments(accountId),
      this.repo.allocations(accountId),
    ]);
    const supplierIds = [
      ...new Set([
        header.supplier_id,
        ...bills.map((b) => b.supplier_id),
        ...lines.map((l) => l.supplier_id),
      ]),
    ];
    const suppliers = await this.repo.suppliersByIds(supplierIds);
    const supplierNames = new Map(suppliers.map((s) => [s.id, s.name]));
    const statement: AccountStatement = statementFromRows(
      { accountId, header, supplierNames, contracts, services, bills, lines, payments, allocations },
      asOf,
    );
    return { statement, header, contracts, services, lines, supplierNames };
  }
}
