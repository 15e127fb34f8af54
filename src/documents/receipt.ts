// The residential receipt / single payment document (квитанция, ЕПД; seed 002 fig. 12, 13, 16) as PDF pages.
import {
  formatAmount,
  formatDate,
  formatDecimal,
  formatMoney,
  formatMonth,
  formatReading,
} from '../domain/format.js';
import {
  COLORS,
  CONTENT_WIDTH,
  PAGE,
  createPdf,
  ensureSpace,
  facts,
  finishPdf,
  font,
  paragraph,
  rule,
  table,
  type Pdf,
  type Row,
} from './pdf.js';
import { paymentQrString, qrModules, type QrModules } from './qr.js';
import { bankLine, innKpp, type Party } from './types.js';

/** One service of one supplier on the receipt: the period's movement of its balance. */
export interface ReceiptLine {
  service: string;
  debtStartKop: number;
  paidKop: number;
  unit: string | null;
  /** Stored decimals ('123.000000'); null when the line has no volume (a recalculation). */
  quantity: string | null;
  tariff: string | null;
  chargedKop: number;
  benefitKop: number;
  adjustmentKop: number;
  debtEndKop: number;
  penaltyKop: number;
  /**
   * A service billed at several tariffs (two zones, a price change in the month): one row per zone
   * and tariff under the service's row, with its volume, tariff and charge (7 = 5 × 6 on each).
   */
  parts?: ReceiptLinePart[];
}

export interface ReceiptLinePart {
  /** "день (T1)", "с 01.10 по 15.10" */
  name: string;
  unit: string | null;
  quantity: string | null;
  tariff: string | null;
  chargedKop: number;
}

export type ReceiptTotals = Omit<ReceiptLine, 'service' | 'unit' | 'quantity' | 'tariff' | 'parts'>;

export interface ReceiptSupplierBlock {
  supplier: Party;
  lines: ReceiptLine[];
  total: ReceiptTotals;
}

export interface ReceiptMeter {
  supplier: string;
  service: string;
  zone: string | null;
  serial: string;
  unit: string | null;
  previous: string | null;
  current: string | null;
  volume: string | null;
  note?: string | null;
}

export interface ReceiptData {
  billId: number;
  number: string;
  date: string;
  /** 'YYYY-MM-01'. */
  period: string;
  dueDate: string | null;
  /** Who the money goes to: the supplier issuing the document, with its bank details. */
  payee: Party;
  payer: { name: string; address: string };
  account: {
    number: string;
    contractNumber?: string | null;
    area?: string | null;
    residents?: number | null;
    bindCode?: string | null;
  };
  blocks: ReceiptSupplierBlock[];
  /** Σ of the blocks (the "Всего" row). */
  total: ReceiptTotals;
  meters: ReceiptMeter[];
  /** ИТОГО К ОПЛАТЕ, penalties included. */
  toPayKop: number;
  /** в т.ч. пени. */
  penaltyKop: number;
  notes?: string[];
  /**
   * What is owed on the day the receipt is printed (the debt ledger's amountOwed): the QR code asks
   * for this, not for the bill's old total, and says so; nothing owed prints no payment QR.
   */
  payNow?: { asOf: string; toPayKop: number; creditKop: number };
}

const ZONES: Record<string, string> = { T: 'сут.', T1: 'день (T1)', T2: 'ночь (T2)', T3: 'полупик (T3)' };

export function receiptTitle(r: ReceiptData): string {
  return `Единый платёжный документ за ${formatMonth(r.period)}`;
}

/** kvitanciya-110000001-2026-10.pdf */
export function receiptFileName(r: Pick<ReceiptData, 'account' | 'period'>): string {
  return `kvitanciya-${r.account.number.replace(/[^\w-]+/g, '_')}-${r.period.slice(0, 7)}.pdf`;
}

/** The ГОСТ Р 56042-2014 string of the receipt: amount in kopecks, account and period. */
export function receiptQrString(r: ReceiptData): string {
  return paymentQrString({
    name: r.payee.name,
    personalAcc: r.payee.account ?? '',
    bankName: r.payee.bankName ?? '',
    bic: r.payee.bic ?? '',
    correspAcc: r.payee.corrAccount ?? '',
    payeeInn: r.payee.inn,
    kpp: r.payee.kpp,
    sumKop: r.payNow ? r.payNow.toPayKop : r.toPayKop,
    purpose: `Оплата за ${formatMonth(r.period)}, л/с ${r.account.number}`,
    persAcc: r.account.number,
    period: r.period,
    lastName: r.payer.name.split(/\s+/)[0] ?? null,
    payerAddress: r.payer.address,
    techCode: '02',
  });
}

/** Why a receipt carries no payment QR code. */
export function noQrReason(r: ReceiptData): string {
  if (r.payNow && r.payNow.toPayKop <= 0 && canPayByQr(r.payee))
    return `QR-код для оплаты не печатается: на ${formatDate(r.payNow.asOf)} к оплате ничего нет${
      r.payNow.creditKop > 0 ? ` (переплата ${formatMoney(r.payNow.creditKop)})` : ''
    }`;
  return 'QR-код не печатается: у получателя не указаны банковские реквизиты';
}

/** Whether the payee has everything a payment QR code needs. */
export function canPayByQr(p: Party): boolean {
  return Boolean(p.name && p.account && p.bankName && p.bic && p.corrAccount);
}

const amount = (kop: number) => formatAmount(kop);
const blankZero = (kop: number) => (kop === 0 ? '' : formatAmount(kop));

function lineCells(l: ReceiptLine): string[] {
  return [
    l.service,
    amount(l.debtStartKop),
    blankZero(l.paidKop),
    l.unit ?? '',
    formatDecimal(l.quantity, 0, 4),
    formatDecimal(l.tariff, 2, 4),
    amount(l.chargedKop),
    blankZero(l.benefitKop),
    blankZero(l.adjustmentKop),
    amount(l.debtEndKop),
    blankZero(l.penaltyKop),
  ];
}

function partCells(p: ReceiptLinePart): string[] {
  return [
    `  в т.ч. ${p.name}`,
    '',
    '',
    p.unit ?? '',
    formatDecimal(p.quantity, 0, 4),
    formatDecimal(p.tariff, 2, 4),
    amount(p.chargedKop),
    '',
    '',
    '',
    '',
  ];
}

function totalCells(label: string, t: ReceiptTotals): Row {
  return {
    bold: true,
    cells: [
      { text: label, span: 1 },
      amount(t.debtStartKop),
      blankZero(t.paidKop),
      '',
      '',
      '',
      amount(t.chargedKop),
      blankZero(t.benefitKop),
      blankZero(t.adjustmentKop),
      amount(t.debtEndKop),
      blankZero(t.penaltyKop),
    ],
  };
}

/** The 4-module quiet zone scanners need around a QR code. */
const QUIET_ZONE = 4;

/**
 * Draws the QR code in a `size` square at (x, y), quiet zone included (left white): each row's runs
 * of dark modules become one rectangle, and all of them one path filled once, so no seams show.
 */
function drawQr(doc: Pdf, qr: QrModules, x: number, y: number, size: number): void {
  const m = size / (qr.size + 2 * QUIET_ZONE);
  // in module units, so each rectangle is a few small integers in the page's content
  doc.save().transform(m, 0, 0, m, x + QUIET_ZONE * m, y + QUIET_ZONE * m);
  for (let row = 0; row < qr.size; row++) {
    let col = 0;
    while (col < qr.size) {
      if (!qr.get(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < qr.size && qr.get(row, col)) col++;
      doc.rect(start, row, col - start, 1);
    }
  }
  doc.fill('#000000').restore();
}

/** Writes one receipt from the top of a page (the caller starts the page). */
export function writeReceipt(doc: Pdf, r: ReceiptData, qr: QrModules | null): void {
  const top = doc.y;
  const qrSize = 142;
  const leftWidth = CONTENT_WIDTH - qrSize - 16;

  font(doc, 'bold', 12).text(receiptTitle(r), PAGE.marginX, top, { width: leftWidth });
  font(doc, 'regular', 8.5)
    .fillColor(COLORS.muted)
    .text(`№ ${r.number} от ${formatDate(r.date)}`, { width: leftWidth });
  doc.fillColor(COLORS.text);
  doc.y += 4;

  const payee = r.payee;
  paragraph(doc, `Получатель платежа: ${payee.name}`, { bold: true, width: leftWidth });
  facts(
    doc,
    [
      ['Реквизиты', [innKpp(payee), bankLine(payee)].filter(Boolean).join(', ')],
      ['Адрес', payee.address ?? ''],
      ['Телефон', payee.phone ?? ''],
    ],
    { size: 8, width: leftWidth, gap: 4 },
  );

  facts(
    doc,
    [
      ['Плательщик', r.payer.name],
      ['Адрес', r.payer.address],
      ['Лицевой счёт', r.account.number],
      ['Договор', r.account.contractNumber ?? ''],
      ['Расчётный период', formatMonth(r.period)],
      ['Площадь', r.account.area ? `${formatDecimal(r.account.area)} м²` : ''],
      ['Проживает', r.account.residents ? `${r.account.residents} чел.` : ''],
    ],
    { size: 9, width: leftWidth, gap: 2 },
  );
  const leftBottom = doc.y;

  // the payment corner: QR code, the amount and the due date
  const qx = PAGE.width - PAGE.marginX - qrSize;
  if (qr) {
    drawQr(doc, qr, qx, top, qrSize);
    font(doc, 'regular', 7)
      .fillColor(COLORS.muted)
      .text('Оплата по QR-коду (ГОСТ Р 56042-2014)', qx, top + qrSize + 1, {
        width: qrSize,
        align: 'center',
      });
    if (r.payNow)
      font(doc, 'bold', 7.5)
        .fillColor(COLORS.text)
        .text(`к оплате на ${formatDate(r.payNow.asOf)}: ${formatMoney(r.payNow.toPayKop)}`, qx, doc.y + 1, {
          width: qrSize,
          align: 'center',
        });
  } else {
    font(doc, 'regular', 7)
      .fillColor(COLORS.muted)
      .text(noQrReason(r), qx, top + 20, {
        width: qrSize,
        align: 'center',
      });
  }
  doc.fillColor(COLORS.text);
  font(doc, 'bold', 9).text('Итого к оплате:', qx, doc.y + 3, { width: qrSize, align: 'center' });
  font(doc, 'bold', 13).text(formatMoney(r.toPayKop), qx, doc.y, { width: qrSize, align: 'center' });
  if (r.dueDate)
    font(doc, 'regular', 8).text(`оплатить до ${formatDate(r.dueDate)}`, qx, doc.y + 1, {
      width: qrSize,
      align: 'center',
    });
  doc.y = Math.max(leftBottom, doc.y) + 4;
  doc.x = PAGE.marginX;

  // the total in a frame, as on the paper document
  const boxY = doc.y;
  const boxText = `ВСЕГО К ОПЛАТЕ: ${formatMoney(r.toPayKop)}      в т.ч. пени: ${formatMoney(r.penaltyKop)}`;
  doc
    .save()
    .lineWidth(1)
    .strokeColor(COLORS.text)
    .rect(PAGE.marginX, boxY, CONTENT_WIDTH, 20)
    .stroke()
    .restore();
  font(doc, 'bold', 10.5).text(boxText, PAGE.marginX + 6, boxY + 5, { width: CONTENT_WIDTH - 12 });
  doc.y = boxY + 26;

  const rows: Row[] = [];
  for (const b of r.blocks) {
    const details = [innKpp(b.supplier), bankLine(b.supplier)].filter(Boolean).join(', ');
    rows.push({
      fill: COLORS.sectionFill,
      cells: [
        {
          text: `Ресурсоснабжающая организация: ${b.supplier.name}${details ? ` (${details})` : ''}`,
          span: 11,
          bold: true,
        },
      ],
    });
    for (const l of b.lines) {
      rows.push({ cells: lineCells(l) });
      for (const p of l.parts ?? []) rows.push({ cells: partCells(p) });
    }
    if (r.blocks.length > 1 || b.lines.length > 1) rows.push(totalCells('Итого', b.total));
  }
  rows.push(totalCells('Всего', r.total));
  table(doc, {
    condensed: true,
    fontSize: 7.5,
    headerFontSize: 7,
    columns: [
      { header: 'Наименование услуги', width: 13 },
      { header: 'Долг на начало периода, ₽', width: 8.5, align: 'right' },
      { header: 'Оплачено в периоде, ₽', width: 8, align: 'right' },
      { header: 'Ед. изм.', width: 5.5, align: 'center' },
      { header: 'Объём', width: 7, align: 'right' },
      { header: 'Тариф, ₽', width: 6.5, align: 'right' },
      { header: 'Начислено, ₽', width: 8.5, align: 'right' },
      { header: 'Меры соц. под\u00adдержки, ₽', width: 8, align: 'right' },
      { header: 'Списано (−) / до\u00adначис\u00adлено (+), ₽', width: 8.5, align: 'right' },
      { header: 'Долг на конец периода, ₽', width: 8.5, align: 'right' },
      { header: 'Пени, ₽', width: 6.5, align: 'right' },
    ],
    numbers: ['1', '2', '3', '4', '5', '6', '7 = 5 × 6', '8', '9', '10 = 2 − 3 + 7 − 8 + 9', '11'],
    rows,
  });

  if (r.meters.length) {
    paragraph(doc, 'Сведения по приборам учёта', { bold: true, size: 9.5, gap: 3 });
    table(doc, {
      condensed: true,
      fontSize: 7.5,
      headerFontSize: 7,
      columns: [
        { header: 'Организация', width: 13 },
        { header: 'Наименование услуги', width: 12 },
        { header: 'Зона суток', width: 6, align: 'center' },
        // a 15-digit serial on one line
        { header: 'Номер прибора учёта', width: 13 },
        { header: 'Ед. изм.', width: 5, align: 'center' },
        { header: 'Предыдущие показания', width: 9, align: 'right' },
        { header: 'Текущие показания', width: 9, align: 'right' },
        { header: 'Расход', width: 8, align: 'right' },
        { header: 'Примечание', width: 8.5 },
      ],
      rows: r.meters.map((m) => [
        m.supplier,
        m.service,
        m.zone ? (ZONES[m.zone] ?? m.zone) : '',
        m.serial,
        m.unit ?? '',
        formatReading(m.previous),
        formatReading(m.current),
        formatDecimal(m.volume, 0, 4),
        m.note ?? '',
      ]),
    });
  }

  for (const n of r.notes ?? []) paragraph(doc, n, { size: 7.5, color: COLORS.muted });

  ensureSpace(doc, 40);
  rule(doc, 6);
  if (r.account.bindCode) {
    font(doc, 'bold', 10).text(
      `Код для добавления договора в ЛКК: ${r.account.bindCode}`,
      PAGE.marginX,
      doc.y,
      { width: CONTENT_WIDTH },
    );
    paragraph(
      doc,
      'Введите этот код в личном кабинете при подключении лицевого счёта («Подключить лицевой счёт» → контрольный вопрос).',
      { size: 7.5, color: COLORS.muted },
    );
  }
  paragraph(
    doc,
    `Лицевой счёт ${r.account.number}. Документ сформирован в личном кабинете клиента ${payee.name}.`,
    { size: 7.5, color: COLORS.muted },
  );
}

/** One PDF of one or more receipts, each from a new page, with their QR codes. */
export async function receiptsPdf(
  receipts: readonly ReceiptData[],
  meta: { createdAt?: Date } = {},
): Promise<Buffer> {
  if (receipts.length === 0) throw new RangeError('no receipts to print');
  const first = receipts[0]!;
  const qrs = receipts.map((r) =>
    canPayByQr(r.payee) && (!r.payNow || r.payNow.toPayKop > 0) ? qrModules(receiptQrString(r)) : null,
  );
  const doc = createPdf({
    title:
      receipts.length === 1
        ? `${receiptTitle(first)}, лицевой счёт ${first.account.number}`
        : `Платёжные документы, лицевой счёт ${first.account.number}`,
    author: first.payee.name,
    subject: 'Платёжный документ (квитанция) на оплату электроэнергии и коммунальных услуг',
    keywords: `квитанция, ЕПД, лицевой счёт ${first.account.number}`,
    createdAt: meta.createdAt,
    footer:
      receipts.length === 1
        ? `Лицевой счёт ${first.account.number}, ${formatMonth(first.period)}`
        : `Лицевой счёт ${first.account.number}`,
  });
  receipts.forEach((r, i) => {
    if (i > 0) doc.addPage();
    writeReceipt(doc, r, qrs[i]!);
  });
  return finishPdf(doc);
}
