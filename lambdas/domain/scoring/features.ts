import type { TenantRecord } from '../feed/feed-records';
import { toDayNumber } from './day-number';
import { F } from './feature-catalog';
import type { FeatureLayout } from './feature-layout';
import { attributeCode, type PortfolioContext } from './portfolio-context';
import { businessMeans, MIN_DAYS_PER_28, reachPerDollar } from './portfolio-entry';
import { MIN_PEERS, percentileIn } from './percentile';
import type { TenantWindow } from './tenant-window';
import { anyPositive, slopeOf } from './window-stats';

/**
 * A tenant's feature vector at asOf, from its window and profile (layout in context.layout;
 * meaning of each number in feature-catalog.ts). Reads only window days up to the as-of index,
 * never the clock. Allocation-free: the caller owns `out` and reuses it across tenants. Each
 * metric is read in one pass that fills every feature built on it: this is the hot loop of
 * scoring a million tenants.
 */

/** Onboarding is scored for the first 90 days; afterwards adoption and engagement take over. */
export const ONBOARDING_DAYS = 90;
/** Baselines are the same features this many days earlier (the tenant's own recent normal). */
export const BASELINE_SHIFT_DAYS = 28;
/** Smoothing of the ticket rate: one ticket a week, so a first ticket is not an infinite spike. */
const TICKET_PRIOR_PER_DAY = 1 / 7;
const SENTIMENT_DAYS = 90;
/** Reported days needed: 3 of the last 7, 10 of the 28-day baseline, 3 per week of the trend. */
const MIN_RECENT_DAYS = 3;
const MIN_BASELINE_DAYS = 10;
const MIN_WEEK_DAYS = 3;
const MIN_WEEKS = 4;

// Scratch buffers: JS is single-threaded and nothing below re-enters, so sharing them keeps the
// per-tenant path free of allocation.
let entitled = new Uint8Array(32);
const weekSums = new Float64Array(8);
const weekCounts = new Float64Array(8);
const weekly = new Float64Array(8);
const business = new Float64Array(2);

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

  adoption(window, profile, end, layout, out);
  const reach = reachPerDollar(window, end, profile.mrr);
  out[F.reachPerDollar] = reach;
  out[F.reachPercentile] =
    industry !== undefined && industry.reach.length >= MIN_PEERS ? percentileIn(industry.reach, reach) : Number.NaN;

  activeUsers(window.activeUsers, end, seats !== undefined && seats > 0 ? seats : Number.NaN, out);
  coreActions(window.coreActions, end, out);

  businessMeans(window, end, business);
  const recent = business[0] as number;
  const before = business[1] as number;
  const trend = before > 0 ? recent / before - 1 : Number.NaN;
  out[F.businessTrend] = trend;
  out[F.businessTrendVsIndustry] = trend - (industry?.medianTrend ?? Number.NaN);
  out[F.businessPercentile] =
    industry !== undefined && industry.volume.length >= MIN_PEERS
      ? percentileIn(industry.volume, recent * 28)
      : Number.NaN;

  support(window, end, out);
  sentiment(window, end, out);

  const tenure = profile.signupDate === undefined ? Number.NaN : day - toDayNumber(profile.signupDate);
  out[F.tenureDays] = tenure;
  out[F.daysToRenewal] =
    profile.renewalDate === undefined ? Number.NaN : toDayNumber(profile.renewalDate) - day;
  out[F.logMrr] = profile.mrr === undefined ? Number.NaN : Math.log1p(profile.mrr);
  out[F.seats] = seats ?? Number.NaN;

  onboarding(window, end, tenure, layout, out);

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

/**
 * One backward pass over 56 days: depth (28 days), recent (7) vs baseline (the 28 before), and
 * the 8 weekly means of the trend.
 */
function activeUsers(values: Float64Array, end: number, seats: number, out: Float64Array): void {
  weekSums.fill(0);
  weekCounts.fill(0);
  let recent = 0;
  let recentDays = 0;
  let base = 0;
  let baseDays = 0;
  let month = 0;
  let monthDays = 0;
  const last = Math.min(55, end);
  for (let j = 0; j <= last; j++) {
    const value = values[end - j] as number;
    if (value !== value) continue;
    const week = 7 - ((j / 7) | 0);
    weekSums[week] = (weekSums[week] as number) + value;
    weekCounts[week] = (weekCounts[week] as number) + 1;
    if (j < 7) {
      recent += value;
      recentDays++;
    } else if (j < 35) {
      base += value;
      baseDays++;
    }
    if (j < 28) {
      month += value;
      monthDays++;
    }
  }
  out[F.depth] = monthDays >= MIN_DAYS_PER_28 ? month / monthDays / seats : Number.NaN;
  setChange(recent, recentDays, base, baseDays, out, F.activeUsersRecent, F.activeUsersBaseline, F.activeUsersChange);
  let weeks = 0;
  let sum = 0;
  for (let w = 0; w < 8; w++) {
    const count = weekCounts[w] as number;
    const mean = count >= MIN_WEEK_DAYS ? (weekSums[w] as number) / count : Number.NaN;
    weekly[w] = mean;
    if (mean === mean) {
      weeks++;
      sum += mean;
    }
  }
  const mean = weeks >= MIN_WEEKS ? sum / weeks : Number.NaN;
  out[F.engagementSlope] = mean > 0 ? slopeOf(weekly, 8, MIN_WEEKS) / mean : Number.NaN;
}

function coreActions(values: Float64Array, end: number, out: Float64Array): void {
  let recent = 0;
  let recentDays = 0;
  let base = 0;
  let baseDays = 0;
  const last = Math.min(34, end);
  for (let j = 0; j <= last; j++) {
    const value = values[end - j] as number;
    if (value !== value) continue;
    if (j < 7) {
      recent += value;
      recentDays++;
    } else {
      base += value;
      baseDays++;
    }
  }
  setChange(recent, recentDays, base, baseDays, out, F.coreActionsRecent, F.coreActionsBaseline, F.coreActionsChange);
}

function setChange(
  recent: number,
  recentDays: number,
  base: number,
  baseDays: number,
  out: Float64Array,
  recentAt: number,
  baselineAt: number,
  changeAt: number,
): void {
  const recentMean = recentDays >= MIN_RECENT_DAYS ? recent / recentDays : Number.NaN;
  const baseMean = baseDays >= MIN_BASELINE_DAYS ? base / baseDays : Number.NaN;
  out[recentAt] = recentMean;
  out[baselineAt] = baseMean;
  out[changeAt] = baseMean > 0 ? recentMean / baseMean - 1 : Number.NaN;
}

/** Tickets (28 days vs the 56 before), SLA breaches (28 days) and the latest open-bug count. */
function support(window: TenantWindow, end: number, out: Float64Array): void {
  const tickets = window.ticketsOpened;
  const breaches = window.slaBreaches;
  let recent = 0;
  let recentDays = 0;
  let before = 0;
  let beforeDays = 0;
  let breachSum = 0;
  let breachDays = 0;
  const last = Math.min(83, end);
  for (let j = 0; j <= last; j++) {
    const i = end - j;
    const value = tickets[i] as number;
    if (value === value) {
      if (j < 28) {
        recent += value;
        recentDays++;
      } else {
        before += value;
        beforeDays++;
      }
    }
    if (j < 28) {
      const breach = breaches[i] as number;
      if (breach === breach) {
        breachSum += breach;
        breachDays++;
      }
    }
  }
  const rate = recentDays >= MIN_DAYS_PER_28 ? recent / recentDays : Number.NaN;
  const usual = beforeDays >= 2 * MIN_DAYS_PER_28 ? before / beforeDays : Number.NaN;
  out[F.ticketsPerWeek] = rate * 7;
  out[F.ticketsChange] = (rate + TICKET_PRIOR_PER_DAY) / (usual + TICKET_PRIOR_PER_DAY) - 1;
  out[F.slaBreaches28d] = breachDays > 0 ? breachSum : Number.NaN;
  const bugs = window.openBugs;
  let latest = Number.NaN;
  for (let j = 0; j < 28 && j <= end; j++) {
    const value = bugs[end - j] as number;
    if (value === value) {
      latest = value;
      break;
    }
  }
  out[F.openBugs] = latest;
}

/** NPS (latest, its age, detractors) and CSAT (mean, latest) over 90 days, in one pass. */
function sentiment(window: TenantWindow, end: number, out: Float64Array): void {
  const nps = window.nps;
  const csat = window.csat;
  let npsLatest = Number.NaN;
  let npsAge = Number.NaN;
  let detractors = 0;
  let csatSum = 0;
  let csatDays = 0;
  let csatLatest = Number.NaN;
  const last = Math.min(SENTIMENT_DAYS - 1, end);
  for (let j = 0; j <= last; j++) {
    const score = nps[end - j] as number;
    if (score === score) {
      if (npsLatest !== npsLatest) {
        npsLatest = score;
        npsAge = j;
      }
      if (score <= 6) detractors++;
    }
    const satisfaction = csat[end - j] as number;
    if (satisfaction === satisfaction) {
      if (csatDays === 0) csatLatest = satisfaction;
      csatSum += satisfaction;
      csatDays++;
    }
  }
  out[F.nps] = npsLatest;
  out[F.npsAgeDays] = npsAge;
  out[F.npsDetractors90d] = npsLatest === npsLatest ? detractors : Number.NaN;
  out[F.csat] = csatDays > 0 ? csatSum / csatDays : Number.NaN;
  out[F.csatLatest] = csatLatest;
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
  layout: FeatureLayout,
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
  const from = Math.max(0, end - 27);
  let reported = false;
  for (let i = from; i <= end && !reported; i++) reported = window.usageReported[i] === 1;
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
  layout: FeatureLayout,
  out: Float64Array,
): void {
  const { steps, stepOffset } = layout;
  const scored =
    tenure >= 0 && tenure < ONBOARDING_DAYS && window.onboardingFrom >= 0 && window.onboardingFrom <= end;
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
