// createApp(services): the express app, mounted in a fixed order; used by server.ts and every test.
import crypto from 'node:crypto';
import express, { type Express } from 'express';
import { pinoHttp } from 'pino-http';
import type { Services } from './services.js';
import { fromRoot } from './root.js';
import { setUpSecurityHeaders } from './platform/security.js';
import { setUpViews } from './platform/render.js';
import { setUpSession, flashMessages } from './platform/session.js';
import { setUpCsrf } from './platform/csrf.js';
import { currentUser, noStoreWhenSignedIn } from './platform/auth.js';
import { errorHandler, notFoundHandler, refuseControlCharsInUrl } from './platform/errors.js';
import { healthRoutes } from './features/health/routes.js';
import { authRoutes } from './features/auth/routes.js';
import { identityGate } from './features/auth/gate.js';
import { registrationRoutes } from './features/registration/routes.js';
import { profileRoutes } from './features/profile/routes.js';
import { outboxRoutes } from './features/outbox/routes.js';
import { cabinetRoutes } from './features/cabinet/routes.js';
import { pageRoutes } from './features/pages/routes.js';
import { readingsRoutes } from './features/readings/routes.js';
import { debtRoutes } from './features/debt/routes.js';
import { billingRoutes } from './features/billing/routes.js';
import { adminRatesRoutes } from './features/admin/ratesRoutes.js';
import { adminDebtRulesRoutes } from './features/admin/debtRulesRoutes.js';
import { accountRoutes } from './features/account/routes.js';
import { overviewRoutes } from './features/overview/routes.js';
import { documentRoutes } from './features/documents/routes.js';
import { connectRoutes } from './features/connect/routes.js';
import { paymentNotificationRoutes, paymentRoutes } from './features/payments/routes.js';
import { sandboxAcquirerRoutes } from './features/sandboxAcquirer/routes.js';
import { requestRoutes } from './features/requests/routes.js';
import { staffRequestRoutes } from './features/requests/staffRoutes.js';
import { supportRoutes } from './features/support/routes.js';
import { staffAndViewAs } from './features/support/viewAs.js';
import { calculatorRoutes } from './features/calculator/routes.js';
import { adminCalculatorPricesRoutes } from './features/admin/calculatorPricesRoutes.js';
import { businessRoutes } from './features/business/routes.js';
import { supplierContacts } from './features/business/contacts.js';
import { clientServicesRoutes } from './features/business/servicesRoutes.js';
import { scanRoutes, staffScanRoutes } from './features/scans/routes.js';
import { unsubscribeRoutes } from './features/subscriptions/routes.js';

export function createApp(services: Services): Express {
  const { config, logger } = services;
  const production = config.NODE_ENV === 'production';
  const app = express();
  // only the listed proxies' X-Forwarded-For is believed, not whatever a client sends
  if (config.TRUST_PROXY.length) app.set('trust proxy', config.TRUST_PROXY);

  app.use(
    pinoHttp({
      logger,
      genReqId: (req, res) => {
        const incoming = req.headers['x-request-id'];
        const id =
          typeof incoming === 'string' && /^[\w-]{1,64}$/.test(incoming) ? incoming : crypto.randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url?.startsWith('/public/') === true },
    }),
  );
  setUpSecurityHeaders(app, production);
  setUpViews(app, production);
  app.locals.onlinePayment = services.payments.enabled;
  app.use((req, res, next) => {
    res.locals.currentPath = req.path;
    next();
  });
  app.use(refuseControlCharsInUrl);
  app.use('/public', express.static(fromRoot('public'), { maxAge: production ? '1d' : 0, index: false }));
  app.use(healthRoutes(services.db));
  // server-to-server: before the session and CSRF, verified by the acquirer's HMAC signature instead
  app.use(paymentNotificationRoutes(services));
  // a mailing's unsubscribe link: no session, so no CSRF token; the signed token in the path is the proof
  app.use(unsubscribeRoutes(services));

  app.use(express.urlencoded({ extended: false, limit: '100kb', parameterLimit: 2000 }));
  setUpSession(app, {
    pool: services.sessionPool,
    secret: config.sessionSecret,
    secure: production && config.TRUST_PROXY.length > 0,
    now: () => services.clock.now().getTime(),
  });
  // the forms with files (a new request, the calculator's hourly profile, a document's signed scan):
  // their routes parse them after the sign-in check, then check the token (platform/uploads.ts)
  setUpCsrf(app, {
    multipartPaths: [
      /^\/requests\/?$/,
      /^\/accounts\/[^/]+\/calculator\/?$/,
      /^\/support\/accounts\/[^/]+\/scans\/?$/,
    ],
  });
  app.use(currentUser(services.users));
  app.use(noStoreWhenSignedIn);
  app.use(flashMessages);
  app.use(supplierContacts(services));
  app.use(identityGate(config));
  // staff land on /support; "Смотреть как клиент" shows a customer's cabinet read-only
  app.use(staffAndViewAs(services));

  app.use(pageRoutes(services));
  app.use(authRoutes(services));
  app.use(registrationRoutes(services));
  app.use(profileRoutes(services));
  app.use(outboxRoutes(services));
  app.use(cabinetRoutes(services));
  app.use(connectRoutes(services));
  // before the other /accounts/:number routers: it gives every account page the account switcher
  app.use(accountRoutes(services));
  app.use(overviewRoutes(services));
  // PDFs (bills/:id.pdf, bills/print, reconciliation?format=pdf) and the Документы / consumption pages
  app.use(documentRoutes(services));
  app.use(readingsRoutes(services));
  app.use(debtRoutes(services));
  app.use(billingRoutes(services));
  app.use(adminRatesRoutes(services));
  app.use(adminDebtRulesRoutes(services));
  app.use(paymentRoutes(services));
  // the built-in test acquirer's pages (the "bank"); absent when ACQUIRER=off
  app.use(sandboxAcquirerRoutes(services.sandboxAcquirer));
  app.use(requestRoutes(services));
  app.use(supportRoutes(services));
  app.use(staffRequestRoutes(services));
  app.use(calculatorRoutes(services));
  app.use(businessRoutes(services));
  app.use(clientServicesRoutes(services));
  app.use(adminCalculatorPricesRoutes(services));
  app.use(scanRoutes(services));
  app.use(staffScanRoutes(services));

  app.use(notFoundHandler);
  app.use(errorHandler(config.NODE_ENV === 'development'));
  return app;
}
