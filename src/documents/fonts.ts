// The embedded Cyrillic fonts of every PDF: DejaVu from the npm package (never a system font), parsed once per process.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';

const require = createRequire(import.meta.url);

export const FONT_FILES = {
  regular: 'DejaVuSans.ttf',
  bold: 'DejaVuSans-Bold.ttf',
  condensed: 'DejaVuSansCondensed.ttf',
  condensedBold: 'DejaVuSansCondensed-Bold.ttf',
} as const;

export type FontName = keyof typeof FONT_FILES;

/** The package's ttf folder, resolved through node's resolver so it works from src/ (tsx) and dist/ alike. */
function fontDir(): string {
  return path.dirname(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'));
}

/**
 * fontkit caches a glyph object with the code points it was first asked for. Subsetting asks for
 * the parts of composite glyphs by id alone (Cyrillic "А" is built from Latin "A"), and a glyph
 * first met that way would stay without its character in every later document: its text could
 * not be copied or searched. Asking for every character once, before any document, fixes that.
 */
function warm(font: fontkit.Font): fontkit.Font {
  for (const cp of font.characterSet) font.glyphForCodePoint(cp);
  return font;
}

let parsed: Record<FontName, fontkit.Font> | undefined;

/**
 * The fonts parsed once per process, which pdfkit's registerFont takes as they are (since 0.20): parsing
 * four TrueType files and their layout tables for every document took most of a receipt's time (8
 * receipts per CPU-second instead of over 100). They hold glyphs and metrics only, never a document's text.
 */
export function parsedFonts(): Record<FontName, fontkit.Font> {
  parsed ??= Object.fromEntries(
    Object.entries(FONT_FILES).map(([name, file]) => [
      name,
      warm(fontkit.create(fs.readFileSync(path.join(fontDir(), file))) as fontkit.Font),
    ]),
  ) as Record<FontName, fontkit.Font>;
  return parsed;
}
