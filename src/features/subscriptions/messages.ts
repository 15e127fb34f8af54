// The texts of the subscription mailings (Russian): a new bill with its PDF, and a debt notice.
import type { NewMessage } from '../../platform/outbox/repo.js';
import { formatDate, formatMoney, formatMonth } from '../../domain/format.js';
import { billTypeLabel } from '../../platform/labels.js';
import { paths } from '../../paths.js';
import type { SubscriptionKind } from '../auth/consentsRepo.js';
import { kindOfBill, type BillRecipient } from './repo.js';

/** The subscriptions' names as the profile shows them, for the mails and the unsubscribe page. */
export const SUBSCRIPTION_TITLE: Record<SubscriptionKind, string> = {
  bills_email: 'счета и квитанции на e-mail',
  advance_bills: 'счета на предоплату на e-mail',
  debt_notice: 'уведомления о задолженности',
  reading_reminder: 'напоминания о передаче показаний',
};

const SIGNATURE =
  '\n\n—\nЛичный кабинет клиента. Это письмо отправлено автоматически, отвечать на него не нужно.';

/** Where a link in a mail turns the subscription off without signing in, and the headers of RFC 2369 / 8058. */
export interface Unsubscribe {
  url: string;
}

function unsubscribeHeaders(u: Unsubscribe): Record<string, string> {
  return { 'List-Unsubscribe': `<${u.url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}

function greeting(r: Pick<BillRecipient, 'first_name' | 'middle_name' | 'customer_kind'>): string {
  const name = r.customer_kind === 'person' ? [r.first_name, r.middle_name].filter(Boolean).join(' ') : '';
  return name ? `Здравствуйте, ${name}!` : 'Здравствуйте!';
}

function footer(kind: SubscriptionKind, u: Unsubscribe, supplier: string): string {
  return (
    `\n\nВы получили это письмо, потому что подписаны на рассылку «${SUBSCRIPTION_TITLE[kind]}». ` +
    `Отказаться от неё (вход в кабинет не нужен): ${u.url}\n\n${supplier}${SIGNATURE}`
  );
}

/** The name of a document in a sentence ("квитанция", "счёт-фактура № …"). */
function documentTitle(r: BillRecipient): string {
  if (r.customer_kind === 'person' && r.bill_type === 'bill') return 'Квитанция';
  if (r.bill_type === 'advance') return 'Счёт на предоплату';
  return billTypeLabel(r.bill_type, r.customer_kind);
}

/** A just-issued bill, its PDF attached (rendered by the outbox worker when the mail is sent). */
export function billMail(r: BillRecipient, baseUrl: string, u: Unsubscribe): NewMessage {
  const kind = kindOfBill(r.bill_type);
  const title = documentTitle(r);
  const lines = [
    greeting(r),
    '',
    `Выставлен новый документ по лицевому счёту ${r.account_number}: ${title.toLowerCase()} № ${r.bill_number} от ${formatDate(r.bill_date)} за ${formatMonth(r.period)}. Документ в PDF — во вложении.`,
    '',
    `Сумма по документу: ${formatMoney(r.amount_kop)}`,
    ...(r.due_date ? [`Оплатить до: ${formatDate(r.due_date)}`] : []),
    '',
    `Документы лицевого счёта в личном кабинете: ${baseUrl}${paths.documents(r.account_number)}`,
  ];
  return {
    channel: 'email',
    recipient: r.email,
    kind: kind === 'advance_bills' ? 'advance_bill' : 'bill_email',
    subject: `${title} № ${r.bill_number} за ${formatMonth(r.period)} — лицевой счёт ${r.account_number}`,
    body: lines.join('\n').replace(/\u00a0/g, ' ') + footer(kind, u, r.supplier_name),
    dedupeKey: `bill-mail:${r.bill_id}:${r.user_id}`,
    headers: unsubscribeHeaders(u),
    attachments: [{ type: 'bill_pdf', billId: r.bill_id, accountId: r.account_id, userId: r.user_id }],
  };
}

/** A bill whose due date has passed with something still owed on it (the statement's figure). */
export function debtNotice(
  r: BillRecipient,
  outstandingKop: number,
  baseUrl: string,
  u: Unsubscribe,
): NewMessage {
  const title = documentTitle(r);
  const lines = [
    greeting(r),
    '',
    `Срок оплаты документа «${title} № ${r.bill_number}» от ${formatDate(r.bill_date)} за ${formatMonth(r.period)} по лицевому счёту ${r.account_number} истёк ${formatDate(r.due_date)}.`,
    `Не оплачено: ${formatMoney(outstandingKop)}`,
    '',
    'На задолженность, не оплаченную в срок, начисляются пени. Если вы уже оплатили, не обращайте внимания на это письмо: платёж мог ещё не поступить.',
    '',
    `Состояние расчётов и оплата: ${baseUrl}${paths.account(r.account_number)}`,
  ];
  return {
    channel: 'email',
    recipient: r.email,
    kind: 'debt_notice',
    subject: `Задолженность по лицевому счёту ${r.account_number}: ${formatMoney(outstandingKop)}`.replace(
      /\u00a0/g,
      ' ',
    ),
    body: lines.join('\n').replace(/\u00a0/g, ' ') + footer('debt_notice', u, r.supplier_name),
    dedupeKey: `debt-notice:${r.bill_id}:${r.user_id}`,
    headers: unsubscribeHeaders(u),
  };
}
