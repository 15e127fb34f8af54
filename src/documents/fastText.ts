// Text fragments written as pdfkit writes them, without its per-call work: glyph runs and widths of a string kept per font.
import type { Pdf } from './pdf.js';

/** A glyph as fontkit gives it (only what a fragment needs). */
interface Glyph {
  id: number;
  advanceWidth: number;
  codePoints: number[];
}

/** A glyph's place in a laid-out run, in 1000ths of the font size (pdfkit scales fontkit's). */
interface Position {
  xAdvance: number;
  advanceWidth: number;
  xOffset: number;
  yOffset: number;
}

/** pdfkit's EmbeddedFont (not in its types): the parsed font, this document's subset and what it writes of each glyph. */
interface EmbeddedFont {
  id: string;
  font: object;
  scale: number;
  ascender: number;
  subset: { includeGlyph: (gid: number) => number };
  widths: (number | undefined)[];
  unicode: (number[] | undefined)[];
  layout: (text: string, features?: unknown, onlyWidth?: boolean) => { glyphs: Glyph[]; positions: Position[]; advanceWidth: number };
  ref: () => unknown;
}

/** pdfkit's document internals a fragment touches (not in its types). */
interface Internals {
  _font: EmbeddedFont | undefined;
  _fontSize: number;
  page: { height: number; fonts: Record<string, unknown>; write: (chunk: string) => void };
  _fragment: (text: string, x: number, y: number, options: FragmentOptions) => void;
}

interface FragmentOptions {
  align?: string;
  width?: number;
  lineWidth?: number;
  textWidth?: number;
  wordSpacing?: number;
  characterSpacing?: number;
  horizontalScaling?: number;
  baseline?: unknown;
  features?: unknown;
  link?: unknown;
  goTo?: unknown;
  destination?: unknown;
  underline?: unknown;
  strike?: unknown;
  oblique?: unknown;
  stroke?: unknown;
}

/**
 * A string laid out in one font: its glyphs and how pdfkit's TJ array splits them (a kerning
 * adjustment ends a piece), or null when a glyph is offset and pdfkit writes Tm operators between them.
 */
interface Run {
  glyphs: Glyph[];
  /** Index after the last glyph of each piece, and the adjustment written after it. */
  ends: number[];
  adjustments: string[];
}

/** pdfkit's number in content: rounded to millionths. */
const number = (n: number): number => Math.round(n * 1e6) / 1e6;

const RUNS_MAX = 20_000;
const runs = new WeakMap<object, Map<string, Run | null>>();
const widths = new WeakMap<object, Map<string, number>>();

function runOf(font: EmbeddedFont, text: string): Run | null {
  let byText = runs.get(font.font);
  if (!byText) runs.set(font.font, (byText = new Map()));
  let run = byText.get(text);
  if (run !== undefined) return run;
  const { glyphs, positions } = font.layout(text);
  const ends: number[] = [];
  const adjustments: string[] = [];
  run = { glyphs, ends, adjustments };
  for (let i = 0; i < positions.length; i++) {
    const pos = positions[i]!;
    if (pos.xOffset || pos.yOffset) {
      run = null;
      break;
    }
    // pdfkit ends a piece after a glyph whose advance differs from its width, and after the last one
    if (pos.xAdvance - pos.advanceWidth !== 0 || i === positions.length - 1) {
      ends.push(i + 1);
      adjustments.push(String(number(-(pos.xAdvance - pos.advanceWidth))));
    }
  }
  if (byText.size >= RUNS_MAX) byText.clear();
  byText.set(text, run);
  return run;
}

/** The advance of `text` in 1000ths of the font size, as pdfkit's widthOfString sums it (word by word). */
function advanceOf(font: EmbeddedFont, text: string): number {
  let byText = widths.get(font.font);
  if (!byText) widths.set(font.font, (byText = new Map()));
  let w = byText.get(text);
  if (w === undefined) {
    w = font.layout(text, undefined, true).advanceWidth;
    if (byText.size >= RUNS_MAX) byText.clear();
    byText.set(text, w);
  }
  return w;
}

/** pdfkit's doc.widthOfString(text) with no spacing options, from the kept advances. */
export function widthOf(doc: Pdf, text: string): number {
  const d = doc as unknown as Internals;
  const font = d._font!;
  return ((advanceOf(font, text) * (d._fontSize / 1000) + 0 * (text.length - 1)) * 100) / 100;
}

/**
 * Installs the fragment writer on a document: for the fragments documents write (left, right or
 * centred text without spacing, links, underlines or offsets) the operators pdfkit's _fragment writes,
 * byte for byte, from the kept runs; pdfkit's own for anything else.
 */
export function fastFragments(doc: Pdf): void {
  const d = doc as unknown as Internals;
  const pdfkitFragment = d._fragment;
  // per font of this document: a glyph's code in its subset, and whole TJ operators already written
  const codes = new WeakMap<EmbeddedFont, Map<number, string>>();
  const shown = new WeakMap<EmbeddedFont, Map<string, string>>();
  const showText = (font: EmbeddedFont, run: Run, text: string): string => {
    let byText = shown.get(font);
    if (!byText) shown.set(font, (byText = new Map()));
    let op = byText.get(text);
    if (op !== undefined) return op;
    let byGlyph = codes.get(font);
    if (!byGlyph) codes.set(font, (byGlyph = new Map()));
    const hex: string[] = [];
    for (const glyph of run.glyphs) {
      let code = byGlyph.get(glyph.id);
      if (code === undefined) {
        // what EmbeddedFont.encode records of a glyph the first time
        const gid = font.subset.includeGlyph(glyph.id);
        code = `0000${gid.toString(16)}`.slice(-4);
        if (font.widths[gid] == null) font.widths[gid] = glyph.advanceWidth * font.scale;
        if (font.unicode[gid] == null) font.unicode[gid] = glyph.codePoints;
        byGlyph.set(glyph.id, code);
      }
      hex.push(code);
    }
    const pieces: string[] = [];
    let start = 0;
    for (let i = 0; i < run.ends.length; i++) {
      const end = run.ends[i]!;
      pieces.push(`<${hex.slice(start, end).join('')}> ${run.adjustments[i]!}`);
      start = end;
    }
    op = `[${pieces.join(' ')}] TJ`;
    if (byText.size >= RUNS_MAX) byText.clear();
    byText.set(text, op);
    return op;
  };
  d._fragment = function (this: Internals, raw: string, x: number, y: number, options: FragmentOptions) {
    const font = this._font;
    const align = options.align || 'left';
    if (
      !font?.subset || !font.layout || options.wordSpacing || options.characterSpacing || (options.horizontalScaling && options.horizontalScaling !== 100) ||
      options.baseline !== undefined || options.features || options.link != null || options.goTo != null || options.destination != null ||
      options.underline || options.strike || options.oblique || options.stroke || (options.width && align !== 'left' && align !== 'right' && align !== 'center')
    ) {
      return pdfkitFragment.call(this, raw, x, y, options);
    }
    const text = `${raw}`.replace(/\n/g, '');
    if (text.length === 0) return;
    const run = runOf(font, text);
    if (!run || run.ends.length === 0) return pdfkitFragment.call(this, raw, x, y, options);
    if (options.width) {
      if (align === 'right') x += options.lineWidth! - widthOf(this as unknown as Pdf, text.replace(/\s+$/, ''));
      else if (align === 'center') x += options.lineWidth! / 2 - options.textWidth! / 2;
    }
    const dy = (font.ascender / 1000) * this._fontSize;
    const page = this.page;
    y = page.height - y - dy;
    if (page.fonts[font.id] == null) page.fonts[font.id] = font.ref();
    // save, flip, one text object, restore: what pdfkit writes (its transform matrix is restored with it)
    page.write(
      `q\n1 0 0 -1 0 ${number(page.height)} cm\nBT\n1 0 0 1 ${number(x)} ${number(y)} Tm\n/${font.id} ${number(this._fontSize)} Tf\n${showText(font, run, text)}\nET\nQ`,
    );
  };
}

/** Takes this module's writers off a document again: pdfkit's own code writes its text (tests compare the two). */
export function plainPdfkit(doc: Pdf): void {
  delete (doc as unknown as Partial<Internals>)._fragment;
}
