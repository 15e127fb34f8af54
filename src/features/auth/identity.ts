// The identity services (login, recovery, registration, profile) and the outbox, wired for the composition root.
import type { Deps } from '../../deps.js';
import type { AuditLog } from '../../platform/audit.js';
import { RateLimits } from '../../platform/rateLimit.js';
import { Captcha } from '../../platform/captcha.js';
import type { UsersRepo } from './repo.js';
import { IdentityAccountsRepo } from './accountsRepo.js';
import { TokensRepo } from './tokens.js';
import { SessionsRepo } from './sessions.js';
import { AuthService } from './service.js';
import { RecoveryService } from './recovery.js';
import { TwoFactorService } from './twoFactor.js';
import { RegistrationService } from '../registration/service.js';
import { ProfileService } from '../profile/service.js';
import { OutboxRepo } from '../../platform/outbox/repo.js';
import { OutboxWorker } from '../../platform/outbox/worker.js';
import { loggingSmsProvider, smtpTransport } from '../../platform/outbox/transports.js';

export function createIdentity(deps: Deps, audit: AuditLog, users: UsersRepo) {
  const { db, clock, config, logger } = deps;
  const baseUrl = config.publicUrl.replace(/\/$/, '');
  const accounts = new IdentityAccountsRepo(db);
  const tokens = new TokensRepo(db);
  const sessions = new SessionsRepo(db);
  const outbox = new OutboxRepo(db);
  const rateLimits = new RateLimits(deps.sessionPool);
  const captcha = new Captcha(db, config.CAPTCHA, config.sessionSecret);
  const auth = new AuthService(
    db,
    users,
    accounts,
    tokens,
    sessions,
    outbox,
    rateLimits,
    audit,
    clock,
    baseUrl,
  );
  return {
    rateLimits,
    captcha,
    outbox,
    tokens,
    sessions,
    auth,
    twoFactor: new TwoFactorService(db, users, outbox, rateLimits, audit, clock, baseUrl),
    recovery: new RecoveryService(
      db,
      users,
      accounts,
      tokens,
      sessions,
      outbox,
      rateLimits,
      audit,
      clock,
      auth,
      baseUrl,
    ),
    registration: new RegistrationService(db, users, accounts, tokens, outbox, audit, clock, baseUrl),
    profile: new ProfileService(db, users, tokens, sessions, outbox, auth, audit, clock, baseUrl),
    /** Not started here: server.ts starts it; tests call runOnce() or start it themselves. */
    outboxWorker: new OutboxWorker(
      outbox,
      config.SMTP_URL ? smtpTransport(config.SMTP_URL, config.MAIL_FROM) : undefined,
      loggingSmsProvider(logger),
      logger,
    ),
  };
}
