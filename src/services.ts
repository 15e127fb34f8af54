// The composition root: repositories on the database, services on the repositories.
import type { Db } from './db/knex.js';
import type { Clock } from './platform/clock.js';
import type { Config } from './config.js';
import type { Logger } from './platform/logger.js';
import type pg from 'pg';
import { AuditLog } from './platform/audit.js';
import { UsersRepo } from './features/auth/repo.js';
import { createIdentity } from './features/auth/identity.js';
import { ReadingsRepo } from './features/readings/repo.js';
import { ReadingsService } from './features/readings/service.js';
import { AccountRepo } from './features/account/repo.js';
import { AccountService } from './features/account/service.js';
import { ConnectService } from './features/connect/service.js';
import { CabinetService } from './features/cabinet/service.js';
import { PagesRepo } from './features/pages/repo.js';
import { BillingService } from './features/billing/service.js';
import { DebtRepo } from './features/debt/repo.js';
import { DebtService } from './features/debt/service.js';
import { ReconciliationService } from './features/debt/reconciliation.js';
import { AccountStatementService } from './features/account/statement.js';
import { DocumentsService } from './features/documents/service.js';

export interface Deps {
  db: Db;
  clock: Clock;
  config: Config;
  logger: Logger;
  /** A small pg pool for the session store (connect-pg-simple speaks pg, not knex). */
  sessionPool: pg.Pool;
}

export function createRepos(db: Db) {
  return {
    users: new UsersRepo(db),
  };
}

export function createServices(deps: Deps) {
  const repos = createRepos(deps.db);
  const audit = new AuditLog(deps.db);
  const identity = createIdentity(deps, audit, repos.users);
  return {
    ...deps,
    audit,
    users: repos.users,
    ...identity,
    readings: new ReadingsService(deps.db, new ReadingsRepo(deps.db), audit),
    account: new AccountService(new AccountRepo(deps.db)),
    connect: new ConnectService(deps.db, deps.clock, audit, new AccountService(new AccountRepo(deps.db)), identity.rateLimits),
    cabinet: new CabinetService(deps.db, audit),
    pages: new PagesRepo(deps.db),
    billing: new BillingService(deps.db, deps.clock, deps.logger),
    debt: new DebtService(deps.db, deps.clock, new AccountStatementService(new AccountRepo(deps.db))),
    reconciliation: new ReconciliationService(new DebtRepo(deps.db), new AccountStatementService(new AccountRepo(deps.db))),
    // PDFs from the same services the pages use (statement, history, reconciliation)
    documents: new DocumentsService(deps.db, new ReconciliationService(new DebtRepo(deps.db), new AccountStatementService(new AccountRepo(deps.db)))),
  };
}

export type Services = ReturnType<typeof createServices>;
