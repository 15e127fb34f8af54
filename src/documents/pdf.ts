// The PDF toolkit every document shares: A4 portrait set-up with the embedded fonts and metadata, text blocks,
// a table writer (wrapping cells, right-aligned numbers, the header row repeated on each page), page numbers.
import zlib from 'node:zlib';
import PDFDocument from 'pdfkit';
import { parsedFonts, type FontName } from './fonts.js';
import { drawBlock, fastFragments, fastWrapping, pdfNumber, plainRuns } from './fastText.js';

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

export const COLORS = { text: '#111111', muted: '#555555', rule: '#777777', headerFill: '#e8e8e8', sectionFill: '#f3f3f3' } as const;

const footers = new WeakMap<Pdf, string | undefined>();

export function createPdf(meta: PdfMeta): Pdf {
  const fonts = parsedFonts();
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
  // pdfkit takes a parsed fontkit font where its types only name paths and buffers
  for (const [name, parsed] of Object.entries(fonts)) doc.registerFont(name, parsed as unknown as Buffer);
  shareLayouts(doc);
  fastFragments(doc);
  fastWrapping(doc);
  collectContent(doc);
  reuseDeflated(doc);
  collectOutput(doc);
  doc.font('regular').fontSize(9).fillColor(COLORS.text).lineGap(0);
  footers.set(doc, meta.footer);
  return doc;
}

/** What pdfkit keeps of a font it embeds in one document (its EmbeddedFont; not in its types). */
interface EmbeddedFont {
  font?: object;
  /** pdfkit's layouts of single words ("word" or "word "), already scaled to 1000 units per em. */
  layoutCache?: Record<string, unknown>;
  document: { ref: (...args: unknown[]) => { end: (chunk?: unknown) => void } };
  subset?: { glyphs: number[] };
  /** The characters of each glyph of the subset, by its number in the subset (0 is .notdef). */
  unicode?: unknown[];
  toUnicodeCmap?: () => unknown;
}

/** ToUnicode maps per parsed font by the subset's glyphs (those the text used, in order). */
const unicodeMaps = new WeakMap<object, Map<string, string>>();
const UNICODE_MAPS_MAX = 1_000;

/**
 * A font's ToUnicode map lists the characters of each glyph of its subset in order: a glyph's are
 * fixed once fontkit made it (fonts.ts asks for every character first), so the same glyphs give the
 * same map. pdfkit builds it anew for every font of every document (a hex string a character); the
 * text is kept by the glyphs and written again as pdfkit wrote it.
 */
function keepUnicodeMaps(embedded: EmbeddedFont): void {
  const build = embedded.toUnicodeCmap;
  if (!embedded.font || !embedded.subset || !embedded.unicode || typeof build !== 'function') return;
  let maps = unicodeMaps.get(embedded.font);
  if (!maps) unicodeMaps.set(embedded.font, (maps = new Map()));
  const kept = maps;
  embedded.toUnicodeCmap = function (this: EmbeddedFont) {
    const key = this.subset!.glyphs.slice(0, this.unicode!.length).join(',');
    const text = kept.get(key);
    if (text !== undefined) {
      const cmap = this.document.ref();
      cmap.end(text);
      return cmap;
    }
    // pdfkit's own map, its text caught on the way into its stream
    const doc = this.document;
    const ref = doc.ref;
    let written: unknown;
    doc.ref = (...args: unknown[]) => {
      const stream = ref.apply(doc, args);
      const end = stream.end;
      stream.end = (chunk?: unknown) => {
        written = chunk;
        return end.call(stream, chunk);
      };
      return stream;
    };
    try {
      return build.call(this);
    } finally {
      doc.ref = ref;
      if (typeof written === 'string') {
        if (kept.size >= UNICODE_MAPS_MAX) kept.clear();
        kept.set(key, written);
      }
    }
  };
}

/** Past this many words a font's shared layouts start afresh, so a long-running server does not keep every amount ever printed. */
const SHARED_LAYOUTS_MAX = 20_000;
const sharedLayouts = new WeakMap<object, { words: Record<string, unknown>; uses: number }>();

/**
 * pdfkit lays out every word with fontkit (shaping, kerning) and caches the result in the one
 * document; a receipt's labels, headers and digits are the same in every document, so the cache
 * is kept per parsed font for the whole process. A word's layout depends only on the font, and
 * pdfkit never changes a cached layout (it copies the positions it adjusts).
 */
function shareLayouts(doc: Pdf): void {
  const open = doc.font;
  const shared = new WeakSet<object>();
  doc.font = function (this: Pdf, ...args: Parameters<Pdf['font']>) {
    const out = open.apply(this, args);
    const embedded = (this as unknown as { _font?: EmbeddedFont })._font;
    if (embedded?.font && embedded.layoutCache && !shared.has(embedded)) {
      let entry = sharedLayouts.get(embedded.font);
      if (!entry || (++entry.uses % 256 === 0 && Object.keys(entry.words).length > SHARED_LAYOUTS_MAX)) {
        entry = { words: Object.create(null) as Record<string, unknown>, uses: 0 };
        sharedLayouts.set(embedded.font, entry);
      }
      embedded.layoutCache = entry.words;
      keepUnicodeMaps(embedded);
      plainRuns(embedded);
      shared.add(embedded);
    }
    return out;
  } as Pdf['font'];
}

/** What pdfkit keeps of a stream object while it is written (its PDFReference; not in its types). */
interface StreamRef {
  write: (chunk: unknown) => void;
  end: (chunk?: unknown) => void;
  finalize: () => void;
  buffer: Uint8Array[];
  compress: boolean;
  data: Record<string, unknown>;
}

/**
 * zlib's level for page content. pdfkit uses zlib's default, 6: on a receipt's page (61 KB of operators,
 * half of them the QR code's rectangles) 6 takes 0.85 ms of CPU, 4 0.4 ms (10.1 → 11.4 KB), 1 0.15 ms
 * (12.5 KB): the lazy matching of levels 4–9 costs more than the kilobyte a receipt it saves.
 */
const CONTENT_LEVEL = 1;

/**
 * pdfkit turns every operator a page gets (a thousand for a receipt: each text fragment is eight)
 * into bytes of its own with a loop in JavaScript, and joins them at the end. Each page's content
 * here keeps the operators as strings and converts them once, as pdfkit would (Latin-1, a line each),
 * then deflates them itself.
 */
function collectContent(doc: Pdf): void {
  const collect = (ref: StreamRef) => {
    if (!ref.compress) return;
    const chunks: Uint8Array[] = [...ref.buffer]; // what pdfkit wrote before the page was announced
    let lines: string[] = [];
    const flushLines = () => {
      if (lines.length === 0) return;
      chunks.push(Buffer.from(`${lines.join('\n')}\n`, 'latin1'));
      lines = [];
    };
    ref.write = (chunk) => {
      if (chunk instanceof Uint8Array) {
        flushLines();
        chunks.push(chunk);
      } else lines.push(String(chunk));
    };
    ref.end = (chunk) => {
      if (chunk) ref.write(chunk);
      flushLines();
      if (chunks.length) {
        // the dictionary's keys in pdfkit's order
        ref.data.Length ??= 0;
        ref.data.Filter = 'FlateDecode';
        ref.buffer = [zlib.deflateSync(Buffer.concat(chunks), { level: CONTENT_LEVEL })];
        ref.compress = false;
      }
      ref.finalize();
    };
  };
  const page = () => (doc as unknown as { page: { content: StreamRef } }).page.content;
  collect(page());
  doc.on('pageAdded', () => collect(page()));
}

/** Bytes deflated as pdfkit deflates them, by the very array pdfkit was given (font subsets are shared: fonts.ts). */
const deflated = new WeakMap<Uint8Array, Buffer>();

/** Deflated text streams (a font's ToUnicode map) by their text. */
const deflatedText = new Map<string, Buffer>();
const DEFLATED_TEXT_MAX = 1_000;

/**
 * A stream ended with bytes seen before (a font subset with the same glyphs as another document's:
 * the table fonts of a batch's receipts), or with a text seen before (the ToUnicode map of such a subset),
 * gets the deflated bytes of last time: zlib's default, as pdfkit's own, so the file is the same byte
 * for byte. Deflating the four subsets was a sixth of a receipt, their maps a twentieth.
 */
function reuseDeflated(doc: Pdf): void {
  const ref = doc.ref.bind(doc);
  doc.ref = ((...args: Parameters<Pdf['ref']>) => {
    const stream = ref(...args) as unknown as StreamRef;
    const end = stream.end.bind(stream);
    stream.end = (chunk) => {
      if (!stream.compress || stream.buffer.length > 0) return end(chunk);
      let bytes: Buffer | undefined;
      if (typeof chunk === 'string') {
        bytes = deflatedText.get(chunk);
        if (!bytes) {
          // what pdfkit deflates of a text: its Latin-1 bytes and a line break
          bytes = zlib.deflateSync(Buffer.from(`${chunk}\n`, 'latin1'));
          if (deflatedText.size >= DEFLATED_TEXT_MAX) deflatedText.clear();
          deflatedText.set(chunk, bytes);
        }
      } else if (chunk instanceof Uint8Array) {
        bytes = deflated.get(chunk);
        if (!bytes) {
          bytes = zlib.deflateSync(chunk);
          deflated.set(chunk, bytes);
        }
      } else return end(chunk);
      // the dictionary's Length and Filter in the order pdfkit's write sets them (finalize writes the length)
      stream.data.Length ??= 0;
      stream.data.Filter = 'FlateDecode';
      stream.buffer = [bytes];
      stream.compress = false;
      stream.finalize();
    };
    return stream;
  }) as unknown as Pdf['ref'];
}

/** The file's pieces as pdfkit writes them (a line of text each, or bytes), kept by collectOutput. */
const outputs = new WeakMap<Pdf, (string | Uint8Array)[]>();

/**
 * pdfkit turns every line of the file it writes (each object's header, dictionary and "endobj", each
 * line of the cross-reference table) into bytes of its own with a loop in JavaScript and pushes it
 * through its readable stream; the document here keeps them as they come, counting their bytes as
 * pdfkit does (a byte a character, a line break after each line), and finishPdf joins them once.
 */
function collectOutput(doc: Pdf): void {
  const parts: (string | Uint8Array)[] = [];
  outputs.set(doc, parts);
  const d = doc as unknown as { _write: (data: unknown) => void; _offset: number };
  d._write = function (this: { _offset: number }, data: unknown) {
    if (data instanceof Uint8Array) {
      parts.push(data);
      this._offset += data.length;
    } else {
      const line = `${String(data)}\n`;
      parts.push(line);
      this._offset += line.length;
    }
  };
}

/** The pieces as one file: the runs of lines as Latin-1 (pdfkit keeps a character's low byte), the bytes as they are. */
function joinOutput(parts: readonly (string | Uint8Array)[]): Buffer[] {
  const out: Buffer[] = [];
  let lines: string[] = [];
  for (const p of parts) {
    if (typeof p === 'string') lines.push(p);
    else {
      if (lines.length) out.push(Buffer.from(lines.join(''), 'latin1'));
      lines = [];
      out.push(Buffer.from(p.buffer, p.byteOffset, p.byteLength));
    }
  }
  if (lines.length) out.push(Buffer.from(lines.join(''), 'latin1'));
  return out;
}

export function font(doc: Pdf, name: FontName, size: number): Pdf {
  const d = doc as unknown as { _font?: object; _fontFamilies: Record<string, object | undefined>; _fontSize: number };
  // the font already set (a table measures and writes cell after cell in it): only the size, as fontSize sets a number
  if (d._font !== undefined && d._font === d._fontFamilies[name]) {
    d._fontSize = size;
    return doc;
  }
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

export function heading(doc: Pdf, text: string, opts: { size?: number; align?: 'left' | 'center'; gap?: number } = {}): void {
  const size = opts.size ?? 13;
  font(doc, 'bold', size);
  ensureSpace(doc, doc.heightOfString(text, { width: CONTENT_WIDTH }) + 4);
  doc.text(text, PAGE.marginX, doc.y, { width: CONTENT_WIDTH, align: opts.align ?? 'center' });
  doc.y += opts.gap ?? 4;
  font(doc, 'regular', 9);
}

export function paragraph(doc: Pdf, text: string, opts: { size?: number; bold?: boolean; align?: 'left' | 'center' | 'right' | 'justify'; gap?: number; color?: string; x?: number; width?: number } = {}): void {
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
export function facts(doc: Pdf, pairs: readonly (readonly [string, string])[], opts: { size?: number; x?: number; width?: number; gap?: number } = {}): void {
  const size = opts.size ?? 9;
  const x = opts.x ?? PAGE.marginX;
  const width = opts.width ?? CONTENT_WIDTH - (x - PAGE.marginX);
  for (const [label, value] of pairs) {
    if (value === '') continue;
    font(doc, 'regular', size);
    const h = doc.heightOfString(`${label}: ${value}`, { width });
    ensureSpace(doc, h);
    // the value's lines are a regular line apart; the same fact is written again without pdfkit's wrapper
    drawBlock(doc, `fact\u0000${size}\u0000${x}\u0000${width}\u0000${label}\u0000${value}`, doc.currentLineHeight(true), () => {
      font(doc, 'bold', size).text(`${label}: `, x, doc.y, { width, continued: true });
      font(doc, 'regular', size).text(value, { width });
    });
  }
  doc.x = PAGE.marginX;
  doc.y += opts.gap ?? 3;
}

export function rule(doc: Pdf, gap = 4): void {
  doc.y += gap / 2;
  doc.save().lineWidth(0.5).strokeColor(COLORS.rule).moveTo(PAGE.marginX, doc.y).lineTo(PAGE.width - PAGE.marginX, doc.y).stroke().restore();
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

function layRow(cells: readonly Cell[], xs: number[], widths: number[], columns: readonly Column[], rowBold: boolean): Laid[] {
  const out: Laid[] = [];
  let col = 0;
  for (const c of cells) {
    if (col >= columns.length) break;
    const spec: CellSpec = typeof c === 'string' ? { text: c } : c;
    const span = Math.max(1, Math.min(spec.span ?? 1, columns.length - col));
    let width = 0;
    for (let i = col; i < col + span; i++) width += widths[i]!;
    out.push({ x: xs[col]!, width, text: spec.text, align: spec.align ?? (span === 1 ? columns[col]!.align ?? 'left' : 'left'), bold: spec.bold ?? rowBold });
    col += span;
  }
  return out;
}

/** pdfkit's text internals (not in its types) that write one line of text. */
interface TextInternals {
  _wrapper?: unknown;
  _textOptions?: unknown;
  _initOptions: (x: number, y: number, options: object) => Record<string, unknown>;
  _fragment: (text: string, x: number, y: number, options: Record<string, unknown>) => void;
}

/**
 * Writes text the caller knows takes one line of `width` (its wrapped height is one line), left or
 * right aligned, as doc.text would: the same fragment at the same place, and the same x and y after.
 * doc.text runs pdfkit's line wrapper first (a line breaker over the text and a width per word), most
 * of a table's cost; the numbers of a receipt's tables are one line each.
 */
function oneLine(doc: Pdf, text: string, x: number, y: number, width: number, align: Align): void {
  const d = doc as unknown as TextInternals;
  if (d._wrapper || d._textOptions) {
    doc.text(text, x, y, { width, align, lineGap: 0 });
    return;
  }
  const options = d._initOptions(x, y, { width, align, lineGap: 0 });
  // what the wrapper tells the line it emits; the text's measured width only matters to underlines and links
  options.lineWidth = (width * 100) / 100;
  options.textWidth = 0;
  options.wordCount = 0;
  d._fragment(text, doc.x, doc.y, options);
  doc.y += doc.currentLineHeight(true);
  doc.x = x;
}


/**
 * Heights of wrapped cell text by font, size, width and text; a receipt's headers are the same in every
 * document. With oneLine, still worth it over the text writer's own kept lines (fastText.ts): without
 * both, receipts laid out per CPU-second fell from 325–395 to 259–263 in the same session's runs.
 */
const cellHeights = new Map<string, Map<number, Map<number, Map<string, number>>>>();
let cellHeightsCount = 0;
const CELL_HEIGHTS_MAX = 5_000;

/** The height of `text` wrapped within `width` in a table cell (no line gap); leaves the font set. */
function cellHeight(doc: Pdf, name: FontName, size: number, text: string, width: number): number {
  font(doc, name, size);
  // nested by key part, so a look-up builds no key string
  let bySize = cellHeights.get(name);
  if (!bySize) cellHeights.set(name, (bySize = new Map()));
  let byWidth = bySize.get(size);
  if (!byWidth) bySize.set(size, (byWidth = new Map()));
  let byText = byWidth.get(width);
  if (!byText) byWidth.set(width, (byText = new Map()));
  let h = byText.get(text);
  if (h === undefined) {
    h = doc.heightOfString(text, { width, lineGap: 0 });
    if (++cellHeightsCount > CELL_HEIGHTS_MAX) {
      cellHeights.clear();
      cellHeightsCount = 0;
    }
    byText.set(text, h);
  }
  return h;
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
    for (const c of cells) h = Math.max(h, c.text ? cellHeight(doc, c.bold ? bold : regular, fontSize, c.text, c.width - 2 * pad) : 0);
    return Math.ceil(h + 2 * pad);
  };

  const draw = (cells: Laid[], y: number, h: number, fontSize: number, fill?: string, valign: 'top' | 'middle' = 'top') => {
    if (fill) doc.save().rect(cells[0]!.x, y, cells.reduce((s, c) => s + c.width, 0), h).fill(fill).restore();
    doc.save().lineWidth(0.5).strokeColor(COLORS.rule);
    // what doc.rect(…).stroke() writes for each cell, as one piece of content
    let frames = '';
    for (const c of cells) frames += `${pdfNumber(c.x)} ${pdfNumber(y)} ${pdfNumber(c.width)} ${pdfNumber(h)} re\nS\n`;
    if (frames) doc.addContent(frames.slice(0, -1));
    doc.restore();
    // the row's text colour once: nothing between its cells changes it (pdfkit wrote it again before each)
    if (cells.some((c) => c.text)) doc.fillColor(COLORS.text);
    for (const c of cells) {
      if (!c.text) continue;
      const name = c.bold ? bold : regular;
      const width = c.width - 2 * pad;
      const textH = cellHeight(doc, name, fontSize, c.text, width); // leaves the font set
      const ty = valign === 'middle' ? y + (h - textH) / 2 : y + pad;
      if (textH === doc.currentLineHeight(true) && c.align !== 'center' && !/[\n\u00ad]/.test(c.text) && ty + textH < pageBottom(doc)) oneLine(doc, c.text, c.x + pad, ty, width, c.align);
      else doc.text(c.text, c.x + pad, ty, { width, align: c.align, lineGap: 0 });
    }
  };

  const headerCells = layRow(opts.columns.map((c) => ({ text: c.header, bold: true, align: 'center' as const })), xs, widths, opts.columns, true);
  const headerH = measure(headerCells, headerSize);
  const numberCells = opts.numbers ? layRow(opts.numbers.map((n) => ({ text: n, align: 'center' as const })), xs, widths, opts.columns, false) : undefined;
  const numbersH = numberCells ? measure(numberCells, size - 1) : 0;

  // doc.text moves doc.y, so every row is placed from a y saved before drawing it
  const drawHeader = () => {
    const y = doc.y;
    draw(headerCells, y, headerH, headerSize, COLORS.headerFill, 'middle');
    if (numberCells) draw(numberCells, y + headerH, numbersH, size - 1, COLORS.headerFill);
    doc.y = y + headerH + numbersH;
  };

  const rows = opts.rows.map((r): Row => (Array.isArray(r) ? { cells: r } : (r as Row)));
  const firstH = rows[0] ? measure(layRow(rows[0].cells, xs, widths, opts.columns, rows[0].bold ?? false), size) : 0;
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
    // what pdfkit's stream gives (everything, if the output is not collected), then what was collected
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat([...chunks, ...joinOutput(outputs.get(doc) ?? [])])));
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
    if (footer) doc.text(footer, PAGE.marginX, y, { width: CONTENT_WIDTH * 0.7, lineBreak: false, height: 10, ellipsis: true });
    doc.text(`Страница ${i - range.start + 1} из ${range.count}`, PAGE.marginX, y, { width: CONTENT_WIDTH, align: 'right', lineBreak: false });
    doc.fillColor(COLORS.text);
    doc.page.margins.bottom = bottom;
  }
  doc.flushPages();
  doc.end();
  return done;
}

/** Content-Disposition with an ASCII fallback and the UTF-8 name (RFC 6266 / 5987). */
export function contentDisposition(fileName: string, disposition: 'inline' | 'attachment' = 'inline'): string {
  const ascii = transliterate(fileName).replace(/[^\w.-]+/g, '-').replace(/-+/g, '-') || 'document.pdf';
  const utf8 = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${disposition}; filename="${ascii}"; filename*=UTF-8''${utf8}`;
}

const TRANSLIT: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l', м: 'm', н: 'n',
  о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'h', ц: 'c', ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '',
  э: 'e', ю: 'yu', я: 'ya',
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
  return transliterate(s).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}
