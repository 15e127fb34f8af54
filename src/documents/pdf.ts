// The PDF toolkit every document shares: A4 portrait set-up with the embedded fonts and metadata, text blocks,
// a table writer (wrapping cells, right-aligned numbers, the header row repeated on each page), page numbers.
import PDFDocument from 'pdfkit';
import { parsedFonts, type FontName } from './fonts.js';

export type Pdf = PDFKit.PDFDocument;

export interface PdfMeta {
  title: string;
  author: string;
  subject?: string;
  keywords?: string;
  /** Pinned by tests and the clock; pdfkit would use the wall clock. */
  createdAt?: Date;
  /** A short line printed in every page's footer beside the page number (e.g. the document's name and number). */
  footer?: string;
}

/** A4 portrait in points, with margins that leave room for the footer. */
export const PAGE = { width: 595.28, height: 841.89, marginX: 36, marginTop: 34, marginBottom: 46 } as const;
export const CONTENT_WIDTH = PAGE.width - 2 * PAGE.marginX;

export const COLORS = {
  text: '#111111',
  muted: '#555555',
  rule: '#777777',
  headerFill: '#e8e8e8',
  sectionFill: '#f3f3f3',
} as const;

const footers = new WeakMap<Pdf, string | undefined>();

export function createPdf(meta: PdfMeta): Pdf {
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'portrait',
    margins: { top: PAGE.marginTop, bottom: PAGE.marginBottom, left: PAGE.marginX, right: PAGE.marginX },
    bufferPages: true,
    autoFirstPage: true,
    displayTitle: true,
    lang: 'ru-RU',
    pdfVersion: '1.7',
    // no standard Helvetica: every document uses the embedded DejaVu only (pdfkit would parse its AFM each time)
    font: null as unknown as undefined,
    info: {
      Title: meta.title,
      Author: meta.author,
      Subject: meta.subject ?? meta.title,
      Keywords: meta.keywords ?? '',
      Creator: 'Личный кабинет клиента',
      Producer: 'pdfkit',
      CreationDate: meta.createdAt ?? new Date(),
    },
  });
  // pdfkit takes a parsed fontkit font (documented since 0.20), where its types still name only paths and bytes
  for (const [name, font] of Object.entries(parsedFonts())) doc.registerFont(name, font as unknown as Buffer);
  doc.font('regular').fontSize(9).fillColor(COLORS.text).lineGap(0);
  footers.set(doc, meta.footer);
  return doc;
}

export function font(doc: Pdf, name: FontName, size: number): Pdf {
  return doc.font(name).fontSize(size);
}

/** Bottom of the writable area of the current page. */
export function pageBottom(doc: Pdf): number {
  return doc.page.height - doc.page.margins.bottom;
}

/** Starts a new page unless `height` points still fit on this one. */
export function ensureSpace(doc: Pdf, height: number): void {
  if (doc.y + height > pageBottom(doc)) {
    doc.addPage();
    doc.x = doc.page.margins.left;
  }
}

export function heading(
  doc: Pdf,
  text: string,
  opts: { size?: number; align?: 'left' | 'center'; gap?: number } = {},
): void {
  const size = opts.size ?? 13;
  font(doc, 'bold', size);
  ensureSpace(doc, doc.heightOfString(text, { width: CONTENT_WIDTH }) + 4);
  doc.text(text, PAGE.marginX, doc.y, { width: CONTENT_WIDTH, align: opts.align ?? 'center' });
  doc.y += opts.gap ?? 4;
  font(doc, 'regular', 9);
}

export function paragraph(
  doc: Pdf,
  text: string,
  opts: {
    size?: number;
    bold?: boolean;
    align?: 'left' | 'center' | 'right' | 'justify';
    gap?: number;
    color?: string;
    x?: number;
    width?: number;
  } = {},
): void {
  font(doc, opts.bold ? 'bold' : 'regular', opts.size ?? 9);
  const x = opts.x ?? PAGE.marginX;
  const width = opts.width ?? CONTENT_WIDTH - (x - PAGE.marginX);
  ensureSpace(doc, doc.heightOfString(text, { width }));
  doc.fillColor(opts.color ?? COLORS.text).text(text, x, doc.y, { width, align: opts.align ?? 'left' });
  doc.fillColor(COLORS.text);
  doc.y += opts.gap ?? 2;
  doc.x = PAGE.marginX;
}

/** "Label: value" lines, label in bold, wrapped within `width`. */
export function facts(
  doc: Pdf,
  pairs: readonly (readonly [string, string])[],
  opts: { size?: number; x?: number; width?: number; gap?: number } = {},
): void {
  const size = opts.size ?? 9;
  const x = opts.x ?? PAGE.marginX;
  const width = opts.width ?? CONTENT_WIDTH - (x - PAGE.marginX);
  for (const [label, value] of pairs) {
    if (value === '') continue;
    font(doc, 'regular', size);
    const h = doc.heightOfString(`${label}: ${value}`, { width });
    ensureSpace(doc, h);
    font(doc, 'bold', size).text(`${label}: `, x, doc.y, { width, continued: true });
    font(doc, 'regular', size).text(value, { width });
  }
  doc.x = PAGE.marginX;
  doc.y += opts.gap ?? 3;
}

export function rule(doc: Pdf, gap = 4): void {
  doc.y += gap / 2;
  doc
    .save()
    .lineWidth(0.5)
    .strokeColor(COLORS.rule)
    .moveTo(PAGE.marginX, doc.y)
    .lineTo(PAGE.width - PAGE.marginX, doc.y)
    .stroke()
    .restore();
  doc.y += gap / 2;
}

// ---- tables --------------------------------------------------------------------------------

export type Align = 'left' | 'right' | 'center';

export interface Column {
  header: string;
  /** A relative weight; the columns share the table's width in proportion. */
  width: number;
  align?: Align;
}

export interface CellSpec {
  text: string;
  align?: Align;
  bold?: boolean;
  /** How many columns the cell spans (section rows, totals labels). */
  span?: number;
}

export type Cell = string | CellSpec;

export interface Row {
  cells: Cell[];
  bold?: boolean;
  fill?: string;
}

export interface TableOptions {
  columns: Column[];
  rows: readonly (Row | Cell[])[];
  fontSize?: number;
  headerFontSize?: number;
  padding?: number;
  x?: number;
  width?: number;
  /** Condensed letters fit the 11 columns of a receipt at a readable size. */
  condensed?: boolean;
  /** A second header row with the column numbers 1, 2, 3… (as on receipts: "7 = 5 × 6"). */
  numbers?: readonly string[];
  /** Space after the table. */
  gap?: number;
}

interface Laid {
  x: number;
  width: number;
  text: string;
  align: Align;
  bold: boolean;
}

function layRow(
  cells: readonly Cell[],
  xs: number[],
  widths: number[],
  columns: readonly Column[],
  rowBold: boolean,
): Laid[] {
  const out: Laid[] = [];
  let col = 0;
  for (const c of cells) {
    if (col >= columns.length) break;
    const spec: CellSpec = typeof c === 'string' ? { text: c } : c;
    const span = Math.max(1, Math.min(spec.span ?? 1, columns.length - col));
    let width = 0;
    for (let i = col; i < col + span; i++) width += widths[i]!;
    out.push({
      x: xs[col]!,
      width,
      text: spec.text,
      align: spec.align ?? (span === 1 ? (columns[col]!.align ?? 'left') : 'left'),
      bold: spec.bold ?? rowBold,
    });
    col += span;
  }
  return out;
}

/**
 * Writes a table from doc.y down, page after page: cells wrap within their column, a row is never
 * split, and the header row (with the numbers row) is drawn again at the top of every new page.
 */
export function table(doc: Pdf, opts: TableOptions): void {
  const size = opts.fontSize ?? 8;
  const headerSize = opts.headerFontSize ?? size;
  const pad = opts.padding ?? 2.5;
  const x0 = opts.x ?? PAGE.marginX;
  const totalWidth = opts.width ?? CONTENT_WIDTH - (x0 - PAGE.marginX);
  const weight = opts.columns.reduce((s, c) => s + c.width, 0);
  const widths = opts.columns.map((c) => (c.width / weight) * totalWidth);
  const xs: number[] = [];
  widths.reduce((x, w) => (xs.push(x), x + w), x0);
  const regular: FontName = opts.condensed ? 'condensed' : 'regular';
  const bold: FontName = opts.condensed ? 'condensedBold' : 'bold';

  const measure = (cells: Laid[], fontSize: number): number => {
    let h = 0;
    for (const c of cells) {
      font(doc, c.bold ? bold : regular, fontSize);
      h = Math.max(h, c.text ? doc.heightOfString(c.text, { width: c.width - 2 * pad, lineGap: 0 }) : 0);
    }
    return Math.ceil(h + 2 * pad);
  };

  const draw = (
    cells: Laid[],
    y: number,
    h: number,
    fontSize: number,
    fill?: string,
    valign: 'top' | 'middle' = 'top',
  ) => {
    if (fill)
      doc
        .save()
        .rect(
          cells[0]!.x,
          y,
          cells.reduce((s, c) => s + c.width, 0),
          h,
        )
        .fill(fill)
        .restore();
    doc.save().lineWidth(0.5).strokeColor(COLORS.rule);
    for (const c of cells) doc.rect(c.x, y, c.width, h).stroke();
    doc.restore();
    for (const c of cells) {
      if (!c.text) continue;
      font(doc, c.bold ? bold : regular, fontSize);
      let ty = y + pad;
      if (valign === 'middle')
        ty = y + (h - doc.heightOfString(c.text, { width: c.width - 2 * pad, lineGap: 0 })) / 2;
      doc
        .fillColor(COLORS.text)
        .text(c.text, c.x + pad, ty, { width: c.width - 2 * pad, align: c.align, lineGap: 0 });
    }
  };

  const headerCells = layRow(
    opts.columns.map((c) => ({ text: c.header, bold: true, align: 'center' as const })),
    xs,
    widths,
    opts.columns,
    true,
  );
  const headerH = measure(headerCells, headerSize);
  const numberCells = opts.numbers
    ? layRow(
        opts.numbers.map((n) => ({ text: n, align: 'center' as const })),
        xs,
        widths,
        opts.columns,
        false,
      )
    : undefined;
  const numbersH = numberCells ? measure(numberCells, size - 1) : 0;

  // doc.text moves doc.y, so every row is placed from a y saved before drawing it
  const drawHeader = () => {
    const y = doc.y;
    draw(headerCells, y, headerH, headerSize, COLORS.headerFill, 'middle');
    if (numberCells) draw(numberCells, y + headerH, numbersH, size - 1, COLORS.headerFill);
    doc.y = y + headerH + numbersH;
  };

  const rows = opts.rows.map((r): Row => (Array.isArray(r) ? { cells: r } : (r as Row)));
  const firstH = rows[0]
    ? measure(layRow(rows[0].cells, xs, widths, opts.columns, rows[0].bold ?? false), size)
    : 0;
  ensureSpace(doc, headerH + numbersH + firstH);
  drawHeader();
  for (const row of rows) {
    const cells = layRow(row.cells, xs, widths, opts.columns, row.bold ?? false);
    const h = measure(cells, size);
    if (doc.y + h > pageBottom(doc)) {
      doc.addPage();
      drawHeader();
    }
    const y = doc.y;
    draw(cells, y, h, size, row.fill);
    doc.y = y + h;
  }
  doc.x = PAGE.marginX;
  doc.y += opts.gap ?? 6;
  font(doc, 'regular', 9);
}

// ---- finishing -----------------------------------------------------------------------------

/** Writes "Страница N из M" (and the footer line) on every page, then ends the document and returns its bytes. */
export function finishPdf(doc: Pdf): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const range = doc.bufferedPageRange();
  const footer = footers.get(doc);
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0; // writing inside the margin must not start a new page
    const y = doc.page.height - bottom + 14;
    font(doc, 'regular', 7.5).fillColor(COLORS.muted);
    if (footer)
      doc.text(footer, PAGE.marginX, y, {
        width: CONTENT_WIDTH * 0.7,
        lineBreak: false,
        height: 10,
        ellipsis: true,
      });
    doc.text(`Страница ${i - range.start + 1} из ${range.count}`, PAGE.marginX, y, {
      width: CONTENT_WIDTH,
      align: 'right',
      lineBreak: false,
    });
    doc.fillColor(COLORS.text);
    doc.page.margins.bottom = bottom;
  }
  doc.flushPages();
  doc.end();
  return done;
}

/** Content-Disposition with an ASCII fallback and the UTF-8 name (RFC 6266 / 5987). */
export function contentDisposition(
  fileName: string,
  disposition: 'inline' | 'attachment' = 'inline',
): string {
  const ascii =
    transliterate(fileName)
      .replace(/[^\w.-]+/g, '-')
      .replace(/-+/g, '-') || 'document.pdf';
  const utf8 = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${disposition}; filename="${ascii}"; filename*=UTF-8''${utf8}`;
}

const TRANSLIT: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'y',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'h',
  ц: 'c',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
};

/** Russian letters to Latin for file names ("Акт сверки" → "akt-sverki" after slugging). */
export function transliterate(s: string): string {
  return Array.from(s)
    .map((ch) => {
      const lower = ch.toLowerCase();
      const t = TRANSLIT[lower];
      if (t === undefined) return ch;
      return ch === lower ? t : t.charAt(0).toUpperCase() + t.slice(1);
    })
    .join('');
}

/** A file name part from free text: Latin letters, digits and dashes only. */
export function slug(s: string): string {
  return transliterate(s)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
