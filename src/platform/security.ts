// Security headers: helmet with a per-request CSP nonce and no 'unsafe-inline'.
import crypto from 'node:crypto';
import type { Express, Response } from 'express';
import helmet from 'helmet';

export function setUpSecurityHeaders(app: Express, production: boolean): void {
  app.disable('x-powered-by');
  app.use((_req, res, next) => {
    res.locals.cspNonce = crypto.randomBytes(16).toString('base64');
    next();
  });
  const nonce = (_req: unknown, res: unknown) => `'nonce-${(res as Response).locals.cspNonce}'`;
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: true,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'", nonce],
          styleSrc: ["'self'", nonce],
          imgSrc: ["'self'", 'data:'],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          upgradeInsecureRequests: production ? [] : null,
        },
      },
      strictTransportSecurity: production,
      referrerPolicy: { policy: 'same-origin' },
    }),
  );
}
