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

/** pdfkit's document internals the text writers touch (not in its types). */
interface Internals {
  x: number;
  y: number;
  _font: EmbeddedFont | undefined;
  _fontSize: number;
  _lineGap: number;
  _wrapper: unknown;
  _textOptions: unknown;
  _registeredFonts: Record<string, unknown>;
  _fontFamilies: Record<string, EmbeddedFont | undefined>;
  page: { height: number; fonts: Record<string, unknown>; write: (chunk: string) => void; maxY: () => number };
  _fragment: (text: string, x: number, y: number, options: FragmentOptions) => void;
  _text: (text: string, x: number, y: number, options: object, line: (text: string, options: LineOptions) => void) => unknown;
  text: (text: string, x?: number | object, y?: number, options?: object) => unknown;
  heightOfString: (text: string, options?: object) => number;
  widthOfString: (text: string, options?: WidthOptions) => number;
  currentLineHeight: (includeGap?: boolean) => number;
  font: (name: string) => unknown;
  fontSize: (size: number) => unknown;
}

/** What pdfkit's line wrapper tells each line it emits. */
interface LineOptions {
  textWidth: number;
  wordCount: number;
  lineWidth: number;
}

interface WidthOptions {
  features?: unknown;
  characterSpacing?: number;
  horizontalScaling?: number;
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

/**
 * A number in page content as pdfkit writes it (PDFObject.number): rounded to millionths, and refused
 * when it is not finite or beyond ±1e21, so a NaN coordinate fails as it does in pdfkit instead of
 * making a broken file.
 */
export function pdfNumber(n: number): number {
  if (n > -1e21 && n < 1e21) return Math.round(n * 1e6) / 1e6;
  throw new Error(`unsupported number: ${n}`);
}

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
      adjustments.push(String(pdfNumber(-(pos.xAdvance - pos.advanceWidth))));
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

/**
 * pdfkit's doc.widthOfString(text) with no spacing options, from the kept advances; the × 100 / 100 is
 * pdfkit's horizontal scaling, kept for the same floating-point result.
 */
function widthOf(d: Internals, text: string): number {
  return (advanceOf(d._font!, text) * (d._fontSize / 1000) * 100) / 100;
}

/** Whether a fragment's options are those the fragment writer takes over (as pdfkit reads them). */
function plainFragment(options: FragmentOptions): boolean {
  const align = options.align || 'left';
  return !(
    options.wordSpacing || options.characterSpacing || (options.horizontalScaling && options.horizontalScaling !== 100) ||
    options.baseline !== undefined || options.features || options.link != null || options.goTo != null || options.destination != null ||
    options.underline || options.strike || options.oblique || options.stroke || (options.width && align !== 'left' && align !== 'right' && align !== 'center')
  );
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
    if (!font?.subset || !font.layout || !plainFragment(options)) return pdfkitFragment.call(this, raw, x, y, options);
    const text = `${raw}`.replace(/\n/g, '');
    if (text.length === 0) return;
    const run = runOf(font, text);
    if (!run || run.ends.length === 0) return pdfkitFragment.call(this, raw, x, y, options);
    if (options.width) {
      if (align === 'right') x += options.lineWidth! - widthOf(this, text.replace(/\s+$/, ''));
      else if (align === 'center') x += options.lineWidth! / 2 - options.textWidth! / 2;
    }
    const dy = (font.ascender / 1000) * this._fontSize;
    const page = this.page;
    y = page.height - y - dy;
    if (page.fonts[font.id] == null) page.fonts[font.id] = font.ref();
    // save, flip, one text object, restore: what pdfkit writes (its transform matrix is restored with it)
    page.write(
      `q\n1 0 0 -1 0 ${pdfNumber(page.height)} cm\nBT\n1 0 0 1 ${pdfNumber(x)} ${pdfNumber(y)} Tm\n/${font.id} ${pdfNumber(this._fontSize)} Tf\n${showText(font, run, text)}\nET\nQ`,
    );
  };
}

/** Takes this module's writers off a document again: pdfkit's own code writes its text (tests compare the two). */
export function plainPdfkit(doc: Pdf): void {
  const d = doc as unknown as Partial<Internals>;
  delete d._fragment;
  delete d.text;
  delete d.heightOfString;
  delete d.widthOfString;
  delete (d as { _write?: unknown })._write; // the file's lines as pdfkit's stream gives them (pdf.ts collects them otherwise)
  // each font's ToUnicode map as pdfkit builds it (pdf.ts keeps them by glyphs otherwise)
  const internals = doc as unknown as Internals;
  const pdfkitMaps = (font: EmbeddedFont | undefined) => delete (font as { toUnicodeCmap?: unknown } | undefined)?.toUnicodeCmap;
  for (const font of Object.values(internals._fontFamilies)) pdfkitMaps(font);
  const font = internals.font;
  internals.font = function (this: Internals, name: string) {
    const out = font.call(this, name);
    pdfkitMaps(this._font);
    return out;
  };
  plain.add(doc);
}

const plain = new WeakSet<Pdf>();

/**
 * A line as pdfkit's wrapper emits it: its text (trailing space included) and what the fragment writer
 * reads of what the wrapper tells it (its word count matters only to justified text, never taken over).
 */
interface Line {
  text: string;
  textWidth: number;
  lineWidth: number;
}

const LINES_MAX = 20_000;
/** Wrapped lines per parsed font, by size, width and text. */
const wrapped = new WeakMap<object, Map<string, Line[]>>();

/** The options these writers take over: a width to wrap in, left, right or centred, a line gap; a bottom (height, ellipsis) for one line. */
interface BlockOptions {
  width: number;
  align?: 'left' | 'right' | 'center';
  lineGap?: number;
  /** pdfkit reads it only to default a missing width. */
  lineBreak?: boolean;
  height?: number;
  ellipsis?: unknown;
}

function simpleOptions(options: unknown): options is BlockOptions {
  if (!options || typeof options !== 'object') return false;
  let width = false;
  for (const [key, value] of Object.entries(options)) {
    if (key === 'width') width = typeof value === 'number' && value > 0;
    else if (key === 'align') {
      if (value !== undefined && value !== 'left' && value !== 'right' && value !== 'center') return false;
    } else if (key === 'lineGap' || key === 'height') {
      if (value !== undefined && typeof value !== 'number') return false;
    } else if (key !== 'lineBreak' && key !== 'ellipsis') return false;
  }
  return width;
}

/**
 * The lines pdfkit's wrapper breaks `text` into at this font, size and width, kept per font: they do not
 * depend on where the text is (only whether it still fits on the page, which the callers check).
 * The first time, pdfkit's own wrapper breaks it, with no bottom (as heightOfString does).
 */
function linesOf(d: Internals, text: string, width: number): Line[] {
  const font = d._font!;
  let byKey = wrapped.get(font.font);
  if (!byKey) wrapped.set(font.font, (byKey = new Map()));
  const key = `${d._fontSize}\u0000${width}\u0000${text}`;
  let lines = byKey.get(key);
  if (lines) return lines;
  lines = [];
  const out = lines;
  const { x, y } = d;
  const step = d.currentLineHeight(true);
  Object.getPrototypeOf(d)._text.call(d, text, x, y, { width, height: Infinity }, (line: string, o: LineOptions) => {
    out.push({ text: line, textWidth: o.textWidth, lineWidth: o.lineWidth });
    d.y += step;
  });
  d.x = x;
  d.y = y;
  if (byKey.size >= LINES_MAX) byKey.clear();
  byKey.set(key, lines);
  return lines;
}

/** Whether `lines` lines of `step` from y fit above the page's bottom with a line to spare (the wrapper would not turn the page). */
function fits(d: Internals, y: number, lines: number, step: number): boolean {
  return y >= 0 && y + (lines + 1) * step + 1 < d.page.maxY();
}

/**
 * Installs the wrapped-text writers: doc.text and doc.heightOfString of a plain block (a width, an
 * alignment, a line gap; nothing continued) take the lines pdfkit's wrapper broke the same text into
 * before and write them as its line callback would (a fragment a line, the line height between);
 * doc.widthOfString takes the kept advance. Anything else, and a block that might reach the page's
 * bottom, is pdfkit's own.
 */
export function fastWrapping(doc: Pdf): void {
  const d = doc as unknown as Internals;
  const proto = Object.getPrototypeOf(d) as Internals;
  const usable = (self: Internals, text: unknown, options: unknown): options is BlockOptions =>
    typeof text === 'string' && self._wrapper == null && self._textOptions == null && Boolean(self._font?.subset && self._font.layout) && simpleOptions(options);

  d.widthOfString = function (this: Internals, text: string, options: WidthOptions = {}) {
    const font = this._font;
    if (options.features || typeof text !== 'string' || !font?.subset || !font.layout) return proto.widthOfString.call(this, text, options);
    return ((advanceOf(font, text) * (this._fontSize / 1000) + (options.characterSpacing || 0) * (text.length - 1)) * (options.horizontalScaling || 100)) / 100;
  };

  d.heightOfString = function (this: Internals, text: string, options?: object) {
    if (!usable(this, text, options)) return proto.heightOfString.call(this, text, options);
    const lines = linesOf(this, text, options.width);
    const step = this.currentLineHeight(true) + (options.lineGap || this._lineGap || 0);
    const y = this.y;
    let bottom = y;
    for (let i = 0; i < lines.length; i++) bottom += step;
    return bottom - y;
  };

  d.text = function (this: Internals, text: string, x?: number | object, y?: number, options?: object) {
    let opts = options;
    let atX = x as number | undefined | null;
    if (x && typeof x === 'object') {
      opts = x;
      atX = null;
    }
    if (!usable(this, text, opts)) return proto.text.call(this, text, x, y, options);
    const x0 = atX ?? this.x;
    const y0 = y ?? this.y;
    const step = this.currentLineHeight(true) + (opts.lineGap || this._lineGap || 0);
    this.x = x0;
    this.y = y0;
    const lines = linesOf(this, text, opts.width);
    if (!fits(this, y0, lines.length, step)) return proto.text.call(this, text, x, y, options);
    // with a bottom of its own (a footer's), only a line that fits under it: more would be cut off there
    if ((opts.height !== undefined || opts.ellipsis !== undefined) && (lines.length > 1 || !(this.currentLineHeight(true) + 1 < (opts.height ?? Infinity)))) {
      return proto.text.call(this, text, x, y, options);
    }
    for (const line of lines) {
      this._fragment(line.text, x0, this.y, { align: opts.align, width: opts.width, lineWidth: line.lineWidth, textWidth: line.textWidth });
      this.y += step;
    }
    this.x = x0;
    return this;
  };
}

/** A fragment of a recorded block: its font, text, place (x, and y as a number of steps down) and what the wrapper told it. */
interface Shown {
  font: string;
  size: number;
  text: string;
  x: number;
  steps: number;
  options: FragmentOptions;
}

interface Recording {
  shown: Shown[];
  step: number;
  /** Where the block leaves the document: y steps down, x, font and size. */
  steps: number;
  x: number;
  font: string;
  size: number;
}

const RECORDINGS_MAX = 5_000;
const recordings = new Map<string, Recording | null>();

/** How many `step`s down from y0 `y` is, added one by one as pdfkit adds them; undefined when it is not a whole number of them. */
function stepsTo(y0: number, y: number, step: number): number | undefined {
  let at = y0;
  let n = 0;
  while (at < y && n < 10_000) {
    at += step;
    n++;
  }
  return at === y ? n : undefined;
}

/**
 * Writes what `draw` writes from doc.y, keeping its fragments under `key` (which must name everything
 * the drawing depends on but y0: the texts, fonts, sizes, x, widths) so that the next time the same
 * block is written where it fits it is replayed without pdfkit's wrapper: continued text (a bold label,
 * its value) and the like, whose lines move by one line height each. A drawing that turns the page,
 * leaves text continued or moves otherwise is never kept.
 */
export function drawBlock(doc: Pdf, key: string, lineHeight: number, draw: () => void): void {
  const d = doc as unknown as Internals;
  const y0 = d.y;
  const step = lineHeight + (d._lineGap || 0);
  const kept = plain.has(doc) ? null : recordings.get(key);
  // as every fast path: not while pdfkit carries text over from a continued call
  if (kept && kept.step === step && d._wrapper == null && d._textOptions == null && fits(d, y0, kept.steps, step)) {
    for (const s of kept.shown) {
      d.font(s.font);
      d.fontSize(s.size);
      let y = y0;
      for (let i = 0; i < s.steps; i++) y += step;
      d._fragment(s.text, s.x, y, { ...s.options });
    }
    let y = y0;
    for (let i = 0; i < kept.steps; i++) y += step;
    d.font(kept.font);
    d.fontSize(kept.size);
    d.x = kept.x;
    d.y = y;
    return;
  }
  if (kept === null || plain.has(doc) || !fits(d, y0, 8, step)) {
    draw();
    return;
  }
  const fragment = d._fragment;
  const page = d.page;
  const shown: Shown[] = [];
  let ok = true;
  const nameOf = (font: EmbeddedFont | undefined) => Object.keys(d._registeredFonts).find((n) => d._fontFamilies[n] === font);
  d._fragment = function (this: Internals, text: string, x: number, y: number, options: FragmentOptions) {
    const steps = stepsTo(y0, y, step);
    const font = nameOf(this._font);
    if (steps === undefined || font === undefined || !plainFragment(options)) ok = false;
    else shown.push({ font, size: this._fontSize, text, x, steps, options: { align: options.align, width: options.width, lineWidth: options.lineWidth, textWidth: options.textWidth } });
    return fragment.call(this, text, x, y, options);
  };
  try {
    draw();
  } finally {
    d._fragment = fragment;
  }
  const steps = stepsTo(y0, d.y, step);
  const font = nameOf(d._font);
  if (recordings.size >= RECORDINGS_MAX) recordings.clear();
  const keep = ok && d.page === page && steps !== undefined && font !== undefined && d._wrapper == null && d._textOptions == null;
  recordings.set(key, keep ? { shown, step, steps, x: d.x, font, size: d._fontSize } : null);
}

/** A run as pdfkit's layoutRun returns it: the glyphs and their positions scaled to 1000 units per em. */
interface LaidRun {
  glyphs: Glyph[];
  positions: Position[];
  advanceWidth: number;
}

/** What the plain-run writer takes of pdfkit's EmbeddedFont. */
interface RunFont {
  font: object;
  layoutRun: (text: string, features?: unknown) => LaidRun;
}

/** Characters of amounts, dates and numbers: the only ones a plain run may hold (if the font agrees, see plainGlyphs). */
const PLAIN_CANDIDATES = '0123456789 ,.:;-+%/()\u00a0\u202f\u2212\u20bd\u00d7=№';

/** Per parsed font, the candidates laid out as one glyph each, alone and beside any other, with no adjustment. */
const plainGlyphs = new WeakMap<object, Map<string, { glyph: Glyph; position: Position }>>();

function samePosition(a: Position, b: Position): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const k of keys) if ((a as unknown as Record<string, unknown>)[k] !== (b as unknown as Record<string, unknown>)[k]) return false;
  return true;
}

/**
 * The plain characters of a font, found by asking fontkit (through pdfkit's layoutRun) to lay out each
 * candidate alone and every pair of them: a character stays only if alone it is one glyph with no
 * offset and an advance equal to its width, and beside every other it is the same glyph at the same
 * advance (no kerning, no substitution). Checked once per font, a few hundred layouts.
 */
function plainGlyphsOf(font: RunFont, layoutRun: RunFont['layoutRun']): Map<string, { glyph: Glyph; position: Position }> {
  let plain = plainGlyphs.get(font.font);
  if (plain) return plain;
  plain = new Map();
  for (const ch of PLAIN_CANDIDATES) {
    const run = layoutRun.call(font, ch);
    const p = run.positions[0];
    if (run.glyphs.length !== 1 || !p || p.xOffset || p.yOffset || (p as unknown as { yAdvance?: number }).yAdvance || p.xAdvance !== p.advanceWidth) continue;
    plain.set(ch, { glyph: run.glyphs[0]!, position: p });
  }
  const chars = [...plain.keys()];
  const kept = new Set(chars);
  for (const a of chars) {
    for (const b of chars) {
      const run = layoutRun.call(font, a + b);
      const first = plain.get(a)!;
      const second = plain.get(b)!;
      const alike = run.glyphs.length === 2 && run.glyphs[0] === first.glyph && run.glyphs[1] === second.glyph &&
        samePosition(run.positions[0]!, first.position) && samePosition(run.positions[1]!, second.position);
      if (!alike) {
        kept.delete(a);
        kept.delete(b);
      }
    }
  }
  for (const ch of chars) if (!kept.has(ch)) plain.delete(ch);
  plainGlyphs.set(font.font, plain);
  return plain;
}

/**
 * Installs the plain-run writer on one of pdfkit's fonts of a document: a word of plain characters only
 * (an amount, a date, a number: new in every receipt) is laid out as their glyphs side by side with
 * their own advances, which is what fontkit's shaping gives for them (plainGlyphsOf checks the font;
 * a test compares with fontkit over the words of many receipts); fontkit shapes every other word.
 */
export function plainRuns(embedded: object): void {
  const font = embedded as RunFont;
  const layoutRun = Object.getPrototypeOf(font)?.layoutRun as RunFont['layoutRun'] | undefined;
  if (typeof layoutRun !== 'function' || !font.font) return;
  const plain = plainGlyphsOf(font, layoutRun);
  font.layoutRun = function (this: RunFont, text: string, features?: unknown): LaidRun {
    if (features !== undefined || text.length < 2 || text.length > 64) return layoutRun.call(this, text, features);
    const glyphs: Glyph[] = [];
    const positions: Position[] = [];
    for (const ch of text) {
      const g = plain.get(ch);
      if (!g) return layoutRun.call(this, text, features);
      glyphs.push(g.glyph);
      positions.push(g.position);
    }
    // fontkit's GlyphRun.advanceWidth: the positions' advances summed in order
    let advanceWidth = 0;
    for (const p of positions) advanceWidth += p.xAdvance;
    return { glyphs, positions, advanceWidth };
  };
}
