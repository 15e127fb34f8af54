import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { fontData, parsedFonts, type FontName } from '../../src/documents/fonts.js';

// fontkit as pdfkit loads it, to subset the same fonts without the process-wide caches
const fontkit = createRequire(createRequire(import.meta.url).resolve('pdfkit'))('fontkit') as {
  create: (data: Uint8Array) => { glyphForCodePoint: (cp: number) => { id: number }; createSubset: () => Subset };
};
interface Subset {
  includeGlyph: (gid: number) => number;
  encode: () => Uint8Array;
}

const TEXTS = [
  'Единый платёжный документ за октябрь 2026',
  'ИТОГО К ОПЛАТЕ: 42 429,35 ₽ № «Ромашка» — ЁЙ ÀÉ Ü',
  String.fromCodePoint(...Array.from({ length: 400 }, (_, i) => 0x20 + i)),
];

describe('embedded font subsets', () => {
  it('are written byte for byte as fontkit writes them, however often a font is subset', () => {
    const fonts = parsedFonts();
    const data = fontData();
    for (const name of Object.keys(fonts) as FontName[]) {
      const plain = fontkit.create(data[name]);
      for (let round = 0; round < 2; round++) {
        for (const text of TEXTS) {
          const ours = fonts[name].createSubset() as Subset;
          const theirs = plain.createSubset();
          for (const ch of text) {
            const gid = plain.glyphForCodePoint(ch.codePointAt(0)!).id;
            ours.includeGlyph(gid);
            theirs.includeGlyph(gid);
          }
          expect(Buffer.from(ours.encode()).equals(Buffer.from(theirs.encode())), `${name}: ${text.slice(0, 20)}`).toBe(true);
        }
      }
      // the process's own writer stayed in use: its first subset matched fontkit's, so it did not fall back
      expect(fonts[name].createSubset, name).not.toBe((Object.getPrototypeOf(fonts[name]) as { createSubset: unknown }).createSubset);
    }
  });
});
