// Business documents as PDF: bill for payment (and the 30 % / 40 % advance bills), invoice (счёт-фактура,
// Tax Code art. 169) and corrective invoice, from plain inputs whose every figure is a stored amount.
import { formatAmount, formatDate, formatDecimal, formatMonth } from '../domain/format.js';
import {
  COLORS,
  CONTENT_WIDTH,
  PAGE,
  createPdf,
  ensureSpace,
  facts,
  finishPdf,
  font,
  heading,
  paragraph,
  table,
  transliterate,
  type Pdf,
  type Row,
} from './pdf.js';
import { innKpp, type Party } from './types.js';
import { amountInWords } from './words.js';

/** Units of measure with their OKEI codes (ОК 015-94), as art. 169 asks for both. */
const OKEI: Record<string, string> = {
  'квт·ч': '245',
  'квт.ч': '245',
  квтч: '245',
  kwh: '245',
  'мвт·ч': '246',
  'мвт.ч': '246',
  гкал: '233',
  м3: '113',
  'м³': '113',
  'куб.м': '113',
  м2: '055',
  'м²': '055',
  шт: '796',
  чел: '792',
  мес: '362',
};

export function okeiCode(unit: string | null | undefined): string {
  if (!unit) return '';
  return OKEI[unit.trim().toLowerCase().replace(/\s+/g, '')] ?? '';
}

export interface BusinessLine {
  name: string;
  unit: string | null;
  quantity: string | null;
  /** Price per unit without VAT where known (the stored tariff). */
  price: string | null;
  withoutVatKop: number;
  /** '20 %', 'без НДС'. */
  vatRate: string;
  vatKop: number;
  withVatKop: number;
}

export interface BusinessTotals {
  withoutVatKop: number;
  vatKop: number;
  withVatKop: number;
}

export interface BusinessDocument {
  number: string;
  date: string;
  period: string;
  seller: Party;
  buyer: Party;
  contract: { number: string; date: string | null } | null;
  accountNumber: string;
  lines: BusinessLine[];
  totals: BusinessTotals;
}

/** What every business document starts with. */
export type DocumentHead = Pick<
  BusinessDocument,
  'number' | 'date' | 'period' | 'seller' | 'buyer' | 'contract' | 'accountNumber'
>;

export interface PaymentBillData extends BusinessDocument {
  kind: 'bill' | 'advance';
  dueDate: string | null;
  /** Why the advance: "30 % стоимости договорного объёма ноября 2026". */
  purpose?: string | null;
}

export interface InvoiceData extends BusinessDocument {
  /** "К платёжно-расчётному документу № … от …". */
  paymentDocs?: string | null;
}

export interface CorrectionValues {
  quantity: string | null;
  price: string | null;
  withoutVatKop: number;
  vatKop: number;
  withVatKop: number;
}

export interface CorrectionLineData {
  name: string;
  unit: string | null;
  vatRate: string;
  /** A: before the change (the invoice and earlier corrections); Б: after it. */
  before: CorrectionValues;
  after: CorrectionValues;
  /** This correction's own differences (after − before, as stored). */
  change: CorrectionValues;
}

export interface CorrectionData {
  number: string;
  date: string;
  period: string;
  seller: Party;
  buyer: Party;
  contract: { number: string; date: string | null } | null;
  accountNumber: string;
  corrected: { number: string; date: string };
  lines: CorrectionLineData[];
  /** Σ of the increases and of the decreases (positive figures). */
  increase: BusinessTotals;
  decrease: BusinessTotals;
}

const money = (kop: number) => formatAmount(kop);

function contractText(c: BusinessDocument['contract']): string {
  if (!c) return '';
  return `договор № ${c.number}${c.date ? ` от ${formatDate(c.date)}` : ''}`;
}

function signatures(doc: Pdf, roles: readonly string[]): void {
  ensureSpace(doc, 30 * Math.ceil(roles.length / 2) + 10);
  doc.y += 10;
  const colW = CONTENT_WIDTH / 2;
  for (let i = 0; i < roles.length; i += 2) {
    const y = doc.y;
    for (let j = 0; j < 2 && i + j < roles.length; j++) {
      const x = PAGE.marginX + j * colW;
      font(doc, 'regular', 8.5).text(roles[i + j]!, x, y, { width: colW - 12 });
      doc
        .save()
        .lineWidth(0.5)
        .strokeColor(COLORS.text)
        .moveTo(x, y + 24)
        .lineTo(x + colW - 24, y + 24)
        .stroke()
        .restore();
      font(doc, 'regular', 6.5)
        .fillColor(COLORS.muted)
        .text('(подпись)                    (расшифровка подписи)', x, y + 26, { width: colW - 12 });
      doc.fillColor(COLORS.text);
    }
    doc.y = y + 40;
  }
  doc.x = PAGE.marginX;
}

// ---- bill for payment -------------------------------------------------------------------------

export function paymentBillTitle(b: PaymentBillData): string {
  return `Счёт на оплату № ${b.number} от ${formatDate(b.date)}`;
}

export function writePaymentBill(doc: Pdf, b: PaymentBillData): void {
  const s = b.seller;
  // the bank block as on every Russian bill for payment: the payee's bank, BIC, accounts, INN/KPP
  table(doc, {
    fontSize: 8.5,
    columns: [
      { header: 'Банк получателя', width: 60 },
      { header: 'Реквизиты', width: 40 },
    ],
    rows: [
      [s.bankName ?? '', `БИК ${s.bic ?? ''}`],
      [`Получатель: ${s.name}`, `Сч. № ${s.account ?? ''}`],
      [innKpp(s), `Корр. сч. № ${s.corrAccount ?? ''}`],
    ],
  });
  heading(doc, paymentBillTitle(b), { size: 13, align: 'left' });
  // the purpose is the advance lines' wording ("Авансовый платёж 30 % договорного объёма"): printed as it is
  if (b.kind === 'advance')
    paragraph(
      doc,
      b.purpose && /^аванс/i.test(b.purpose)
        ? b.purpose
        : `Авансовый платёж${b.purpose ? `: ${b.purpose}` : ''}`,
      { bold: true, size: 9.5 },
    );
  doc.y += 2;
  facts(
    doc,
    [
      ['Поставщик', [s.name, innKpp(s), s.address ?? ''].filter(Boolean).join(', ')],
      ['Покупатель', [b.buyer.name, innKpp(b.buyer), b.buyer.address ?? ''].filter(Boolean).join(', ')],
      ['Основание', [contractText(b.contract), `лицевой счёт ${b.accountNumber}`].filter(Boolean).join(', ')],
      ['Расчётный период', formatMonth(b.period)],
      ['Срок оплаты', b.dueDate ? `до ${formatDate(b.dueDate)}` : ''],
    ],
    { size: 9, gap: 6 },
  );
  table(doc, {
    fontSize: 8.5,
    columns: [
      { header: '№', width: 4, align: 'right' },
      { header: 'Наименование', width: 38 },
      { header: 'Кол-во', width: 11, align: 'right' },
      { header: 'Ед.', width: 7, align: 'center' },
      { header: 'Цена без НДС, ₽', width: 11, align: 'right' },
      { header: 'НДС', width: 9, align: 'right' },
      { header: 'Сумма с НДС, ₽', width: 13, align: 'right' },
    ],
    rows: b.lines.map((l, i) => [
      String(i + 1),
      l.name,
      formatDecimal(l.quantity, 0, 4),
      l.unit ?? '',
      formatDecimal(l.price, 2, 4),
      money(l.vatKop),
      money(l.withVatKop),
    ]),
  });
  // the rate beside the VAT when the lines share one ("В том числе НДС (20 %):")
  const rates = new Set(b.lines.filter((l) => l.vatKop !== 0).map((l) => l.vatRate));
  const totals: [string, string][] = [
    ['Итого без НДС:', money(b.totals.withoutVatKop)],
    [rates.size === 1 ? `В том числе НДС (${[...rates][0]}):` : 'В том числе НДС:', money(b.totals.vatKop)],
    ['Всего к оплате:', money(b.totals.withVatKop)],
  ];
  for (const [label, value] of totals) {
    ensureSpace(doc, 12);
    const y = doc.y;
    font(doc, 'bold', 9).text(label, PAGE.marginX, y, { width: CONTENT_WIDTH - 90, align: 'right' });
    doc.text(value, PAGE.width - PAGE.marginX - 85, y, { width: 85, align: 'right' });
  }
  doc.y += 4;
  paragraph(doc, `Всего наименований ${b.lines.length}, на сумму ${money(b.totals.withVatKop)} ₽`, {
    size: 9,
  });
  paragraph(doc, amountInWords(b.totals.withVatKop), { bold: true, size: 9, gap: 6 });
  paragraph(
    doc,
    'В назначении платежа укажите номер счёта и лицевого счёта. Оплата по счёту означает согласие с условиями договора.',
    { size: 7.5, color: COLORS.muted },
  );
  signatures(doc, ['Руководитель', 'Главный бухгалтер']);
}

// ---- invoice (счёт-фактура) ----------------------------------------------------------------

export function invoiceTitle(i: { number: string; date: string }): string {
  return `Счёт-фактура № ${i.number} от ${formatDate(i.date)}`;
}

function partyFacts(
  doc: Pdf,
  d: { seller: Party; buyer: Party; contract: BusinessDocument['contract'] },
  extra: [string, string][] = [],
): void {
  facts(
    doc,
    [
      ['Продавец', d.seller.name],
      ['Адрес', d.seller.address ?? ''],
      ['ИНН/КПП продавца', [d.seller.inn, d.seller.kpp].filter(Boolean).join('/')],
      ['Грузоотправитель и его адрес', 'он же'],
      ['Грузополучатель и его адрес', [d.buyer.name, d.buyer.address].filter(Boolean).join(', ')],
      ...extra,
      ['Покупатель', d.buyer.name],
      ['Адрес', d.buyer.address ?? ''],
      ['ИНН/КПП покупателя', [d.buyer.inn, d.buyer.kpp].filter(Boolean).join('/')],
      ['Валюта: наименование, код', 'Российский рубль, 643'],
      [
        'Идентификатор государственного контракта, договора (соглашения)',
        d.contract ? contractText(d.contract) : '—',
      ],
    ],
    { size: 8, gap: 6 },
  );
}

export function writeInvoice(doc: Pdf, inv: InvoiceData): void {
  heading(doc, invoiceTitle(inv), { size: 13, align: 'left' });
  paragraph(doc, 'Исправление № — от —', { size: 8.5, color: COLORS.muted, gap: 4 });
  partyFacts(doc, inv, [
    ['К платёжно-расчётному документу', inv.paymentDocs ?? '—'],
    [
      'Документ об отгрузке',
      `№ п/п 1–${inv.lines.length} № ${inv.number} от ${formatDate(inv.date)} (поставка электроэнергии за ${formatMonth(inv.period)})`,
    ],
  ]);
  table(doc, {
    condensed: true,
    fontSize: 7.5,
    headerFontSize: 7,
    columns: [
      { header: 'Наименование товара (описание выполненных работ, оказанных услуг)', width: 22 },
      { header: 'Ед. изм.: код', width: 5.5, align: 'center' },
      { header: 'Ед. изм.: обозна\u00adчение', width: 7, align: 'center' },
      { header: 'Коли\u00adчество (объём)', width: 9, align: 'right' },
      { header: 'Цена (тариф) за ед. изм.', width: 8.5, align: 'right' },
      { header: 'Стоимость без налога, всего', width: 10.5, align: 'right' },
      { header: 'В том числе сумма акциза', width: 6.5, align: 'center' },
      { header: 'Нало\u00adговая ставка', width: 6.5, align: 'center' },
      { header: 'Сумма налога, предъяв\u00adляемая покупателю', width: 9.5, align: 'right' },
      { header: 'Стоимость с налогом, всего', width: 10.5, align: 'right' },
    ],
    numbers: ['1', '2', '2а', '3', '4', '5', '6', '7', '8', '9'],
    rows: [
      ...inv.lines.map((l) => [
        l.name,
        okeiCode(l.unit),
        l.unit ?? '',
        formatDecimal(l.quantity, 0, 4),
        formatDecimal(l.price, 2, 4),
        money(l.withoutVatKop),
        'без акциза',
        l.vatRate,
        money(l.vatKop),
        money(l.withVatKop),
      ]),
      {
        bold: true,
        cells: [
          { text: 'Всего к оплате', span: 5 },
          money(inv.totals.withoutVatKop),
          'X',
          '',
          money(inv.totals.vatKop),
          money(inv.totals.withVatKop),
        ],
      } as Row,
    ],
  });
  paragraph(
    doc,
    `Всего к оплате: ${amountInWords(inv.totals.withVatKop)}, в том числе НДС ${money(inv.totals.vatKop)} ₽`,
    { size: 8.5 },
  );
  signatures(doc, [
    'Руководитель организации или иное уполномоченное лицо',
    'Главный бухгалтер или иное уполномоченное лицо',
  ]);
}

// ---- corrective invoice ----------------------------------------------------------------------

export function correctionTitle(c: { number: string; date: string }): string {
  return `Корректировочный счёт-фактура № ${c.number} от ${formatDate(c.date)}`;
}

export function writeCorrection(doc: Pdf, c: CorrectionData): void {
  heading(doc, correctionTitle(c), { size: 13, align: 'left' });
  paragraph(
    doc,
    `к счёту-фактуре № ${c.corrected.number} от ${formatDate(c.corrected.date)} с учётом исправления № — от —`,
    { bold: true, size: 9, gap: 4 },
  );
  partyFacts(doc, c);
  const rows: Row[] = [];
  const values = (label: string, v: CorrectionValues, bold = false): Row => ({
    bold,
    cells: [
      label,
      formatDecimal(v.quantity, 0, 4),
      formatDecimal(v.price, 2, 4),
      money(v.withoutVatKop),
      money(v.vatKop),
      money(v.withVatKop),
    ],
  });
  const positive = (v: CorrectionValues, sign: 1 | -1): CorrectionValues => ({
    quantity: v.quantity === null ? null : sign === 1 ? v.quantity : v.quantity.replace(/^-/, ''),
    price: null,
    withoutVatKop: sign * v.withoutVatKop,
    vatKop: sign * v.vatKop,
    withVatKop: sign * v.withVatKop,
  });
  c.lines.forEach((l, i) => {
    rows.push({
      fill: COLORS.sectionFill,
      cells: [
        {
          text: `${i + 1}. ${l.name}${l.unit ? `, ${l.unit} (код ${okeiCode(l.unit) || '—'})` : ''}; ставка ${l.vatRate}`,
          span: 6,
          bold: true,
        },
      ],
    });
    rows.push(values('А (до изменения)', l.before));
    rows.push(values('Б (после изменения)', l.after));
    const up = l.change.withVatKop >= 0;
    rows.push(
      values(
        'В (увеличение)',
        up
          ? positive(l.change, 1)
          : { quantity: null, price: null, withoutVatKop: 0, vatKop: 0, withVatKop: 0 },
      ),
    );
    rows.push(
      values(
        'Г (уменьшение)',
        up
          ? { quantity: null, price: null, withoutVatKop: 0, vatKop: 0, withVatKop: 0 }
          : positive(l.change, -1),
      ),
    );
  });
  rows.push({
    bold: true,
    cells: [
      'Всего увеличение (строка В)',
      '',
      '',
      money(c.increase.withoutVatKop),
      money(c.increase.vatKop),
      money(c.increase.withVatKop),
    ],
  });
  rows.push({
    bold: true,
    cells: [
      'Всего уменьшение (строка Г)',
      '',
      '',
      money(c.decrease.withoutVatKop),
      money(c.decrease.vatKop),
      money(c.decrease.withVatKop),
    ],
  });
  table(doc, {
    fontSize: 8,
    headerFontSize: 7.5,
    columns: [
      { header: 'Показатель', width: 24 },
      { header: 'Количество (объём)', width: 13, align: 'right' },
      { header: 'Цена (тариф) за ед. изм.', width: 12, align: 'right' },
      { header: 'Стоимость без налога', width: 17, align: 'right' },
      { header: 'Сумма налога', width: 15, align: 'right' },
      { header: 'Стоимость с налогом', width: 17, align: 'right' },
    ],
    rows,
  });
  signatures(doc, [
    'Руководитель организации или иное уполномоченное лицо',
    'Главный бухгалтер или иное уполномоченное лицо',
  ]);
}

// ---- files -----------------------------------------------------------------------------------

export type BusinessPrintable =
  | { type: 'bill'; data: PaymentBillData }
  | { type: 'invoice'; data: InvoiceData }
  | { type: 'correction'; data: CorrectionData };

export function businessTitle(p: BusinessPrintable): string {
  if (p.type === 'bill') return paymentBillTitle(p.data);
  if (p.type === 'invoice') return invoiceTitle(p.data);
  return correctionTitle(p.data);
}

export function businessFileName(p: BusinessPrintable): string {
  const kind =
    p.type === 'bill'
      ? p.data.kind === 'advance'
        ? 'schet-avans'
        : 'schet'
      : p.type === 'invoice'
        ? 'schet-faktura'
        : 'korr-schet-faktura';
  // "0001с-СФ-202610" → "0001s-SF-202610": Russian letters in Latin, other signs as "_"
  return `${kind}-${transliterate(p.data.number).replace(/[^\w-]+/g, '_')}-${p.data.date}.pdf`;
}

function writeBusiness(doc: Pdf, p: BusinessPrintable): void {
  if (p.type === 'bill') writePaymentBill(doc, p.data);
  else if (p.type === 'invoice') writeInvoice(doc, p.data);
  else writeCorrection(doc, p.data);
}

/** One PDF of one or more business documents, each from a new page. */
export function businessPdf(
  list: BusinessPrintable | readonly BusinessPrintable[],
  meta: { createdAt?: Date } = {},
): Promise<Buffer> {
  const docs = Array.isArray(list) ? (list as readonly BusinessPrintable[]) : [list as BusinessPrintable];
  if (docs.length === 0) throw new RangeError('no documents to print');
  const first = docs[0]!;
  const title =
    docs.length === 1 ? businessTitle(first) : `Документы по лицевому счёту ${first.data.accountNumber}`;
  const doc = createPdf({
    title,
    author: first.data.seller.name,
    subject: `${title}, лицевой счёт ${first.data.accountNumber}`,
    keywords: `лицевой счёт ${first.data.accountNumber}, ${first.data.buyer.name}`,
    createdAt: meta.createdAt,
    footer: `${title}. ${first.data.buyer.name}`,
  });
  docs.forEach((p, i) => {
    if (i > 0) doc.addPage();
    writeBusiness(doc, p);
  });
  return finishPdf(doc);
}
