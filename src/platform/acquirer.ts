// The acquirer interface the portal pays through, shaped after the big Russian acquirers' public
// APIs (create a payment with an idempotence key → a confirmation URL; a notification; a status
// query), and the HMAC signature of notifications. The built-in sandbox and any real acquirer
// implement it; the payments feature knows nothing else about them.
import crypto from 'node:crypto';

export type AcquirerMethod = 'bank_card' | 'sbp';
export type AcquirerStatus = 'pending' | 'succeeded' | 'canceled';

export interface CreatePaymentRequest {
  /** Kopecks; the acquirer's own API may want "1234.56" strings: the adapter converts. */
  amountKop: number;
  currency: 'RUB';
  description: string;
  /** The same key always means the same payment at the acquirer (a retried create is not a second one). */
  idempotenceKey: string;
  method: AcquirerMethod;
  /** Where the acquirer sends the payer's browser back when the payment is done or abandoned. */
  returnUrl: string;
  /** The merchant's name shown on the acquirer's page. */
  merchant: string;
  /** Echoed back in the payment object and every notification. */
  metadata: Record<string, string>;
  /** How long the payer has to pay. */
  expiresAt: Date;
}

/** The payment object as the acquirer reports it (creation answer, status query, notification). */
export interface AcquirerPayment {
  id: string;
  status: AcquirerStatus;
  amountKop: number;
  currency: string;
  /** Test mode: money does not move. */
  test: boolean;
  metadata: Record<string, string>;
  /** Where to send the payer (present while pending). */
  confirmationUrl: string | null;
  /** Why a payment was canceled: 'card_declined', 'insufficient_funds', 'expired', 'canceled_by_payer'. */
  cancellationReason: string | null;
  paidAt: string | null;
}

/** A notification whose signature checked out: the event and the payment object it carries. */
export interface AcquirerNotification {
  notificationId: string;
  event: 'payment.succeeded' | 'payment.canceled';
  payment: AcquirerPayment;
  /** When the acquirer signed it (seconds since the epoch). */
  signedAt: number;
}

export type NotificationCheck =
  | { ok: true; notification: AcquirerNotification }
  | { ok: false; reason: 'no_signature' | 'bad_signature' | 'stale' | 'malformed' };

export interface Acquirer {
  readonly name: string;
  /** Test acquirer: every payment is a test payment and is marked so everywhere. */
  readonly test: boolean;
  createPayment(req: CreatePaymentRequest): Promise<AcquirerPayment>;
  /** The status query; null when the acquirer does not know the id. */
  getPayment(id: string): Promise<AcquirerPayment | null>;
  /** Checks a notification as received (raw body, headers) at `now`. */
  verifyNotification(
    rawBody: string,
    headers: Record<string, string | undefined>,
    now: Date,
  ): NotificationCheck;
}

/** The signature header: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`. */
export const SIGNATURE_HEADER = 'x-acquirer-signature';
/** Acquirers retry a notification for up to a day; an older signature is a replay. */
export const SIGNATURE_MAX_AGE_S = 24 * 60 * 60;
const FUTURE_SKEW_S = 5 * 60;

export function signNotification(secret: string, rawBody: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  const mac = crypto.createHmac('sha256', secret).update(`${t}.${rawBody}`).digest('hex');
  return `t=${t},v1=${mac}`;
}

/** Constant-time check of a signature header; `stale` for a valid signature outside the time window. */
export function checkSignature(
  secret: string,
  rawBody: string,
  header: string | undefined,
  now: Date,
): { ok: true; signedAt: number } | { ok: false; reason: 'no_signature' | 'bad_signature' | 'stale' } {
  if (!header) return { ok: false, reason: 'no_signature' };
  const parts = Object.fromEntries(
    header.split(',').map((p) => {
      const i = p.indexOf('=');
      return [p.slice(0, i).trim(), p.slice(i + 1).trim()];
    }),
  );
  const t = Number(parts.t);
  const v1 = String(parts.v1 ?? '');
  if (!Number.isSafeInteger(t) || !/^[0-9a-f]{64}$/.test(v1)) return { ok: false, reason: 'bad_signature' };
  const expected = crypto.createHmac('sha256', secret).update(`${t}.${rawBody}`).digest();
  if (!crypto.timingSafeEqual(expected, Buffer.from(v1, 'hex')))
    return { ok: false, reason: 'bad_signature' };
  const age = Math.floor(now.getTime() / 1000) - t;
  if (age > SIGNATURE_MAX_AGE_S || age < -FUTURE_SKEW_S) return { ok: false, reason: 'stale' };
  return { ok: true, signedAt: t };
}
