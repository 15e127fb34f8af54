// Reading PDFs back in document tests: text per page (pdfjs), metadata, and the payment QR code decoded from a rendered page.
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { createRequire } from 'node:module';
import type { QRCode } from 'jsqr';

// jsqr is CommonJS whose types claim an ES default export; require gives the function itself
const jsQR = createRequire(import.meta.url)('jsqr') as (
  data: Uint8ClampedArray,
  width: number,
  height: number,
) => QRCode | null;

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
  const doc = await pdfjs.getDocument({
    data: new Uint8Array(data),
    disableFontFace: true,
    isEvalSupported: false,
  }).promise;
  try {
    const pages: string[] = [];
    for (let i = 1; i <= doc.numPages; i++) {
      const page = await doc.getPage(i);
      const content = await page.getTextContent();
      pages.push(
        normalize(content.items.map((it) => ('str' in it ? it.str + (it.hasEOL ? ' ' : '') : '')).join(' ')),
      );
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

/** pdfjs's canvas factory (PDFDocumentProxy.canvasFactory; typed only as an object): in Node, canvases of @napi-rs/canvas. */
interface CanvasFactory {
  create: (width: number, height: number) => { canvas: HTMLCanvasElement; context: CanvasRenderingContext2D };
}

/**
 * Rendering resolution: 200 dpi. At 150 dpi a receipt's QR module (about 2 pt) is some 4.6 pixels, and
 * pdfjs's anti-aliased edges at that fraction left jsQR unable to read half of twelve receipts; at 120,
 * 200 and 300 dpi it read them all.
 */
const SCALE = 200 / 72;

/**
 * Renders a page (or only `area` of it) with pdfjs in Node at 200 dpi, on the canvas its own factory gives
 * (@napi-rs/canvas, its optional dependency: nothing outside npm), and decodes the QR code on it with jsQR.
 */
export async function decodeQrOnPage(pdf: Buffer, pageNumber = 1, area?: PageArea): Promise<string | null> {
  const doc = await pdfjs.getDocument({
    data: new Uint8Array(pdf),
    disableFontFace: true,
    isEvalSupported: false,
  }).promise;
  try {
    const page = await doc.getPage(pageNumber);
    const whole = page.getViewport({ scale: SCALE });
    const box = area ?? { x: 0, y: 0, width: whole.width / SCALE, height: whole.height / SCALE };
    // the viewport moved so that the area's top left corner is the canvas's origin
    const viewport = page.getViewport({ scale: SCALE, offsetX: -box.x * SCALE, offsetY: -box.y * SCALE });
    const width = Math.round(box.width * SCALE);
    const height = Math.round(box.height * SCALE);
    const { canvas, context } = (doc.canvasFactory as CanvasFactory).create(width, height);
    await page.render({ canvas, canvasContext: context, viewport }).promise;
    const pixels = context.getImageData(0, 0, width, height);
    return jsQR(pixels.data, width, height)?.data ?? null;
  } finally {
    await doc.destroy();
  }
}
