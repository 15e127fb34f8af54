// Small files of each kind a request accepts, and disguised ones, built in memory for the tests.
import zlib from 'node:zlib';

/** A ZIP of stored (uncompressed) entries: enough for file-type to read the parts inside. */
export function zip(entries: [string, string][]): Buffer {
  const parts: Buffer[] = [];
  for (const [name, content] of entries) {
    const data = Buffer.from(content);
    const n = Buffer.from(name);
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0);
    h.writeUInt16LE(20, 4);
    h.writeUInt32LE(zlib.crc32(data), 14);
    h.writeUInt32LE(data.length, 18);
    h.writeUInt32LE(data.length, 22);
    h.writeUInt16LE(n.length, 26);
    parts.push(h, n, data);
  }
  return Buffer.concat(parts);
}

const types = (main: string) =>
  `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/x" ContentType="${main}"/></Types>`;

export const FILES = {
  pdf: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'),
  png: Buffer.from([
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0,
    1, 8, 2, 0, 0, 0, 0, 0, 0, 0,
  ]),
  jpg: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]),
  docx: zip([
    [
      '[Content_Types].xml',
      types('application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml'),
    ],
    ['word/document.xml', '<w/>'],
  ]),
  xlsx: zip([
    [
      '[Content_Types].xml',
      types('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml'),
    ],
    ['xl/workbook.xml', '<w/>'],
  ]),
  /** A Windows program: what a "счёт.pdf" from a phishing mail may really be. */
  exe: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200)]),
  text: Buffer.from('just some text, not a document\n'),
  plainZip: zip([['a.txt', 'hello']]),
};
