// The payment QR code of ГОСТ Р 56042-2014: the "ST00012|Name=…|…" string and its modules, as printed on receipts.
import QRCode, { type BitMatrix } from 'qrcode';

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
  return value
    .replace(/[|\r\n\t]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
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
  if (f.sumKop !== undefined && f.sumKop !== null && !Number.isSafeInteger(f.sumKop))
    throw new PaymentQrError(`Sum is not kopecks: ${f.sumKop}`);
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

/** A QR code's modules: `size` × `size`, `get(row, col)` 1 for a dark module (qrcode's BitMatrix). */
export type QrModules = BitMatrix;

/** The QR code's modules: byte mode (UTF-8, what ГОСТ's "2" promises), error correction M, the mask qrcode chooses. */
export function qrModules(text: string): QrModules {
  return QRCode.create([{ data: Buffer.from(text, 'utf8'), mode: 'byte' }], { errorCorrectionLevel: 'M' })
    .modules;
}
