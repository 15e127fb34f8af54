// Online payment use cases: the pay form from what is owed, starting a payment at the acquirer, and
// registering it only from what the acquirer says (a verified notification or a status query),
// exactly once, with its разноска by contract and the 54-FZ receipt sent through the outbox.
import crypto from 'node:crypto';
import type { Db } from '../../db/knex.js';
import type { Clock } from '../../platform/clock.js';
import type { Logger } from '../../platform/logger.js';
import type { AuditLog } from '../../platform/audit.js';
import type { FieldError } from '../../platform/errors.js';
import type { OutboxRepo, NewMessage } from '../../platform/outbox/repo.js';
import type { LinkedAccount, UserRow } from '../../domain/identity.js';
import type { AccountStatement } from '../../domain/statement.js';
import type { Acquirer, AcquirerPayment } from '../../platform/acquirer.js';
import { buildReceipt, checkPayAmounts, type PayLimits, type Receipt } from '../../domain/onlinePayment.js';
import { formatDateTime, formatMoney } from '../../domain/format.js';
import { paths } from '../../paths.js';
import { amountField, parsePayForm, type PayFormValues } from './schemas.js';
import type { OnlineItem, OnlinePaymentRow, PaymentsRepo, PaySupplierRow } from './repo.js';

/** Where statements come from (the cabinet's AccountStatementService): the owed figures are never recomputed here. */
export interface StatementSource {
  load(accountId: number, asOf: string): Promise<AccountStatement>;
}

export interface PayFormLine {
  key: string;
  contractId: number;
  supplierId: number;
  name: string;
  owedKop: number;
}

export interface PayPage {
  lines: PayFormLine[];
  owedTotalKop: number;
  business: boolean;
  limits: PayLimits;
  test: boolean;
  acquirerName: string;
}

export type StartResult =
  | { ok: true; redirect: string }
  | { ok: false; status: number; page: PayPage; values: PayFormValues; errors: FieldError[] };

export type NotificationOutcome = 'registered' | 'failed' | 'duplicate' | 'ignored' | 'refused';

export const STATUS_LABEL: Record<OnlinePaymentRow['status'], string> = {
  created: 'Ожидает оплаты',
  pending: 'Ожидает оплаты',
  succeeded: 'Оплачен и зачислен',
  failed: 'Не оплачен',
  cancelled: 'Отменён',
  expired: 'Истёк срок оплаты',
};

export const REASON_LABEL: Record<string, string> = {
  card_declined: 'Банк отклонил операцию по карте',
  insufficient_funds: 'Недостаточно средств на карте',
  expired: 'Время на оплату истекло, деньги не списаны',
  canceled_by_payer: 'Оплата отменена на странице банка',
  acquirer_unavailable: 'Платёжный сервис не ответил, деньги не списаны',
};

export const METHOD_LABEL = { bank_card: 'Банковская карта', sbp: 'СБП' } as const;

export interface PaymentsDeps {
  db: Db;
  repo: PaymentsRepo;
  clock: Clock;
  logger: Logger;
  audit: AuditLog;
  outbox: OutboxRepo;
  acquirer: Acquirer | null;
  statements: StatementSource;
  /** Persists the account's разноска (the debt module's settle), as an import does after it writes payments. */
  settle: (accountId: number) => Promise<unknown>;
  expiryMinutes: number;
  /** Absolute base of the return URL (PUBLIC_URL); empty: a path on the same host. */
  returnBase: string;
}

export class PaymentsService {
  constructor(private readonly d: PaymentsDeps) {}

  get enabled(): boolean {
    return this.d.acquirer !== null;
  }

  get test(): boolean {
    return this.d.acquirer?.test ?? false;
  }

  /** The pay form: one line per contract (a supplier's services of the ЕПД) with what the statement says is owed. */
  async page(account: LinkedAccount, today: string): Promise<PayPage> {
    const [statement, contracts, supplier] = await Promise.all([
      this.d.statements.load(account.id, today),
      this.d.repo.contractLines(account.id),
      this.d.repo.supplier(account.supplier_id),
    ]);
    const lines = contracts.map((c) => {
      const st = statement.contracts.find((s) => s.contractId === c.contract_id);
      const owedKop = Math.max((st?.debtKop ?? 0) - (st?.overpaymentKop ?? 0), 0);
      const suppliers = c.supplier_names.length ? c.supplier_names.join(', ') : account.supplier_name;
      const services = c.service_names.length ? `: ${c.service_names.join(', ')}` : '';
      return {
        key: String(c.contract_id),
        contractId: c.contract_id,
        supplierId: c.supplier_id,
        name: `${suppliers}${services} — договор № ${c.contract_number}`,
        owedKop,
      };
    });
    return {
      lines,
      owedTotalKop: lines.reduce((s, l) => s + l.owedKop, 0),
      business: account.customer_kind === 'organisation',
      limits: limitsOf(supplier),
      test: this.test,
      acquirerName: this.d.acquirer?.name ?? '',
    };
  }

  /** What the empty form shows: each line's debt, the profile's contacts, a fresh idempotence key. */
  defaults(page: PayPage, user: UserRow): PayFormValues {
    return {
      amounts: Object.fromEntries(page.lines.map((l) => [l.key, plainAmount(l.owedKop)])),
      method: 'bank_card',
      receipt_via: user.email || !user.phone ? 'email' : 'sms',
      email: user.email ?? '',
      phone: user.phone ?? '',
      consent: false,
      idempotence_key: crypto.randomUUID(),
    };
  }

  /**
   * Checks the form and creates the payment at the acquirer. The form's idempotence key makes a
   * double submit (two clicks, a resent form) lead to the same payment, here and at the acquirer.
   */
  async start(
    account: LinkedAccount,
    user: UserRow,
    body: unknown,
    today: string,
    meta: { ip?: string; requestId?: string },
  ): Promise<StartResult> {
    const acquirer = this.d.acquirer!;
    const page = await this.page(account, today);
    const form = parsePayForm(
      body,
      page.lines.map((l) => l.key),
    );
    const amounts = checkPayAmounts(page.lines, form.values.amounts, page.limits, page.business);
    // the amounts first, in the order of the form, then the other fields
    const errors: FieldError[] = [
      ...(amounts.ok
        ? []
        : amounts.errors.map((e) => ({
            field: e.key === 'total' ? 'total' : amountField(e.key),
            text: e.text,
          }))),
      ...form.errors,
    ];
    if (page.lines.length === 0)
      errors.unshift({ field: 'total', text: 'У лицевого счёта нет договоров для оплаты' });
    const refuse = (errs: FieldError[], status = 400): StartResult => ({
      ok: false,
      status,
      page,
      values: {
        ...form.values,
        idempotence_key: errs.some((e) => e.field === 'form')
          ? crypto.randomUUID()
          : form.values.idempotence_key,
      },
      errors: errs,
    });
    if (errors.length || !amounts.ok || !form.contact || !form.method) return refuse(errors);

    const byKey = new Map(page.lines.map((l) => [l.key, l]));
    const items: OnlineItem[] = amounts.amounts.map((a) => {
      const l = byKey.get(a.key)!;
      return { contractId: l.contractId, supplierId: l.supplierId, name: l.name, amountKop: a.amountKop };
    });
    const expiresAt = new Date(this.d.clock.now().getTime() + this.d.expiryMinutes * 60_000);
    const { row, created } = await this.d.repo.createOnce({
      account_id: account.id,
      user_id: user.id,
      supplier_id: account.supplier_id,
      amount_kop: amounts.totalKop,
      items,
      receipt_contact: `${form.contact.channel}:${form.contact.recipient}`,
      idempotence_key: form.values.idempotence_key,
      acquirer: acquirer.name,
      test: acquirer.test,
      method: form.method,
      expires_at: expiresAt,
      created_at: this.d.clock.now(),
    });
    if (!created && (row.account_id !== account.id || row.user_id !== user.id))
      return refuse([
        { field: 'form', text: 'Форма устарела: проверьте суммы и нажмите «Оплатить» ещё раз' },
      ]);
    if (!created && row.status !== 'created' && row.status !== 'pending')
      return { ok: true, redirect: paths.payStatus(account.number, row.id) };
    if (!created && row.confirmation_url) return { ok: true, redirect: row.confirmation_url };

    let ap: AcquirerPayment;
    try {
      ap = await acquirer.createPayment({
        amountKop: row.amount_kop,
        currency: 'RUB',
        description: `Оплата по лицевому счёту ${account.number}`,
        idempotenceKey: row.idempotence_key,
        method: row.method,
        returnUrl: `${this.d.returnBase}${paths.payStatus(account.number, row.id)}`,
        merchant: account.supplier_name,
        metadata: { online_payment_id: String(row.id), account: account.number },
        expiresAt: row.expires_at ?? expiresAt,
      });
    } catch (e) {
      this.d.logger.error(
        { err: e, onlinePayment: row.id, requestId: meta.requestId },
        'acquirer: create failed',
      );
      await this.d.repo.close(row.id, 'failed', 'acquirer_unavailable');
      return { ok: true, redirect: paths.payStatus(account.number, row.id) };
    }
    await this.d.repo.started(row.id, ap.id, ap.confirmationUrl);
    this.d.logger.info(
      { onlinePayment: row.id, gateway: ap.id, amountKop: row.amount_kop },
      'online payment started',
    );
    if (ap.status !== 'pending' || !ap.confirmationUrl) {
      await this.apply((await this.d.repo.find(row.id))!, ap, 'status');
      return { ok: true, redirect: paths.payStatus(account.number, row.id) };
    }
    return { ok: true, redirect: ap.confirmationUrl };
  }

  /** One online payment of the account, brought up to date by a status query while it is open. */
  async one(account: LinkedAccount, id: number): Promise<OnlinePaymentRow | undefined> {
    const row = await this.d.repo.find(id);
    if (!row || row.account_id !== account.id) return undefined;
    return this.refresh(row);
  }

  /** "Мои платежи": every online payment of the account, open ones refreshed. */
  async history(account: LinkedAccount): Promise<OnlinePaymentRow[]> {
    const rows = await this.d.repo.ofAccount(account.id);
    return Promise.all(rows.map((r) => this.refresh(r)));
  }

  /**
   * The acquirer's server-to-server notification. No CSRF here (no session, no browser): the HMAC
   * signature is what makes it trustworthy, and the payment object must match what was created.
   */
  async receiveNotification(
    rawBody: string,
    headers: Record<string, string | undefined>,
    ip: string | undefined,
  ): Promise<{ status: number; outcome: NotificationOutcome }> {
    const acquirer = this.d.acquirer;
    if (!acquirer) return { status: 404, outcome: 'ignored' };
    const check = acquirer.verifyNotification(rawBody, headers, this.d.clock.now());
    if (!check.ok) {
      await this.refuseNotification({ reason: check.reason, ip });
      return { status: check.reason === 'malformed' ? 400 : 401, outcome: 'refused' };
    }
    const n = check.notification;
    const row =
      (await this.d.repo.byGateway(acquirer.name, n.payment.id)) ?? (await this.byMetadata(n.payment));
    const base = { notificationId: n.notificationId, gatewayRef: n.payment.id, event: n.event, ip };
    if (!row) {
      await this.refuseNotification({ ...base, reason: 'unknown_payment' });
      return { status: 400, outcome: 'refused' };
    }
    const mismatch = mismatchOf(row, n.payment);
    if (mismatch) {
      await this.refuseNotification({ ...base, reason: `mismatch:${mismatch}`, onlinePaymentId: row.id });
      return { status: 400, outcome: 'refused' };
    }
    if (n.event === 'payment.succeeded' && n.payment.status !== 'succeeded') {
      await this.refuseNotification({ ...base, reason: 'mismatch:status', onlinePaymentId: row.id });
      return { status: 400, outcome: 'refused' };
    }
    const seen = await this.d.repo.notificationSeen(acquirer.name, n.notificationId);
    const outcome = seen ? 'duplicate' : await this.apply(row, n.payment, 'notification');
    await this.d.repo.logNotification({
      acquirer: acquirer.name,
      notification_id: n.notificationId,
      gateway_ref: n.payment.id,
      online_payment_id: row.id,
      event: n.event,
      outcome,
      remote_ip: ip ?? null,
    });
    return { status: 200, outcome };
  }

  /** Brings an open payment up to date from the acquirer's status query (the return page, the history). */
  private async refresh(row: OnlinePaymentRow): Promise<OnlinePaymentRow> {
    if (row.status !== 'created' && row.status !== 'pending') return row;
    const acquirer = this.d.acquirer;
    if (acquirer && row.gateway_ref && row.acquirer === acquirer.name) {
      const ap = await acquirer.getPayment(row.gateway_ref);
      if (ap) {
        const mismatch = mismatchOf(row, ap);
        if (mismatch) {
          await this.refuseNotification({
            gatewayRef: ap.id,
            reason: `status_mismatch:${mismatch}`,
            onlinePaymentId: row.id,
          });
          return row;
        }
        await this.apply(row, ap, 'status');
      }
    } else if (row.expires_at && row.expires_at.getTime() <= this.d.clock.now().getTime()) {
      await this.d.repo.close(row.id, 'expired', 'expired');
    }
    return (await this.d.repo.find(row.id))!;
  }

  /** Applies the acquirer's word about a payment: registers it once, or closes it. */
  private async apply(
    row: OnlinePaymentRow,
    ap: AcquirerPayment,
    source: 'notification' | 'status',
  ): Promise<NotificationOutcome> {
    if (ap.status === 'pending') return 'ignored';
    if (ap.status === 'canceled') {
      const reason = ap.cancellationReason ?? 'card_declined';
      const closed = await this.d.repo.close(
        row.id,
        reason === 'expired' ? 'expired' : reason === 'canceled_by_payer' ? 'cancelled' : 'failed',
        reason,
      );
      // a late "canceled" after the payment was registered (out of order) changes nothing
      return closed ? 'failed' : 'ignored';
    }
    return this.register(row.id, ap, source);
  }

  /**
   * Registers a succeeded payment exactly once: under the row lock, a second notification, a
   * status query from another tab or a reload finds it succeeded and does nothing; the unique
   * index on payments.online_payment_id stands behind the lock. A payment closed as expired that
   * the acquirer nevertheless reports paid is registered: the money did move.
   */
  private async register(
    id: number,
    ap: AcquirerPayment,
    source: 'notification' | 'status',
  ): Promise<NotificationOutcome> {
    const result = await this.d.db.transaction(async (tx) => {
      const row = (await this.d.repo.lock(id, tx))!;
      if (row.status === 'succeeded') return { outcome: 'duplicate' as const, row };
      const supplier = (await this.d.repo.supplier(row.supplier_id!, tx))!;
      const paidAt = ap.paidAt ? new Date(ap.paidAt) : this.d.clock.now();
      const date = this.d.clock.today(supplier.time_zone);
      await this.d.repo.insertPayment(
        {
          accountId: row.account_id,
          onlinePaymentId: row.id,
          date,
          amountKop: row.amount_kop,
          place: row.test
            ? 'Тестовый платёж (песочница эквайера)'
            : `Онлайн-оплата: ${METHOD_LABEL[row.method]}`,
        },
        row.items,
        tx,
      );
      const receipt = buildReceipt({
        seller: supplier.name,
        sellerInn: supplier.inn ?? '',
        chargesVat: supplier.charges_vat,
        items: row.items.map((it) => ({ name: it.name, amountKop: it.amountKop })),
        paidAt: paidAt.toISOString(),
        paidOn: date,
        vatRates: await this.d.repo.vatRates(tx),
        contact: row.receipt_contact.replace(/^(email|sms):/, ''),
        test: row.test,
      });
      await this.d.repo.succeeded(row.id, paidAt, receipt, tx);
      await this.d.outbox.enqueue(receiptMessage(row, receipt, supplier.name), tx);
      return { outcome: 'registered' as const, row };
    });
    if (result.outcome === 'registered') {
      await this.d.settle(result.row.account_id);
      this.d.logger.info(
        { onlinePayment: id, gateway: ap.id, amountKop: result.row.amount_kop, source },
        'online payment registered',
      );
    }
    return result.outcome;
  }

  private async byMetadata(ap: AcquirerPayment): Promise<OnlinePaymentRow | undefined> {
    const id = Number(ap.metadata?.online_payment_id);
    if (!Number.isSafeInteger(id) || id <= 0) return undefined;
    const row = await this.d.repo.find(id);
    // only a payment whose create answer never arrived may be found this way
    return row && row.gateway_ref === null && row.acquirer === this.d.acquirer?.name ? row : undefined;
  }

  private async refuseNotification(n: {
    reason: string;
    ip?: string;
    notificationId?: string;
    gatewayRef?: string;
    event?: string;
    onlinePaymentId?: number;
  }): Promise<void> {
    const acquirer = this.d.acquirer?.name ?? 'none';
    this.d.logger.warn({ ...n, acquirer }, 'acquirer notification refused');
    await this.d.repo.logNotification({
      acquirer,
      notification_id: n.notificationId ?? null,
      gateway_ref: n.gatewayRef ?? null,
      online_payment_id: n.onlinePaymentId ?? null,
      event: n.event ?? null,
      outcome: 'refused',
      reason: n.reason,
      remote_ip: n.ip ?? null,
    });
    await this.d.audit.record({
      action: 'payment.notification_refused',
      targetType: 'online_payment',
      targetId: n.onlinePaymentId,
      ip: n.ip,
      details: { reason: n.reason, gatewayRef: n.gatewayRef ?? null, acquirer },
    });
  }
}

function limitsOf(s: PaySupplierRow | undefined): PayLimits {
  return {
    minBusinessKop: s?.online_min_business_kop ?? 10000,
    marginKop: s?.online_margin_kop ?? 5000000,
    maxKop: s?.online_max_kop ?? 100000000,
  };
}

/** Kopecks as the form's text: 123456 → "1234,56". */
function plainAmount(kop: number): string {
  return `${Math.floor(kop / 100)},${String(kop % 100).padStart(2, '0')}`;
}

/** What does not match between the portal's record and the acquirer's payment object; null if all does. */
function mismatchOf(row: OnlinePaymentRow, ap: AcquirerPayment): string | null {
  if (row.gateway_ref !== null && ap.id !== row.gateway_ref) return 'gateway_ref';
  if (ap.amountKop !== row.amount_kop) return 'amount';
  if (ap.currency !== 'RUB') return 'currency';
  if (ap.metadata?.online_payment_id !== String(row.id)) return 'metadata';
  if (ap.test !== row.test) return 'test';
  return null;
}

/** The 54-FZ receipt as an e-mail or an SMS (the outbox dedupes it per payment). */
function receiptMessage(row: OnlinePaymentRow, r: Receipt, seller: string): NewMessage {
  const [channel, recipient] = row.receipt_contact.split(/:(.*)/s) as ['email' | 'sms', string];
  const test = r.test ? 'ТЕСТОВЫЙ ПЛАТЁЖ — деньги не списаны.\n\n' : '';
  const when = formatDateTime(r.paidAt);
  if (channel === 'sms')
    return {
      channel,
      recipient,
      kind: 'payment_receipt',
      dedupeKey: `payment_receipt:${row.id}`,
      body: `${r.test ? 'ТЕСТ. ' : ''}Чек: ${seller}, ИНН ${r.sellerInn}, приход ${formatMoney(r.totalKop)}, полный расчёт, ${when}.`,
    };
  const items = r.items
    .map(
      (it) =>
        `  ${it.name}\n    ${formatMoney(it.amountKop)}, ${it.vatPercent === null ? 'Без НДС' : `НДС ${it.vatPercent.replace(/\.?0+$/, '')} %: ${formatMoney(it.vatKop)}`}`,
    )
    .join('\n');
  return {
    channel,
    recipient,
    kind: 'payment_receipt',
    dedupeKey: `payment_receipt:${row.id}`,
    subject: `${r.test ? '[ТЕСТ] ' : ''}Кассовый чек: оплата ${formatMoney(r.totalKop)}`,
    body:
      `${test}Кассовый чек (приход)\n\nПродавец: ${seller}\nИНН: ${r.sellerInn}\n\nПредметы расчёта:\n${items}\n\n` +
      `Итого: ${formatMoney(r.totalKop)}\nСпособ расчёта: ${r.paymentMethod}\nДата и время: ${when}\n` +
      `Чек отправлен: ${r.contact}\n\n—\nЛичный кабинет клиента. Это письмо отправлено автоматически.`,
  };
}
