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
    parsed = Object.fromEntries(Object.entries(data).map(([name, buf]) => [name, warm(fontkit.create(buf))])) as Record<FontName, ParsedFont>;
  }
  return parsed;
}
