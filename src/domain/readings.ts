// Checks a meter reading a customer types before anything is stored, and tells which billing period it goes into.
import {
  compareDecimal,
  decimalToPlain,
  integerDigits,
  mulDecimal,
  parseDecimal,
  pow10,
  subDecimal,
  toDecimal,
  DecimalFormatError,
  type Decimal,
  type DecimalInput,
} from './decimal.js';
import {
  addMonths,
  compareDates,
  dayOfPeriod,
  daysBetween,
  daysInMonth,
  dayOfMonth,
  isValidDate,
  periodOf,
  type IsoDate,
  type Period,
} from './periods.js';
import { formatDate, formatDayMonth, formatMonth, formatMonthName } from './format.js';
import { rolloverAdvance, type Zone } from './volumes.js';

export interface MeterForReading {
  /** Integer digits the register shows (значность). */
  digits: number;
  /** Decimals the register shows. */
  decimals: number;
  /** Transformer ratio; the billed volume is the register advance × ratio. Default 1. */
  ratio?: DecimalInput;
  installed?: IsoDate | null;
  removed?: IsoDate | null;
  /** "Поверка до": readings after this date are warned about. */
  verificationDue?: IsoDate | null;
}

/** The last accepted reading of the register (the one a new reading is compared with). */
export interface PreviousReading {
  date: IsoDate;
  value: string;
}

/** What the customer typed: the value as text (comma or dot), the date as 'YYYY-MM-DD'. */
export interface ReadingInput {
  value: string;
  date: string;
}

/** Plausibility bounds (supplier settings, data not code). */
export interface ReadingRules {
  /** Warn above this many average months of consumption (DOMAIN.md: 3×). */
  averageFactor: DecimalInput;
  /** Days in the "month" the average is per, so a reading after 60 days may be twice as large. */
  averageMonthDays: number;
  /**
   * The most a meter can physically register in a day, in billed units (after the ratio), e.g.
   * 60 A × 230 V × 24 h ≈ 331 kWh for a single-phase household meter. Null: unknown.
   */
  maxDailyVolume: DecimalInput | null;
  /**
   * A confirmed rollover is believed only when the advance is below this share of the register's
   * capacity (10^digits): 99 850 → 00 120 is a rollover, 50 000 → 49 000 is a typo.
   */
  rolloverMaxShare: DecimalInput;
}

export const DEFAULT_READING_RULES: ReadingRules = {
  averageFactor: '3',
  averageMonthDays: 30,
  maxDailyVolume: null,
  rolloverMaxShare: '0.5',
};

export interface ReadingOptions {
  rules?: ReadingRules;
  /** The meter's average monthly volume (billed units) when known; enables the 3× warning. */
  averageMonthlyVolume?: DecimalInput | null;
  /** The customer confirmed the register passed through zero. */
  confirmRollover?: boolean;
}

export type ReadingErrorCode =
  | 'empty'
  | 'not_a_number'
  | 'negative'
  | 'too_many_integer_digits'
  | 'too_many_decimals'
  | 'invalid_date'
  | 'future_date'
  | 'before_installation'
  | 'before_last_reading'
  | 'meter_removed'
  | 'lower_than_previous'
  | 'rollover_implausible'
  | 'already_billed'
  | 'dates_differ';

export type ReadingWarningCode = 'above_average' | 'above_physical_limit' | 'verification_expired';

export interface ReadingError {
  code: ReadingErrorCode;
  /** Russian sentence shown beside the field. */
  text: string;
}

export interface ReadingWarning {
  code: ReadingWarningCode;
  text: string;
}

export type ReadingValidation =
  | {
      ok: true;
      /** The value as a plain decimal string with a dot ("1359.25"). */
      value: string;
      date: IsoDate;
      /** Register advance since the previous reading; null for the first reading of a register. */
      advance: string | null;
      /** advance × ratio: the consumption; null for the first reading. */
      volume: string | null;
      rollover: boolean;
      /** Non-empty: ask the customer to confirm before storing. */
      warnings: ReadingWarning[];
    }
  | { ok: false; errors: ReadingError[] };

function num(d: DecimalInput): string {
  return decimalToPlain(d).replace('.', ',').replace('-', '−');
}

function digitsWord(n: number): string {
  const mod10 = n % 10;
  const mod100 = n % 100;
  if (mod10 === 1 && mod100 !== 11) return 'цифры';
  return 'цифр';
}

function err(code: ReadingErrorCode, text: string): ReadingError {
  return { code, text };
}

/**
 * Validates one register's reading (DOMAIN.md "Readings"). Refusals come back as errors and
 * nothing should be stored; warnings need the customer's confirmation. The comparison with the
 * previous reading is made only when both the value and the date are usable, so each message
 * is about something the customer can fix.
 */
export function validateReading(
  meter: MeterForReading,
  previous: PreviousReading | null,
  input: ReadingInput,
  today: IsoDate,
  opts: ReadingOptions = {},
): ReadingValidation {
  const rules = opts.rules ?? DEFAULT_READING_RULES;
  const errors: ReadingError[] = [];

  // a reading is never dated after today, so a meter removed by today cannot have a later one
  if (meter.removed && compareDates(meter.removed, today) <= 0) {
    return {
      ok: false,
      errors: [
        err(
          'meter_removed',
          `Прибор учёта снят ${formatDate(meter.removed)}, показания по нему не принимаются`,
        ),
      ],
    };
  }

  let value: Decimal | null = null;
  if (input.value.trim() === '') {
    errors.push(err('empty', 'Введите показание'));
  } else {
    try {
      value = parseDecimal(input.value);
    } catch (e) {
      if (!(e instanceof DecimalFormatError)) throw e;
      errors.push(err('not_a_number', 'Показание должно быть числом, например 1359,25'));
    }
  }
  if (value) {
    const problems: ReadingError[] = [];
    if (value.units < 0n) problems.push(err('negative', 'Показание не может быть отрицательным'));
    if (integerDigits(value) > meter.digits) {
      problems.push(
        err(
          'too_many_integer_digits',
          `Показание не может содержать больше ${meter.digits} ${digitsWord(meter.digits)} до запятой`,
        ),
      );
    }
    if (value.scale > meter.decimals) {
      problems.push(
        err(
          'too_many_decimals',
          meter.decimals === 0
            ? 'Показание этого прибора — целое число, без знаков после запятой'
            : `Показание не может содержать больше ${meter.decimals} ${digitsWord(meter.decimals)} после запятой`,
        ),
      );
    }
    if (problems.length > 0) {
      errors.push(...problems);
      value = null;
    }
  }

  let date: IsoDate | null = null;
  if (!isValidDate(input.date)) {
    errors.push(err('invalid_date', 'Укажите дату показания, например 24.10.2026'));
  } else if (compareDates(input.date, today) > 0) {
    errors.push(err('future_date', 'Дата показания не может быть позже сегодняшней'));
  } else if (meter.installed && compareDates(input.date, meter.installed) < 0) {
    errors.push(
      err(
        'before_installation',
        `Дата показания раньше даты установки прибора (${formatDate(meter.installed)})`,
      ),
    );
  } else if (previous && compareDates(input.date, previous.date) < 0) {
    errors.push(
      err(
        'before_last_reading',
        `Дата показания не может быть раньше даты последнего принятого показания (${formatDate(previous.date)})`,
      ),
    );
  } else {
    date = input.date;
  }

  if (errors.length > 0 || value === null || date === null) return { ok: false, errors };

  const ratio = meter.ratio ?? '1';
  const warnings: ReadingWarning[] = [];
  let advance: Decimal | null = null;
  let rollover = false;
  const elapsedDays = previous ? Math.max(daysBetween(previous.date, date), 1) : 0;
  const averageBound = (() => {
    if (!previous || opts.averageMonthlyVolume === null || opts.averageMonthlyVolume === undefined)
      return null;
    // factor × average × max(1, elapsed / monthDays), kept exact by comparing volume × monthDays
    const months = BigInt(Math.max(elapsedDays, rules.averageMonthDays));
    return {
      scaled: mulDecimal(rules.averageFactor, opts.averageMonthlyVolume, months),
      monthDays: BigInt(rules.averageMonthDays),
    };
  })();
  const physicalBound =
    previous && rules.maxDailyVolume !== null ? mulDecimal(rules.maxDailyVolume, BigInt(elapsedDays)) : null;
  const exceedsAverage = (volume: Decimal) =>
    averageBound !== null &&
    compareDecimal(mulDecimal(volume, averageBound.monthDays), averageBound.scaled) > 0;
  const exceedsPhysical = (volume: Decimal) =>
    physicalBound !== null && compareDecimal(volume, physicalBound) > 0;

  if (previous) {
    const prev = toDecimal(previous.value);
    if (compareDecimal(value, prev) < 0) {
      const candidate = rolloverAdvance(prev, value, meter.digits);
      const candidateVolume = mulDecimal(candidate, ratio);
      const plausible =
        compareDecimal(candidate, mulDecimal(rules.rolloverMaxShare, pow10(meter.digits))) < 0 &&
        !exceedsAverage(candidateVolume) &&
        !exceedsPhysical(candidateVolume);
      if (!opts.confirmRollover) {
        return {
          ok: false,
          errors: [
            err(
              'lower_than_previous',
              plausible
                ? `Показание меньше предыдущего (${num(prev)}). Если счётчик перешёл через ноль, подтвердите это — расход составит ${num(candidateVolume)}`
                : `Показание меньше предыдущего (${num(prev)}). Проверьте введённое значение`,
            ),
          ],
        };
      }
      if (!plausible) {
        return {
          ok: false,
          errors: [
            err(
              'rollover_implausible',
              `Показание меньше предыдущего (${num(prev)}), а переход через ноль дал бы неправдоподобный расход ${num(candidateVolume)}. Проверьте введённое значение`,
            ),
          ],
        };
      }
      advance = candidate;
      rollover = true;
    } else {
      advance = subDecimal(value, prev);
    }
  }

  const volume = advance ? mulDecimal(advance, ratio) : null;
  if (volume && exceedsAverage(volume)) {
    warnings.push({
      code: 'above_average',
      text: `Расход ${num(volume)} более чем в ${num(rules.averageFactor)} раза превышает обычный (${num(opts.averageMonthlyVolume ?? '0')} в месяц). Проверьте показание и подтвердите его`,
    });
  }
  if (volume && exceedsPhysical(volume)) {
    warnings.push({
      code: 'above_physical_limit',
      text: `Расход ${num(volume)} за ${elapsedDays} дн. больше, чем прибор может учесть за это время. Проверьте показание и подтвердите его`,
    });
  }
  if (meter.verificationDue && compareDates(date, meter.verificationDue) > 0) {
    warnings.push({
      code: 'verification_expired',
      text: `Срок поверки прибора истёк ${formatDate(meter.verificationDue)}: расчёт может быть выполнен по среднему или нормативу. Подтвердите передачу показания`,
    });
  }

  return {
    ok: true,
    value: decimalToPlain(value),
    date,
    advance: advance ? decimalToPlain(advance) : null,
    volume: volume ? decimalToPlain(volume) : null,
    rollover,
    warnings,
  };
}

export interface RegisterReadingInput {
  zone: Zone;
  previous: PreviousReading | null;
  input: ReadingInput;
  averageMonthlyVolume?: DecimalInput | null;
  confirmRollover?: boolean;
}

export interface ZoneReading {
  zone: Zone;
  value: string;
  advance: string | null;
  volume: string | null;
  rollover: boolean;
}

export type MeterReadingsValidation =
  | { ok: true; date: IsoDate; zones: ZoneReading[]; warnings: (ReadingWarning & { zone: Zone })[] }
  | { ok: false; errors: (ReadingError & { zone: Zone })[] };

/**
 * Validates all registers of one meter together: a multi-zone reading is one look at the
 * display, so either every zone is accepted or none is, and all zones carry the same date.
 * A meter-level warning (expired verification) is reported once, on the first zone.
 */
export function validateMeterReadings(
  meter: MeterForReading,
  registers: readonly RegisterReadingInput[],
  today: IsoDate,
  opts: { rules?: ReadingRules } = {},
): MeterReadingsValidation {
  if (registers.length === 0) throw new RangeError('a meter has at least one register');
  const errors: (ReadingError & { zone: Zone })[] = [];
  const zones: ZoneReading[] = [];
  const warnings: (ReadingWarning & { zone: Zone })[] = [];
  const firstDate = registers[0]?.input.date;
  for (const r of registers) {
    if (r.input.date !== firstDate) {
      errors.push({
        zone: r.zone,
        code: 'dates_differ',
        text: 'Показания всех зон прибора передаются на одну дату',
      });
      continue;
    }
    const result = validateReading(meter, r.previous, r.input, today, {
      rules: opts.rules,
      averageMonthlyVolume: r.averageMonthlyVolume ?? null,
      confirmRollover: r.confirmRollover ?? false,
    });
    if (!result.ok) {
      errors.push(...result.errors.map((e) => ({ ...e, zone: r.zone })));
      continue;
    }
    zones.push({
      zone: r.zone,
      value: result.value,
      advance: result.advance,
      volume: result.volume,
      rollover: result.rollover,
    });
    for (const w of result.warnings) {
      if (w.code === 'verification_expired' && warnings.some((x) => x.code === 'verification_expired'))
        continue;
      warnings.push({ ...w, zone: r.zone });
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, date: firstDate as IsoDate, zones, warnings };
}

/** Supplier setting: readings are collected from fromDay to toDay of a month (inclusive). */
export interface ReadingWindow {
  fromDay: number;
  toDay: number;
}

function windowEnd(window: ReadingWindow, period: Period): number {
  return Math.min(window.toDay, daysInMonth(period));
}

/** Whether the date lies inside the reading window (a window may wrap over the month end, e.g. 25th–5th). */
export function isInsideReadingWindow(date: IsoDate, window: ReadingWindow): boolean {
  const day = dayOfMonth(date);
  const period = periodOf(date);
  if (window.fromDay <= window.toDay) return day >= window.fromDay && day <= windowEnd(window, period);
  return day >= window.fromDay || day <= windowEnd(window, period);
}

/**
 * The billing period a reading goes into: the period of the first window that closes on or after
 * the reading's date. With a 15th–25th window, 15.10–25.10 → October; 26.10 → November (the
 * window has closed); 05.11 → November too (it is the next period to be billed, its window still
 * ahead). A window wrapping the month end (25th–5th) belongs to the month where it opens.
 */
export function periodForReading(date: IsoDate, window: ReadingWindow): Period {
  const day = dayOfMonth(date);
  const period = periodOf(date);
  const end = windowEnd(window, period);
  if (window.fromDay <= window.toDay) return day <= end ? period : addMonths(period, 1);
  return day <= end ? addMonths(period, -1) : period;
}

/** The sentence the reading page shows before submitting a reading dated outside the window, or null inside it. */
export function readingWindowNote(date: IsoDate, window: ReadingWindow): string | null {
  if (isInsideReadingWindow(date, window)) return null;
  return `Показания принимаются с ${window.fromDay} по ${window.toDay} число месяца. Показание от ${formatDate(date)} будет учтено в расчёте за ${formatMonth(periodForReading(date, window))}`;
}

/**
 * Where an account's meters stand against the reading window today (the overview's one sentence):
 * the readings for the period are in ('accepted', the latest reading's date), the window is open
 * until a date ('open'), or it opens later ('upcoming', with its first and last day).
 */
export type ReadingWindowStatus =
  | { kind: 'accepted'; period: Period; date: IsoDate }
  | { kind: 'open'; period: Period; until: IsoDate }
  | { kind: 'upcoming'; period: Period; from: IsoDate; until: IsoDate };

/**
 * The status of a window on `today` for meters whose last readings are `lastDates` (one per
 * register; null: none yet). The period is the one a reading dated today goes into; it counts as
 * handed in when every register has a reading that goes into that period (or, in the rest of the
 * month after its window has closed, into that month).
 */
export function readingWindowStatus(
  today: IsoDate,
  window: ReadingWindow,
  lastDates: readonly (IsoDate | null)[],
): ReadingWindowStatus {
  const period = periodForReading(today, window);
  const dates = lastDates.filter((d): d is IsoDate => d !== null && compareDates(d, today) <= 0);
  const handedIn = (p: Period) =>
    lastDates.length > 0 &&
    dates.length === lastDates.length &&
    dates.every((d) => periodForReading(d, window) === p);
  const latest = () => dates.reduce((a, b) => (compareDates(a, b) >= 0 ? a : b));
  if (handedIn(period)) return { kind: 'accepted', period, date: latest() };
  // later in the month of a window that has closed, that window is what the customer remembers
  const closed = addMonths(period, -1);
  if (!isInsideReadingWindow(today, window) && closed === periodOf(today) && handedIn(closed))
    return { kind: 'accepted', period: addMonths(period, -1), date: latest() };
  const month = periodOf(today);
  const day = dayOfMonth(today);
  const endIn = (p: Period) => dayOfPeriod(p, windowEnd(window, p));
  const startIn = (p: Period) => dayOfPeriod(p, Math.min(window.fromDay, daysInMonth(p)));
  if (window.fromDay <= window.toDay) {
    if (isInsideReadingWindow(today, window)) return { kind: 'open', period, until: endIn(month) };
    const opens = day < window.fromDay ? month : addMonths(month, 1);
    return { kind: 'upcoming', period, from: startIn(opens), until: endIn(opens) };
  }
  // a window over the month end (25th–5th)
  if (day >= window.fromDay) return { kind: 'open', period, until: endIn(addMonths(month, 1)) };
  if (day <= windowEnd(window, month)) return { kind: 'open', period, until: endIn(month) };
  return { kind: 'upcoming', period, from: startIn(month), until: endIn(addMonths(month, 1)) };
}

/**
 * The status in one sentence: "Показания за декабрь приняты 18.12", "Передайте показания до 25
 * декабря", "Передайте показания за январь с 15 по 25 января".
 */
export function readingWindowSentence(s: ReadingWindowStatus): string {
  if (s.kind === 'accepted')
    return `Показания за ${formatMonthName(s.period)} приняты ${formatDate(s.date).slice(0, 5)}`;
  if (s.kind === 'open') return `Передайте показания до ${formatDayMonth(s.until)}`;
  const sameMonth = s.from.slice(0, 7) === s.until.slice(0, 7);
  const from = sameMonth ? String(Number(s.from.slice(8, 10))) : formatDayMonth(s.from);
  return `Передайте показания за ${formatMonthName(s.period)} с ${from} по ${formatDayMonth(s.until)}`;
}

/** A reading already stored for the register. */
export interface StoredReading {
  id?: string | number;
  date: IsoDate;
  value: string;
  source: 'customer' | 'inspector' | 'supplier' | 'estimated';
  status: 'accepted' | 'billed' | 'rejected';
}

export type Resubmission =
  | { kind: 'new' }
  | { kind: 'duplicate'; existing: StoredReading }
  | { kind: 'replace'; existing: StoredReading }
  | { kind: 'refused'; error: ReadingError };

/**
 * What a customer's submission means against the stored readings: the same value for the same
 * date is not a second reading; a corrected value on the same day replaces the customer's
 * earlier one until the period is billed, after which it is refused.
 */
export function classifyResubmission(
  stored: readonly StoredReading[],
  input: { date: IsoDate; value: DecimalInput },
): Resubmission {
  const same = stored.find(
    (r) => r.source === 'customer' && r.status !== 'rejected' && r.date === input.date,
  );
  if (!same) return { kind: 'new' };
  if (compareDecimal(same.value, input.value) === 0) return { kind: 'duplicate', existing: same };
  if (same.status === 'billed') {
    return {
      kind: 'refused',
      error: err(
        'already_billed',
        `Показание от ${formatDate(input.date)} уже учтено в счёте и не может быть изменено`,
      ),
    };
  }
  return { kind: 'replace', existing: same };
}

/**
 * The reading a new one is compared with: the latest stored reading that is not rejected,
 * leaving out the customer's own unbilled reading of the same date (the one being replaced).
 */
export function previousReadingFor(stored: readonly StoredReading[], date: IsoDate): PreviousReading | null {
  let best: StoredReading | null = null;
  for (const r of stored) {
    if (r.status === 'rejected' || r.source === 'estimated') continue;
    if (r.source === 'customer' && r.status !== 'billed' && r.date === date) continue;
    if (!best || compareDates(r.date, best.date) > 0) best = r;
  }
  return best ? { date: best.date, value: best.value } : null;
}
