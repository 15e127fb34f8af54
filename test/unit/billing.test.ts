import { describe, expect, it } from 'vitest';
import {
  DEFAULT_VAT_RATES,
  NoTariffError,
  chargeLines,
  correctionLines,
  lineTotals,
  priceSegments,
  prorateByDays,
  ratesOn,
  segmentShare,
  vatPercentOn,
  type ChargeInput,
  type TariffRate,
} from '../../src/domain/billing.js';
import { decimalToPlain, sumDecimals } from '../../src/domain/decimal.js';
import { mulRound } from '../../src/domain/money.js';
import { normativeVolume } from '../../src/domain/volumes.js';

const komi: TariffRate[] = [
  { from: '2026-01-01', zone: 'T', price: '5.80' },
  { from: '2026-07-01', zone: 'T', price: '6.12' },
];

function pick(lines: ReturnType<typeof chargeLines>) {
  return lines.map((l) => [
    l.zone,
    l.tier,
    l.quantity,
    l.tariff,
    l.from,
    l.to,
    l.chargedKop,
    l.benefitKop,
    l.vatKop,
  ]);
}

describe('a single-rate month', () => {
  it('97 kWh at 6.12 = 593.64 (the Komi bill)', () => {
    const lines = chargeLines({
      period: '2026-10',
      unit: 'kWh',
      method: 'meter',
      volumes: [{ zone: 'T', quantity: '97' }],
      rates: komi,
    });
    expect(lines).toEqual([
      {
        zone: 'T',
        tier: null,
        unit: 'kWh',
        quantity: '97',
        tariff: '6.12',
        from: '2026-10-01',
        to: '2026-10-31',
        chargedKop: 59364,
        benefitKop: 0,
        adjustmentKop: 0,
        vatKop: 0,
        method: 'meter',
      },
    ]);
  });

  it('heating by area: 0.0280 Gcal/m² × 60.6 m² × 1 947.69 = 3 304.84, 54.54 per m²', () => {
    const quantity = normativeVolume('0.0280', { kind: 'per_area', area: '60.6' });
    const lines = chargeLines({
      period: '2018-12',
      unit: 'Gcal',
      method: 'norm',
      volumes: [{ zone: 'T', quantity }],
      rates: [{ from: '2018-07-01', zone: 'T', price: '1947.69' }],
    });
    expect(pick(lines)).toEqual([['T', null, '1.6968', '1947.69', '2018-12-01', '2018-12-31', 330484, 0, 0]]);
    expect(mulRound('0.028', '1947.69')).toBe(5454);
  });

  it('keeps a zero line for a zone without consumption', () => {
    const lines = chargeLines({
      period: '2026-10',
      unit: 'kWh',
      method: 'meter',
      volumes: [{ zone: 'T', quantity: '0' }],
      rates: komi,
    });
    expect(pick(lines)).toEqual([['T', null, '0', '6.12', '2026-10-01', '2026-10-31', 0, 0, 0]]);
  });

  it('bills each zone at its own rate', () => {
    const rates: TariffRate[] = [
      { from: '2026-01-01', zone: 'T1', price: '6.50' },
      { from: '2026-01-01', zone: 'T2', price: '3.10' },
    ];
    const lines = chargeLines({
      period: '2026-10',
      unit: 'kWh',
      method: 'meter',
      volumes: [
        { zone: 'T1', quantity: '120' },
        { zone: 'T2', quantity: '80.5' },
      ],
      rates,
    });
    expect(lines.map((l) => [l.zone, l.chargedKop])).toEqual([
      ['T1', 78000],
      ['T2', 24955],
    ]);
  });

  it('refuses a zone without a tariff', () => {
    expect(() =>
      chargeLines({
        period: '2025-12',
        unit: 'kWh',
        method: 'meter',
        volumes: [{ zone: 'T', quantity: '1' }],
        rates: komi,
      }),
    ).toThrow(NoTariffError);
    expect(() =>
      chargeLines({
        period: '2026-10',
        unit: 'kWh',
        method: 'meter',
        volumes: [{ zone: 'T2', quantity: '1' }],
        rates: komi,
      }),
    ).toThrow(NoTariffError);
  });
});

describe('a tariff change inside the month splits the volume by days', () => {
  const midMonth: TariffRate[] = [
    { from: '2026-01-01', zone: 'T', price: '6.00' },
    { from: '2026-09-15', zone: 'T', price: '6.12' },
  ];

  it('14 days at the old price and 16 at the new one; the quantities add up exactly', () => {
    const lines = chargeLines({
      period: '2026-09',
      unit: 'kWh',
      method: 'meter',
      volumes: [{ zone: 'T', quantity: '97' }],
      rates: midMonth,
    });
    // 97 × 14 / 30 = 45.2666… → 45.267; the rest 51.733
    expect(pick(lines)).toEqual([
      ['T', null, '45.267', '6', '2026-09-01', '2026-09-14', 27160, 0, 0],
      ['T', null, '51.733', '6.12', '2026-09-15', '2026-09-30', 31661, 0, 0],
    ]);
    expect(lineTotals(lines).chargedKop).toBe(58821);
  });

  it.each([
    ['on the first day it is no split', '2026-09-01', 1],
    ['on the last day it is one day at the new price', '2026-09-30', 2],
    ['the next month it does not touch this one', '2026-10-01', 1],
  ])('a rate starting %s', (_name, from, count) => {
    const lines = chargeLines({
      period: '2026-09',
      unit: 'kWh',
      method: 'meter',
      volumes: [{ zone: 'T', quantity: '30' }],
      rates: [
        { from: '2026-01-01', zone: 'T', price: '1' },
        { from, zone: 'T', price: '2' },
      ],
    });
    expect(lines).toHaveLength(count);
    expect(decimalToPlain(sumDecimals(lines.map((l) => l.quantity)))).toBe('30');
  });

  it('two changes make three segments', () => {
    const segs = priceSegments(
      [
        { from: '2026-01-01', zone: 'T', price: '1' },
        { from: '2026-02-10', zone: 'T', price: '2' },
        { from: '2026-02-20', zone: 'T', price: '3' },
      ],
      'T',
      '2026-02',
    );
    expect(segs.map((s) => [s.from, s.to, s.days, s.rates[0]?.price])).toEqual([
      ['2026-02-01', '2026-02-09', 9, '1'],
      ['2026-02-10', '2026-02-19', 10, '2'],
      ['2026-02-20', '2026-02-28', 9, '3'],
    ]);
    expect(segs.map((s) => segmentShare(s, '2026-02'))).toEqual(['9/28', '10/28', '9/28']);
  });

  it.each([
    ['97', [14, 16], 3, ['45.267', '51.733']],
    ['100', [1, 1, 1], 3, ['33.333', '33.333', '33.334']],
    ['100', [1, 1, 1], 0, ['33', '33', '34']],
    ['0.5', [10, 20], 3, ['0.167', '0.333']],
    ['10', [30], 3, ['10']],
  ])('prorating %s over %j days at %i decimals gives %j', (v, days, decimals, parts) => {
    expect(prorateByDays(v, days, decimals).map((p) => decimalToPlain(p))).toEqual(parts);
  });

  it('refuses to prorate over nothing', () => {
    expect(() => prorateByDays('1', [], 3)).toThrow(RangeError);
  });
});

describe('tiered residential volumes, each tier at its price', () => {
  const tiers: TariffRate[] = [
    { from: '2026-01-01', zone: 'T', tier: 1, tierLimit: '3900', price: '5.00' },
    { from: '2026-01-01', zone: 'T', tier: 2, tierLimit: '6000', price: '7.00' },
    { from: '2026-01-01', zone: 'T', tier: 3, price: '9.00' },
  ];
  it.each([
    ['3900', [['1', '3900', 1950000]]],
    [
      '3900.5',
      [
        ['1', '3900', 1950000],
        ['2', '0.5', 350],
      ],
    ],
    [
      '6001',
      [
        ['1', '3900', 1950000],
        ['2', '2100', 1470000],
        ['3', '1', 900],
      ],
    ],
  ])('%s kWh', (v, expected) => {
    const lines = chargeLines({
      period: '2026-10',
      unit: 'kWh',
      method: 'meter',
      volumes: [{ zone: 'T', quantity: v }],
      rates: tiers,
    });
    expect(lines.map((l) => [String(l.tier), l.quantity, l.chargedKop])).toEqual(expected);
  });

  it('refuses a middle tier without a limit', () => {
    const broken = tiers.map((t) => (t.tier === 1 ? { ...t, tierLimit: null } : t));
    expect(() =>
      chargeLines({
        period: '2026-10',
        unit: 'kWh',
        method: 'meter',
        volumes: [{ zone: 'T', quantity: '1' }],
        rates: broken,
      }),
    ).toThrow(RangeError);
  });

  it('reads the rate rows in force on a date', () => {
    expect(ratesOn(tiers, 'T', '2026-05-01').map((r) => r.tier)).toEqual([1, 2, 3]);
  });
});

describe('benefit and VAT', () => {
  const base: ChargeInput = {
    period: '2026-10',
    unit: 'kWh',
    method: 'meter',
    volumes: [{ zone: 'T', quantity: '97' }],
    rates: komi,
  };

  it.each([
    ['50', 29682],
    ['100', 59364],
    ['0', 0],
  ])('a %s %% benefit covers %i of 593.64', (p, kop) => {
    expect(chargeLines({ ...base, benefitPercent: p })[0]?.benefitKop).toBe(kop);
  });

  it('refuses a benefit over 100 %', () => {
    expect(() => chargeLines({ ...base, benefitPercent: '101' })).toThrow(RangeError);
  });

  it('finds the VAT inside a price that includes it: 593.64 holds 98.94 at 20 %', () => {
    const [line] = chargeLines({ ...base, vat: { percent: '20' } });
    expect([line?.chargedKop, line?.vatKop]).toEqual([59364, 9894]);
    expect(lineTotals([line!]).withoutVatKop).toBe(49470);
  });

  it('a new rate changes the VAT inside a price, never what the customer owes: 593.64 holds 107.05 at 22 %', () => {
    const [line] = chargeLines({ ...base, vat: { percent: '22' } });
    // 593.64 × 22 / 122 = 107.049… → 107.05
    expect([line?.chargedKop, line?.vatKop]).toEqual([59364, 10705]);
  });

  it.each([
    ['2004-01-01', '18'],
    ['2018-12-31', '18'],
    ['2019-01-01', '20'],
    ['2025-12-31', '20'],
    ['2026-01-01', '22'],
  ])('the VAT rate on %s is %s %%', (date, p) => {
    expect(vatPercentOn(date, DEFAULT_VAT_RATES)).toBe(p);
  });

  it('adds up what a bill asks for', () => {
    expect(
      lineTotals([
        { chargedKop: 1000, benefitKop: 100, adjustmentKop: -50, vatKop: 167 },
        { chargedKop: 2000, benefitKop: 0, adjustmentKop: 0, vatKop: 333 },
      ]),
    ).toEqual({
      chargedKop: 3000,
      benefitKop: 100,
      adjustmentKop: -50,
      vatKop: 500,
      amountKop: 2850,
      withoutVatKop: 2500,
    });
  });
});

describe('a correction is the difference, never an edit', () => {
  const issued = chargeLines({
    period: '2026-10',
    unit: 'kWh',
    method: 'average',
    volumes: [{ zone: 'T', quantity: '150' }],
    rates: komi,
  });
  const recalculated = chargeLines({
    period: '2026-10',
    unit: 'kWh',
    method: 'meter',
    volumes: [{ zone: 'T', quantity: '97' }],
    rates: komi,
  });

  it('re-running a period with the same result corrects nothing', () => {
    expect(correctionLines(issued, issued)).toEqual([]);
    expect(correctionLines([], [])).toEqual([]);
  });

  it('a lower actual volume gives a negative line', () => {
    expect(correctionLines(issued, recalculated)).toEqual([
      {
        service: null,
        zone: 'T',
        tier: null,
        unit: 'kWh',
        tariff: '6.12',
        quantity: '-53',
        chargedKop: -32436,
        benefitKop: 0,
        adjustmentKop: 0,
        vatKop: 0,
        method: 'meter',
      },
    ]);
  });

  it('a changed tariff reverses the old line and adds the new one', () => {
    const other = chargeLines({
      period: '2026-10',
      unit: 'kWh',
      method: 'meter',
      volumes: [{ zone: 'T', quantity: '97' }],
      rates: [{ from: '2026-10-01', zone: 'T', price: '6.50' }],
    });
    expect(correctionLines(recalculated, other).map((l) => [l.tariff, l.quantity, l.chargedKop])).toEqual([
      ['6.12', '-97', -59364],
      ['6.5', '97', 63050],
    ]);
  });

  it('matches tariffs written differently and keeps services apart', () => {
    const a = [
      {
        service: 'el',
        zone: 'T' as const,
        quantity: '10.0',
        tariff: '6.120',
        chargedKop: 6120,
        benefitKop: 0,
        vatKop: 0,
      },
    ];
    const b = [
      {
        service: 'el',
        zone: 'T' as const,
        quantity: '10',
        tariff: '6.12',
        chargedKop: 6120,
        benefitKop: 0,
        vatKop: 0,
      },
    ];
    expect(correctionLines(a, b)).toEqual([]);
    expect(correctionLines(a, [{ ...b[0]!, service: 'heat' }]).map((l) => [l.service, l.chargedKop])).toEqual(
      [
        ['el', -6120],
        ['heat', 6120],
      ],
    );
  });
});
