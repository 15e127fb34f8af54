// The composition root: every repository created once on the database, services built on them with
// their dependencies named, and the app's routes reading only from what is returned here.
import type { Deps } from './deps.js';
import { AuditLog } from './platform/audit.js';
import { UsersRepo } from './features/auth/repo.js';
import { createIdentity } from './features/auth/identity.js';
import { ReadingsRepo } from './features/readings/repo.js';
import { ReadingsService } from './features/readings/service.js';
import { AccountRepo } from './features/account/repo.js';
import { AccountService } from './features/account/service.js';
import { AccountStatementService } from './features/account/statement.js';
import { ConnectRepo } from './features/connect/repo.js';
import { ConnectService } from './features/connect/service.js';
import { CabinetRepo } from './features/cabinet/repo.js';
import { CabinetService } from './features/cabinet/service.js';
import { PagesRepo } from './features/pages/repo.js';
import { BillingRepo } from './features/billing/repo.js';
import { BillingService } from './features/billing/service.js';
import { DebtRepo } from './features/debt/repo.js';
import { DebtService } from './features/debt/service.js';
import { ReconciliationService } from './features/debt/reconciliation.js';
import { DocumentsRepo } from './features/documents/repo.js';
import { DocumentsService } from './features/documents/service.js';
import { AdminService } from './features/admin/service.js';

export type { Deps };

export function createRepos(db: Deps['db']) {
  const accounts = new AccountRepo(db);
  return {
    users: new UsersRepo(db),
    accounts,
    readings: new ReadingsRepo(db),
    cabinet: new CabinetRepo(db),
    connect: new ConnectRepo(db),
    pages: new PagesRepo(db),
    billing: new BillingRepo(db),
    debt: new DebtRepo(db),
    documents: new DocumentsRepo(db, accounts),
  };
}

export function createServices(deps: Deps) {
  const { db, clock, logger } = deps;
  const repos = createRepos(db);
  const audit = new AuditLog(db);
  const identity = createIdentity(deps, audit, repos.users);
  const statements = new AccountStatementService(repos.accounts);
  const account = new AccountService({ repo: repos.accounts, statements });
  const reconciliation = new ReconciliationService({ repo: repos.debt, statements });
  const debt = new DebtService({ repo: repos.debt, clock, statements });
  return {
    ...deps,
    audit,
    users: repos.users,
    ...identity,
    readings: new ReadingsService({ db, repo: repos.readings, audit }),
    readingReminders: { repo: repos.readings, clock, config: deps.config, logger },
    account,
    connect: new ConnectService({
      db,
      repo: repos.connect,
      clock,
      audit,
      accounts: account,
      limits: identity.rateLimits,
    }),
    cabinet: new CabinetService({ db, repo: repos.cabinet, audit }),
    pages: repos.pages,
    billing: new BillingService({ db, repo: repos.billing, clock, logger, audit, penalties: debt }),
    debt,
    reconciliation,
    // PDFs from the same statement and act the pages use
    documents: new DocumentsService({ repo: repos.documents, reconciliation, owed: debt }),
    admin: new AdminService({ db, audit }),
  };
}

export type Services = ReturnType<typeof createServices>;
