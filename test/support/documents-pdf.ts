// Reading PDFs back in document tests: text per page (pdfjs), metadata, and the payment QR code decoded from a rendered page.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { PNG } from 'pngjs';
import { createRequire } from 'node:module';
import type { QRCode } from 'jsqr';

// jsqr is CommonJS whose types claim an ES default export; require gives the function itself
const jsQR = createRequire(import.meta.url)('jsqr') as (data: Uint8ClampedArray, width: number, height: number) => QRCode | null;

export interface ReadPdf {
  pages: string[];
  text: string;
  info: Record<string, unknown>;
}

/** Spaces of any kind (the formatter's NBSP in "1 348,88") become one plain space. */
export function normalize(s: string): string {
  return s.replace(/[\s\u00a0\u202f]+/g, ' ').trim();
}

export async function readPdf(data: Buffer | Uint8Array): Promise<ReadPdf> {
  const doc = await pdfjs.getDocument({ data: new Uint8Array(data), disableFontFace: true, isEvalSupported: false }).promise;
  try {
    const pages: string[] = [];
    for (let i = 1; i <= doc.numPages; i++) {
      const page = await doc.getPage(i);
      const content = await page.getTextContent();
      pages.push(normalize(content.items.map((it) => ('str' in it ? it.str + (it.hasEOL ? ' ' : '') : '')).join(' ')));
    }
    const meta = await doc.getMetadata();
    return { pages, text: pages.join(' '), info: meta.info as Record<string, unknown> };
  } finally {
    await doc.destroy();
  }
}

/** A part of a page in points from its top left corner. */
export interface PageArea {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The top right corner of an A4 receipt, where its payment QR code is printed (jsQR reads a corner far faster than a page). */
export const RECEIPT_QR_CORNER: PageArea = { x: 380, y: 0, width: 215, height: 260 };

/** Renders a page (or only `area` of it) with poppler's pdftoppm at 150 dpi and decodes the QR code on it with jsQR. */
export function decodeQrOnPage(pdf: Buffer, page = 1, area?: PageArea): string | null {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'doc-qr-'));
  try {
    const file = path.join(dir, 'doc.pdf');
    fs.writeFileSync(file, pdf);
    const px = (pt: number) => String(Math.round((pt * 150) / 72));
    const crop = area ? ['-x', px(area.x), '-y', px(area.y), '-W', px(area.width), '-H', px(area.height)] : [];
    execFileSync('pdftoppm', ['-r', '150', '-png', ...crop, '-f', String(page), '-l', String(page), '-singlefile', file, path.join(dir, 'page')]);
    const png = PNG.sync.read(fs.readFileSync(path.join(dir, 'page.png')));
    const found = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height);
    return found?.data ?? null;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
