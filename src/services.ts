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
import { OutboxRepo } from './platform/outbox/repo.js';
import { SIGNATURE_HEADER } from './platform/acquirer.js';
import { PaymentsRepo } from './features/payments/repo.js';
import { PaymentsService } from './features/payments/service.js';
import { SandboxAcquirerRepo } from './features/sandboxAcquirer/repo.js';
import { SandboxAcquirer, type NotificationDelivery } from './features/sandboxAcquirer/service.js';

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
  const payments = createPayments(deps, audit, statements, (id) => debt.settle(id));
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
    billing: new BillingService({ db, repo: repos.billing, clock, logger, audit }),
    debt,
    payments: payments.service,
    sandboxAcquirer: payments.sandbox,
    reconciliation,
    // PDFs from the same statement and act the pages use
    documents: new DocumentsService({ repo: repos.documents, reconciliation }),
    admin: new AdminService({ db, audit }),
  };
}

/**
 * Online payment: the acquirer (the built-in sandbox unless ACQUIRER=off) and the payments service.
 * The sandbox is a separate "bank": it reaches the portal only through its notification, posted
 * to ACQUIRER_NOTIFY_URL, or, unset, handed in-process to the same handler the endpoint calls.
 */
function createPayments(
  deps: Deps,
  audit: AuditLog,
  statements: AccountStatementService,
  settle: (accountId: number) => Promise<unknown>,
) {
  const { db, clock, config, logger } = deps;
  const notifyUrl = config.ACQUIRER_NOTIFY_URL;
  const deliver: NotificationDelivery = notifyUrl
    ? async (body, signature) => {
        const res = await fetch(notifyUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signature },
          body,
          signal: AbortSignal.timeout(10_000),
        });
        if (!res.ok) throw new Error(`notification answered ${res.status}`);
      }
    : async (body, signature) => {
        const r = await service.receiveNotification(body, { [SIGNATURE_HEADER]: signature }, 'sandbox');
        if (r.status !== 200) throw new Error(`notification refused: ${r.outcome}`);
      };
  const sandbox =
    config.ACQUIRER === 'sandbox'
      ? new SandboxAcquirer({
          repo: new SandboxAcquirerRepo(db),
          clock,
          logger,
          secret: config.acquirerSecret,
          deliver,
        })
      : null;
  const service: PaymentsService = new PaymentsService({
    db,
    repo: new PaymentsRepo(db),
    clock,
    logger,
    audit,
    outbox: new OutboxRepo(db),
    acquirer: sandbox,
    statements,
    settle,
    expiryMinutes: config.PAYMENT_EXPIRY_MINUTES,
    returnBase: config.PUBLIC_URL ? config.publicUrl.replace(/\/$/, '') : '',
  });
  return { service, sandbox };
}

export type Services = ReturnType<typeof createServices>;
