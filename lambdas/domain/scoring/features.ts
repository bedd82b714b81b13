import type { TenantRecord } from '../feed/feed-records';
import { activityFeatures } from './activity-features';
import { toDayNumber } from './day-number';
import { F, type FixedFeatureName } from './feature-catalog';
import { type FeatureLayout, newFeatureVector } from './feature-layout';
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
  checkShapes(window, context, out);
  for (let pass = 0; pass < PASSES; pass++) computePass(pass, window, profile, end, day, context, out);
  return out;
}

function checkShapes(window: TenantWindow, context: PortfolioContext, out: Float64Array): void {
  const layout = context.layout;
  if (out.length < layout.size) {
    throw new RangeError(`feature vector has ${out.length} slots, layout needs ${layout.size}`);
  }
  if (
    window.shape.keyFeatures.length !== layout.keyFeatures.length ||
    window.stepDone.length !== layout.steps.length
  ) {
    throw new RangeError('window and context were built from different feature maps');
  }
}

/**
 * The features come in passes, each over one or two metrics (or the profile) and writing its
 * own features only, so that any pass can run alone: a tenant's baselines are needed for the
 * few features its drivers show, and LazyBaselines runs only their passes.
 */
const ADOPTION = 0;
const REACH = 1;
const ACTIVITY = 2;
const BUSINESS = 3;
const SUPPORT = 4;
const SENTIMENT = 5;
const PROFILE = 6;
const ONBOARDING = 7;
const ATTRIBUTES = 8;
const PASSES = 9;

/** The pass that writes each fixed feature. */
const FIXED_PASS: Readonly<Record<FixedFeatureName, number>> = {
  breadth: ADOPTION,
  entitledKeyFeatures: ADOPTION,
  coreFeatureUse: ADOPTION,
  retentionFeatureUse: ADOPTION,
  reachPerDollar: REACH,
  reachPercentile: REACH,
  depth: ACTIVITY,
  activeUsersRecent: ACTIVITY,
  activeUsersBaseline: ACTIVITY,
  activeUsersChange: ACTIVITY,
  coreActionsRecent: ACTIVITY,
  coreActionsBaseline: ACTIVITY,
  coreActionsChange: ACTIVITY,
  engagementSlope: ACTIVITY,
  businessTrend: BUSINESS,
  businessTrendVsIndustry: BUSINESS,
  businessPercentile: BUSINESS,
  ticketsPerWeek: SUPPORT,
  ticketsChange: SUPPORT,
  openBugs: SUPPORT,
  slaBreaches28d: SUPPORT,
  nps: SENTIMENT,
  npsAgeDays: SENTIMENT,
  npsDetractors90d: SENTIMENT,
  csat: SENTIMENT,
  csatLatest: SENTIMENT,
  onboardingOverdueSteps: ONBOARDING,
  onboardingOverdueDays: ONBOARDING,
  tenureDays: PROFILE,
  daysToRenewal: PROFILE,
  logMrr: PROFILE,
  seats: PROFILE,
};

/** The pass of each feature of a layout. */
function passesOf(layout: FeatureLayout): Int8Array {
  return Int8Array.from(layout.names, (name, index) => {
    if (index >= layout.attributeOffset) return ATTRIBUTES;
    if (index >= layout.stepOffset) return ONBOARDING;
    if (index >= layout.useOffset) return ADOPTION;
    return FIXED_PASS[name as FixedFeatureName];
  });
}

function computePass(
  pass: number,
  window: TenantWindow,
  profile: TenantRecord,
  end: number,
  day: number,
  context: PortfolioContext,
  out: Float64Array,
): void {
  const layout = context.layout;
  switch (pass) {
    case ADOPTION:
      adoptionFeatures(window, profile, end, layout, out);
      return;
    case REACH: {
      const reach = reachPerDollar(window, end, profile.mrr);
      const industry = industryOf(profile, context);
      out[F.reachPerDollar] = reach;
      out[F.reachPercentile] =
        industry !== undefined && industry.reach.length >= MIN_PEERS
          ? percentileIn(industry.reach, reach)
          : Number.NaN;
      return;
    }
    case ACTIVITY: {
      const seats = profile.seatsPurchased;
      activityFeatures(window, end, seats !== undefined && seats > 0 ? seats : Number.NaN, out);
      return;
    }
    case BUSINESS: {
      businessMeans(window, end, business);
      const industry = industryOf(profile, context);
      const recent = business[0] as number;
      const before = business[1] as number;
      const trend = before > 0 ? recent / before - 1 : Number.NaN;
      out[F.businessTrend] = trend;
      out[F.businessTrendVsIndustry] = trend - (industry?.medianTrend ?? Number.NaN);
      out[F.businessPercentile] =
        industry !== undefined && industry.volume.length >= MIN_PEERS
          ? percentileIn(industry.volume, recent * DAYS)
          : Number.NaN;
      return;
    }
    case SUPPORT:
      supportFeatures(window, end, out);
      return;
    case SENTIMENT:
      sentimentFeatures(window, end, out);
      return;
    case PROFILE:
      out[F.tenureDays] = tenureAt(profile, day);
      out[F.daysToRenewal] =
        profile.renewalDate === undefined ? Number.NaN : toDayNumber(profile.renewalDate) - day;
      out[F.logMrr] = profile.mrr === undefined ? Number.NaN : Math.log1p(profile.mrr);
      out[F.seats] = profile.seatsPurchased ?? Number.NaN;
      return;
    case ONBOARDING:
      onboardingFeatures(window, end, tenureAt(profile, day), layout, out);
      return;
    case ATTRIBUTES: {
      const attributes = profile.attributes;
      const dictionaries = layout.attributes;
      for (let a = 0; a < dictionaries.length; a++) {
        const dictionary = dictionaries[a];
        if (dictionary === undefined) continue;
        out[layout.attributeOffset + a] =
          attributes === undefined ? Number.NaN : attributeCode(dictionary, attributes[dictionary.name]);
      }
      return;
    }
  }
}

function industryOf(profile: TenantRecord, context: PortfolioContext) {
  return profile.industry === undefined ? undefined : context.industries.get(profile.industry);
}

function tenureAt(profile: TenantRecord, day: number): number {
  return profile.signupDate === undefined ? Number.NaN : day - toDayNumber(profile.signupDate);
}

/**
 * A tenant's baselines (computeBaselines), computed on first use and only for the passes asked
 * for: cause attribution shows the baselines of five drivers, and the other passes would cost
 * as much as the features themselves. Reused across tenants (start resets it).
 */
export class LazyBaselines {
  readonly values: Float64Array;
  readonly #passOf: Int8Array;
  readonly #context: PortfolioContext;
  #done = 0;
  #window: TenantWindow | null = null;
  #profile: TenantRecord | null = null;
  #features: Float64Array | null = null;
  #end = -1;
  #day = Number.NaN;

  constructor(context: PortfolioContext) {
    this.#context = context;
    this.values = newFeatureVector(context.layout);
    this.#passOf = passesOf(context.layout);
  }

  /**
   * The tenant whose window (ending at asOf) later at() calls read; `features`, its features at
   * asOf when computed already, spare the passes whose baselines follow from them.
   */
  start(window: TenantWindow, profile: TenantRecord, asOfDay: number, features?: Float64Array): this {
    if (asOfDay !== window.asOfDay) {
      throw new RangeError(`window ends on day ${window.asOfDay}, baselines asked for day ${asOfDay}`);
    }
    checkShapes(window, this.#context, this.values);
    this.#window = window;
    this.#profile = profile;
    this.#features = features ?? null;
    this.#end = window.length - 1 - BASELINE_SHIFT_DAYS;
    this.#day = asOfDay - BASELINE_SHIFT_DAYS;
    this.#done = 0;
    return this;
  }

  /** The baseline of the feature at `index` of the layout (NaN when unknown). */
  at(index: number): number {
    const pass = this.#passOf[index];
    if (pass === undefined || this.#window === null || this.#profile === null || this.#end < 0) {
      return Number.NaN;
    }
    if ((this.#done & (1 << pass)) === 0) {
      const features = this.#features;
      if (features !== null && (pass === PROFILE || pass === ATTRIBUTES)) {
        shiftProfilePasses(pass, features, this.#context.layout, this.values);
      } else {
        computePass(pass, this.#window, this.#profile, this.#end, this.#day, this.#context, this.values);
      }
      this.#done |= 1 << pass;
    }
    return this.values[index] as number;
  }
}

/**
 * The profile and attribute passes BASELINE_SHIFT_DAYS earlier, from the features at asOf:
 * both read the profile as it is today, so only the two day counts move, by whole days (exact).
 * Most drivers' baselines need one of these passes, and the attributes' dictionary lookups and
 * the profile's dates cost more than this.
 */
function shiftProfilePasses(
  pass: number,
  features: Float64Array,
  layout: FeatureLayout,
  out: Float64Array,
): void {
  if (pass === ATTRIBUTES) {
    for (let a = layout.attributeOffset; a < layout.size; a++) out[a] = features[a] as number;
    return;
  }
  out[F.tenureDays] = (features[F.tenureDays] as number) - BASELINE_SHIFT_DAYS;
  out[F.daysToRenewal] = (features[F.daysToRenewal] as number) + BASELINE_SHIFT_DAYS;
  out[F.logMrr] = features[F.logMrr] as number;
  out[F.seats] = features[F.seats] as number;
}
