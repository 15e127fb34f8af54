// The Russian words the cabinet sections print for stored codes (methods, zones, sources, bill types…).
import { formatMoney } from '../domain/format.js';

export const METHOD_LABEL: Record<string, string> = {
  meter: 'по показаниям прибора учёта',
  norm_per_resident: 'по нормативу на количество проживающих',
  norm_per_area: 'по нормативу на площадь',
};

/** Zone names as in seed 000 ("Круглосуточно - Круглосуточно"). */
export const ZONE_LABEL: Record<string, string> = {
  T: 'Круглосуточно',
  T1: 'День',
  T2: 'Ночь',
  T3: 'Полупик',
};

/** Zone names of a meter with the given zones: a three-zone meter's T1 is the peak. */
export function zoneLabel(zone: string | null | undefined, zones: readonly string[] = []): string {
  if (!zone) return '';
  if (zones.length === 3)
    return ({ T1: 'Пик', T2: 'Ночь', T3: 'Полупик' } as Record<string, string>)[zone] ?? zone;
  return ZONE_LABEL[zone] ?? zone;
}

/**
 * A register as every page prints it, its zone once: the meter's own label when it already names
 * the zone ("T1 (день)"), else the label with the zone ("Л1 (T1)"), else the zone's name ("День").
 */
export function registerLabel(
  zone: string | null | undefined,
  label: string | null | undefined,
  zones: readonly string[] = [],
): string {
  const name = zoneLabel(zone, zones);
  const own = label?.trim();
  if (!own) return name;
  if (!zone || own.includes(zone) || own.toLowerCase().includes(name.toLowerCase())) return own;
  return `${own} (${zone})`;
}

/** "Круглосуточно - Круглосуточно" / "День - Ночь" / "Пик - Полупик - Ночь": the time zones of a tariff. */
export function zonesLabel(zones: readonly string[]): string {
  if (zones.length === 1) return `${zoneLabel(zones[0], zones)} - ${zoneLabel(zones[0], zones)}`;
  if (zones.length === 3) return 'Пик - Полупик - Ночь';
  return zones.map((z) => zoneLabel(z, zones)).join(' - ');
}

export const SOURCE_LABEL: Record<string, string> = {
  customer: 'клиент',
  inspector: 'контролёр',
  supplier: 'поставщик',
  estimated: 'расчётное (не показание)',
};

export const BILL_TYPE_LABEL: Record<string, string> = {
  bill: 'Счёт',
  invoice: 'Счёт-фактура',
  correction: 'Корректировочный счёт',
  advance: 'Счёт на аванс',
};

/** A document's type as its customer's papers name it: a company's correction is a corrective invoice (seeds 003, 004). */
export function billTypeLabel(type: string, customerKind: 'person' | 'organisation'): string {
  if (customerKind === 'organisation' && type === 'correction') return 'Корректировочный счёт-фактура';
  return BILL_TYPE_LABEL[type] ?? type;
}

/** Names of service kinds in a sentence, as in "электроэнергия – долг 594,58 ₽" (no "э/э" for households). */
export const KIND_SHORT: Record<string, string> = {
  electricity: 'электроэнергия',
  heating: 'отопление',
  hot_water: 'ГВС',
  cold_water: 'ХВС',
  sewerage: 'водоотведение',
  gas: 'газ',
  waste: 'ТКО',
  other: 'прочие услуги',
};

export const KIND_LABEL: Record<string, string> = {
  electricity: 'Электроэнергия',
  heating: 'Отопление',
  hot_water: 'Горячая вода',
  cold_water: 'Холодная вода',
  sewerage: 'Водоотведение',
  gas: 'Газ',
  waste: 'Вывоз ТКО',
  other: 'Прочие услуги',
};

export const RELATION_LABEL: Record<string, string> = {
  owner: 'собственник',
  tenant: 'наниматель',
  representative: 'представитель',
};

export const CHANNEL_LABEL: Record<string, string> = {
  bank: 'банк',
  online: 'онлайн-оплата',
  cash: 'касса',
  post: 'почта',
  terminal: 'терминал',
  other: 'прочее',
};

/** "паспорт 8701 123456" → "паспорт серия 87** N ****56": enough to recognise, not enough to misuse. */
export function maskPassport(passport: string | null | undefined): string {
  if (!passport) return '';
  const digits = passport.replace(/\D/g, '');
  if (digits.length < 6) return 'паспорт ******';
  const series = digits.slice(0, 4);
  const number = digits.slice(4);
  return `паспорт серия ${series.slice(0, 2)}** N ${'*'.repeat(Math.max(0, number.length - 2))}${number.slice(-2)}`;
}

/** A person's full name or an organisation's name. */
export function customerName(c: {
  customer_kind: string;
  last_name: string | null;
  first_name: string | null;
  middle_name: string | null;
  org_name: string | null;
}): string {
  if (c.customer_kind === 'organisation') return c.org_name ?? '';
  return [c.last_name, c.first_name, c.middle_name].filter(Boolean).join(' ');
}

/** "m***@example.ru": who else has access, without handing out their address. */
export function maskEmail(email: string | null | undefined): string {
  if (!email) return '';
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, 1)}***@${domain}`;
}

const MONTHS_PREPOSITIONAL = [
  'январе',
  'феврале',
  'марте',
  'апреле',
  'мае',
  'июне',
  'июле',
  'августе',
  'сентябре',
  'октябре',
  'ноябре',
  'декабре',
];

/** '2026-10' → 'октябре 2026' (for "в октябре 2026"). */
export function monthIn(period: string): string {
  return `${MONTHS_PREPOSITIONAL[Number(period.slice(5, 7)) - 1] ?? ''} ${period.slice(0, 4)}`;
}

/**
 * The words for what is owed, the same on every page (issue #19). One figure, one name:
 * - toPay: the balance and the penalties as of a date (DebtService.owed's toPayKop), what "Оплатить" asks for;
 * - debt: the bills not paid (the statement's balance when positive), penalties apart;
 * - overpayment: money paid ahead of the bills;
 * - penalties: пени accrued as of the date;
 * - billDebt: what is still unpaid of one bill;
 * - documentTotal: a month's document total (its debt at the month's end and the penalties it carries).
 */
export const OWED = {
  toPay: 'К оплате',
  debt: 'Долг',
  overpayment: 'Переплата',
  penalties: 'пени',
  settled: 'Долга нет',
  overdue: 'просрочено',
  billDebt: 'Не оплачено по счёту',
  documentTotal: 'К оплате по документу',
} as const;

/**
 * What a "к оплате" figure is made of, named where it stands beside the debt: "долг 18 706,88 ₽ и
 * пени 108,01 ₽", "долг 500,00 ₽", "пени 12,00 ₽ (переплата 30,00 ₽ их не покрывает)"; '' when there is nothing to explain.
 */
export function owedParts(o: { balanceKop: number; penaltyKop: number }): string {
  const parts: string[] = [];
  if (o.balanceKop > 0) parts.push(`${OWED.debt.toLowerCase()} ${formatMoney(o.balanceKop)}`);
  if (o.penaltyKop > 0) parts.push(`${OWED.penalties} ${formatMoney(o.penaltyKop)}`);
  if (o.balanceKop < 0 && o.penaltyKop > 0)
    return `${OWED.penalties} ${formatMoney(o.penaltyKop)} за вычетом переплаты ${formatMoney(-o.balanceKop)}`;
  return parts.length > 1 || o.penaltyKop > 0 ? parts.join(' и ') : '';
}
