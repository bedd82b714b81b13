import type { TenantRecord } from '../feed/feed-records';
import type { TenantWindow } from './tenant-window';
import { meanOf } from './window-stats';

/**
 * The few numbers per tenant that peers are compared on (industry percentiles), computed the
 * same way for the portfolio context and for the tenant's own features. `end` is the window
 * index of the as-of day (window.length - 1, or earlier for baselines).
 */

/** Fewer reported days than this in a 28-day range and its level is too thin to compare. */
export const MIN_DAYS_PER_28 = 7;
const DAYS = 28;

/** Business volume over the 28 days ending at `end`, missing days filled with the mean of the rest. */
export function businessVolume28d(window: TenantWindow, end: number): number {
  return meanOf(window.businessVolume, end - DAYS + 1, end, MIN_DAYS_PER_28) * DAYS;
}

/** Mean daily business volume of the 28 days ending at `end` vs the 28 before, minus 1. */
export function businessTrend(window: TenantWindow, end: number): number {
  const recent = meanOf(window.businessVolume, end - DAYS + 1, end, MIN_DAYS_PER_28);
  const before = meanOf(window.businessVolume, end - 2 * DAYS + 1, end - DAYS, MIN_DAYS_PER_28);
  return before > 0 ? recent / before - 1 : Number.NaN;
}

/** End customers reached in the 28 days ending at `end` per unit of MRR. */
export function reachPerDollar(window: TenantWindow, end: number, mrr: number | undefined): number {
  if (mrr === undefined || !(mrr > 0)) return Number.NaN;
  return (meanOf(window.endCustomerReach, end - DAYS + 1, end, MIN_DAYS_PER_28) * DAYS) / mrr;
}

/** One tenant's contribution to the portfolio context; NaN where it has no data. */
export interface PortfolioEntry {
  readonly industry: string | undefined;
  readonly businessVolume28d: number;
  readonly businessTrend: number;
  readonly reachPerDollar: number;
  readonly attributes?: TenantRecord['attributes'];
}

export function portfolioEntry(profile: TenantRecord, window: TenantWindow): PortfolioEntry {
  const end = window.length - 1;
  return {
    industry: profile.industry,
    businessVolume28d: businessVolume28d(window, end),
    businessTrend: businessTrend(window, end),
    reachPerDollar: reachPerDollar(window, end, profile.mrr),
    attributes: profile.attributes,
  };
}
