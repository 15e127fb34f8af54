// The self-hosted captcha (ALTCHA proof of work): challenges signed with a secret, each solution usable once.
import crypto from 'node:crypto';
import type { RequestHandler } from 'express';
import { createChallenge, randomInt, verifySolution, type Challenge, type Payload } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import type { Db } from '../db/knex.js';

const TTL_SEC = 20 * 60;

export type CaptchaResult = { ok: true } | { ok: false; text: string };

export const CAPTCHA_FIELD = 'altcha';

export class Captcha {
  private readonly secret: string;
  private readonly keySecret: string;

  constructor(
    private readonly db: Db,
    readonly enabled: boolean,
    masterSecret: string,
    // the work a browser does: about a second on a phone (tests pass a smaller one)
    private readonly work: { cost: number; counterMin: number; counterMax: number } = {
      cost: 1_000,
      counterMin: 500,
      counterMax: 2_000,
    },
  ) {
    // separate keys derived from the session secret, so a captcha signature is never a session signature
    this.secret = crypto.createHmac('sha256', masterSecret).update('captcha-challenge').digest('hex');
    this.keySecret = crypto.createHmac('sha256', masterSecret).update('captcha-key').digest('hex');
  }

  async challenge(): Promise<Challenge> {
    return createChallenge({
      algorithm: 'PBKDF2/SHA-256',
      cost: this.work.cost,
      counter: randomInt(this.work.counterMin, this.work.counterMax),
      deriveKey,
      data: { challengeId: crypto.randomUUID() },
      expiresAt: new Date(Date.now() + TTL_SEC * 1000),
      hmacSignatureSecret: this.secret,
      hmacKeySignatureSecret: this.keySecret,
    });
  }

  /** Checks the widget's payload (base64 JSON) and spends it. */
  async verify(raw: unknown): Promise<CaptchaResult> {
    if (!this.enabled) return { ok: true };
    const missing: CaptchaResult = { ok: false, text: 'Подтвердите, что вы не робот' };
    if (typeof raw !== 'string' || raw === '' || raw.length > 10_000) return missing;
    let payload: Payload;
    try {
      payload = JSON.parse(Buffer.from(raw, 'base64').toString('utf8')) as Payload;
    } catch {
      return missing;
    }
    if (!payload?.challenge?.parameters || !payload.solution) return missing;
    let verified = false;
    try {
      const r = await verifySolution({
        challenge: payload.challenge,
        solution: payload.solution,
        deriveKey,
        hmacSignatureSecret: this.secret,
        hmacKeySignatureSecret: this.keySecret,
      });
      verified = r.verified;
    } catch {
      verified = false;
    }
    if (!verified)
      return { ok: false, text: 'Проверка «Я не робот» не пройдена или устарела. Пройдите её ещё раз' };
    const id = String(payload.challenge.parameters.data?.challengeId ?? payload.challenge.parameters.nonce);
    const expiresAt = new Date(
      (payload.challenge.parameters.expiresAt ?? Date.now() / 1000 + TTL_SEC) * 1000,
    );
    // the challenge's own expiry is wall-clock time (altcha checks it against Date.now())
    await this.db('captcha_used').where('expires_at', '<', new Date()).del();
    const inserted = await this.db('captcha_used')
      .insert({ id, expires_at: expiresAt })
      .onConflict('id')
      .ignore()
      .returning('id');
    if (inserted.length === 0)
      return { ok: false, text: 'Проверка «Я не робот» уже использована. Пройдите её ещё раз' };
    return { ok: true };
  }

  /** GET /captcha/challenge: the JSON the widget fetches. */
  challengeHandler(): RequestHandler {
    return async (_req, res) => {
      res.set('Cache-Control', 'no-store');
      res.json(await this.challenge());
    };
  }
}

/**
 * The widget solves its puzzle in Web Workers built from blob: URLs. Only pages that show the
 * widget get `worker-src blob:`; everything else keeps the stricter default policy.
 */
export const allowCaptchaWorkers: RequestHandler = (_req, res, next) => {
  const csp = res.getHeader('Content-Security-Policy');
  if (typeof csp === 'string' && !csp.includes('worker-src')) {
    res.setHeader('Content-Security-Policy', `${csp};worker-src 'self' blob:`);
  }
  next();
};
