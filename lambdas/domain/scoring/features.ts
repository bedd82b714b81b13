import type { TenantRecord } from '../feed/feed-records';
import { activityFeatures } from './activity-features';
import { toDayNumber } from './day-number';
import { F } from './feature-catalog';
import { MIN_PEERS, percentileIn } from './percentile';
import { attributeCode, type PortfolioContext } from './portfolio-context';
import { businessMeans, reachPerDollar } from './portfolio-entry';
import { adoptionFeatures, onboardingFeatures } from './setup-features';
import type { TenantWindow } from './tenant-window';
import { sentimentFeatures, supportFeatures } from './voice-features';

/**
 * A tenant's feature vector at asOf, from its window and profile (layout in context.layout;
 * meaning of each number in feature-catalog.ts). Reads only window days up to the as-of index,
 * never the clock. Allocation-free: the caller owns `out` and reuses it across tenants. Each
 * metric is read in one pass that fills every feature built on it (activity-, voice- and
 * setup-features.ts): this is the hot loop of scoring a million tenants.
 */

/** Baselines are the same features this many days earlier (the tenant's own recent normal). */
export const BASELINE_SHIFT_DAYS = 28;

// Scratch: JS is single-threaded and nothing here re-enters, so the hot loop never allocates.
const business = new Float64Array(2);
const DAYS = 28;

export function computeFeatures(
  window: TenantWindow,
  profile: TenantRecord,
  asOf: string | number,
  context: PortfolioContext,
  out: Float64Array,
): Float64Array {
  const asOfDay = typeof asOf === 'number' ? asOf : toDayNumber(asOf);
  if (asOfDay !== window.asOfDay) {
    throw new RangeError(`window ends on day ${window.asOfDay}, features asked for day ${asOfDay}`);
  }
  return computeAt(window, profile, window.length - 1, asOfDay, context, out);
}

/**
 * The tenant's baselines: every feature as it was BASELINE_SHIFT_DAYS earlier, from the same
 * window (ranges reaching back further than the window holds see fewer days; industry
 * percentiles are read against today's peers). Drivers show value vs baseline.
 */
export function computeBaselines(
  window: TenantWindow,
  profile: TenantRecord,
  asOf: string | number,
  context: PortfolioContext,
  out: Float64Array,
): Float64Array {
  const asOfDay = typeof asOf === 'number' ? asOf : toDayNumber(asOf);
  if (asOfDay !== window.asOfDay) {
    throw new RangeError(`window ends on day ${window.asOfDay}, baselines asked for day ${asOfDay}`);
  }
  const end = window.length - 1 - BASELINE_SHIFT_DAYS;
  if (end < 0) return out.fill(Number.NaN);
  return computeAt(window, profile, end, asOfDay - BASELINE_SHIFT_DAYS, context, out);
}

function computeAt(
  window: TenantWindow,
  profile: TenantRecord,
  end: number,
  day: number,
  context: PortfolioContext,
  out: Float64Array,
): Float64Array {
  const layout = context.layout;
  if (out.length < layout.size) {
    throw new RangeError(`feature vector has ${out.length} slots, layout needs ${layout.size}`);
  }
  if (
    window.featureUsage.length !== layout.keyFeatures.length ||
    window.stepDone.length !== layout.steps.length
  ) {
    throw new RangeError('window and context were built from different feature maps');
  }
  const industry = profile.industry === undefined ? undefined : context.industries.get(profile.industry);
  const seats = profile.seatsPurchased;

  adoptionFeatures(window, profile, end, layout, out);
  const reach = reachPerDollar(window, end, profile.mrr);
  out[F.reachPerDollar] = reach;
  out[F.reachPercentile] =
    industry !== undefined && industry.reach.length >= MIN_PEERS
      ? percentileIn(industry.reach, reach)
      : Number.NaN;

  activityFeatures(window, end, seats !== undefined && seats > 0 ? seats : Number.NaN, out);

  businessMeans(window, end, business);
  const recent = business[0] as number;
  const before = business[1] as number;
  const trend = before > 0 ? recent / before - 1 : Number.NaN;
  out[F.businessTrend] = trend;
  out[F.businessTrendVsIndustry] = trend - (industry?.medianTrend ?? Number.NaN);
  out[F.businessPercentile] =
    industry !== undefined && industry.volume.length >= MIN_PEERS
      ? percentileIn(industry.volume, recent * DAYS)
      : Number.NaN;

  supportFeatures(window, end, out);
  sentimentFeatures(window, end, out);

  const tenure = profile.signupDate === undefined ? Number.NaN : day - toDayNumber(profile.signupDate);
  out[F.tenureDays] = tenure;
  out[F.daysToRenewal] =
    profile.renewalDate === undefined ? Number.NaN : toDayNumber(profile.renewalDate) - day;
  out[F.logMrr] = profile.mrr === undefined ? Number.NaN : Math.log1p(profile.mrr);
  out[F.seats] = seats ?? Number.NaN;

  onboardingFeatures(window, end, tenure, layout, out);

  const attributes = profile.attributes;
  const dictionaries = layout.attributes;
  for (let a = 0; a < dictionaries.length; a++) {
    const dictionary = dictionaries[a];
    if (dictionary === undefined) continue;
    out[layout.attributeOffset + a] =
      attributes === undefined ? Number.NaN : attributeCode(dictionary, attributes[dictionary.name]);
  }
  return out;
}
