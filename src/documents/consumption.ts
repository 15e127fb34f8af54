// The consumption breakdown per supply point for a period (seed 004, «Расшифровка потребления э/э»): the data the
// HTML page and the PDF share, and the PDF layout.
import { formatDate, formatDecimal, formatMonth, formatReading } from '../domain/format.js';
import { COLORS, createPdf, facts, finishPdf, heading, paragraph, table, type Row } from './pdf.js';
import type { Party } from './types.js';

export interface ConsumptionRow {
  period: string;
  zone: string | null;
  previous: string | null;
  current: string | null;
  ratio: string;
  /** The billed quantity of the line (readings difference × ratio, or an estimate), as stored. */
  quantity: string;
  method: string | null;
  billNumber: string;
}

export interface SupplyPoint {
  meterId: number | null;
  /** The supply point's address (meters.point), or the account's address. */
  point: string;
  serial: string | null;
  model: string | null;
  service: string;
  unit: string;
  rows: ConsumptionRow[];
  /** Σ quantity of the rows. */
  total: string;
}

export interface ConsumptionData {
  from: string;
  to: string;
  supplier: Party;
  customer: Party;
  accountNumber: string;
  contractNumber: string | null;
  points: SupplyPoint[];
}

export const ZONE_LABELS: Record<string, string> = {
  T: 'сутки',
  T1: 'день (T1)',
  T2: 'ночь (T2)',
  T3: 'полупик (T3)',
};
export const METHOD_LABELS: Record<string, string> = {
  meter: 'по показаниям',
  average: 'по среднему',
  norm: 'по нормативу',
  manual: 'перерасчёт',
};

export function consumptionTitle(c: Pick<ConsumptionData, 'from' | 'to'>): string {
  return `Расшифровка потребления электроэнергии за период с ${formatDate(c.from)} по ${formatDate(c.to)}`;
}

export function consumptionFileName(c: Pick<ConsumptionData, 'from' | 'to' | 'accountNumber'>): string {
  return `rasshifrovka-potrebleniya-${c.accountNumber.replace(/[^\w-]+/g, '_')}-${c.from.slice(0, 7)}-${c.to.slice(0, 7)}.pdf`;
}

export async function consumptionPdf(c: ConsumptionData, meta: { createdAt?: Date } = {}): Promise<Buffer> {
  const title = consumptionTitle(c);
  const doc = createPdf({
    title: `${title}, лицевой счёт ${c.accountNumber}`,
    author: c.supplier.name,
    subject: 'Расшифровка потребления по точкам поставки',
    keywords: `расшифровка потребления, лицевой счёт ${c.accountNumber}`,
    createdAt: meta.createdAt,
    footer: `${title}. ${c.customer.name}`,
  });
  heading(doc, title, { size: 12.5 });
  facts(
    doc,
    [
      ['Потребитель', c.customer.name],
      ['Лицевой счёт', c.accountNumber],
      ['Договор', c.contractNumber ?? ''],
      ['Поставщик', c.supplier.name],
      ['Период', `с ${formatDate(c.from)} по ${formatDate(c.to)}`],
    ],
    { size: 9, gap: 6 },
  );
  if (c.points.length === 0)
    paragraph(doc, 'За выбранный период начислений по точкам поставки нет.', { size: 9.5 });
  for (const p of c.points) {
    paragraph(doc, `Точка поставки: ${p.point}`, { bold: true, size: 9.5, gap: 1 });
    paragraph(
      doc,
      [
        p.service,
        p.serial ? `прибор учёта № ${p.serial}${p.model ? ` (${p.model})` : ''}` : 'без прибора учёта',
      ].join(', '),
      { size: 8.5, color: COLORS.muted, gap: 3 },
    );
    const rows: Row[] = p.rows.map((r): Row => ({
      cells: [
        formatMonth(r.period),
        r.zone ? (ZONE_LABELS[r.zone] ?? r.zone) : '',
        formatReading(r.previous),
        formatReading(r.current),
        formatDecimal(r.ratio),
        formatDecimal(r.quantity, 0, 4),
        r.method ? (METHOD_LABELS[r.method] ?? r.method) : '',
        r.billNumber,
      ],
    }));
    rows.push({
      bold: true,
      cells: [{ text: `Итого, ${p.unit}`, span: 5 }, formatDecimal(p.total, 0, 4), '', ''],
    });
    table(doc, {
      fontSize: 8,
      headerFontSize: 7.5,
      columns: [
        { header: 'Период', width: 13 },
        { header: 'Зона суток', width: 10, align: 'center' },
        { header: 'Показание предыдущее', width: 13, align: 'right' },
        { header: 'Показание текущее', width: 13, align: 'right' },
        { header: 'Расчёт\u00adный коэфф.', width: 9, align: 'right' },
        { header: `Объём, ${p.unit}`, width: 12, align: 'right' },
        { header: 'Способ расчёта', width: 13 },
        { header: 'Документ', width: 17 },
      ],
      rows,
    });
  }
  return finishPdf(doc);
}
