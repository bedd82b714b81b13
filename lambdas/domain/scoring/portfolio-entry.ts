import type { TenantRecord } from '../feed/feed-records';
import { type TenantWindow, WINDOW_METRICS } from './tenant-window';

/**
 * The few numbers per tenant that peers are compared on (industry percentiles), computed the
 * same way for the portfolio context and for the tenant's own features. `end` is the window
 * index of the as-of day (window.length - 1, or earlier for baselines).
 */

/** Fewer reported days than this in a 28-day range and its level is too thin to compare. */
export const MIN_DAYS_PER_28 = 7;
const DAYS = 28;
const BUSINESS = WINDOW_METRICS.indexOf('businessVolume');
const REACH = WINDOW_METRICS.indexOf('endCustomerReach');

/**
 * Mean daily business volume of the 28 days ending at `end` (out[0]) and of the 28 before
 * (out[1]), over reported days; NaN with fewer than MIN_DAYS_PER_28. One pass, no allocation.
 */
export function businessMeans(window: TenantWindow, end: number, out: Float64Array): Float64Array {
  const values = window.columnValues[BUSINESS] as Float64Array;
  const base = window.columnBase[BUSINESS] as number;
  let recent = 0;
  let recentDays = 0;
  let before = 0;
  let beforeDays = 0;
  const last = Math.min(2 * DAYS - 1, end);
  for (let j = 0; j <= last; j++) {
    const value = values[base + end - j] as number;
    if (Number.isNaN(value)) continue;
    if (j < DAYS) {
      recent += value;
      recentDays++;
    } else {
      before += value;
      beforeDays++;
    }
  }
  out[0] = recentDays >= MIN_DAYS_PER_28 ? recent / recentDays : Number.NaN;
  out[1] = beforeDays >= MIN_DAYS_PER_28 ? before / beforeDays : Number.NaN;
  return out;
}

/** End customers reached in the 28 days ending at `end` per unit of MRR. */
export function reachPerDollar(window: TenantWindow, end: number, mrr: number | undefined): number {
  if (mrr === undefined || !(mrr > 0)) return Number.NaN;
  const values = window.columnValues[REACH] as Float64Array;
  const base = window.columnBase[REACH] as number;
  let sum = 0;
  let days = 0;
  for (let j = 0; j < DAYS && j <= end; j++) {
    const value = values[base + end - j] as number;
    if (!Number.isNaN(value)) {
      sum += value;
      days++;
    }
  }
  return days >= MIN_DAYS_PER_28 ? ((sum / days) * DAYS) / mrr : Number.NaN;
}

/** One tenant's contribution to the portfolio context; NaN where it has no data. */
export interface PortfolioEntry {
  readonly industry: string | undefined;
  /** Business volume over the last 28 days (missing days filled with the mean of the rest). */
  readonly businessVolume28d: number;
  /** Mean daily business volume of the last 28 days vs the 28 before, minus 1. */
  readonly businessTrend: number;
  readonly reachPerDollar: number;
  readonly attributes?: TenantRecord['attributes'];
}

export function portfolioEntry(profile: TenantRecord, window: TenantWindow): PortfolioEntry {
  const end = window.length - 1;
  const [recent = Number.NaN, before = Number.NaN] = businessMeans(window, end, new Float64Array(2));
  return {
    industry: profile.industry,
    businessVolume28d: recent * DAYS,
    businessTrend: before > 0 ? recent / before - 1 : Number.NaN,
    reachPerDollar: reachPerDollar(window, end, profile.mrr),
    attributes: profile.attributes,
  };
}
