import type { TenantRecord } from '../feed/feed-records';
import { toDayNumber } from './day-number';
import { F } from './feature-catalog';
import {
  attributeCode,
  businessPercentile,
  type PortfolioContext,
  reachPercentile,
} from './portfolio-context';
import { businessTrend, businessVolume28d, reachPerDollar } from './portfolio-entry';
import type { TenantWindow } from './tenant-window';
import { anyPositive, lastIndexOf, meanOf, slopeOf, sumOf } from './window-stats';

/**
 * A tenant's feature vector at asOf, from its window and profile (layout in context.layout;
 * meaning of each number in feature-catalog.ts). Reads only window days up to the as-of index,
 * never the clock. Allocation-free: the caller owns `out` and reuses it across tenants.
 */

/** Onboarding is scored for the first 90 days; afterwards adoption and engagement take over. */
export const ONBOARDING_DAYS = 90;
/** Baselines are the same features this many days earlier (the tenant's own recent normal). */
export const BASELINE_SHIFT_DAYS = 28;
/** Smoothing of the ticket rate: one ticket a week, so a first ticket is not an infinite spike. */
const TICKET_PRIOR_PER_DAY = 1 / 7;
const SENTIMENT_DAYS = 90;

// Scratch buffers: JS is single-threaded and no call below re-enters, so sharing them keeps the
// per-tenant path free of allocation.
let entitled = new Uint8Array(32);
const weekly = new Float64Array(8);

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
 * window (so ranges that reach back further than the window holds see fewer days; an
 * industry percentile is read against today's peers). Drivers show value vs baseline.
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
  return computeAt(
    window,
    profile,
    window.length - 1 - BASELINE_SHIFT_DAYS,
    asOfDay - BASELINE_SHIFT_DAYS,
    context,
    out,
  );
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
  if (out.length < layout.size) throw new RangeError(`feature vector has ${out.length} slots, layout needs ${layout.size}`);
  if (window.featureUsage.length !== layout.keyFeatures.length || window.stepDone.length !== layout.steps.length) {
    throw new RangeError('window and context were built from different feature maps');
  }
  const seats = profile.seatsPurchased !== undefined && profile.seatsPurchased > 0 ? profile.seatsPurchased : Number.NaN;
  const from28 = end - 27;

  adoption(window, profile, end, layout, out);
  out[F.reachPerDollar] = reachPerDollar(window, end, profile.mrr);
  out[F.reachPercentile] = reachPercentile(context, profile.industry, out[F.reachPerDollar] as number);

  // Engagement.
  out[F.depth] = meanOf(window.activeUsers, from28, end, 7) / seats;
  change(window.activeUsers, end, out, F.activeUsersRecent, F.activeUsersBaseline, F.activeUsersChange);
  change(window.coreActions, end, out, F.coreActionsRecent, F.coreActionsBaseline, F.coreActionsChange);
  for (let w = 0; w < 8; w++) {
    const weekEnd = end - 7 * (7 - w);
    weekly[w] = meanOf(window.activeUsers, weekEnd - 6, weekEnd, 3);
  }
  const weeklyMean = meanOf(weekly, 0, 7, 4);
  out[F.engagementSlope] = weeklyMean > 0 ? slopeOf(weekly, 8, 4) / weeklyMean : Number.NaN;

  // Business.
  const trend = businessTrend(window, end);
  out[F.businessTrend] = trend;
  const industry = profile.industry === undefined ? undefined : context.industries.get(profile.industry);
  out[F.businessTrendVsIndustry] = trend - (industry?.medianTrend ?? Number.NaN);
  out[F.businessPercentile] = businessPercentile(context, profile.industry, businessVolume28d(window, end));

  // Support.
  const tickets = meanOf(window.ticketsOpened, from28, end, 7);
  const ticketsBefore = meanOf(window.ticketsOpened, end - 83, end - 28, 14);
  out[F.ticketsPerWeek] = tickets * 7;
  out[F.ticketsChange] = (tickets + TICKET_PRIOR_PER_DAY) / (ticketsBefore + TICKET_PRIOR_PER_DAY) - 1;
  const bugsAt = lastIndexOf(window.openBugs, from28, end);
  out[F.openBugs] = bugsAt < 0 ? Number.NaN : (window.openBugs[bugsAt] as number);
  out[F.slaBreaches28d] = sumOf(window.slaBreaches, from28, end);

  // Sentiment.
  const fromSentiment = end - SENTIMENT_DAYS + 1;
  const npsAt = lastIndexOf(window.nps, fromSentiment, end);
  out[F.nps] = npsAt < 0 ? Number.NaN : (window.nps[npsAt] as number);
  out[F.npsAgeDays] = npsAt < 0 ? Number.NaN : end - npsAt;
  out[F.npsDetractors90d] = npsAt < 0 ? Number.NaN : detractors(window.nps, fromSentiment, end);
  out[F.csat] = meanOf(window.csat, fromSentiment, end);
  const csatAt = lastIndexOf(window.csat, fromSentiment, end);
  out[F.csatLatest] = csatAt < 0 ? Number.NaN : (window.csat[csatAt] as number);

  // Context.
  const tenure = profile.signupDate === undefined ? Number.NaN : day - toDayNumber(profile.signupDate);
  out[F.tenureDays] = tenure;
  out[F.daysToRenewal] = profile.renewalDate === undefined ? Number.NaN : toDayNumber(profile.renewalDate) - day;
  out[F.logMrr] = profile.mrr === undefined ? Number.NaN : Math.log1p(profile.mrr);
  out[F.seats] = profile.seatsPurchased ?? Number.NaN;

  onboarding(window, end, tenure, context, out);

  const attributes = profile.attributes;
  for (let a = 0; a < layout.attributes.length; a++) {
    const dictionary = layout.attributes[a];
    if (dictionary === undefined) continue;
    out[layout.attributeOffset + a] = attributeCode(dictionary, attributes?.[dictionary.name]);
  }
  return out;
}

/** Recent (7 days), baseline (the 28 before) and their ratio - 1. */
function change(values: Float64Array, end: number, out: Float64Array, recentAt: number, baselineAt: number, changeAt: number) {
  const recent = meanOf(values, end - 6, end, 3);
  const baseline = meanOf(values, end - 34, end - 7, 10);
  out[recentAt] = recent;
  out[baselineAt] = baseline;
  out[changeAt] = baseline > 0 ? recent / baseline - 1 : Number.NaN;
}

function detractors(nps: Float64Array, from: number, to: number): number {
  let count = 0;
  for (let i = Math.max(0, from); i <= to; i++) if ((nps[i] as number) <= 6) count++;
  return count;
}

/**
 * Breadth and the per-feature use flags. Entitled = the tenant's entitledFeatures within the
 * key features, or all key features when it lists none; a tenant whose entitlements miss every
 * key feature has no breadth to measure (NaN).
 */
function adoption(
  window: TenantWindow,
  profile: TenantRecord,
  end: number,
  layout: PortfolioContext['layout'],
  out: Float64Array,
): void {
  const keys = layout.keyFeatures;
  if (entitled.length < keys.length) entitled = new Uint8Array(keys.length);
  const list = profile.entitledFeatures;
  const all = list === undefined || list.length === 0;
  let entitledCount = 0;
  for (let k = 0; k < keys.length; k++) {
    const on = all || list.includes(keys[k] as string) ? 1 : 0;
    entitled[k] = on;
    entitledCount += on;
  }
  const from = end - 27;
  let reported = false;
  for (let i = Math.max(0, from); i <= end && !reported; i++) reported = window.usageReported[i] === 1;
  let used = 0;
  let core = 0;
  let coreUsed = 0;
  let retention = 0;
  let retentionUsed = 0;
  for (let k = 0; k < keys.length; k++) {
    if (entitled[k] === 0) {
      out[layout.useOffset + k] = Number.NaN;
      continue;
    }
    const usage = window.featureUsage[k];
    const use = !reported || usage === undefined ? Number.NaN : anyPositive(usage, from, end) ? 1 : 0;
    out[layout.useOffset + k] = use;
    if (use === 1) used++;
    if (layout.core[k] === 1) {
      core++;
      if (use === 1) coreUsed++;
    }
    if (layout.retention[k] === 1) {
      retention++;
      if (use === 1) retentionUsed++;
    }
  }
  out[F.entitledKeyFeatures] = entitledCount;
  out[F.breadth] = reported && entitledCount > 0 ? used / entitledCount : Number.NaN;
  out[F.coreFeatureUse] = reported && core > 0 ? coreUsed / core : Number.NaN;
  out[F.retentionFeatureUse] = reported && retention > 0 ? retentionUsed / retention : Number.NaN;
}

/**
 * Onboarding for tenants younger than ONBOARDING_DAYS whose feed reports onboardingSteps: a
 * step is overdue when its expectedDay has passed and it was not listed done by the as-of day.
 */
function onboarding(
  window: TenantWindow,
  end: number,
  tenure: number,
  context: PortfolioContext,
  out: Float64Array,
): void {
  const { steps, stepOffset } = context.layout;
  const scored = tenure >= 0 && tenure < ONBOARDING_DAYS && window.onboardingReported;
  let overdue = 0;
  let overdueDays = 0;
  for (let s = 0; s < steps.length; s++) {
    if (!scored) {
      out[stepOffset + s] = Number.NaN;
      continue;
    }
    const expectedDay = steps[s]?.expectedDay ?? 0;
    const done = (window.stepDone[s] as number) <= end;
    const days = !done && tenure > expectedDay ? tenure - expectedDay : 0;
    out[stepOffset + s] = days;
    if (days > 0) {
      overdue++;
      if (days > overdueDays) overdueDays = days;
    }
  }
  out[F.onboardingOverdueSteps] = scored ? overdue : Number.NaN;
  out[F.onboardingOverdueDays] = scored ? overdueDays : Number.NaN;
}
