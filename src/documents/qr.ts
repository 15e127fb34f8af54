// The payment QR code of ГОСТ Р 56042-2014: the "ST00012|Name=…|…" string and its modules, as printed on receipts.
import QRCode from 'qrcode';

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
}

/**
 * The QR code's modules: byte mode (UTF-8), error correction M. Receipts draw them as vector squares,
 * which is sharper than a bitmap and spares rendering, filtering and deflating a PNG per receipt.
 *
 * The mask is the one qrcode itself would choose (the lowest penalty, the first on a tie), so the
 * symbol is module for module the library's; but qrcode scores the eight masks by calling a function
 * per module, a fifth of a receipt's time, so it is asked for mask 0 and the others are scored here.
 */
export function qrMatrix(text: string): QrMatrix {
  // one byte-mode segment of UTF-8: what ГОСТ's "2" promises, and it spares qrcode's search for a mixed-mode split
  const qr = QRCode.create([{ data: Buffer.from(text, 'utf8'), mode: 'byte' }], { errorCorrectionLevel: 'M', maskPattern: 0 });
  const { size, data, reservedBit } = qr.modules;
  const { flips, format, fromMask0, lanes } = layoutOf(size, reservedBit);
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
  return { size, dark: (row, col) => modules[row * size + col] === 1 };
}
