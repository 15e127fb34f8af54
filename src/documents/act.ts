// The reconciliation act (акт сверки взаимных расчётов) as PDF: both parties, the contract, the period, opening,
// operations, turnovers, closing, the sentence naming in whose favour the debt stands, signature blocks.
import { formatAmount, formatDate } from '../domain/format.js';
import {
  COLORS,
  CONTENT_WIDTH,
  PAGE,
  createPdf,
  ensureSpace,
  finishPdf,
  font,
  heading,
  paragraph,
  table,
  type Row,
} from './pdf.js';
import { innKpp, type Party } from './types.js';

export interface ActRow {
  date: string;
  document: string;
  debitKop: number | null;
  creditKop: number | null;
}

/** What the billing engineer's reconciliation service computes, with the parties around it. */
export interface ActData {
  from: string;
  to: string;
  supplier: Party;
  customer: Party;
  contract: { number: string; date: string | null } | null;
  accountNumber: string;
  /** Positive: the customer owes (debit); negative: overpayment (credit). */
  openingKop: number;
  rows: ActRow[];
  debitTurnoverKop: number;
  creditTurnoverKop: number;
  closingKop: number;
  /** The closing sentence as the page shows it. */
  sentence: string;
}

export function actTitle(a: Pick<ActData, 'from' | 'to'>): string {
  return `Акт сверки взаимных расчётов за период с ${formatDate(a.from)} по ${formatDate(a.to)}`;
}

export function actFileName(a: Pick<ActData, 'from' | 'to' | 'accountNumber'>): string {
  return `akt-sverki-${a.accountNumber.replace(/[^\w-]+/g, '_')}-${a.from}-${a.to}.pdf`;
}

/** A balance on its side: debt on the debit, overpayment on the credit; a settled one prints 0,00 on the debit. */
const side = (kop: number, wanted: 'debit' | 'credit') =>
  wanted === 'debit' ? (kop >= 0 ? formatAmount(kop) : '') : kop < 0 ? formatAmount(-kop) : '';

export async function actPdf(a: ActData, meta: { createdAt?: Date } = {}): Promise<Buffer> {
  const title = actTitle(a);
  const doc = createPdf({
    title: `${title}, лицевой счёт ${a.accountNumber}`,
    author: a.supplier.name,
    subject: `Акт сверки между ${a.supplier.name} и ${a.customer.name}`,
    keywords: `акт сверки, лицевой счёт ${a.accountNumber}`,
    createdAt: meta.createdAt,
    footer: `${title}. ${a.customer.name}`,
  });
  heading(doc, title, { size: 12.5 });
  const contract = a.contract
    ? `по договору № ${a.contract.number}${a.contract.date ? ` от ${formatDate(a.contract.date)}` : ''}`
    : '';
  paragraph(
    doc,
    `между ${a.supplier.name} (${innKpp(a.supplier)}) и ${a.customer.name}${innKpp(a.customer) ? ` (${innKpp(a.customer)})` : ''} ${contract}, лицевой счёт ${a.accountNumber}`,
    { align: 'center', size: 9, gap: 6 },
  );
  paragraph(
    doc,
    `Мы, нижеподписавшиеся, составили настоящий акт сверки в том, что состояние взаимных расчётов по данным учёта следующее (суммы в рублях):`,
    { size: 8.5, gap: 6 },
  );

  const rows: Row[] = [
    {
      bold: true,
      cells: [
        '',
        { text: `Сальдо начальное на ${formatDate(a.from)}` },
        side(a.openingKop, 'debit'),
        side(a.openingKop, 'credit'),
        '',
        '',
      ],
    },
    ...a.rows.map((r, i): Row => ({
      cells: [
        String(i + 1),
        `${formatDate(r.date)} ${r.document}`,
        r.debitKop === null ? '' : formatAmount(r.debitKop),
        r.creditKop === null ? '' : formatAmount(r.creditKop),
        '',
        '',
      ],
    })),
    {
      bold: true,
      cells: [
        '',
        'Обороты за период',
        formatAmount(a.debitTurnoverKop),
        formatAmount(a.creditTurnoverKop),
        '',
        '',
      ],
    },
    {
      bold: true,
      cells: [
        '',
        `Сальдо конечное на ${formatDate(a.to)}`,
        side(a.closingKop, 'debit'),
        side(a.closingKop, 'credit'),
        '',
        '',
      ],
    },
  ];
  table(doc, {
    fontSize: 8,
    headerFontSize: 7.5,
    columns: [
      { header: '№', width: 5, align: 'right' },
      { header: `Дата, документ (по данным ${a.supplier.name})`, width: 43 },
      { header: 'Дебет', width: 13, align: 'right' },
      { header: 'Кредит', width: 13, align: 'right' },
      { header: `Дебет (по данным покупателя)`, width: 13, align: 'right' },
      { header: `Кредит (по данным покупателя)`, width: 13, align: 'right' },
    ],
    rows,
  });

  paragraph(doc, `По данным ${a.supplier.name}:`, { bold: true, size: 9 });
  paragraph(doc, a.sentence, { size: 9, gap: 10 });

  // signature blocks of both parties side by side
  ensureSpace(doc, 110);
  const colW = CONTENT_WIDTH / 2;
  const y = doc.y;
  const parties: [string, Party][] = [
    ['От поставщика', a.supplier],
    ['От покупателя', a.customer],
  ];
  parties.forEach(([label, p], i) => {
    const x = PAGE.marginX + i * colW;
    font(doc, 'bold', 9).text(label, x, y, { width: colW - 16 });
    font(doc, 'regular', 8.5).text(p.name, x, doc.y + 2, { width: colW - 16 });
    const lineY = doc.y + 30;
    doc
      .save()
      .lineWidth(0.5)
      .strokeColor(COLORS.text)
      .moveTo(x, lineY)
      .lineTo(x + colW - 28, lineY)
      .stroke()
      .restore();
    font(doc, 'regular', 6.5)
      .fillColor(COLORS.muted)
      .text('(должность)        (подпись)        (расшифровка подписи)', x, lineY + 2, { width: colW - 16 });
    doc.fillColor(COLORS.text);
    font(doc, 'regular', 8).text('М.П.', x, lineY + 16, { width: colW - 16 });
  });
  doc.y = y + 100;
  doc.x = PAGE.marginX;
  return finishPdf(doc);
}
