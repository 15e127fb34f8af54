// One account's bill for a period (draftBill), built from hand-made batch rows: volumes by meter, average and
// normative, zones, benefits, VAT, corrections, refusals and due dates. Every figure is worked out by hand
// from DOMAIN.md (Money, Volumes, Due dates, VAT) in the comment beside it.
import { describe, expect, it } from 'vitest';
import {
  draftBill,
  type AccountDraft,
  type AccountInput,
  type AccountInputRow,
  type AccountResult,
  type BenefitRow,
  type HistoryRow,
  type IssuedBillRow,
  type IssuedLineRow,
  type NewLine,
  type PeriodContext,
  type ReadingInputRow,
  type RegisterInputRow,
  type ServiceInputRow,
} from '../../src/domain/billDraft.js';
import { vatOfMonth, type TariffRate, type VatRate } from '../../src/domain/billing.js';
import type { DueDayRule } from '../../src/domain/dueDates.js';
import { addMonths, type Period } from '../../src/domain/periods.js';
import type { Zone } from '../../src/domain/volumes.js';

// ---------------------------------------------------------------------------------------------------------
// Builders: one residential account (2 residents) with one electricity service on plan 1 and one meter.

const ACCOUNT = 1;
const SUPPLIER = 7;
const CONTRACT = 100;
const SERVICE = 10;
const PLAN = 1;
const METER = 50;
const NUMBER = '1100012345';

/** DOMAIN.md "Due dates": residential by the 10th, from February 2026 bills by the 15th; business by the 18th. */
const DUE_RULES: DueDayRule[] = [
  { customerKind: 'person', fromPeriod: '2000-01', dueDay: 10 },
  { customerKind: 'person', fromPeriod: '2026-02', dueDay: 15 },
  { customerKind: 'organisation', fromPeriod: '2000-01', dueDay: 18 },
];

/** DOMAIN.md "VAT": 18 % from 2004-01-01, 20 % from 2019-01-01, 22 % from 2026-01-01. */
const VAT_RATES: VatRate[] = [
  { from: '2004-01-01', percent: '18' },
  { from: '2019-01-01', percent: '20' },
  { from: '2026-01-01', percent: '22' },
];

function account(over: Partial<AccountInputRow> = {}): AccountInputRow {
  return {
    id: ACCOUNT,
    number: NUMBER,
    supplier_id: SUPPLIER,
    customer_kind: 'person',
    area: null,
    residents: 2,
    ...over,
  };
}

function service(over: Partial<ServiceInputRow> = {}): ServiceInputRow {
  return {
    id: SERVICE,
    account_id: ACCOUNT,
    contract_id: CONTRACT,
    supplier_id: SUPPLIER,
    code: 'ee',
    kind: 'electricity',
    name: 'электроэнергия',
    unit: 'кВт·ч',
    method: 'meter',
    zones: ['T'],
    tariff_plan_id: PLAN,
    norm: '50',
    ...over,
  };
}

/** Single-rate plan 1 at 6.12 ₽/kWh since 2020 unless told otherwise. */
function plan(...rates: TariffRate[]): Map<number, TariffRate[]> {
  return new Map([[PLAN, rates.length > 0 ? rates : [{ from: '2020-01-01', zone: 'T', price: '6.12' }]]]);
}

function context(over: Partial<PeriodContext> = {}): PeriodContext {
  const period = over.period ?? '2026-10';
  return {
    period,
    billDate: '2026-11-23',
    dueRules: DUE_RULES,
    estimation: { averageWindowMonths: 12, averageMinMonths: 3, averageMaxPeriods: 3, averageDecimals: 2 },
    rates: plan(),
    // as the billing run sets it for a supplier that charges VAT: the rate on the month's last day
    vatPercent: vatOfMonth(period, VAT_RATES),
    ...over,
  };
}

let readingId = 1000;

interface RegisterRead {
  zone?: Zone;
  register?: number;
  /** The last billed reading (billed in the month before the period unless `billedIn`). */
  previous?: string;
  previousDate?: string;
  billedIn?: Period;
  /** The period's reading; absent: none was given. */
  current?: string;
  currentDate?: string;
  rollover?: boolean;
}

/** The register rows and readings of one meter, read in the month before `period` and in `period` (on the 20th). */
function meter(
  reads: RegisterRead[],
  opts: { period?: Period; ratio?: string; digits?: number; verificationDue?: string | null } = {},
): Pick<AccountInput, 'registers' | 'previous' | 'first' | 'current'> {
  const period = opts.period ?? '2026-10';
  const before = addMonths(period, -1);
  const out = {
    registers: [] as RegisterInputRow[],
    previous: new Map<number, ReadingInputRow>(),
    first: new Map<number, ReadingInputRow>(),
    current: new Map<number, ReadingInputRow>(),
  };
  reads.forEach((r, i) => {
    const register = r.register ?? 500 + i;
    out.registers.push({
      account_id: ACCOUNT,
      service_id: SERVICE,
      meter_id: METER,
      digits: opts.digits ?? 6,
      ratio: opts.ratio ?? '1',
      verification_due: opts.verificationDue ?? null,
      register_id: register,
      zone: r.zone ?? 'T',
    });
    if (r.previous !== undefined) {
      const prev: ReadingInputRow = {
        register_id: register,
        id: readingId++,
        date: r.previousDate ?? `${before}-20`,
        value: r.previous,
        billed_period: r.billedIn ?? before,
      };
      out.previous.set(register, prev);
    }
    if (r.current !== undefined) {
      const curr: ReadingInputRow = {
        register_id: register,
        id: readingId++,
        date: r.currentDate ?? `${period}-20`,
        value: r.current,
        rollover: r.rollover ?? false,
      };
      out.current.set(register, curr);
    }
  });
  return out;
}

function input(over: Partial<AccountInput> = {}): AccountInput {
  return {
    account: account(),
    services: [service()],
    registers: [],
    previous: new Map(),
    first: new Map(),
    current: new Map(),
    history: [],
    benefits: [],
    issued: [],
    issuedLines: [],
    ...over,
  };
}

/** Months billed earlier, for the average: [period, quantity, method]. */
function history(...months: [Period, string, string?][]): HistoryRow[] {
  return months.map(([period, quantity, method]) => ({
    account_id: ACCOUNT,
    service_id: SERVICE,
    zone: 'T',
    period,
    method: method ?? 'meter',
    quantity,
  }));
}

function benefit(percent: string, serviceId: number | null = null): BenefitRow {
  return { account_id: ACCOUNT, service_id: serviceId, name: 'ветеран труда', percent };
}

function drafted(result: AccountResult): AccountDraft {
  if (!result.ok) throw new Error(`expected a draft, got the problem ${result.problem}: ${result.detail}`);
  if (result.draft === null) throw new Error('expected a draft, got nothing to bill');
  return result.draft;
}

/** A table's rows under their full names ('%s': vitest's $field titles cut long strings short). */
function byName<T extends { name: string }>(rows: T[]): [string, T][] {
  return rows.map((r) => [r.name, r]);
}

/** What a billing engineer reads off a line: zone, quantity, tariff, charged, benefit, VAT (kopecks). */
function figures(lines: readonly NewLine[]) {
  // + 0: a line given back carries −0 kopecks of VAT, the same amount as 0 (toEqual tells them apart)
  return lines.map((l) => [l.zone, l.quantity, l.tariff, l.charged_kop, l.benefit_kop + 0, l.vat_kop + 0]);
}

// ---------------------------------------------------------------------------------------------------------

describe('a month billed from meter readings', () => {
  it('a single-zone meter read on 20.10 gives one bill line with the readings, the bill header and the billed register', () => {
    const draft = drafted(
      draftBill(input(meter([{ register: 500, previous: '1000', current: '1097' }])), context()),
    );
    // 1097 − 1000 = 97 kWh × 1 (ratio); 97 × 6.12 = 593.64
    expect(draft.lines).toEqual([
      {
        bill_number: '1100012345-202610',
        service_id: SERVICE,
        supplier_id: SUPPLIER,
        zone: 'T',
        tier: null,
        description: 'электроэнергия',
        unit: 'кВт·ч',
        method: 'meter',
        quantity: '97',
        tariff: '6.12',
        charged_kop: 59364,
        vat_kop: 0,
        vat_percent: null,
        benefit_kop: 0,
        meter_id: METER,
        reading_prev: '1000',
        reading_curr: '1097',
        position: 0,
      },
    ]);
    expect(draft.bill).toEqual({
      account_id: ACCOUNT,
      supplier_id: SUPPLIER,
      contract_id: CONTRACT,
      number: '1100012345-202610',
      date: '2026-11-23',
      period: '2026-10-01',
      type: 'bill',
      // October 2026 is after February 2026: by the 15th of the next month
      due_date: '2026-11-15',
      corrects_bill_id: null,
    });
    expect(draft.billed).toEqual([
      { bill_number: '1100012345-202610', register_id: 500, upto: '2026-10-20' },
    ]);
    expect(draft.methods).toEqual(['meter']);
    // 593.64
    expect(draft.amountKop).toBe(59364);
  });

  it.each(
    byName([
      // 1097 − 1000 = 97; 97 × 1 = 97 kWh; 97 × 6.12 = 593.64
      {
        name: 'a single-zone meter read 1000 → 1097 bills 97 kWh at 6.12 = 593.64',
        previous: '1000',
        current: '1097',
        ratio: '1',
        digits: 6,
        rollover: false,
        price: '6.12',
        quantity: '97',
        charged: 59364,
      },
      // (1215.3 − 1200.5) = 14.8; 14.8 × 30 = 444 kWh; 444 × 6.12 = 2 717.28
      {
        name: 'a meter with transformer ratio 30 read 1200.5 → 1215.3 bills 14.8 × 30 = 444 kWh at 6.12 = 2 717.28',
        previous: '1200.5',
        current: '1215.3',
        ratio: '30',
        digits: 6,
        rollover: false,
        price: '6.12',
        quantity: '444',
        charged: 271728,
      },
      // (36200 − 36156) = 44; 44 × 40 = 1 760 kWh; 1 760 × 6.12 = 10 771.20
      {
        name: 'a meter with transformer ratio 40 read 36156 → 36200 bills 44 × 40 = 1 760 kWh at 6.12 = 10 771.20',
        previous: '36156',
        current: '36200',
        ratio: '40',
        digits: 6,
        rollover: false,
        price: '6.12',
        quantity: '1760',
        charged: 1077120,
      },
      // 100.25 − 100 = 0.25 kWh; 0.25 × 6.10 = 1.525 → half up 1.53
      {
        name: 'a line of 0.25 kWh at 6.10 = 1.525 is rounded half up to 1.53',
        previous: '100',
        current: '100.25',
        ratio: '1',
        digits: 6,
        rollover: false,
        price: '6.10',
        quantity: '0.25',
        charged: 153,
      },
      // 5 digits, 99 850 → 00 120 confirmed: 120 + 100 000 − 99 850 = 270 kWh; 270 × 6.12 = 1 652.40
      {
        name: 'a 5-digit register past zero (99850 → 120, rollover confirmed) bills 270 kWh at 6.12 = 1 652.40',
        previous: '99850',
        current: '120',
        ratio: '1',
        digits: 5,
        rollover: true,
        price: '6.12',
        quantity: '270',
        charged: 165240,
      },
    ]),
  )('%s', (_name, { previous, current, ratio, digits, rollover, price, quantity, charged }) => {
    const draft = drafted(
      draftBill(
        input(meter([{ previous, current, rollover }], { ratio, digits })),
        context({ rates: plan({ from: '2020-01-01', zone: 'T', price }) }),
      ),
    );
    expect(figures(draft.lines)).toEqual([['T', quantity, price.replace(/0+$/, ''), charged, 0, 0]]);
    expect(draft.lines[0]).toMatchObject({ method: 'meter', reading_prev: previous, reading_curr: current });
    expect(draft.amountKop).toBe(charged);
  });

  it('a newly installed meter is billed from its first reading when none was billed before', () => {
    const m = meter([{ register: 500, current: '142.5' }]);
    m.first.set(500, { register_id: 500, id: readingId++, date: '2026-10-02', value: '0' });
    const draft = drafted(draftBill(input(m), context()));
    // 142.5 − 0 = 142.5 kWh; 142.5 × 6.12 = 872.10
    expect(figures(draft.lines)).toEqual([['T', '142.5', '6.12', 87210, 0, 0]]);
    expect(draft.methods).toEqual(['meter']);
  });
});

describe('a two-zone meter', () => {
  const t1t2 = (over: Partial<AccountInput> = {}) =>
    input({
      services: [service({ zones: ['T1', 'T2'] })],
      ...meter([
        { zone: 'T1', register: 501, previous: '12345.6', current: '12560.9' },
        { zone: 'T2', register: 502, previous: '4520.1', current: '4608.4' },
      ]),
      ...over,
    });

  it('a two-zone meter bills each zone at its own rate and shows each zone’s readings', () => {
    const rates = plan(
      { from: '2020-01-01', zone: 'T1', price: '6.43' },
      { from: '2020-01-01', zone: 'T2', price: '3.71' },
    );
    const draft = drafted(draftBill(t1t2(), context({ rates })));
    expect(figures(draft.lines)).toEqual([
      // day: 12560.9 − 12345.6 = 215.3 kWh; 215.3 × 6.43 = 1 384.379 → 1 384.38
      ['T1', '215.3', '6.43', 138438, 0, 0],
      // night: 4608.4 − 4520.1 = 88.3 kWh; 88.3 × 3.71 = 327.593 → 327.59
      ['T2', '88.3', '3.71', 32759, 0, 0],
    ]);
    expect(draft.lines.map((l) => [l.description, l.reading_prev, l.reading_curr])).toEqual([
      ['электроэнергия, день (T1)', '12345.6', '12560.9'],
      ['электроэнергия, ночь (T2)', '4520.1', '4608.4'],
    ]);
    // 1 384.38 + 327.59 = 1 711.97
    expect(draft.amountKop).toBe(171197);
    expect(draft.billed.map((b) => b.register_id)).toEqual([501, 502]);
  });

  it('a day rate changing on 16.10 splits the day zone by days: 15/31 at the old price, 16/31 at the new', () => {
    const rates = plan(
      { from: '2020-01-01', zone: 'T1', price: '6.00' },
      { from: '2026-10-16', zone: 'T1', price: '6.60' },
      { from: '2020-01-01', zone: 'T2', price: '3.00' },
    );
    const m = meter([
      { zone: 'T1', register: 501, previous: '500', current: '810' },
      { zone: 'T2', register: 502, previous: '200', current: '250' },
    ]);
    const draft = drafted(
      draftBill(input({ services: [service({ zones: ['T1', 'T2'] })], ...m }), context({ rates })),
    );
    expect(figures(draft.lines)).toEqual([
      // day 810 − 500 = 310 kWh: 310 × 15/31 = 150 kWh × 6.00 = 900.00
      ['T1', '150', '6', 90000, 0, 0],
      // the rest 310 − 150 = 160 kWh × 6.60 = 1 056.00
      ['T1', '160', '6.6', 105600, 0, 0],
      // night 250 − 200 = 50 kWh × 3.00 = 150.00
      ['T2', '50', '3', 15000, 0, 0],
    ]);
    expect(draft.lines[0]!.description).toContain('с 01.10 по 15.10');
    expect(draft.lines[1]!.description).toContain('с 16.10 по 31.10');
    // 900.00 + 1 056.00 + 150.00 = 2 106.00
    expect(draft.amountKop).toBe(210600);
  });
});

describe('a month without a usable reading', () => {
  const usual = history(['2026-07', '100'], ['2026-08', '110'], ['2026-09', '120']);

  it.each(
    byName([
      {
        name: 'a month without a reading after three metered months is billed by their average: 110 kWh = 673.20',
        rows: () => input({ ...meter([{ previous: '900' }]), history: usual }),
        // (100 + 110 + 120) / 3 = 110 kWh; 110 × 6.12 = 673.20
        method: 'average',
        quantity: '110',
        charged: 67320,
      },
      {
        name: 'an average that does not divide evenly is rounded to 0.01 kWh: 111.67 kWh = 683.42',
        rows: () =>
          input({
            ...meter([{ previous: '900' }]),
            history: history(['2026-07', '100'], ['2026-08', '110'], ['2026-09', '125']),
          }),
        // (100 + 110 + 125) / 3 = 111.666… → 111.67 kWh; 111.67 × 6.12 = 683.4204 → 683.42
        method: 'average',
        quantity: '111.67',
        charged: 68342,
      },
      {
        name: 'of thirteen metered months only the last twelve make the average: 100 kWh = 612.00',
        rows: () =>
          input({
            ...meter([{ previous: '900' }]),
            history: history(
              ['2025-09', '1000'],
              ...Array.from({ length: 12 }, (_, i) => [addMonths('2025-10', i), '100'] as [Period, string]),
            ),
          }),
        // only the last 12 (10.2025–09.2026, 100 each) count: 1 200 / 12 = 100 kWh; 100 × 6.12 = 612.00
        method: 'average',
        quantity: '100',
        charged: 61200,
      },
      {
        name: 'after two estimated months the third is still billed by the average of metered months: 100 kWh = 612.00',
        rows: () =>
          input({
            ...meter([{ previous: '900', billedIn: '2026-07' }]),
            history: history(
              ['2026-05', '90'],
              ['2026-06', '100'],
              ['2026-07', '110'],
              ['2026-08', '100', 'average'],
              ['2026-09', '100', 'average'],
            ),
          }),
        // the third estimated period is still allowed; average of the metered months only:
        // (90 + 100 + 110) / 3 = 100 kWh; 100 × 6.12 = 612.00
        method: 'average',
        quantity: '100',
        charged: 61200,
      },
      {
        name: 'a reading taken after the meter’s verification date is not used: billed by the average, 110 kWh = 673.20',
        rows: () =>
          input({
            ...meter([{ previous: '900', current: '1500' }], { verificationDue: '2026-10-01' }),
            history: usual,
          }),
        // the reading of 20.10 is not used (verification ended 01.10): 110 kWh × 6.12 = 673.20
        method: 'average',
        quantity: '110',
        charged: 67320,
      },
      {
        name: 'a reading lower than the previous one without a confirmed rollover is not used: billed by the average, 110 kWh = 673.20',
        rows: () => input({ ...meter([{ previous: '900', current: '850' }]), history: usual }),
        // not a usable reading: 110 kWh × 6.12 = 673.20
        method: 'average',
        quantity: '110',
        charged: 67320,
      },
      {
        name: 'with fewer than three metered months there is no average: billed by the normative 50 × 2 = 100 kWh = 612.00',
        rows: () =>
          input({
            ...meter([{ previous: '900' }]),
            history: history(['2026-08', '110'], ['2026-09', '120']),
          }),
        // no average: the normative 50 kWh × 2 residents = 100 kWh; 100 × 6.12 = 612.00
        method: 'norm',
        quantity: '100',
        charged: 61200,
      },
      {
        name: 'after three average months in a row the normative follows: 50 × 2 = 100 kWh = 612.00',
        rows: () =>
          input({
            ...meter([{ previous: '900', billedIn: '2026-06' }]),
            history: history(
              ['2026-04', '100'],
              ['2026-05', '100'],
              ['2026-06', '100'],
              ['2026-07', '100', 'average'],
              ['2026-08', '100', 'average'],
              ['2026-09', '100', 'average'],
            ),
          }),
        // the average is used up: 50 kWh × 2 residents = 100 kWh; 100 × 6.12 = 612.00
        method: 'norm',
        quantity: '100',
        charged: 61200,
      },
      {
        name: 'after three average months and a normative one it stays on the normative: 100 kWh = 612.00',
        rows: () =>
          input({
            ...meter([{ previous: '900', billedIn: '2026-05' }]),
            history: history(
              ['2026-03', '120'],
              ['2026-04', '120'],
              ['2026-05', '120'],
              ['2026-06', '120', 'average'],
              ['2026-07', '120', 'average'],
              ['2026-08', '120', 'average'],
              ['2026-09', '100', 'norm'],
            ),
          }),
        // stays on the normative until a reading comes: 50 × 2 = 100 kWh; 100 × 6.12 = 612.00
        method: 'norm',
        quantity: '100',
        charged: 61200,
      },
    ]),
  )('%s', (_name, { rows, method, quantity, charged }) => {
    const draft = drafted(draftBill(rows(), context()));
    expect(draft.methods).toEqual([method]);
    expect(figures(draft.lines)).toEqual([['T', quantity, '6.12', charged, 0, 0]]);
    // an estimate is marked as such and is never shown as the customer's readings; no reading becomes billed
    expect(draft.lines[0]).toMatchObject({
      method,
      description: method === 'average' ? 'электроэнергия, по среднему' : 'электроэнергия, по нормативу',
      reading_prev: null,
      reading_curr: null,
    });
    expect(draft.billed).toEqual([]);
    expect(draft.amountKop).toBe(charged);
  });

  const estimated = history(
    ['2026-07', '110', 'average'],
    ['2026-08', '110', 'average'],
    ['2026-09', '110', 'average'],
  );

  it('the first reading after three estimated months bills what it measured less what the estimates charged', () => {
    const m = meter([{ previous: '1000', previousDate: '2026-06-20', billedIn: '2026-06', current: '1400' }]);
    const draft = drafted(draftBill(input({ ...m, history: estimated }), context()));
    // 1400 − 1000 = 400 kWh measured − 3 × 110 = 330 estimated = 70 kWh; 70 × 6.12 = 428.40
    expect(figures(draft.lines)).toEqual([['T', '70', '6.12', 42840, 0, 0]]);
    expect(draft.lines[0]!.description).toContain(
      'за вычетом 330 кВт·ч, начисленных без показаний за 07.2026–09.2026',
    );
    expect(draft.lines[0]).toMatchObject({ method: 'meter', reading_prev: '1000', reading_curr: '1400' });
  });

  it('when the estimates charged more than the meter measured, the difference is given back', () => {
    const m = meter([{ previous: '1000', previousDate: '2026-06-20', billedIn: '2026-06', current: '1200' }]);
    const draft = drafted(draftBill(input({ ...m, history: estimated }), context()));
    // 1200 − 1000 = 200 kWh − 330 = −130 kWh; −130 × 6.12 = −795.60
    expect(figures(draft.lines)).toEqual([['T', '-130', '6.12', -79560, 0, 0]]);
    expect(draft.amountKop).toBe(-79560);
  });
});

describe('an account without a meter, billed by the normative', () => {
  it.each(
    byName([
      {
        name: 'a normative account of 3 residents is billed 50 kWh × 3 = 150 kWh at 6.12 = 918.00',
        svc: { method: 'norm_per_resident' as const, norm: '50' },
        acc: { residents: 3 },
        price: '6.12',
        // 50 × 3 = 150 kWh; 150 × 6.12 = 918.00
        quantity: '150',
        charged: 91800,
      },
      {
        name: 'a normative account with nobody registered is billed 50 × 0 = 0 kWh = 0.00',
        svc: { method: 'norm_per_resident' as const, norm: '50' },
        acc: { residents: 0 },
        price: '6.12',
        // 50 × 0 = 0 kWh; 0.00
        quantity: '0',
        charged: 0,
      },
      {
        name: 'heating by the per-m² norm is billed 0.0280 Gcal × 60.6 m² at 1 947.69 = 3 304.84 (seed 002)',
        svc: {
          method: 'norm_per_area' as const,
          norm: '0.0280',
          kind: 'heating',
          name: 'отопление',
          unit: 'Гкал',
        },
        acc: { area: '60.6' },
        price: '1947.69',
        // 0.0280 × 60.6 = 1.6968 Gcal; 1.6968 × 1 947.69 = 3 304.840392 → 3 304.84
        quantity: '1.6968',
        charged: 330484,
      },
    ]),
  )('%s', (_name, { svc, acc, price, quantity, charged }) => {
    const draft = drafted(
      draftBill(
        input({ account: account(acc), services: [service(svc)] }),
        context({ rates: plan({ from: '2020-01-01', zone: 'T', price }) }),
      ),
    );
    expect(figures(draft.lines)).toEqual([['T', quantity, price, charged, 0, 0]]);
    expect(draft.lines[0]).toMatchObject({
      method: 'norm',
      reading_prev: null,
      reading_curr: null,
      meter_id: null,
    });
    expect(draft.methods).toEqual(['norm']);
    expect(draft.amountKop).toBe(charged);
  });
});

describe('benefits', () => {
  it.each(
    byName([
      {
        name: 'a 50 % benefit on 612.00 takes off 306.00',
        previous: '10',
        current: '110',
        price: '6.12',
        benefits: [benefit('50')],
        // 100 × 6.12 = 612.00; 50 % = 306.00; to pay 612.00 − 306.00 = 306.00
        quantity: '100',
        charged: 61200,
        benefitKop: 30600,
        amount: 30600,
      },
      {
        name: 'a 15 % benefit on 593.64 is rounded half up to 89.05',
        previous: '1000',
        current: '1097',
        price: '6.12',
        benefits: [benefit('15')],
        // 97 × 6.12 = 593.64; 15 % = 89.046 → 89.05; to pay 593.64 − 89.05 = 504.59
        quantity: '97',
        charged: 59364,
        benefitKop: 8905,
        amount: 50459,
      },
      {
        name: 'a 50 % benefit on 1.53 is 0.765, rounded half up to 0.77',
        previous: '100',
        current: '100.25',
        price: '6.10',
        benefits: [benefit('50')],
        // 0.25 × 6.10 = 1.525 → 1.53; 50 % = 0.765 → 0.77; to pay 1.53 − 0.77 = 0.76
        quantity: '0.25',
        charged: 153,
        benefitKop: 77,
        amount: 76,
      },
      {
        name: 'a benefit granted for another service takes nothing off this one',
        previous: '1000',
        current: '1097',
        price: '6.12',
        benefits: [benefit('50', SERVICE + 1)],
        // 97 × 6.12 = 593.64; no benefit on this service
        quantity: '97',
        charged: 59364,
        benefitKop: 0,
        amount: 59364,
      },
    ]),
  )('%s', (_name, { previous, current, price, benefits, quantity, charged, benefitKop, amount }) => {
    const draft = drafted(
      draftBill(
        input({ ...meter([{ previous, current }]), benefits }),
        context({ rates: plan({ from: '2020-01-01', zone: 'T', price }) }),
      ),
    );
    expect(figures(draft.lines)).toEqual([['T', quantity, price.replace(/0+$/, ''), charged, benefitKop, 0]]);
    expect(draft.amountKop).toBe(amount);
  });
});

describe('VAT on business invoices', () => {
  const business = (period: Period, previous: string, current: string, ratio = '1') =>
    input({
      account: account({ customer_kind: 'organisation', residents: 0 }),
      ...meter([{ previous, current }], { period, ratio }),
    });
  const at600 = plan({ from: '2000-01-01', zone: 'T', price: '6.00' });

  it.each(
    byName([
      {
        name: 'an invoice for October 2026 splits 22 % (in force on 31.10.2026) out of 10 560.00: 1 904.26',
        period: '2026-10',
        previous: '36156',
        current: '36200',
        ratio: '40',
        // 44 × 40 = 1 760 kWh × 6.00 = 10 560.00 with VAT; 10 560.00 × 22 / 122 = 1 904.262… → 1 904.26
        quantity: '1760',
        charged: 1056000,
        vat: 190426,
        percent: '22',
      },
      {
        name: 'an invoice for December 2025 splits 20 % (in force on 31.12.2025): 600.00 holds 100.00',
        period: '2025-12',
        previous: '1000',
        current: '1100',
        ratio: '1',
        quantity: '100',
        charged: 60000,
        vat: 10000,
        percent: '20',
      },
      {
        name: 'the same volume in January 2026 owes the same 600.00, holding 22 %: 108.20',
        period: '2026-01',
        previous: '1100',
        current: '1200',
        ratio: '1',
        // 600.00 × 22 / 122 = 108.196… → 108.20
        quantity: '100',
        charged: 60000,
        vat: 10820,
        percent: '22',
      },
      {
        name: 'an invoice for December 2018 splits 18 % (in force on 31.12.2018): 600.00 holds 91.53',
        period: '2018-12',
        previous: '1000',
        current: '1100',
        ratio: '1',
        // 600.00 × 18 / 118 = 91.525… → 91.53
        quantity: '100',
        charged: 60000,
        vat: 9153,
        percent: '18',
      },
      {
        name: 'VAT of 2.2185 inside 12.30 is rounded half up to 2.22',
        period: '2026-10',
        previous: '100',
        current: '102.05',
        ratio: '1',
        // 2.05 kWh × 6.00 = 12.30; 12.30 × 22 / 122 = 2.218… → 2.22
        quantity: '2.05',
        charged: 1230,
        vat: 222,
        percent: '22',
      },
    ]),
  )('%s', (_name, { period, previous, current, ratio, quantity, charged, vat, percent }) => {
    const draft = drafted(
      draftBill(business(period, previous, current, ratio), context({ period, rates: at600 })),
    );
    expect(draft.bill.type).toBe('invoice');
    expect(figures(draft.lines)).toEqual([['T', quantity, '6', charged, 0, vat]]);
    expect(draft.lines[0]!.vat_percent).toBe(percent);
    expect(draft.amountKop).toBe(charged);
  });

  it('a supplier on a special tax regime charges no VAT', () => {
    const draft = drafted(
      draftBill(business('2026-10', '1000', '1100'), context({ rates: at600, vatPercent: null })),
    );
    // 100 kWh × 6.00 = 600.00, no VAT
    expect(figures(draft.lines)).toEqual([['T', '100', '6', 60000, 0, 0]]);
    expect(draft.lines[0]!.vat_percent).toBeNull();
  });

  it('a residential bill on the same plan does not split the VAT inside its price', () => {
    const draft = drafted(
      draftBill(input(meter([{ previous: '1000', current: '1100' }])), context({ rates: at600 })),
    );
    expect(draft.bill.type).toBe('bill');
    expect(figures(draft.lines)).toEqual([['T', '100', '6', 60000, 0, 0]]);
    expect(draft.lines[0]!.vat_percent).toBeNull();
  });

  it('122 000,00 of a March 2026 invoice holds 22 000,00 of VAT', () => {
    const draft = drafted(
      draftBill(
        business('2026-03', '10000', '30000'),
        context({ period: '2026-03', rates: plan({ from: '2020-01-01', zone: 'T', price: '6.10' }) }),
      ),
    );
    // 20 000 kWh × 6.10 = 122 000.00 with VAT; VAT inside = 122 000.00 × 22 / 122 = 22 000.00
    expect(figures(draft.lines)).toEqual([['T', '20000', '6.1', 12200000, 0, 2200000]]);
    expect(draft.lines[0]!.vat_percent).toBe('22');
  });
});

describe('recalculating a period that was already billed', () => {
  const ORIGINAL = 900;
  const issuedBill = (over: Partial<IssuedBillRow> = {}): IssuedBillRow => ({
    id: ORIGINAL,
    account_id: ACCOUNT,
    supplier_id: SUPPLIER,
    contract_id: CONTRACT,
    number: '1100012345-202610',
    type: 'bill',
    corrects_bill_id: null,
    billing_run_id: 3,
    ...over,
  });
  // as the database returns them: numeric(…, 6) quantities and numeric(…, 4) tariffs
  const issuedLine = (over: Partial<IssuedLineRow> = {}): IssuedLineRow => ({
    bill_id: ORIGINAL,
    service_id: SERVICE,
    supplier_id: SUPPLIER,
    zone: 'T',
    tier: null,
    method: 'meter',
    unit: 'кВт·ч',
    description: 'электроэнергия',
    quantity: '97.000000',
    tariff: '6.1200',
    charged_kop: 59364,
    vat_kop: 0,
    benefit_kop: 0,
    ...over,
  });
  const read97 = () => meter([{ previous: '1000', current: '1097' }]);
  const at = (price: string) => context({ rates: plan({ from: '2020-01-01', zone: 'T', price }) });

  it('the same readings and tariff as the issued bill give no correction', () => {
    // 97 × 6.12 = 593.64 again
    const result = draftBill(
      input({ ...read97(), issued: [issuedBill()], issuedLines: [issuedLine()] }),
      at('6.12'),
    );
    expect(result).toEqual({ ok: true, draft: null });
  });

  it('a corrected tariff gives a correction bill reversing the old line and charging the new one, due as a bill of the month it is issued in', () => {
    const draft = drafted(
      draftBill(input({ ...read97(), issued: [issuedBill()], issuedLines: [issuedLine()] }), at('6.50')),
    );
    expect(figures(draft.lines)).toEqual([
      // −97 kWh at 6.12 = −593.64
      ['T', '-97', '6.12', -59364, 0, 0],
      // 97 kWh × 6.50 = 630.50
      ['T', '97', '6.5', 63050, 0, 0],
    ]);
    expect(draft.bill).toMatchObject({
      number: '1100012345-202610-К1',
      type: 'correction',
      period: '2026-10-01',
      date: '2026-11-23',
      corrects_bill_id: ORIGINAL,
      contract_id: CONTRACT,
      // issued on 23.11.2026: a November bill, due by 15.12.2026 (not October's 15.11)
      due_date: '2026-12-15',
    });
    expect(draft.lines.every((l) => l.bill_number === '1100012345-202610-К1')).toBe(true);
    // 630.50 − 593.64 = 36.86
    expect(draft.amountKop).toBe(3686);
  });

  it('a corrected reading gives a correction of the difference in volume only', () => {
    const m = meter([{ previous: '1000', current: '1110' }]);
    const draft = drafted(
      draftBill(input({ ...m, issued: [issuedBill()], issuedLines: [issuedLine()] }), at('6.12')),
    );
    // 1110 − 1000 = 110 kWh, 97 issued: +13 kWh; 110 × 6.12 = 673.20 − 593.64 = 79.56 (= 13 × 6.12)
    expect(figures(draft.lines)).toEqual([['T', '13', '6.12', 7956, 0, 0]]);
    expect(draft.amountKop).toBe(7956);
  });

  it('a lower tariff with a 50 % benefit gives a reducing correction', () => {
    const m = meter([{ previous: '10', current: '110' }]);
    const lines = [issuedLine({ quantity: '100.000000', charged_kop: 61200, benefit_kop: 30600 })];
    const draft = drafted(
      draftBill(
        input({ ...m, benefits: [benefit('50')], issued: [issuedBill()], issuedLines: lines }),
        at('6.00'),
      ),
    );
    // issued: 100 × 6.12 = 612.00, benefit 306.00, to pay 306.00
    // now: 100 × 6.00 = 600.00, benefit 300.00, to pay 300.00; correction 300.00 − 306.00 = −6.00
    expect(draft.amountKop).toBe(-600);
    // the benefit taken back cannot be stored negative: −612.00 + 306.00 = −306.00 charged, benefit 0
    expect(figures(draft.lines)).toEqual([
      ['T', '-100', '6.12', -30600, 0, 0],
      ['T', '100', '6', 60000, 30000, 0],
    ]);
  });

  it('a correction a run already issued counts: recalculating again with the same tariff gives nothing', () => {
    const issued = [
      issuedBill(),
      issuedBill({
        id: 902,
        number: '1100012345-202610-К1',
        type: 'correction',
        corrects_bill_id: ORIGINAL,
        billing_run_id: 4,
      }),
    ];
    const issuedLines = [
      issuedLine(),
      issuedLine({ bill_id: 902, quantity: '-97.000000', charged_kop: -59364 }),
      issuedLine({ bill_id: 902, tariff: '6.5000', charged_kop: 63050 }),
    ];
    // issued − 593.64 + 593.64 + 630.50 = 630.50 = 97 × 6.50 now
    expect(draftBill(input({ ...read97(), issued, issuedLines }), at('6.50'))).toEqual({
      ok: true,
      draft: null,
    });
    // a further change to 6.80 reverses the 6.50 line only and numbers the correction К2
    const draft = drafted(draftBill(input({ ...read97(), issued, issuedLines }), at('6.80')));
    expect(draft.bill.number).toBe('1100012345-202610-К2');
    expect(figures(draft.lines)).toEqual([
      // −97 × 6.50 = −630.50
      ['T', '-97', '6.5', -63050, 0, 0],
      // 97 × 6.80 = 659.60
      ['T', '97', '6.8', 65960, 0, 0],
    ]);
    // 659.60 − 630.50 = 29.10
    expect(draft.amountKop).toBe(2910);
  });

  it('a correction entered by hand (an inspection act) stays: the run corrects only what it derived', () => {
    const act = issuedBill({
      id: 901,
      number: '1100012345-202610-АКТ',
      type: 'correction',
      corrects_bill_id: ORIGINAL,
      billing_run_id: null,
    });
    const issued = [issuedBill(), act];
    // the act took 10 kWh off: −10 × 6.12 = −61.20
    const issuedLines = [
      issuedLine(),
      issuedLine({ bill_id: 901, method: 'manual', quantity: '-10', tariff: '6.12', charged_kop: -6120 }),
    ];
    expect(draftBill(input({ ...read97(), issued, issuedLines }), at('6.12'))).toEqual({
      ok: true,
      draft: null,
    });
    const draft = drafted(draftBill(input({ ...read97(), issued, issuedLines }), at('6.50')));
    expect(draft.bill.number).toBe('1100012345-202610-К2');
    // the 97 kWh the run billed: −97 × 6.12 = −593.64, 97 × 6.50 = 630.50; the act's −10 kWh untouched
    expect(figures(draft.lines)).toEqual([
      ['T', '-97', '6.12', -59364, 0, 0],
      ['T', '97', '6.5', 63050, 0, 0],
    ]);
  });

  it('a period with only a correction and no issued bill is refused as nothing_issued', () => {
    const issued = [issuedBill({ type: 'correction', corrects_bill_id: 800 })];
    const result = draftBill(input({ ...read97(), issued, issuedLines: [issuedLine()] }), at('6.50'));
    expect(result).toMatchObject({ ok: false, problem: 'nothing_issued' });
  });
});

describe('accounts that cannot be billed are reported as a problem, not thrown', () => {
  const norm = service({ method: 'norm_per_resident', norm: '50' });

  it.each(
    byName([
      {
        name: 'an account with no services in force is refused with no_services',
        rows: () => input({ services: [] }),
        ctx: () => context(),
        problem: 'no_services',
        detail: 'нет действующих услуг',
      },
      {
        name: 'a service without a tariff plan is refused with no_tariff',
        rows: () => input({ services: [{ ...norm, tariff_plan_id: null }] }),
        ctx: () => context(),
        problem: 'no_tariff',
        detail: 'услуга ee: не назначен тариф',
      },
      {
        name: 'a plan with no rates at all is refused with no_tariff',
        rows: () => input({ services: [norm] }),
        ctx: () => context({ rates: new Map() }),
        problem: 'no_tariff',
        detail: 'услуга ee: нет тарифа зоны T на 2026-10-01',
      },
      {
        name: 'a plan whose only rate starts on 16.10 leaves 01.10–15.10 unpriced: no_tariff',
        rows: () => input({ services: [norm] }),
        ctx: () => context({ rates: plan({ from: '2026-10-16', zone: 'T', price: '6.12' }) }),
        problem: 'no_tariff',
        detail: 'услуга ee: нет тарифа зоны T на 2026-10-01',
      },
      {
        name: 'a two-zone meter on a plan without a night rate is refused with no_tariff for T2',
        rows: () =>
          input({
            services: [service({ zones: ['T1', 'T2'] })],
            ...meter([
              { zone: 'T1', previous: '500', current: '810' },
              { zone: 'T2', previous: '200', current: '250' },
            ]),
          }),
        ctx: () => context({ rates: plan({ from: '2020-01-01', zone: 'T1', price: '6.00' }) }),
        problem: 'no_tariff',
        detail: 'услуга ee: нет тарифа зоны T2 на 2026-10-01',
      },
      {
        name: 'a normative service without a norm is refused with no_norm',
        rows: () => input({ services: [{ ...norm, norm: null }] }),
        ctx: () => context(),
        problem: 'no_norm',
        detail: 'услуга ee: нет норматива',
      },
      {
        name: 'a meter with no reading and no history, on a service without a norm, is refused with no_norm',
        rows: () => input({ services: [service({ norm: null })], ...meter([{ previous: '900' }]) }),
        ctx: () => context(),
        problem: 'no_norm',
        detail: 'услуга ee: нет норматива',
      },
      {
        name: 'a per-m² norm on an account without an area is refused with no_area',
        rows: () => input({ services: [service({ method: 'norm_per_area', norm: '0.0280' })] }),
        ctx: () => context(),
        problem: 'no_area',
        detail: 'услуга ee: не указана площадь',
      },
    ]),
  )('%s', (_name, { rows, ctx, problem, detail }) => {
    let result: AccountResult | undefined;
    expect(() => (result = draftBill(rows(), ctx()))).not.toThrow();
    expect(result).toEqual({ ok: false, problem, detail });
  });
});

describe('the due date', () => {
  it.each(
    byName([
      // residential, before the February 2026 rule: the 10th of the next month
      {
        name: 'a residential bill for 2025-12 is due on 2026-01-10',
        kind: 'person' as const,
        period: '2025-12',
        due: '2026-01-10',
      },
      {
        name: 'a residential bill for 2026-01 is due on 2026-02-10',
        kind: 'person' as const,
        period: '2026-01',
        due: '2026-02-10',
      },
      // from bills for February 2026 on: the 15th
      {
        name: 'a residential bill for 2026-02 is due on 2026-03-15',
        kind: 'person' as const,
        period: '2026-02',
        due: '2026-03-15',
      },
      {
        name: 'a residential bill for 2026-10 is due on 2026-11-15',
        kind: 'person' as const,
        period: '2026-10',
        due: '2026-11-15',
      },
      // business: the final settlement by the 18th of the next month
      {
        name: 'a business invoice for 2025-12 is due on 2026-01-18',
        kind: 'organisation' as const,
        period: '2025-12',
        due: '2026-01-18',
      },
      {
        name: 'a business invoice for 2026-10 is due on 2026-11-18',
        kind: 'organisation' as const,
        period: '2026-10',
        due: '2026-11-18',
      },
    ]),
  )('%s', (_name, { kind, period, due }) => {
    const rows = input({
      account: account({ customer_kind: kind }),
      services: [service({ method: 'norm_per_resident' })],
    });
    const draft = drafted(draftBill(rows, context({ period })));
    expect(draft.bill.due_date).toBe(due);
    expect(draft.bill.period).toBe(`${period}-01`);
  });
});
