// The built-in sandbox acquirer: a test "bank" behind the Acquirer interface. It keeps its own books,
// hosts the card and SBP pages, and tells the merchant the outcome by a signed server-to-server
// notification (and answers status queries). It never talks to the portal's payments code directly.
import crypto from 'node:crypto';
import type { Clock } from '../../platform/clock.js';
import type { Logger } from '../../platform/logger.js';
import {
  checkSignature,
  signNotification,
  SIGNATURE_HEADER,
  type Acquirer,
  type AcquirerPayment,
  type CreatePaymentRequest,
  type NotificationCheck,
} from '../../platform/acquirer.js';
import { checkCard, outcomeOf, THREE_DS_CODE, type CardError, type CardInput } from './cards.js';
import type { SandboxAcquirerRepo, SandboxPaymentRow } from './repo.js';

/** Hands a signed notification to the merchant (an HTTP POST, or the handler in-process). */
export type NotificationDelivery = (rawBody: string, signature: string) => Promise<void>;

export const SANDBOX_BASE = '/sandbox-acquirer';
export const sandboxPaths = {
  payment: (id: string) => `${SANDBOX_BASE}/payments/${encodeURIComponent(id)}`,
  card: (id: string) => `${SANDBOX_BASE}/payments/${encodeURIComponent(id)}/card`,
  threeDs: (id: string) => `${SANDBOX_BASE}/payments/${encodeURIComponent(id)}/3ds`,
  sbp: (id: string) => `${SANDBOX_BASE}/payments/${encodeURIComponent(id)}/sbp`,
  cancel: (id: string) => `${SANDBOX_BASE}/payments/${encodeURIComponent(id)}/cancel`,
};

export type BankStep =
  | { kind: 'done'; returnUrl: string }
  | { kind: 'three_ds' }
  | { kind: 'invalid'; errors: CardError[] }
  | { kind: 'gone' };

export interface SandboxDeps {
  repo: SandboxAcquirerRepo;
  clock: Clock;
  logger: Logger;
  secret: string;
  deliver: NotificationDelivery;
}

export class SandboxAcquirer implements Acquirer {
  readonly name = 'sandbox';
  readonly test = true;
  private readonly repo: SandboxAcquirerRepo;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly secret: string;
  private readonly deliver: NotificationDelivery;

  constructor(deps: SandboxDeps) {
    ({
      repo: this.repo,
      clock: this.clock,
      logger: this.logger,
      secret: this.secret,
      deliver: this.deliver,
    } = deps);
  }

  // ---- the merchant API (what a real acquirer offers over HTTPS) ----

  async createPayment(req: CreatePaymentRequest): Promise<AcquirerPayment> {
    const row = await this.repo.createOnce({
      id: `sbx_${crypto.randomUUID()}`,
      idempotence_key: req.idempotenceKey,
      amount_kop: req.amountKop,
      currency: req.currency,
      description: req.description,
      merchant: req.merchant,
      method: req.method,
      return_url: req.returnUrl,
      metadata: req.metadata,
      expires_at: req.expiresAt,
    });
    return this.toApi(row);
  }

  async getPayment(id: string): Promise<AcquirerPayment | null> {
    const row = await this.current(id);
    return row ? this.toApi(row) : null;
  }

  verifyNotification(
    rawBody: string,
    headers: Record<string, string | undefined>,
    now: Date,
  ): NotificationCheck {
    const sig = checkSignature(this.secret, rawBody, headers[SIGNATURE_HEADER], now);
    if (!sig.ok) return sig;
    let body: unknown;
    try {
      body = JSON.parse(rawBody);
    } catch {
      return { ok: false, reason: 'malformed' };
    }
    const b = body as { id?: unknown; event?: unknown; object?: Partial<AcquirerPayment> };
    const o = b.object;
    if (
      typeof b.id !== 'string' ||
      (b.event !== 'payment.succeeded' && b.event !== 'payment.canceled') ||
      !o ||
      typeof o.id !== 'string' ||
      !Number.isSafeInteger(o.amountKop) ||
      typeof o.currency !== 'string' ||
      typeof o.metadata !== 'object' ||
      o.metadata === null
    )
      return { ok: false, reason: 'malformed' };
    return {
      ok: true,
      notification: {
        notificationId: b.id,
        event: b.event,
        payment: o as AcquirerPayment,
        signedAt: sig.signedAt,
      },
    };
  }

  // ---- the bank's own pages ----

  /** The payment as its page shows it; an expired one is canceled first (and the merchant told). */
  current(id: string): Promise<SandboxPaymentRow | undefined> {
    return this.expireIfDue(id);
  }

  async payByCard(id: string, input: CardInput): Promise<BankStep> {
    const row = await this.current(id);
    if (!row || row.status !== 'pending') return { kind: 'gone' };
    const checked = checkCard(input, this.clock.today());
    if (!checked.ok) return { kind: 'invalid', errors: checked.errors };
    const last4 = checked.digits.slice(-4);
    // the card data ends here: only the last four digits are kept, as a bank's receipt shows them
    switch (outcomeOf(checked.digits)) {
      case 'three_ds':
        await this.repo.awaitThreeDs(id, last4);
        return { kind: 'three_ds' };
      case 'declined':
        return this.finish(row, 'canceled', 'card_declined', last4);
      case 'insufficient_funds':
        return this.finish(row, 'canceled', 'insufficient_funds', last4);
      default:
        return this.finish(row, 'succeeded', null, last4);
    }
  }

  async confirmThreeDs(id: string, code: string): Promise<BankStep | { kind: 'wrong_code' }> {
    const row = await this.current(id);
    if (!row || row.status !== 'pending' || !row.awaiting_3ds) return { kind: 'gone' };
    if (code.trim() !== THREE_DS_CODE) return { kind: 'wrong_code' };
    return this.finish(row, 'succeeded', null, row.card_last4);
  }

  async paySbp(id: string): Promise<BankStep> {
    const row = await this.current(id);
    if (!row || row.status !== 'pending') return { kind: 'gone' };
    return this.finish(row, 'succeeded', null, null);
  }

  async cancel(id: string): Promise<BankStep> {
    const row = await this.current(id);
    if (!row) return { kind: 'gone' };
    if (row.status !== 'pending') return { kind: 'done', returnUrl: row.return_url };
    return this.finish(row, 'canceled', 'canceled_by_payer', row.card_last4);
  }

  /** The SBP link the QR code carries (a bank app would open it). */
  sbpLink(row: SandboxPaymentRow): string {
    return `https://qr.nspk.ru/SANDBOX${row.id
      .replace(/[^a-zA-Z0-9]/g, '')
      .slice(3, 27)
      .toUpperCase()}?type=02&sum=${row.amount_kop}&cur=RUB`;
  }

  private async expireIfDue(id: string): Promise<SandboxPaymentRow | undefined> {
    const row = await this.repo.find(id);
    if (row && row.status === 'pending' && row.expires_at.getTime() <= this.clock.now().getTime()) {
      await this.finish(row, 'canceled', 'expired', row.card_last4);
      return this.repo.find(id);
    }
    return row;
  }

  private async finish(
    row: SandboxPaymentRow,
    status: 'succeeded' | 'canceled',
    reason: string | null,
    last4: string | null,
  ): Promise<BankStep> {
    const now = this.clock.now();
    // only the request that moved it out of pending notifies: two tabs paying at once pay once
    if (await this.repo.finish(row.id, status, reason, last4, now)) {
      const done = (await this.repo.find(row.id))!;
      await this.notify(done);
    }
    return { kind: 'done', returnUrl: row.return_url };
  }

  private async notify(row: SandboxPaymentRow): Promise<void> {
    const body = JSON.stringify({
      type: 'notification',
      id: crypto.randomUUID(),
      event: row.status === 'succeeded' ? 'payment.succeeded' : 'payment.canceled',
      object: this.toApi(row),
    });
    try {
      await this.deliver(body, signNotification(this.secret, body, this.clock.now()));
    } catch (e) {
      // the merchant also learns the outcome from a status query when the payer comes back
      this.logger.warn({ err: e, payment: row.id }, 'sandbox acquirer: notification not delivered');
    }
  }

  private toApi(row: SandboxPaymentRow): AcquirerPayment {
    return {
      id: row.id,
      status: row.status,
      amountKop: row.amount_kop,
      currency: row.currency,
      test: true,
      metadata: row.metadata,
      confirmationUrl: row.status === 'pending' ? sandboxPaths.payment(row.id) : null,
      cancellationReason: row.cancellation_reason,
      paidAt: row.status === 'succeeded' && row.finished_at ? row.finished_at.toISOString() : null,
    };
  }
}
