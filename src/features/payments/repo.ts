// SQL of online payments: the pay form's lines and limits, the online_payments rows, the registered
// payment with its разноска by contract, and the log of acquirer notifications.
import type { Db, Tx } from '../../db/knex.js';
import type { Receipt } from '../../domain/onlinePayment.js';

export type OnlineStatus = 'created' | 'pending' | 'succeeded' | 'failed' | 'cancelled' | 'expired';

export interface OnlineItem {
  contractId: number;
  supplierId: number;
  name: string;
  amountKop: number;
}

export interface OnlinePaymentRow {
  id: number;
  account_id: number;
  user_id: number | null;
  supplier_id: number | null;
  amount_kop: number;
  items: OnlineItem[];
  receipt_contact: string;
  status: OnlineStatus;
  gateway_ref: string | null;
  idempotence_key: string;
  acquirer: string;
  test: boolean;
  method: 'bank_card' | 'sbp';
  confirmation_url: string | null;
  expires_at: Date | null;
  failure_reason: string | null;
  receipt: Receipt | null;
  created_at: Date;
  updated_at: Date;
  paid_at: Date | null;
}

export interface ContractLineRow {
  contract_id: number;
  contract_number: string;
  supplier_id: number;
  supplier_names: string[];
  service_names: string[];
}

export interface PaySupplierRow {
  id: number;
  name: string;
  inn: string | null;
  charges_vat: boolean;
  time_zone: string;
  online_min_business_kop: number;
  online_margin_kop: number;
  online_max_kop: number;
}

export interface NotificationLog {
  acquirer: string;
  notification_id?: string | null;
  gateway_ref?: string | null;
  online_payment_id?: number | null;
  event?: string | null;
  outcome: 'registered' | 'failed' | 'duplicate' | 'ignored' | 'refused';
  reason?: string | null;
  remote_ip?: string | null;
}

const T = 'online_payments';

export class PaymentsRepo {
  constructor(readonly db: Db) {}

  /** The account's contracts with the suppliers and services each collects for (one pay-form line each). */
  contractLines(accountId: number, db: Db | Tx = this.db): Promise<ContractLineRow[]> {
    return db('contracts as c')
      .leftJoin('services as sv', 'sv.contract_id', 'c.id')
      .leftJoin('suppliers as s', 's.id', 'sv.supplier_id')
      .join('accounts as a', 'a.id', 'c.account_id')
      .where('c.account_id', accountId)
      .groupBy('c.id', 'c.number', 'a.supplier_id')
      .orderBy('c.id')
      .select(
        'c.id as contract_id',
        'c.number as contract_number',
        db.raw('coalesce(min(sv.supplier_id), a.supplier_id) as supplier_id'),
        db.raw(
          "coalesce(array_agg(distinct s.name) filter (where s.name is not null), '{}') as supplier_names",
        ),
        db.raw(
          "coalesce(array_agg(distinct sv.name) filter (where sv.name is not null), '{}') as service_names",
        ),
      ) as unknown as Promise<ContractLineRow[]>;
  }

  supplier(id: number, db: Db | Tx = this.db): Promise<PaySupplierRow | undefined> {
    return db('suppliers')
      .where({ id })
      .first(
        'id',
        'name',
        'inn',
        'charges_vat',
        'time_zone',
        'online_min_business_kop',
        'online_margin_kop',
        'online_max_kop',
      );
  }

  async vatRates(db: Db | Tx = this.db): Promise<{ validFrom: string; percent: string }[]> {
    const rows: { valid_from: string; percent: string }[] = await db('vat_rates').select(
      'valid_from',
      'percent',
    );
    return rows.map((r) => ({ validFrom: r.valid_from, percent: String(r.percent) }));
  }

  /** Inserts the attempt unless its idempotence key is known; returns the key's row and whether it is new. */
  async createOnce(
    row: Pick<
      OnlinePaymentRow,
      | 'account_id'
      | 'user_id'
      | 'supplier_id'
      | 'amount_kop'
      | 'items'
      | 'receipt_contact'
      | 'idempotence_key'
      | 'acquirer'
      | 'test'
      | 'method'
      | 'expires_at'
      | 'created_at'
    >,
    db: Db | Tx = this.db,
  ): Promise<{ row: OnlinePaymentRow; created: boolean }> {
    const inserted = await db(T)
      .insert({ ...row, items: JSON.stringify(row.items) })
      .onConflict('idempotence_key')
      .ignore()
      .returning('id');
    const found = (await db<OnlinePaymentRow>(T).where({ idempotence_key: row.idempotence_key }).first())!;
    return { row: found, created: inserted.length === 1 };
  }

  async started(id: number, gatewayRef: string, confirmationUrl: string | null, db: Db | Tx = this.db) {
    await db(T).where({ id, status: 'created' }).update({
      gateway_ref: gatewayRef,
      confirmation_url: confirmationUrl,
      status: 'pending',
      updated_at: db.fn.now(),
    });
  }

  find(id: number, db: Db | Tx = this.db): Promise<OnlinePaymentRow | undefined> {
    return db<OnlinePaymentRow>(T).where({ id }).first();
  }

  /** The row under a lock held until the transaction ends: notifications and status queries of one payment queue here. */
  lock(id: number, tx: Tx): Promise<OnlinePaymentRow | undefined> {
    return tx<OnlinePaymentRow>(T).where({ id }).forUpdate().first();
  }

  byGateway(
    acquirer: string,
    gatewayRef: string,
    db: Db | Tx = this.db,
  ): Promise<OnlinePaymentRow | undefined> {
    return db<OnlinePaymentRow>(T).where({ acquirer, gateway_ref: gatewayRef }).first();
  }

  ofAccount(accountId: number, db: Db | Tx = this.db): Promise<OnlinePaymentRow[]> {
    return db<OnlinePaymentRow>(T)
      .where({ account_id: accountId })
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc');
  }

  async close(
    id: number,
    status: 'failed' | 'cancelled' | 'expired',
    reason: string | null,
    db: Db | Tx = this.db,
  ): Promise<boolean> {
    const n = await db(T)
      .where({ id })
      .whereIn('status', ['created', 'pending'])
      .update({ status, failure_reason: reason, updated_at: db.fn.now() });
    return n === 1;
  }

  async succeeded(id: number, paidAt: Date, receipt: Receipt, tx: Tx): Promise<void> {
    await tx(T)
      .where({ id })
      .update({
        status: 'succeeded',
        paid_at: paidAt,
        receipt: JSON.stringify(receipt),
        failure_reason: null,
        updated_at: tx.fn.now(),
      });
  }

  /** The payment (channel online) and its разноска by contract, as an import writes a ЕПД payment. */
  async insertPayment(
    p: { accountId: number; onlinePaymentId: number; date: string; amountKop: number; place: string },
    items: readonly OnlineItem[],
    tx: Tx,
  ): Promise<number> {
    const [row] = await tx('payments')
      .insert({
        account_id: p.accountId,
        ref: `online-${p.onlinePaymentId}`,
        date: p.date,
        amount_kop: p.amountKop,
        place: p.place,
        channel: 'online',
        online_payment_id: p.onlinePaymentId,
      })
      .returning('id');
    const paymentId = (row as { id: number }).id;
    await tx('payment_allocations').insert(
      items.map((it) => ({
        payment_id: paymentId,
        contract_id: it.contractId,
        supplier_id: it.supplierId,
        bill_id: null,
        amount_kop: it.amountKop,
      })),
    );
    return paymentId;
  }

  async logNotification(n: NotificationLog, db: Db | Tx = this.db): Promise<void> {
    await db('acquirer_notifications').insert(n);
  }

  async notificationSeen(acquirer: string, notificationId: string, db: Db | Tx = this.db): Promise<boolean> {
    const row = await db('acquirer_notifications')
      .where({ acquirer, notification_id: notificationId })
      .whereNot('outcome', 'refused')
      .first('id');
    return row !== undefined;
  }
}
