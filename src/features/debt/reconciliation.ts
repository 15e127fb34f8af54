// ReconciliationService.act(accountId, from, to): the акт сверки of an account, for the page and the PDF alike.
import {
  reconciliationAct,
  reconciliationSentence,
  type ReconciliationOperation,
  type ReconciliationView,
} from '../../domain/reconciliation.js';
import { compareDates, maxDate, periodOf, type IsoDate } from '../../domain/periods.js';
import { formatDate, formatMonth } from '../../domain/format.js';

import type { DebtRepo } from './repo.js';
import type { StatementSource } from './service.js';

const DOCUMENT: Record<Exclude<ReconciliationOperation['kind'], 'payment'>, string> = {
  invoice: 'Счёт-фактура',
  correction: 'Корректировочный счёт-фактура',
  bill: 'Платёжный документ',
  advance: 'Счёт на оплату',
};

export class ReconciliationService {
  private readonly repo: DebtRepo;
  private readonly statements: StatementSource;

  constructor(deps: { repo: DebtRepo; statements: StatementSource }) {
    ({ repo: this.repo, statements: this.statements } = deps);
  }

  /**
   * The act for [from, to]: opening = the balance before `from`, bills, invoices and corrections on
   * the debit side, payments on the credit side. Advance bills (счета на оплату) are requests for
   * money already counted by the month's invoice, so they are not operations of the act.
   */
  async act(accountId: number, from: IsoDate, to: IsoDate): Promise<ReconciliationView> {
    const [st, parties, contracts] = await Promise.all([
      this.statements.load(accountId, to),
      this.repo.parties(accountId),
      this.repo.contractNumbers(accountId),
    ]);
    if (!parties) throw new Error(`no account ${accountId}`);
    const openingDate = parties.opening_balance_date;
    const start = openingDate ? maxDate(from, openingDate) : from;
    const operations: ReconciliationOperation[] = [];
    const counted = (d: IsoDate) => !openingDate || compareDates(d, openingDate) >= 0;
    for (const b of st.bills) {
      if (b.type === 'advance' || !counted(b.date)) continue;
      const period = b.type === 'bill' ? ` за ${formatMonth(periodOf(b.period))}` : '';
      operations.push({
        date: b.date,
        kind: b.type,
        amountKop: b.amountKop,
        billId: b.id,
        document: `${DOCUMENT[b.type]} № ${b.number} от ${formatDate(b.date)}${period}`,
      });
    }
    for (const p of st.payments) {
      if (!counted(p.date)) continue;
      operations.push({
        date: p.date,
        kind: 'payment',
        amountKop: p.amountKop,
        document: `Поступление платежа от ${formatDate(p.date)}`,
      });
    }
    const act = reconciliationAct({ openingKop: parties.opening_balance_kop, operations, from: start, to });
    const customerName =
      parties.customer_kind === 'organisation'
        ? (parties.customer_name ?? '')
        : [parties.last_name, parties.first_name, parties.middle_name].filter(Boolean).join(' ');
    const supplier = { name: parties.supplier_name, inn: parties.supplier_inn, kpp: parties.supplier_kpp };
    const customer = { name: customerName, inn: parties.customer_inn, kpp: parties.customer_kpp };
    return {
      ...act,
      accountNumber: parties.account_number,
      supplier,
      customer,
      contracts,
      sentence: reconciliationSentence(act, { supplier: supplier.name, customer: customer.name }),
      requestedFrom: from,
    };
  }
}
