// Online payment rules: the amounts a payer may send per line of the pay form (DOMAIN.md "Payments")
// and the electronic cash receipt (54-FZ) of a payment that went through.
import { formatMoney } from './format.js';
import { MoneyFormatError, parseMoney, sumKop, vatIncluded, type Kopecks } from './money.js';

/** One line of the pay form: a contract (a supplier's service of a ЕПД) and what is owed on it. */
export interface PayLine {
  key: string;
  owedKop: Kopecks;
}

/** The supplier's limits (data: suppliers.online_*). */
export interface PayLimits {
  /** The least a business may pay at once (seed 004: 100 ₽); households pay from 1 kopeck. */
  minBusinessKop: Kopecks;
  /** How much more than is owed one line may take (paying ahead is allowed, three extra zeros are not). */
  marginKop: Kopecks;
  /** The most one payment may be. */
  maxKop: Kopecks;
}

export interface PayAmountError {
  /** The line's key, or 'total' for the whole payment. */
  key: string;
  text: string;
}

export type PayAmounts =
  | { ok: true; amounts: { key: string; amountKop: Kopecks }[]; totalKop: Kopecks }
  | { ok: false; errors: PayAmountError[] };

/**
 * Checks what the payer typed per line: a number of roubles with at most two decimals, not
 * negative, not above what is owed by more than the margin; the total above zero, at least the
 * business minimum and at most the maximum. Lines with 0 pay nothing (and are left out).
 */
export function checkPayAmounts(
  lines: readonly PayLine[],
  input: Readonly<Record<string, string | undefined>>,
  limits: PayLimits,
  business: boolean,
): PayAmounts {
  const errors: PayAmountError[] = [];
  const amounts: { key: string; amountKop: Kopecks }[] = [];
  for (const line of lines) {
    const raw = (input[line.key] ?? '').trim();
    let kop: Kopecks;
    try {
      kop = parseMoney(raw);
    } catch (e) {
      if (!(e instanceof MoneyFormatError)) throw e;
      errors.push({
        key: line.key,
        text: e.code === 'empty' ? 'Введите сумму (0 — если по этой услуге не платите)' : e.text,
      });
      continue;
    }
    if (kop < 0) {
      errors.push({ key: line.key, text: 'Сумма не может быть отрицательной' });
      continue;
    }
    const ceiling = Math.max(line.owedKop, 0) + limits.marginKop;
    if (kop > ceiling) {
      errors.push({
        key: line.key,
        text: `Сумма слишком велика: по этой услуге можно внести не больше ${formatMoney(ceiling)}`,
      });
      continue;
    }
    if (kop > 0) amounts.push({ key: line.key, amountKop: kop });
  }
  if (errors.length) return { ok: false, errors };
  const totalKop = sumKop(amounts.map((a) => a.amountKop));
  if (totalKop === 0)
    return { ok: false, errors: [{ key: 'total', text: 'Введите сумму к оплате больше нуля' }] };
  if (business && totalKop < limits.minBusinessKop)
    return {
      ok: false,
      errors: [
        { key: 'total', text: `Сумма платежа должна быть не меньше ${formatMoney(limits.minBusinessKop)}` },
      ],
    };
  if (totalKop > limits.maxKop)
    return {
      ok: false,
      errors: [{ key: 'total', text: `За один раз можно оплатить не больше ${formatMoney(limits.maxKop)}` }],
    };
  return { ok: true, amounts, totalKop };
}

export interface VatRateRow {
  validFrom: string;
  percent: string;
}

/** The VAT rate in force on a date ('YYYY-MM-DD'), as a percent string; null before the first. */
export function vatRateOn(date: string, rates: readonly VatRateRow[]): string | null {
  let best: VatRateRow | null = null;
  for (const r of rates) if (r.validFrom <= date && (!best || r.validFrom > best.validFrom)) best = r;
  return best?.percent ?? null;
}

export interface ReceiptItem {
  name: string;
  amountKop: Kopecks;
  /** '22' for 22 %, null for "Без НДС". */
  vatPercent: string | null;
  vatKop: Kopecks;
}

/** The 54-FZ electronic receipt of a payment ("кассовый чек прихода"). */
export interface Receipt {
  seller: string;
  sellerInn: string;
  items: ReceiptItem[];
  totalKop: Kopecks;
  /** "Полный расчёт": the service was billed, the payment settles it. */
  paymentMethod: 'Полный расчёт';
  paidAt: string;
  contact: string;
  test: boolean;
}

/** VAT of each item at the rate in force on the day of payment; prices of households include VAT. */
export function buildReceipt(input: {
  seller: string;
  sellerInn: string;
  chargesVat: boolean;
  items: { name: string; amountKop: Kopecks }[];
  paidAt: string;
  paidOn: string;
  vatRates: readonly VatRateRow[];
  contact: string;
  test: boolean;
}): Receipt {
  const rate = input.chargesVat ? vatRateOn(input.paidOn, input.vatRates) : null;
  const items = input.items.map((it) => ({
    name: it.name,
    amountKop: it.amountKop,
    vatPercent: rate,
    vatKop: rate === null ? 0 : vatIncluded(it.amountKop, rate),
  }));
  return {
    seller: input.seller,
    sellerInn: input.sellerInn,
    items,
    totalKop: sumKop(items.map((i) => i.amountKop)),
    paymentMethod: 'Полный расчёт',
    paidAt: input.paidAt,
    contact: input.contact,
    test: input.test,
  };
}
