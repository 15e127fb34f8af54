// The embedded Cyrillic fonts of every PDF: DejaVu from the npm package (never a system font), read once per process.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export const FONT_FILES = {
  regular: 'DejaVuSans.ttf',
  bold: 'DejaVuSans-Bold.ttf',
  condensed: 'DejaVuSansCondensed.ttf',
  condensedBold: 'DejaVuSansCondensed-Bold.ttf',
} as const;

export type FontName = keyof typeof FONT_FILES;

/** The package's ttf folder, resolved through node's resolver so it works from src/ (tsx) and dist/ alike. */
export function fontDir(): string {
  return path.dirname(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'));
}

let cache: Record<FontName, Buffer> | undefined;

/** The font files' bytes; cached so a receipt does not read 3 MB of fonts from disk each time. */
export function fontData(): Record<FontName, Buffer> {
  if (!cache) {
    const dir = fontDir();
    cache = Object.fromEntries(Object.entries(FONT_FILES).map(([name, file]) => [name, fs.readFileSync(path.join(dir, file))])) as Record<FontName, Buffer>;
  }
  return cache;
}

/** The part of a fontkit font that pdfkit needs to take it as a font source instead of bytes. */
export interface ParsedFont {
  layout: (...args: unknown[]) => unknown;
  postscriptName: string;
  characterSet: number[];
  glyphForCodePoint: (codePoint: number) => unknown;
  createSubset: () => unknown;
}

/** What fontkit's TrueType subset and glyphs offer beyond its types (fontkit 2: TTFSubset, TTFGlyph). */
interface TtfSubset {
  glyphs: number[];
  encode: () => Uint8Array;
  glyf: Uint8Array[];
  loca: { offsets: number[] };
  hmtx: { metrics: { advance: number; bearing: number }[] };
  offset: number;
  includeGlyph: (gid: number) => number;
  _addGlyph?: (gid: number) => number;
}
interface TtfFont {
  _variationProcessor?: unknown;
  loca: { offsets: number[]; version: number };
  directory: { tables: Record<string, { offset: number; length: number } | undefined> };
  _getTableStream: (tag: string) => { pos: number; readBuffer: (n: number) => Uint8Array };
  getGlyph: (gid: number) => {
    advanceWidth: number;
    _decode: () => { numberOfContours: number; components?: { glyphID: number; pos: number }[] } | null;
    _getMetrics: () => { leftBearing: number };
  };
}

/** A glyph as a subset copies it: its glyf bytes, the parts of a composite glyph, its metrics. */
interface SubsetGlyph {
  bytes: Uint8Array;
  components: { glyphID: number; pos: number }[] | null;
  advance: number;
  bearing: number;
}

/** The tables of a TrueType subset, in the order fontkit writes them (TTFSubset.encode). */
const SUBSET_TABLES = ['head', 'hhea', 'loca', 'maxp', 'cvt ', 'prep', 'glyf', 'hmtx', 'fpgm'] as const;

/**
 * Writes a subset's font file as fontkit does (its table directory with zero checksums, the tables
 * in SUBSET_TABLES order without padding), copying the tables a subset keeps as they are from the
 * font's own bytes instead of decoding and re-encoding them value by value for every document.
 * Undefined when the font lacks a table this writer copies (fontkit then writes the subset).
 */
function subsetWriter(font: TtfFont): ((subset: TtfSubset) => Uint8Array) | undefined {
  const raw = (tag: string): Uint8Array | undefined => {
    const entry = font.directory.tables[tag];
    if (!entry) return undefined;
    const stream = font._getTableStream(tag);
    return stream.readBuffer(entry.length);
  };
  const head = raw('head');
  const hhea = raw('hhea');
  const maxp = raw('maxp');
  const constant = { 'cvt ': raw('cvt '), prep: raw('prep'), fpgm: raw('fpgm') };
  if (!head || !hhea || !maxp || head.length < 54 || hhea.length < 36 || maxp.length < 6) return undefined;
  return (subset) => {
    // what TTFSubset.encode does first: copy every glyph (a composite one adds its parts as it goes)
    subset.glyf = [];
    subset.offset = 0;
    subset.loca = { offsets: [], version: font.loca.version } as TtfSubset['loca'];
    subset.hmtx = { metrics: [], bearings: [] } as TtfSubset['hmtx'];
    for (let i = 0; i < subset.glyphs.length; i++) subset._addGlyph!(subset.glyphs[i]!);
    subset.loca.offsets.push(subset.offset);
    const n = subset.glyf.length;
    const h = Buffer.from(head);
    h.writeInt16BE(font.loca.version, 50); // indexToLocFormat
    const hh = Buffer.from(hhea);
    hh.writeUInt16BE(subset.hmtx.metrics.length, 34); // numberOfMetrics
    const mp = Buffer.from(maxp);
    mp.writeUInt16BE(n, 4); // numGlyphs
    const short = font.loca.version === 0;
    const offsets = subset.loca.offsets;
    const loca = Buffer.alloc(offsets.length * (short ? 2 : 4));
    offsets.forEach((o, i) => (short ? loca.writeUInt16BE(o >>> 1, i * 2) : loca.writeUInt32BE(o, i * 4)));
    const hmtx = Buffer.alloc(subset.hmtx.metrics.length * 4);
    subset.hmtx.metrics.forEach((m, i) => {
      hmtx.writeUInt16BE(m.advance, i * 4);
      hmtx.writeInt16BE(m.bearing, i * 4 + 2);
    });
    const glyf = Buffer.concat(subset.glyf);
    const parts: Record<(typeof SUBSET_TABLES)[number], Uint8Array | undefined> = {
      head: h, hhea: hh, loca, maxp: mp, 'cvt ': constant['cvt '], prep: constant.prep, glyf, hmtx, fpgm: constant.fpgm,
    };
    const tables = SUBSET_TABLES.filter((t) => parts[t]);
    const dirSize = 12 + 16 * tables.length;
    const size = tables.reduce((sum, t) => sum + parts[t]!.length, dirSize);
    const out = Buffer.alloc(size);
    const pow2 = 2 ** Math.floor(Math.log2(tables.length));
    out.write('true', 0, 'latin1');
    out.writeUInt16BE(tables.length, 4);
    out.writeUInt16BE(pow2 * 16, 6); // searchRange
    out.writeUInt16BE(Math.log2(pow2), 8); // entrySelector
    out.writeUInt16BE(tables.length * 16 - pow2 * 16, 10); // rangeShift
    let offset = dirSize;
    tables.forEach((tag, i) => {
      const data = parts[tag]!;
      const at = 12 + 16 * i;
      out.write(tag, at, 'latin1');
      out.writeUInt32BE(0, at + 4); // fontkit leaves checksums at zero
      out.writeUInt32BE(offset, at + 8);
      out.writeUInt32BE(data.length, at + 12);
      out.set(data, offset);
      offset += data.length;
    });
    return out;
  };
}

/** Past this many subsets of a font kept whole, the font's start afresh. */
const WRITTEN_MAX = 256;

/**
 * Each document embeds its own subset, and fontkit's subset decodes every outline it copies, only to
 * learn whether the glyph is built from others. The same glyphs recur in every receipt, so what the
 * subset needs of a glyph is read once per process; the bytes written are the same as fontkit's.
 */
function cacheSubsetGlyphs(font: ParsedFont): ParsedFont {
  const ttf = font as unknown as ParsedFont & TtfFont;
  if (ttf._variationProcessor) return font; // variation glyphs are re-encoded per instance: leave them to fontkit
  const glyphs = new Map<number, SubsetGlyph>();
  const read = (gid: number): SubsetGlyph => {
    let g = glyphs.get(gid);
    if (!g) {
      const glyph = ttf.getGlyph(gid);
      const glyf = glyph._decode();
      const start = ttf.loca.offsets[gid]!;
      const stream = ttf._getTableStream('glyf');
      stream.pos += start;
      const bytes = stream.readBuffer(ttf.loca.offsets[gid + 1]! - start);
      const composite = glyf !== null && glyf.numberOfContours < 0;
      g = { bytes, components: composite ? glyf.components ?? [] : null, advance: glyph.advanceWidth, bearing: glyph._getMetrics().leftBearing };
      glyphs.set(gid, g);
    }
    return g;
  };
  const writer = subsetWriter(ttf);
  let checked = false;
  // subsets already written, by their glyph ids in order: a batch's receipts use their table fonts alike
  const written = new Map<string, Uint8Array>();
  const fontkitSubset = font.createSubset; // fontkit's own method, put back should the writer ever differ
  const create = () => fontkitSubset.call(font);
  font.createSubset = () => {
    const subset = create() as TtfSubset;
    if (typeof subset._addGlyph !== 'function') return subset; // not a TrueType subset
    if (writer) {
      const encode = subset.encode.bind(subset);
      subset.encode = () => {
        if (checked) {
          // the same bytes for the same glyphs; the array is shared, and pdfkit copies it before deflating
          const key = subset.glyphs.join(',');
          let bytes = written.get(key);
          if (!bytes) {
            bytes = writer(subset);
            if (written.size >= WRITTEN_MAX) written.clear();
            written.set(key, bytes);
          }
          return bytes;
        }
        const fast = writer(subset);
        // the first subset of the process is also written by fontkit: the same bytes, or fontkit from then on
        const slow = encode();
        checked = Buffer.compare(Buffer.from(fast), Buffer.from(slow)) === 0;
        if (!checked) font.createSubset = fontkitSubset;
        return slow;
      };
    }
    subset._addGlyph = function (this: TtfSubset, gid: number): number {
      const g = read(gid);
      let bytes = g.bytes;
      if (g.components) {
        // the parts are renumbered in this subset, in a copy of the bytes
        bytes = new Uint8Array(g.bytes);
        const view = new DataView(bytes.buffer);
        for (const c of g.components) view.setUint16(c.pos, this.includeGlyph(c.glyphID));
      }
      this.glyf.push(bytes);
      this.loca.offsets.push(this.offset);
      this.hmtx.metrics.push({ advance: g.advance, bearing: g.bearing });
      this.offset += bytes.length;
      return this.glyf.length - 1;
    };
    return subset;
  };
  return font;
}

// fontkit is pdfkit's own font parser; loaded from pdfkit's location so it is the very copy pdfkit uses.
const pdfkitRequire = createRequire(require.resolve('pdfkit'));

let parsed: Record<FontName, ParsedFont> | undefined;

/**
 * fontkit caches a glyph object with the code points it was first asked for. Subsetting asks for
 * the parts of composite glyphs by id alone (Cyrillic "А" is built from Latin "A"), and a glyph
 * first met that way would stay without its character in every later document: its text could
 * not be copied or searched. Asking for every character once, before any document, fixes that.
 */
function warm(font: ParsedFont): ParsedFont {
  for (const cp of font.characterSet) font.glyphForCodePoint(cp);
  return font;
}

/**
 * The fonts parsed once per process. pdfkit accepts a parsed font as a source; sharing it spares
 * every document parsing four TrueType files and their layout tables again (most of a receipt's
 * cost). Each document still embeds its own subset: the parsed font only caches glyphs and layout.
 */
export function parsedFonts(): Record<FontName, ParsedFont> {
  if (!parsed) {
    const fontkit = pdfkitRequire('fontkit') as { create: (data: Uint8Array) => ParsedFont };
    const data = fontData();
    parsed = Object.fromEntries(Object.entries(data).map(([name, buf]) => [name, cacheSubsetGlyphs(warm(fontkit.create(buf)))])) as Record<FontName, ParsedFont>;
  }
  return parsed;
}
