// The composition root: every repository created once on the database, services built on them with
// their dependencies named, and the app's routes reading only from what is returned here.
import type { Deps } from './deps.js';
import { AuditLog } from './platform/audit.js';
import { RateLimits } from './platform/rateLimit.js';
import { Captcha } from './platform/captcha.js';
import { OutboxRepo } from './platform/outbox/repo.js';
import { OutboxWorker } from './platform/outbox/worker.js';
import { loggingSmsProvider, smtpTransport } from './platform/outbox/transports.js';
import { UsersRepo } from './features/auth/repo.js';
import { IdentityAccountsRepo } from './features/auth/accountsRepo.js';
import { TokensRepo } from './features/auth/tokens.js';
import { SessionsRepo } from './features/auth/sessions.js';
import { ConsentsRepo } from './features/auth/consentsRepo.js';
import { TwoFactorRepo } from './features/auth/twoFactorRepo.js';
import { AuthService } from './features/auth/service.js';
import { RecoveryService } from './features/auth/recovery.js';
import { TwoFactorService } from './features/auth/twoFactor.js';
import { RegistrationService } from './features/registration/service.js';
import { ProfileService } from './features/profile/service.js';
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
import { SIGNATURE_HEADER } from './platform/acquirer.js';
import { PaymentsRepo } from './features/payments/repo.js';
import { PaymentsService } from './features/payments/service.js';
import { SandboxAcquirerRepo } from './features/sandboxAcquirer/repo.js';
import { SandboxAcquirer, type NotificationDelivery } from './features/sandboxAcquirer/service.js';
import { RequestsRepo } from './features/requests/repo.js';
import { RequestsService } from './features/requests/service.js';
import { SupportRepo } from './features/support/repo.js';
import { SupportService } from './features/support/service.js';
import { CalculatorRepo } from './features/calculator/repo.js';
import { BusinessRepo } from './features/business/repo.js';
import { BusinessService } from './features/business/service.js';
import { CalculatorService } from './features/calculator/service.js';
import { ScansRepo } from './features/scans/repo.js';
import { ScansService } from './features/scans/service.js';
import { SubscriptionMailsRepo } from './features/subscriptions/repo.js';
import { SubscriptionMailer } from './features/subscriptions/service.js';
import { UnsubscribeTokens } from './features/subscriptions/unsubscribeToken.js';
import { billPdfAttachments } from './features/subscriptions/attachments.js';
import { OverviewService } from './features/overview/service.js';

export type { Deps };

export function createRepos(db: Deps['db']) {
  const accounts = new AccountRepo(db);
  return {
    users: new UsersRepo(db),
    identityAccounts: new IdentityAccountsRepo(db),
    tokens: new TokensRepo(db),
    sessions: new SessionsRepo(db),
    consents: new ConsentsRepo(db),
    twoFactor: new TwoFactorRepo(db),
    outbox: new OutboxRepo(db),
    accounts,
    readings: new ReadingsRepo(db),
    cabinet: new CabinetRepo(db),
    connect: new ConnectRepo(db),
    pages: new PagesRepo(db),
    billing: new BillingRepo(db),
    debt: new DebtRepo(db),
    documents: new DocumentsRepo(db, accounts),
    payments: new PaymentsRepo(db),
    sandboxAcquirer: new SandboxAcquirerRepo(db),
    requests: new RequestsRepo(db),
    support: new SupportRepo(db),
    calculator: new CalculatorRepo(db),
    business: new BusinessRepo(db),
    scans: new ScansRepo(db),
    subscriptionMails: new SubscriptionMailsRepo(db),
  };
}

export function createServices(deps: Deps) {
  const { db, clock, logger } = deps;
  const repos = createRepos(db);
  const audit = new AuditLog(db);
  const identity = createIdentity(deps, repos, audit);
  const statements = new AccountStatementService(repos.accounts, db);
  const account = new AccountService({ repo: repos.accounts, statements });
  const reconciliation = new ReconciliationService({ repo: repos.debt, statements });
  const debt = new DebtService({ repo: repos.debt, clock, statements });
  const payments = createPayments(deps, repos, audit, statements, (id) => debt.settle(id));
  // PDFs from the same statement and act the pages use
  const documents = new DocumentsService({ repo: repos.documents, reconciliation, owed: debt });
  const subscriptionMails = new SubscriptionMailer({
    db,
    repo: repos.subscriptionMails,
    outbox: repos.outbox,
    consents: repos.consents,
    audit,
    statements,
    clock,
    logger,
    tokens: new UnsubscribeTokens(deps.config.sessionSecret),
    publicUrl: deps.config.publicUrl.replace(/\/$/, ''),
  });
  const readings = new ReadingsService({ db, repo: repos.readings, audit });
  return {
    ...deps,
    audit,
    users: repos.users,
    ...identity,
    /** Not started here: server.ts starts it; tests call runOnce() or build their own with a recording transport. */
    outboxWorker: new OutboxWorker(
      repos.outbox,
      deps.config.SMTP_URL ? smtpTransport(deps.config.SMTP_URL, deps.config.MAIL_FROM) : undefined,
      loggingSmsProvider(logger),
      logger,
      billPdfAttachments({
        linkedAccounts: (userId) => repos.users.linkedAccounts(userId),
        documents,
        clock,
      }),
    ),
    /** Bills by e-mail, advance bills, debt notices and their unsubscribe links (features/subscriptions). */
    subscriptionMails,
    readings,
    overview: new OverviewService({ account, debt, readings }),
    readingReminders: {
      repo: repos.readings,
      clock,
      config: deps.config,
      logger,
      unsubscribeUrl: (userId: number, kind: 'reading_reminder') =>
        subscriptionMails.unsubscribeUrl(userId, kind),
    },
    account,
    connect: new ConnectService({
      db,
      repo: repos.connect,
      clock,
      audit,
      accounts: account,
      limits: identity.rateLimits,
    }),
    cabinet: new CabinetService({
      db,
      repo: repos.cabinet,
      audit,
      linkedAccounts: (userId) => repos.users.linkedAccounts(userId),
      account,
      debt,
      clock,
    }),
    pages: repos.pages,
    billing: new BillingService({
      db,
      repo: repos.billing,
      clock,
      logger,
      audit,
      penalties: debt,
      mailings: subscriptionMails,
    }),
    debt,
    payments: payments.service,
    sandboxAcquirer: payments.sandbox,
    reconciliation,
    documents,
    admin: new AdminService({ db, audit }),
    requests: new RequestsService({
      db,
      repo: repos.requests,
      audit,
      outbox: identity.outbox,
      clock,
      publicUrl: deps.config.publicUrl.replace(/\/$/, ''),
    }),
    support: new SupportService({
      db,
      repo: repos.support,
      audit,
      outbox: identity.outbox,
      tokens: identity.tokens,
      limits: identity.rateLimits,
      clock,
      publicUrl: deps.config.publicUrl.replace(/\/$/, ''),
    }),
    calculator: new CalculatorService({ db, repo: repos.calculator, audit }),
    business: new BusinessService({ db, repo: repos.business, audit }),
    scans: new ScansService({ db, repo: repos.scans, audit, clock }),
  };
}

/** Login, recovery, two-factor, registration, profile and the outbox they mail through. */
function createIdentity(deps: Deps, repos: ReturnType<typeof createRepos>, audit: AuditLog) {
  const { db, clock, config } = deps;
  const publicUrl = config.publicUrl.replace(/\/$/, '');
  const rateLimits = new RateLimits(deps.sessionPool);
  const { users, identityAccounts: accounts, tokens, sessions, outbox, consents } = repos;
  const auth = new AuthService({
    db,
    users,
    accounts,
    tokens,
    sessions,
    outbox,
    limits: rateLimits,
    audit,
    clock,
    publicUrl,
  });
  return {
    rateLimits,
    captcha: new Captcha(db, config.CAPTCHA, config.sessionSecret),
    outbox,
    tokens,
    sessions,
    auth,
    twoFactor: new TwoFactorService({
      db,
      users,
      repo: repos.twoFactor,
      outbox,
      limits: rateLimits,
      audit,
      clock,
      publicUrl,
    }),
    recovery: new RecoveryService({
      db,
      users,
      accounts,
      tokens,
      sessions,
      outbox,
      limits: rateLimits,
      audit,
      clock,
      auth,
      publicUrl,
    }),
    registration: new RegistrationService({
      db,
      users,
      accounts,
      tokens,
      outbox,
      audit,
      clock,
      publicUrl,
      consents,
    }),
    profile: new ProfileService({
      db,
      users,
      tokens,
      sessions,
      outbox,
      auth,
      audit,
      clock,
      publicUrl,
      consents,
    }),
  };
}

/**
 * Online payment: the acquirer (the built-in sandbox unless ACQUIRER=off) and the payments service.
 * The sandbox is a separate "bank": it reaches the portal only through its notification, posted
 * to ACQUIRER_NOTIFY_URL, or, unset, handed in-process to the same handler the endpoint calls.
 */
function createPayments(
  deps: Deps,
  repos: ReturnType<typeof createRepos>,
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
          repo: repos.sandboxAcquirer,
          clock,
          logger,
          secret: config.acquirerSecret,
          deliver,
        })
      : null;
  const service: PaymentsService = new PaymentsService({
    db,
    repo: repos.payments,
    clock,
    logger,
    audit,
    outbox: repos.outbox,
    acquirer: sandbox,
    statements,
    settle,
    expiryMinutes: config.PAYMENT_EXPIRY_MINUTES,
    returnBase: config.PUBLIC_URL ? config.publicUrl.replace(/\/$/, '') : '',
  });
  return { service, sandbox };
}

export type Services = ReturnType<typeof createServices>;
