// The payment QR code of ГОСТ Р 56042-2014: the "ST00012|Name=…|…" string and its modules, as printed on receipts.
import { createRequire } from 'node:module';
import QRCode from 'qrcode';

// qrcode's own tables (block counts, codeword counts) and generator polynomials: the symbol is built from the library's figures
const qrRequire = createRequire(createRequire(import.meta.url).resolve('qrcode'));
const ECCode = qrRequire('./core/error-correction-code.js') as {
  getBlocksCount: (version: number, level: object) => number;
  getTotalCodewordsCount: (version: number, level: object) => number;
};
const Utils = qrRequire('./core/utils.js') as { getSymbolTotalCodewords: (version: number) => number };
const Polynomial = qrRequire('./core/polynomial.js') as { generateECPolynomial: (degree: number) => Uint8Array };
const LEVEL_M = (qrRequire('./core/error-correction-level.js') as { M: object }).M;

export interface PaymentQrFields {
  /** Получатель: the payee's name. */
  name: string;
  /** The payee's settlement account (20 digits). */
  personalAcc: string;
  bankName: string;
  bic: string;
  correspAcc: string;
  payeeInn?: string | null;
  kpp?: string | null;
  /** Amount in kopecks; left out when nothing is due, so the payer enters it. */
  sumKop?: number | null;
  purpose?: string | null;
  /** The payer's personal account number at the payee (лицевой счёт). */
  persAcc?: string | null;
  /** The billed period as 'YYYY-MM' or 'YYYY-MM-01'; printed as MMYYYY. */
  period?: string | null;
  lastName?: string | null;
  payerAddress?: string | null;
  /** 02: electricity and other housing and utility services (ЖКУ). */
  techCode?: string | null;
}

const SEPARATOR = '|';

/** A value made safe for the string: the separator and line breaks become spaces, runs of spaces one. */
export function qrValue(value: string): string {
  return value.replace(/[|\r\n\t]+/g, ' ').replace(/\s+/g, ' ').trim();
}

export class PaymentQrError extends Error {}

/** '2026-10-01' or '2026-10' → '102026'. */
export function paymPeriod(period: string): string {
  const m = /^(\d{4})-(\d{2})/.exec(period);
  if (!m) throw new PaymentQrError(`not a period: ${period}`);
  return `${m[2]}${m[1]}`;
}

/**
 * The ГОСТ Р 56042-2014 string: "ST0001" (format, version 0001) + "2" (UTF-8), then the five
 * required fields in their order, then the optional ones that have a value.
 */
export function paymentQrString(f: PaymentQrFields): string {
  const required: [string, string][] = [
    ['Name', f.name],
    ['PersonalAcc', f.personalAcc],
    ['BankName', f.bankName],
    ['BIC', f.bic],
    ['CorrespAcc', f.correspAcc],
  ];
  const parts = ['ST00012'];
  for (const [key, raw] of required) {
    const v = qrValue(raw ?? '');
    if (!v) throw new PaymentQrError(`the payment QR code needs ${key}`);
    parts.push(`${key}=${v}`);
  }
  const optional: [string, string | null | undefined][] = [
    ['PayeeINN', f.payeeInn],
    ['KPP', f.kpp],
    ['Sum', f.sumKop !== undefined && f.sumKop !== null && f.sumKop > 0 ? String(f.sumKop) : null],
    ['Purpose', f.purpose],
    ['persAcc', f.persAcc],
    ['paymPeriod', f.period ? paymPeriod(f.period) : null],
    ['lastName', f.lastName],
    ['payerAddress', f.payerAddress],
    ['TechCode', f.techCode ?? '02'],
  ];
  if (f.sumKop !== undefined && f.sumKop !== null && !Number.isSafeInteger(f.sumKop)) throw new PaymentQrError(`Sum is not kopecks: ${f.sumKop}`);
  for (const [key, raw] of optional) {
    if (raw === null || raw === undefined) continue;
    const v = qrValue(raw);
    if (v) parts.push(`${key}=${v}`);
  }
  return parts.join(SEPARATOR);
}

/** Parses the string back into its fields (tests, and a check that nothing leaked a separator). */
export function parsePaymentQrString(s: string): Record<string, string> {
  const [head, ...rest] = s.split(SEPARATOR);
  if (head !== 'ST00012') throw new PaymentQrError(`not a ГОСТ Р 56042-2014 UTF-8 string: ${head}`);
  const out: Record<string, string> = {};
  for (const p of rest) {
    const i = p.indexOf('=');
    if (i <= 0) throw new PaymentQrError(`malformed field: ${p}`);
    out[p.slice(0, i)] = p.slice(i + 1);
  }
  return out;
}

/** The eight data masks of ISO/IEC 18004 (table 10), by row i and column j. */
const MASKS: ((i: number, j: number) => boolean)[] = [
  (i, j) => (i + j) % 2 === 0,
  (i) => i % 2 === 0,
  (_i, j) => j % 3 === 0,
  (i, j) => (i + j) % 3 === 0,
  (i, j) => (Math.floor(i / 2) + Math.floor(j / 3)) % 2 === 0,
  (i, j) => ((i * j) % 2) + ((i * j) % 3) === 0,
  (i, j) => (((i * j) % 2) + ((i * j) % 3)) % 2 === 0,
  (i, j) => (((i * j) % 3) + ((i + j) % 2)) % 2 === 0,
];

/** The 15-bit format information of error correction level M (bits 00) and `mask`: BCH (15, 5), then XOR 101010000010010. */
function formatBits(mask: number): number {
  const data = mask; // level M is 00
  let d = data << 10;
  for (let bit = 14; bit >= 10; bit--) if (d & (1 << bit)) d ^= 0x537 << (bit - 10);
  return ((data << 10) | d) ^ 0x5412;
}

const popcount = (x: number): number => {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
};

/**
 * A symbol as 32-bit words, so each step scores 32 lines at once: `rows[g * size + i]` holds row i's
 * modules of columns 32g…32g+31 (bit k: column 32g+k), `cols[g * size + j]` column j's modules of rows 32g…
 */
interface Words {
  rows: Int32Array;
  cols: Int32Array;
}

function packWords(m: Uint8Array, size: number, out: Words): Words {
  out.rows.fill(0);
  out.cols.fill(0);
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      if (!m[i * size + j]) continue;
      out.rows[(j >>> 5) * size + i]! |= 1 << (j & 31);
      out.cols[(i >>> 5) * size + j]! |= 1 << (i & 31);
    }
  }
  return out;
}

/** Per symbol size: what each mask changes (its flipped modules and its format bits), as bytes and as words. */
interface SizeLayout {
  /** Modules each mask flips: none of the reserved ones. */
  flips: Uint8Array[];
  /** Pairs of (module index, format bit number). */
  format: Int32Array;
  /** What turns the words of the symbol with mask 0 into those with mask p (flips and format bits both). */
  fromMask0: Words[];
  /** Per word group, the bits of lanes that are in the symbol. */
  lanes: Int32Array;
}
const layouts = new Map<number, SizeLayout>();

function layoutOf(size: number, reserved: Uint8Array): SizeLayout {
  let l = layouts.get(size);
  if (!l) {
    const flips = MASKS.map((at) => {
      const m = new Uint8Array(size * size);
      for (let i = 0; i < size; i++) for (let j = 0; j < size; j++) if (!reserved[i * size + j] && at(i, j)) m[i * size + j] = 1;
      return m;
    });
    // the placement of qrcode's setupFormatInfo: vertical beside the left finders, horizontal under the top ones
    const format: number[] = [];
    for (let b = 0; b < 15; b++) {
      const row = b < 6 ? b : b < 8 ? b + 1 : size - 15 + b;
      format.push(row * size + 8, b);
      const col = b < 8 ? size - b - 1 : b < 9 ? 15 - b : 14 - b;
      format.push(8 * size + col, b);
    }
    const groups = Math.ceil(size / 32);
    const fromMask0 = flips.map((flip, p) => {
      const delta = new Uint8Array(size * size);
      const change = formatBits(p) ^ formatBits(0);
      for (let i = 0; i < delta.length; i++) delta[i] = flip[i]! ^ flips[0]![i]!;
      for (let k = 0; k < format.length; k += 2) delta[format[k]!] = (change >> format[k + 1]!) & 1;
      return packWords(delta, size, { rows: new Int32Array(groups * size), cols: new Int32Array(groups * size) });
    });
    const lanes = Int32Array.from({ length: groups }, (_, g) => (size - 32 * g >= 32 ? -1 : (1 << (size - 32 * g)) - 1));
    l = { flips, format: Int32Array.from(format), fromMask0, lanes };
    layouts.set(size, l);
  }
  return l;
}

/**
 * Penalties N1 (runs of five or more: 3 + the excess) and N3 (1:1:3:1:1 beside four light modules,
 * 40 each) of the 32 lines held by `n` words from `at`, one word a step along the lines.
 */
function linesPenalty(w: Int32Array, at: number, n: number, lanes: number): number {
  let runs = 0;
  let starts = 0;
  let finders = 0;
  // x1…x10: the modules 1…10 steps back; e1…e3: whether each of the last steps kept the colour
  let x1 = 0, x2 = 0, x3 = 0, x4 = 0, x5 = 0, x6 = 0, x7 = 0, x8 = 0, x9 = 0, x10 = 0;
  let e1 = 0, e2 = 0, e3 = 0;
  let five1 = 0;
  for (let j = 0; j < n; j++) {
    const x0 = w[at + j]!;
    const e0 = j > 0 ? ~(x0 ^ x1) & lanes : 0;
    // five modules of one colour end here; a run of L ≥ 5 has L − 4 of them and costs L − 2
    const five = e0 & e1 & e2 & e3;
    runs += popcount(five);
    starts += popcount(five & ~five1);
    if (j >= 10) {
      const a = x10 & ~x9 & x8 & x7 & x6 & ~x5 & x4 & ~x3 & ~x2 & ~x1 & ~x0; // 1011101 0000
      const b = ~x10 & ~x9 & ~x8 & ~x7 & x6 & ~x5 & x4 & x3 & x2 & ~x1 & x0; // 0000 1011101
      finders += popcount((a | b) & lanes);
    }
    x10 = x9; x9 = x8; x8 = x7; x7 = x6; x6 = x5; x5 = x4; x4 = x3; x3 = x2; x2 = x1; x1 = x0;
    e3 = e2; e2 = e1; e1 = e0;
    five1 = five;
  }
  return runs + 2 * starts + 40 * finders;
}

/**
 * ISO/IEC 18004 penalty of a masked symbol as qrcode's getPenaltyN1..N4 compute it (the same rules,
 * the same quirks: N3 only counts whole 11-module windows, N4 rounds as it does), 32 lines a step.
 */
function maskPenalty(w: Words, size: number, lanes: Int32Array): number {
  const groups = lanes.length;
  let points = 0;
  let blocks = 0;
  let dark = 0;
  for (let g = 0; g < groups; g++) {
    const lane = lanes[g]!;
    points += linesPenalty(w.cols, g * size, size, lane); // along the rows 32g…
    points += linesPenalty(w.rows, g * size, size, lane); // down the columns 32g…
    // N2: 2 × 2 blocks of one colour, by their top-left module; the last column has none
    const pairLanes = g === groups - 1 ? lane >>> 1 : -1;
    for (let i = 0; i < size; i++) {
      const a = w.rows[g * size + i]!;
      dark += popcount(a);
      if (i === size - 1) continue;
      const b = w.rows[g * size + i + 1]!;
      const nextA = g + 1 < groups ? w.rows[(g + 1) * size + i]! << 31 : 0;
      const nextB = g + 1 < groups ? w.rows[(g + 1) * size + i + 1]! << 31 : 0;
      const a1 = (a >>> 1) | nextA;
      const b1 = (b >>> 1) | nextB;
      blocks += popcount(~(a ^ a1) & ~(b ^ b1) & ~(a ^ b) & pairLanes);
    }
  }
  const n4 = Math.abs(Math.ceil((dark * 100) / (size * size) / 5) - 10);
  return points + blocks * 3 + n4 * 10;
}

/** The modules of a QR code: `size` × `size`, row by row, true for a dark module; no quiet zone. */
export interface QrMatrix {
  size: number;
  dark: (row: number, col: number) => boolean;
  /** The same modules, row by row: 1 dark, 0 light. */
  modules: Uint8Array;
}

// ---- the symbol with mask 0, as qrcode.create builds it --------------------------------------

/** GF(256) of QR codes (x⁸ + x⁴ + x³ + x² + 1), as qrcode's galois-field tables. */
const GF_EXP = new Uint8Array(512);
const GF_LOG = new Uint8Array(256);
{
  let x = 1;
  for (let i = 0; i < 255; i++) {
    GF_EXP[i] = x;
    GF_LOG[x] = i;
    x <<= 1;
    if (x & 0x100) x ^= 0x11d;
  }
  for (let i = 255; i < 512; i++) GF_EXP[i] = GF_EXP[i - 255]!;
}

/** What a version's symbol needs besides its data: qrcode's function patterns and the order data bits take. */
interface VersionLayout {
  size: number;
  /** qrcode's modules of a symbol of this version with mask 0, data modules cleared. */
  base: Uint8Array;
  reserved: Uint8Array;
  /** The data modules in qrcode's placement order (setupData's zigzag), and mask 0 over each. */
  order: Int32Array;
  mask0: Uint8Array;
  dataCodewords: number;
  blocks: number;
  ecCount: number;
  /** The generator polynomial's coefficients after the leading 1, as logarithms (−1 for a zero). */
  generator: Int16Array;
}
const versions = new Map<number, VersionLayout>();

function versionLayout(version: number): VersionLayout {
  let v = versions.get(version);
  if (!v) {
    // qrcode's own symbol of this version: its finder, timing, alignment, version and format modules
    const sample = QRCode.create([{ data: Buffer.alloc(1), mode: 'byte' }], { errorCorrectionLevel: 'M', maskPattern: 0, version });
    const { size, data, reservedBit } = sample.modules;
    const reserved = Uint8Array.from(reservedBit, (b) => (b ? 1 : 0));
    const base = Uint8Array.from(data, (d, i) => (reserved[i] ? d : 0));
    const order: number[] = [];
    let inc = -1;
    let row = size - 1;
    for (let col = size - 1; col > 0; col -= 2) {
      if (col === 6) col--;
      for (;;) {
        for (let c = 0; c < 2; c++) if (!reserved[row * size + col - c]) order.push(row * size + col - c);
        row += inc;
        if (row < 0 || size <= row) {
          row -= inc;
          inc = -inc;
          break;
        }
      }
    }
    const total = Utils.getSymbolTotalCodewords(version);
    const ecTotal = ECCode.getTotalCodewordsCount(version, LEVEL_M);
    const blocks = ECCode.getBlocksCount(version, LEVEL_M);
    const ecCount = Math.floor(total / blocks) - Math.floor((total - ecTotal) / blocks);
    const generator = Int16Array.from(Polynomial.generateECPolynomial(ecCount).slice(1), (c) => (c === 0 ? -1 : GF_LOG[c]!));
    const mask0 = Uint8Array.from(order, (k) => (MASKS[0]!(Math.floor(k / size), k % size) ? 1 : 0));
    v = { size, base, reserved, order: Int32Array.from(order), mask0, dataCodewords: total - ecTotal, blocks, ecCount, generator };
    versions.set(version, v);
  }
  return v;
}

/** The smallest version whose level-M data capacity holds `length` bytes in byte mode (qrcode's getBestVersionForData). */
function versionFor(length: number): number {
  for (let version = 1; version <= 40; version++) {
    const dataBits = (Utils.getSymbolTotalCodewords(version) - ECCode.getTotalCodewordsCount(version, LEVEL_M)) * 8;
    if (length <= Math.floor((dataBits - 4 - (version < 10 ? 8 : 16)) / 8)) return version;
  }
  throw new RangeError(`${length} bytes do not fit a QR code`);
}

/**
 * The modules qrcode.create gives for one byte-mode segment at level M with mask 0: the mode and
 * length, the bytes, the terminator and pad codewords, Reed–Solomon codewords per block interleaved,
 * placed in the zigzag order; built with tables instead of qrcode's bit-by-bit buffer and polynomial
 * arrays (a twentieth of a receipt). A test holds it to qrcode's at every version.
 */
function symbolWithMask0(bytes: Uint8Array): { size: number; data: Uint8Array; reserved: Uint8Array } {
  const version = versionFor(bytes.length);
  const v = versionLayout(version);
  // data codewords: mode 0100, the length (8 bits up to version 9, else 16), the bytes, a zero nibble, then 0xEC 0x11…
  const codewords = new Uint8Array(v.dataCodewords);
  let at = 0;
  let acc = 0b0100;
  let bits = 4;
  const put = (value: number, n: number) => {
    acc = (acc << n) | value;
    bits += n;
    while (bits >= 8) {
      bits -= 8;
      codewords[at++] = (acc >>> bits) & 0xff;
    }
    acc &= (1 << bits) - 1;
  };
  put(bytes.length, version < 10 ? 8 : 16);
  for (let i = 0; i < bytes.length; i++) put(bytes[i]!, 8);
  put(0, 4); // the terminator, and the byte filled: the bits so far are 4 short of a whole byte
  for (let i = 0; at < codewords.length; i++) codewords[at++] = i % 2 ? 0x11 : 0xec;

  // Reed–Solomon per block: group 1's blocks first, group 2's one codeword longer
  const { blocks, ecCount, generator } = v;
  const total = v.dataCodewords + blocks * ecCount;
  const group2 = total % blocks;
  const short = Math.floor(v.dataCodewords / blocks);
  const interleaved = new Uint8Array(total);
  const ec = new Uint8Array(ecCount);
  let offset = 0;
  for (let b = 0; b < blocks; b++) {
    const length = b < blocks - group2 ? short : short + 1;
    ec.fill(0);
    for (let i = 0; i < length; i++) {
      const d = codewords[offset + i]!;
      const factor = d ^ ec[0]!;
      ec.copyWithin(0, 1);
      ec[ecCount - 1] = 0;
      if (factor !== 0) {
        const lf = GF_LOG[factor]!;
        for (let k = 0; k < ecCount; k++) if (generator[k]! >= 0) ec[k]! ^= GF_EXP[generator[k]! + lf]!;
      }
      // data codeword i of block b goes after codeword i of every block
      interleaved[i * blocks + b - (i === short ? blocks - group2 : 0)] = d;
    }
    for (let k = 0; k < ecCount; k++) interleaved[v.dataCodewords + k * blocks + b] = ec[k]!;
    offset += length;
  }

  const data = new Uint8Array(v.base);
  const order = v.order;
  const mask0 = v.mask0;
  for (let k = 0; k < order.length; k++) {
    const byte = k >>> 3;
    const bit = byte < total ? (interleaved[byte]! >>> (7 - (k & 7))) & 1 : 0;
    data[order[k]!] = bit ^ mask0[k]!;
  }
  return { size: v.size, data, reserved: v.reserved };
}

/**
 * The QR code's modules: byte mode (UTF-8), error correction M. Receipts draw them as vector squares,
 * which is sharper than a bitmap and spares rendering, filtering and deflating a PNG per receipt.
 *
 * The mask is the one qrcode itself would choose (the lowest penalty, the first on a tie), so the
 * symbol is module for module the library's; but qrcode scores the eight masks by calling a function
 * per module, a fifth of a receipt's time, so the symbol is built with mask 0 (symbolWithMask0, from
 * qrcode's own patterns and tables) and the others are scored here.
 */
export function qrMatrix(text: string): QrMatrix {
  // one byte-mode segment of UTF-8: what ГОСТ's "2" promises, and it spares qrcode's search for a mixed-mode split
  const { size, data, reserved } = symbolWithMask0(Buffer.from(text, 'utf8'));
  const { flips, format, fromMask0, lanes } = layoutOf(size, reserved);
  const words = packWords(data, size, { rows: new Int32Array(lanes.length * size), cols: new Int32Array(lanes.length * size) });
  const masked: Words = { rows: new Int32Array(words.rows.length), cols: new Int32Array(words.cols.length) };
  let best = 0;
  let lowest = Infinity;
  for (let p = 0; p < MASKS.length; p++) {
    const d = fromMask0[p]!;
    for (let k = 0; k < masked.rows.length; k++) {
      masked.rows[k] = words.rows[k]! ^ d.rows[k]!;
      masked.cols[k] = words.cols[k]! ^ d.cols[k]!;
    }
    const penalty = maskPenalty(masked, size, lanes);
    if (penalty < lowest) {
      lowest = penalty;
      best = p;
    }
  }
  const modules = new Uint8Array(data.length);
  const flip = flips[best]!;
  const flip0 = flips[0]!;
  for (let i = 0; i < modules.length; i++) modules[i] = data[i]! ^ flip0[i]! ^ flip[i]!;
  const bits = formatBits(best);
  for (let k = 0; k < format.length; k += 2) modules[format[k]!] = (bits >> format[k + 1]!) & 1;
  return { size, modules, dark: (row, col) => modules[row * size + col] === 1 };
}
