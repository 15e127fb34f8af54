// Reading use cases: the entry page, a submission (validated, serialized per meter, idempotent), the confirmation and the history.
import type { Db } from '../../db/knex.js';
import type { AuditLog } from '../../platform/audit.js';
import { NotFoundError, type FieldError } from '../../platform/errors.js';
import {
  classifyResubmission,
  periodForReading,
  previousReadingFor,
  readingWindowNote,
  readingWindowSentence,
  readingWindowStatus,
  validateMeterReadings,
  validateReading,
  type MeterForReading,
  type ReadingWindow,
  type ReadingWindowStatus,
  type RegisterReadingInput,
  type StoredReading,
} from '../../domain/readings.js';
import { averageMonthlyVolume, rolloverAdvance, type Zone } from '../../domain/volumes.js';
import { compareDecimal, decimalToPlain, mulDecimal, subDecimal, sumDecimals } from '../../domain/decimal.js';
import {
  addDays,
  compareDates,
  isValidDate,
  periodOf,
  type IsoDate,
  type Period,
} from '../../domain/periods.js';
import { sumKop, type Kopecks } from '../../domain/money.js';
import {
  toStored,
  type BilledMonth,
  type MeterRow,
  type ReadingRow,
  type ReadingsRepo,
  type RegisterRow,
} from './repo.js';
import { normalizeDate, type HistoryFilter, type ReadingForm } from './schemas.js';
import { averageFromReadings, expectedCharge, type ExpectedCharge } from '../../domain/estimates.js';
import { vatOfMonth } from '../../domain/billing.js';

export interface AccountRef {
  id: number;
  number: string;
  customer_kind: 'person' | 'organisation';
}

export interface LastReading {
  date: IsoDate;
  value: string;
  source: StoredReading['source'];
}

export interface EntryRegister {
  id: number;
  zone: Zone;
  label: string | null;
  last: LastReading | null;
}

export interface EntryMeter {
  meter: MeterRow;
  registers: EntryRegister[];
  window: ReadingWindow;
  /** The period a reading dated today goes into. */
  periodToday: Period;
  /** "Показания принимаются с … — будет учтено в расчёте за …" when today is outside the window. */
  windowNote: string | null;
  verificationExpired: boolean;
  removed: boolean;
  /** The ratio is shown (and the consumption it implies) for business meters and any meter with a ratio other than 1. */
  showRatio: boolean;
}

export interface EntryPage {
  today: IsoDate;
  meters: EntryMeter[];
  /** One line per distinct supplier window. */
  windows: {
    supplierName: string;
    window: ReadingWindow;
    inside: boolean;
    period: Period;
    note: string | null;
  }[];
}

/** What a register's row needs on a re-rendered form besides the typed values. */
export interface RegisterFeedback {
  /** Warnings the customer must confirm with `confirm[<id>]`. */
  warnings: string[];
  /** The lower reading could be a rollover: offer `rollover[<id>]`. */
  offerRollover: boolean;
  /** The consumption the typed value implies (billed units), when it could be computed. */
  volume: string | null;
}

export type SubmitResult =
  | { ok: true; readingIds: number[]; created: number; replaced: number; unchanged: number }
  | {
      ok: false;
      /** 'nothing': no value typed at all; 'invalid': refusals; 'confirm': only warnings to confirm. */
      reason: 'nothing' | 'invalid' | 'confirm';
      errors: FieldError[];
      feedback: Map<number, RegisterFeedback>;
      /** Meters to show even if no longer active (a removed meter the form still named). */
      extraMeterIds: number[];
    };

export interface ConfirmationZone {
  readingId: number;
  zone: Zone;
  label: string | null;
  date: IsoDate;
  value: string;
  previous: LastReading | null;
  rollover: boolean;
  advance: string | null;
  volume: string | null;
  price: string | null;
  charge: ExpectedCharge | null;
}

export interface ConfirmationMeter {
  meter: MeterRow;
  period: Period;
  zones: ConfirmationZone[];
  volume: string | null;
  chargeKop: Kopecks | null;
  vatKop: Kopecks;
  /** The VAT rate of the billed month inside the charge (business customers of a supplier charging VAT). */
  vatPercent: string | null;
}

export interface Confirmation {
  today: IsoDate;
  meters: ConfirmationMeter[];
  totalKop: Kopecks;
  totalVatKop: Kopecks;
  /** Some zone has no rate or no previous reading, so the total is partial. */
  partial: boolean;
}

export interface HistoryRow {
  date: IsoDate;
  source: StoredReading['source'];
  /** Value per register id. */
  values: Map<number, { value: string; status: StoredReading['status']; rollover: boolean }>;
  billedPeriod: Period | null;
  /** For an unbilled accepted reading, the period it is expected to go into. */
  expectedPeriod: Period | null;
  rejected: boolean;
}

export interface History {
  meter: MeterRow;
  registers: RegisterRow[];
  rows: HistoryRow[];
  last: Map<number, LastReading>;
}

export const SOURCE_LABELS: Record<StoredReading['source'], string> = {
  customer: 'Абонент',
  inspector: 'Контролёр',
  supplier: 'Сетевая организация',
  estimated: 'Расчётное',
};

export const ZONE_NAMES: Record<Zone, string> = {
  T: 'Круглосуточно',
  T1: 'День (T1)',
  T2: 'Ночь (T2)',
  T3: 'Полупик (T3)',
};

function windowOf(m: MeterRow): ReadingWindow {
  return { fromDay: m.reading_window_from, toDay: m.reading_window_to };
}

function isActive(m: MeterRow, today: IsoDate): boolean {
  return m.removed === null || compareDates(m.removed, today) > 0;
}

function meterForReading(m: MeterRow): MeterForReading {
  return {
    digits: m.digits,
    decimals: m.decimals,
    ratio: m.ratio,
    installed: m.installed,
    removed: m.removed,
    verificationDue: m.verification_due,
  };
}

function lastOf(r: ReadingRow | undefined): LastReading | null {
  return r ? { date: r.date, value: r.value, source: r.source } : null;
}

/** The register advance × ratio from `previous` to `value`, or null when it cannot be (no previous, lower without rollover). */
function volumeBetween(
  meter: MeterRow,
  previous: string | null,
  value: string,
  rollover: boolean,
): { advance: string; volume: string } | null {
  if (previous === null) return null;
  let advance;
  if (compareDecimal(value, previous) < 0) {
    if (!rollover) return null;
    advance = rolloverAdvance(previous, value, meter.digits);
  } else {
    advance = subDecimal(value, previous);
  }
  return { advance: decimalToPlain(advance), volume: decimalToPlain(mulDecimal(advance, meter.ratio)) };
}

export class ReadingsService {
  private readonly db: Db;
  private readonly repo: ReadingsRepo;
  private readonly audit: AuditLog;

  constructor(deps: { db: Db; repo: ReadingsRepo; audit: AuditLog }) {
    ({ db: this.db, repo: this.repo, audit: this.audit } = deps);
  }

  /** The entry page: active meters (plus `extraMeterIds`) with their registers and last readings. */
  async entryPage(
    account: AccountRef,
    today: IsoDate,
    extraMeterIds: readonly number[] = [],
  ): Promise<EntryPage> {
    const all = await this.repo.metersOfAccount(account.id);
    const meters = all.filter((m) => isActive(m, today) || extraMeterIds.includes(m.id));
    const registers = await this.repo.registersOf(meters.map((m) => m.id));
    const last = await this.repo.lastReadings(registers.map((r) => r.id));
    const business = account.customer_kind === 'organisation';
    const entry: EntryMeter[] = meters.map((m) => {
      const window = windowOf(m);
      return {
        meter: m,
        registers: registers
          .filter((r) => r.meter_id === m.id)
          .map((r) => ({ id: r.id, zone: r.zone, label: r.label, last: lastOf(last.get(r.id)) })),
        window,
        periodToday: periodForReading(today, window),
        windowNote: readingWindowNote(today, window),
        verificationExpired: m.verification_due !== null && compareDates(m.verification_due, today) < 0,
        removed: !isActive(m, today),
        showRatio: business || compareDecimal(m.ratio, '1') !== 0,
      };
    });
    const windows: EntryPage['windows'] = [];
    for (const m of entry) {
      if (
        windows.some(
          (w) =>
            w.supplierName === m.meter.supplier_name &&
            w.window.fromDay === m.window.fromDay &&
            w.window.toDay === m.window.toDay,
        )
      )
        continue;
      windows.push({
        supplierName: m.meter.supplier_name,
        window: m.window,
        inside: m.windowNote === null,
        period: m.periodToday,
        note: m.windowNote,
      });
    }
    return { today, meters: entry, windows };
  }

  /**
   * The reading window of the account's active meters in one sentence per supplier window
   * ("Передайте показания до 25 декабря", "Показания за декабрь приняты 18.12"): the overview.
   */
  async windowStatus(
    account: AccountRef,
    today: IsoDate,
  ): Promise<{ supplierName: string; status: ReadingWindowStatus; sentence: string }[]> {
    const page = await this.entryPage(account, today);
    const out: { supplierName: string; status: ReadingWindowStatus; sentence: string }[] = [];
    for (const w of page.windows) {
      const registers = page.meters
        .filter(
          (m) =>
            m.meter.supplier_name === w.supplierName &&
            m.window.fromDay === w.window.fromDay &&
            m.window.toDay === w.window.toDay,
        )
        .flatMap((m) => m.registers);
      const status = readingWindowStatus(
        today,
        w.window,
        registers.map((r) => r.last?.date ?? null),
      );
      out.push({ supplierName: w.supplierName, status, sentence: readingWindowSentence(status) });
    }
    return out;
  }

  /**
   * Validates and stores a submission in one transaction. The account's meters are locked first
   * and everything is read under the lock, so concurrent submissions for a meter run one after
   * the other and the later one sees the earlier one's reading (a duplicate, not a second row).
   * Either every submitted register is stored or none is.
   */
  async submit(
    account: AccountRef,
    userId: number,
    form: ReadingForm,
    today: IsoDate,
    meta: { ip?: string; requestId?: string } = {},
  ): Promise<SubmitResult> {
    return this.db.transaction(async (tx) => {
      // the meters locked first, then everything else read under the lock, in one round trip
      const { meters, registers, readings, billed } = await this.repo.submissionRows(
        account.id,
        [...form.registers.keys()],
        tx,
      );
      const registerById = new Map(registers.map((r) => [r.id, r]));
      // a register of another account (or none at all) answers like a page that does not exist
      for (const id of form.registers.keys()) if (!registerById.has(id)) throw new NotFoundError();
      if (form.meter !== null && !meters.some((m) => m.id === form.meter)) throw new NotFoundError();

      const registersOf = (meterId: number) => registers.filter((r) => r.meter_id === meterId);
      const typed = (r: RegisterRow) => (form.registers.get(r.id)?.value ?? '').trim() !== '';
      // a meter without registers (bad data) has nothing to read
      const submitted = (
        form.meter !== null
          ? meters.filter((m) => m.id === form.meter)
          : meters.filter((m) => registersOf(m.id).some(typed))
      ).filter((m) => registersOf(m.id).length > 0);
      const feedback = new Map<number, RegisterFeedback>();

      if (submitted.length === 0) {
        const firstActive = meters.find((m) => isActive(m, today));
        const reg = firstActive ? registersOf(firstActive.id)[0] : undefined;
        return {
          ok: false as const,
          reason: 'nothing' as const,
          errors: [
            {
              field: reg ? `reading[${reg.id}]` : 'form',
              text: 'Показания не введены: заполните поле «Показание» хотя бы для одного прибора учёта',
            },
          ],
          feedback,
          extraMeterIds: [],
        };
      }

      const submittedIds = new Set(submitted.flatMap((m) => registersOf(m.id)).map((r) => r.id));
      const rows = readings.filter((r) => submittedIds.has(r.register_id));
      const storedOf = (registerId: number) => rows.filter((r) => r.register_id === registerId).map(toStored);

      const errors: FieldError[] = [];
      const addError = (field: string, text: string) => {
        if (!errors.some((e) => e.field === field && e.text === text)) errors.push({ field, text });
      };
      let unconfirmed = false;
      const plan: { register: RegisterRow; date: IsoDate; value: string; rollover: boolean }[] = [];

      for (const meter of submitted) {
        const regs = registersOf(meter.id);
        // the table has one date field per meter; zones without their own field take the meter's date
        const meterDateField = regs.find((r) => form.registers.get(r.id)?.date !== undefined);
        const meterDate = meterDateField ? form.registers.get(meterDateField.id)!.date! : '';
        const dateFieldOf = (r: RegisterRow) =>
          form.registers.get(r.id)?.date !== undefined
            ? `date[${r.id}]`
            : meterDateField
              ? `date[${meterDateField.id}]`
              : `date[${r.id}]`;
        const averages = this.averages(
          meter,
          regs,
          rows,
          billed.filter((b) => b.meter_id === meter.id),
          today,
        );
        const inputs: (RegisterReadingInput & { register: RegisterRow })[] = regs.map((r) => {
          const f = form.registers.get(r.id);
          const date = normalizeDate(f?.date ?? meterDate);
          return {
            register: r,
            zone: r.zone,
            previous: previousReadingFor(storedOf(r.id), date),
            input: { value: f?.value ?? '', date },
            averageMonthlyVolume: averages.get(r.id) ?? null,
            confirmRollover: f?.rollover ?? false,
          };
        });
        const result = validateMeterReadings(meterForReading(meter), inputs, today);
        const regOfZone = (zone: Zone) => inputs.find((i) => i.zone === zone)!;
        if (!result.ok) {
          for (const e of result.errors) {
            const i = regOfZone(e.zone);
            const dateError = [
              'invalid_date',
              'future_date',
              'before_installation',
              'before_last_reading',
              'dates_differ',
            ].includes(e.code);
            addError(dateError ? dateFieldOf(i.register) : `reading[${i.register.id}]`, e.text);
            if (e.code === 'lower_than_previous') {
              // offer the rollover checkbox only when the domain would believe it
              const retry = validateReading(meterForReading(meter), i.previous, i.input, today, {
                averageMonthlyVolume: i.averageMonthlyVolume ?? null,
                confirmRollover: true,
              });
              const fb = this.feedbackOf(feedback, i.register.id);
              fb.offerRollover = retry.ok;
              if (retry.ok) fb.volume = retry.volume;
            }
          }
          // the zones that were fine still show the consumption they imply
          for (const i of inputs) {
            const single = validateReading(meterForReading(meter), i.previous, i.input, today, {
              averageMonthlyVolume: i.averageMonthlyVolume ?? null,
              confirmRollover: i.confirmRollover ?? false,
            });
            if (single.ok) this.feedbackOf(feedback, i.register.id).volume = single.volume;
          }
          continue;
        }
        for (const z of result.zones) {
          const i = regOfZone(z.zone);
          const fb = this.feedbackOf(feedback, i.register.id);
          fb.volume = z.volume;
          if (z.rollover) fb.offerRollover = true;
          const resubmission = classifyResubmission(storedOf(i.register.id), {
            date: result.date,
            value: z.value,
          });
          if (resubmission.kind === 'refused') addError(`reading[${i.register.id}]`, resubmission.error.text);
          plan.push({ register: i.register, date: result.date, value: z.value, rollover: z.rollover });
        }
        for (const w of result.warnings) {
          const i = regOfZone(w.zone);
          this.feedbackOf(feedback, i.register.id).warnings.push(w.text);
          const f = form.registers.get(i.register.id);
          if (f?.confirmedValue === undefined || f.confirmedValue.trim() !== f.value.trim())
            unconfirmed = true;
        }
      }

      if (errors.length > 0 || unconfirmed) {
        return {
          ok: false as const,
          reason: errors.length > 0 ? ('invalid' as const) : ('confirm' as const),
          errors,
          feedback,
          extraMeterIds: submitted.filter((m) => !isActive(m, today)).map((m) => m.id),
        };
      }

      const readingIds: number[] = [];
      let created = 0;
      let replaced = 0;
      let unchanged = 0;
      for (const p of plan) {
        const resubmission = classifyResubmission(storedOf(p.register.id), { date: p.date, value: p.value });
        if (resubmission.kind === 'duplicate') {
          readingIds.push(Number(resubmission.existing.id));
          unchanged++;
        } else if (resubmission.kind === 'replace') {
          const id = Number(resubmission.existing.id);
          await this.repo.replaceReading(
            id,
            { value: p.value, rollover: p.rollover, submitted_by: userId },
            tx,
          );
          readingIds.push(id);
          replaced++;
        } else if (resubmission.kind === 'new') {
          readingIds.push(
            await this.repo.insertReading(
              {
                register_id: p.register.id,
                date: p.date,
                value: p.value,
                rollover: p.rollover,
                submitted_by: userId,
              },
              tx,
            ),
          );
          created++;
        }
      }
      if (created + replaced > 0) {
        await this.audit.record(
          {
            actorId: userId,
            action: 'readings.submitted',
            targetType: 'account',
            targetId: account.id,
            ip: meta.ip,
            requestId: meta.requestId,
            details: { readings: readingIds, created, replaced },
          },
          tx,
        );
      }
      return { ok: true as const, readingIds, created, replaced, unchanged };
    });
  }

  private feedbackOf(map: Map<number, RegisterFeedback>, registerId: number): RegisterFeedback {
    let fb = map.get(registerId);
    if (!fb) map.set(registerId, (fb = { warnings: [], offerRollover: false, volume: null }));
    return fb;
  }

  /**
   * The usual monthly consumption per register, for the "3× the average" warning: the billed
   * months when at least three were billed by meter (domain rule), otherwise the readings of the
   * last year (a missing piece of src/domain, kept in estimates.ts).
   */
  private averages(
    meter: MeterRow,
    regs: RegisterRow[],
    rows: ReadingRow[],
    /** the meter's billed months (the repo's submissionRows) */
    billed: readonly BilledMonth[],
    today: IsoDate,
  ): Map<number, string> {
    const out = new Map<number, string>();
    const yearAgo = addDays(today, -365);
    for (const r of regs) {
      const history = billed
        .filter((b) => b.zone === r.zone)
        .map((b) => ({
          period: b.period,
          volume: b.volume,
          method: b.method === 'meter' ? ('meter' as const) : ('average' as const),
        }));
      const byBills = averageMonthlyVolume(history, periodOf(today));
      if (byBills) {
        out.set(r.id, byBills.volume);
        continue;
      }
      const own = rows
        .filter(
          (x) =>
            x.register_id === r.id &&
            x.status !== 'rejected' &&
            x.source !== 'estimated' &&
            x.date >= yearAgo &&
            x.date < today,
        )
        .map((x) => ({ date: x.date, value: x.value, rollover: x.rollover }));
      const byReadings = averageFromReadings(own, meter.ratio);
      if (byReadings !== null) out.set(r.id, byReadings);
    }
    return out;
  }

  /** The fig. 23 page: the readings just stored with their volumes and the charge they imply at today's rates. */
  async confirmation(
    account: AccountRef,
    readingIds: readonly number[],
    today: IsoDate,
  ): Promise<Confirmation> {
    const meters = await this.repo.metersOfAccount(account.id);
    const registers = await this.repo.registersOf(meters.map((m) => m.id));
    const registerById = new Map(registers.map((r) => [r.id, r]));
    const readings = await this.repo.readingsByIds(readingIds);
    if (readings.length !== readingIds.length || readings.some((r) => !registerById.has(r.register_id)))
      throw new NotFoundError();
    const all = await this.repo.readingsOf([...new Set(readings.map((r) => r.register_id))]);

    const out: ConfirmationMeter[] = [];
    let partial = false;
    for (const meter of meters) {
      const mine = readings.filter((r) => registerById.get(r.register_id)!.meter_id === meter.id);
      if (mine.length === 0) continue;
      const rates = meter.tariff_plan_id !== null ? await this.repo.ratesOn(meter.tariff_plan_id, today) : [];
      // a business customer's charge shows the VAT inside it at the rate of the month it will be billed in
      const period = periodForReading(mine[0]!.date, windowOf(meter));
      const vat =
        account.customer_kind === 'organisation' && (await this.repo.chargesVat(meter.supplier_id))
          ? vatOfMonth(period, await this.repo.vatRates())
          : null;
      const zones: ConfirmationZone[] = [];
      for (const reg of registers.filter((r) => r.meter_id === meter.id)) {
        const reading = mine.find((r) => r.register_id === reg.id);
        if (!reading) continue;
        const earlier = all
          .filter((r) => r.register_id === reg.id && r.id !== reading.id && r.date <= reading.date)
          .map(toStored);
        const prev = previousReadingFor(earlier, reading.date);
        const prevRow = prev
          ? all.find((r) => r.register_id === reg.id && r.date === prev.date && r.value === prev.value)
          : undefined;
        const v = volumeBetween(meter, prev?.value ?? null, reading.value, reading.rollover);
        const zoneRates = rates
          .filter((r) => r.zone === reg.zone)
          .map((r) => ({ tier: r.tier, tierLimit: r.tier_limit, price: r.price }));
        const charge = v ? expectedCharge(v.volume, zoneRates, vat ?? '0') : null;
        if (!charge) partial = true;
        zones.push({
          readingId: reading.id,
          zone: reg.zone,
          label: reg.label,
          date: reading.date,
          value: reading.value,
          previous: prev
            ? { date: prev.date, value: prev.value, source: prevRow?.source ?? 'customer' }
            : null,
          rollover: reading.rollover,
          advance: v?.advance ?? null,
          volume: v?.volume ?? null,
          price: zoneRates[0]?.price ?? null,
          charge,
        });
      }
      const volumes = zones.map((z) => z.volume).filter((v): v is string => v !== null);
      const charges = zones.map((z) => z.charge).filter((c): c is ExpectedCharge => c !== null);
      out.push({
        meter,
        period,
        zones,
        volume: volumes.length ? decimalToPlain(sumDecimals(volumes)) : null,
        chargeKop: charges.length ? sumKop(charges.map((c) => c.amountKop)) : null,
        vatKop: sumKop(charges.map((c) => c.vatKop)),
        vatPercent: vat,
      });
    }
    return {
      today,
      meters: out,
      totalKop: sumKop(out.map((m) => m.chargeKop ?? 0)),
      totalVatKop: sumKop(out.map((m) => m.vatKop)),
      partial,
    };
  }

  /** One meter's readings in the filter's dates, grouped by date and source (one row per look at the display). */
  async history(account: AccountRef, meterId: number, filter: HistoryFilter): Promise<History> {
    const meter = await this.repo.meterOfAccount(account.id, meterId);
    if (!meter) throw new NotFoundError();
    const registers = await this.repo.registersOf([meter.id]);
    const ids = registers.map((r) => r.id);
    const readings = await this.repo.readingsBetween(ids, filter.from, filter.to);
    const last = await this.repo.lastReadings(ids);
    const rows: HistoryRow[] = [];
    for (const r of readings) {
      let row = rows.find((x) => x.date === r.date && x.source === r.source);
      if (!row) {
        row = {
          date: r.date,
          source: r.source,
          values: new Map(),
          billedPeriod: null,
          expectedPeriod: null,
          rejected: false,
        };
        rows.push(row);
      }
      row.values.set(r.register_id, { value: r.value, status: r.status, rollover: r.rollover });
      if (r.billed_period) row.billedPeriod = r.billed_period.slice(0, 7);
      if (r.status === 'rejected') row.rejected = true;
    }
    for (const row of rows) {
      if (!row.billedPeriod && !row.rejected && isValidDate(row.date))
        row.expectedPeriod = periodForReading(row.date, windowOf(meter));
    }
    const lastMap = new Map<number, LastReading>();
    for (const [id, r] of last) lastMap.set(id, { date: r.date, value: r.value, source: r.source });
    return { meter, registers, rows, last: lastMap };
  }
}
