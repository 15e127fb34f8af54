// The consumption chart: monthly kWh by zone as server-rendered SVG geometry, its table, and the year-on-year comparison.
import {
  compareDecimal,
  decimalToPlain,
  decimalToString,
  divDecimal,
  mulDecimal,
  subDecimal,
  sumDecimals,
} from '../../domain/decimal.js';
import { addMonths } from '../../domain/periods.js';
import type { UsageRow } from './repo.js';
import { formatDecimal } from '../../domain/format.js';

export interface UsageMonth {
  period: string;
  /** Exact volume per zone ('T', 'T1'…) as decimal strings; the zone '' holds lines without a zone. */
  byZone: Record<string, string>;
  total: string;
  hasData: boolean;
}

export interface UsageComparison {
  period: string;
  total: string;
  previousPeriod: string;
  previousTotal: string;
  /** Change in per cent, one decimal, signed ("12.5", "-3.0"); null when last year's volume was 0. */
  changePercent: string | null;
}

export interface Bar {
  x: number;
  y: number;
  width: number;
  height: number;
  zone: string;
  period: string;
  value: string;
}

export interface UsageChart {
  months: UsageMonth[];
  zones: string[];
  comparison: UsageComparison | null;
  svg: {
    width: number;
    height: number;
    plot: { left: number; top: number; right: number; bottom: number };
    bars: Bar[];
    ticks: { y: number; label: string }[];
    labels: { x: number; text: string }[];
  };
}

const ZONE_ORDER = ['T', 'T1', 'T3', 'T2', ''];

/** A round step for the y axis so that about four gridlines cover the maximum. */
function niceStep(max: number): number {
  if (max <= 0) return 1;
  const raw = max / 4;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const n = raw / mag;
  return (n <= 1 ? 1 : n <= 2 ? 2 : n <= 2.5 ? 2.5 : n <= 5 ? 5 : 10) * mag;
}

export function usageChart(periods: string[], rows: UsageRow[]): UsageChart {
  const months: UsageMonth[] = periods.map((p) => {
    const mine = rows.filter((r) => r.period.slice(0, 7) === p);
    const byZone: Record<string, string> = {};
    for (const r of mine)
      byZone[r.zone ?? ''] = decimalToPlain(sumDecimals([byZone[r.zone ?? ''] ?? '0', r.quantity]));
    return {
      period: p,
      byZone,
      total: decimalToPlain(sumDecimals(Object.values(byZone).length ? Object.values(byZone) : ['0'])),
      hasData: mine.length > 0,
    };
  });
  const zones = ZONE_ORDER.filter((z) => months.some((m) => m.byZone[z] !== undefined));

  // the latest month with data, against the same month a year before
  let comparison: UsageComparison | null = null;
  const latest = [...months].reverse().find((m) => m.hasData);
  if (latest) {
    const previousPeriod = addMonths(latest.period, -12);
    const prev = months.find((m) => m.period === previousPeriod);
    if (prev?.hasData) {
      const changePercent =
        compareDecimal(prev.total, '0') === 0
          ? null
          : decimalToString(
              divDecimal(mulDecimal(subDecimal(latest.total, prev.total), '100'), prev.total, 1),
            );
      comparison = {
        period: latest.period,
        total: latest.total,
        previousPeriod,
        previousTotal: prev.total,
        changePercent,
      };
    }
  }

  // geometry: display only, so floating point is fine here (the table carries the exact figures)
  const width = 720;
  const height = 280;
  const plot = { left: 56, top: 16, right: width - 12, bottom: height - 40 };
  const max = Math.max(0, ...months.map((m) => Number(m.total)));
  const step = niceStep(max);
  const top = Math.max(step, Math.ceil(max / step) * step);
  const scale = (v: number) => ((plot.bottom - plot.top) * v) / top;
  const slot = (plot.right - plot.left) / Math.max(1, months.length);
  const barWidth = Math.max(4, slot * 0.7);
  const bars: Bar[] = [];
  months.forEach((m, i) => {
    let y = plot.bottom;
    for (const z of zones) {
      const v = m.byZone[z];
      if (v === undefined || Number(v) <= 0) continue;
      const h = scale(Number(v));
      y -= h;
      bars.push({
        x: round(plot.left + i * slot + (slot - barWidth) / 2),
        y: round(y),
        width: round(barWidth),
        height: round(h),
        zone: z || 'none',
        period: m.period,
        value: v,
      });
    }
  });
  const ticks: { y: number; label: string }[] = [];
  for (let v = 0; v <= top + 1e-9; v += step)
    ticks.push({ y: round(plot.bottom - scale(v)), label: formatTick(v) });
  const labels = months
    .map((m, i) => ({ i, m }))
    .filter(({ i }) => (months.length - 1 - i) % 3 === 0)
    .map(({ i, m }) => ({
      x: round(plot.left + i * slot + slot / 2),
      text: `${m.period.slice(5, 7)}.${m.period.slice(2, 4)}`,
    }));
  return { months, zones, comparison, svg: { width, height, plot, bars, ticks, labels } };
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

function formatTick(v: number): string {
  return Number.isInteger(v) ? formatDecimal(v) : formatDecimal(v.toFixed(1), 1);
}
