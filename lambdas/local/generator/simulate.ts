import type { MetricRecord } from '../../domain/feed/feed-records';
import type { Episode, Story } from './causes';
import type { PortfolioContext } from './context';
import { Random } from './random';
import type { UsageProfile } from './usage';

export interface SimulatedTenant {
  readonly tenantId: string;
  readonly story: Story;
  readonly usage: UsageProfile;
  /** Seed of the tenant's own metric stream: re-iterating the metrics yields the same records. */
  readonly metricSeed: number;
}

/** Onboarding is tracked in the feed for the first half year of tenure, then omitted. */
const ONBOARDING_TRACKED_DAYS = 180;
/** Days at the end of an active tenant's history that are never randomly missing (fresh data). */
const FRESH_DAYS = 3;

const HEALTHY_NPS: readonly (readonly [number, number])[] = [
  [0, 0.005],
  [1, 0.005],
  [2, 0.005],
  [3, 0.01],
  [4, 0.015],
  [5, 0.02],
  [6, 0.04],
  [7, 0.12],
  [8, 0.25],
  [9, 0.28],
  [10, 0.25],
];
const FRICTION_NPS: readonly (readonly [number, number])[] = [
  [3, 0.05],
  [4, 0.1],
  [5, 0.15],
  [6, 0.25],
  [7, 0.25],
  [8, 0.15],
  [9, 0.05],
];
const HEALTHY_CSAT: readonly (readonly [number, number])[] = [
  [1, 0.02],
  [2, 0.04],
  [3, 0.1],
  [4, 0.34],
  [5, 0.5],
];
const FRICTION_CSAT: readonly (readonly [number, number])[] = [
  [1, 0.1],
  [2, 0.2],
  [3, 0.3],
  [4, 0.25],
  [5, 0.15],
];

/**
 * One tenant's daily metrics, oldest first, from signup (or the start of history) to asOf, or
 * to the day before it churned. A generator, so ten thousand tenants never sit in memory.
 */
export function* simulateMetrics(tenant: SimulatedTenant, ctx: PortfolioContext): Generator<MetricRecord> {
  const { story, usage, tenantId } = tenant;
  const { core, episode } = story;
  const rng = new Random(tenant.metricSeed);
  const start = Math.max(ctx.firstDay, core.signupDay);
  const churned = story.kind === 'churned' && story.churnDay !== null;
  const end = churned && story.churnDay !== null ? story.churnDay - 1 : ctx.asOfDay - usage.lateDataDays;
  const season = ctx.season.get(core.industry.key);
  const usageWeek = core.industry.usageWeek;
  const businessWeek = core.industry.businessWeek;
  const stalledIndex =
    episode?.cause === 'onboarding_stalled' && 'stepIndex' in episode.detail ? episode.detail.stepIndex : -1;
  const stalledDoneAt = usage.stepDoneAt[stalledIndex] ?? Number.POSITIVE_INFINITY;
  const forcedNps = new Set<number>();
  const forcedCsat = new Set<number>();
  if (episode?.cause === 'low_satisfaction') {
    // Dissatisfied customers answer surveys: at least two detractor scores and one bad CSAT.
    forcedNps.add(episode.onsetDay + 2).add(episode.onsetDay + 9);
    forcedCsat.add(episode.onsetDay + 5);
  }
  if (usage.detractorDay !== null) forcedNps.add(usage.detractorDay);
  const steps = new StepTracker(ctx, usage.stepDoneAt);
  let bugs = rng.poisson(usage.ticketRate * 2);

  for (let day = start; day <= end; day++) {
    const i = day - ctx.firstDay;
    const tenure = day - core.signupDay;
    const weekday = ctx.weekdays[i] ?? 0;
    const frictionPhase = episode?.cause === 'support_friction' ? phase(episode, day, 3) : 0;
    const bugPhase = episode?.cause === 'support_friction' ? phase(episode, day, 21) : 0;
    const severity = episode?.severity ?? 0;

    // Bugs accumulate whether or not the exporter delivers the day.
    const fixRate = frictionPhase > 0 ? 0.04 : 0.1;
    bugs = Math.max(0, bugs + rng.poisson(0.02 + usage.ticketRate * 0.04) - rng.poisson(bugs * fixRate));

    const forced = forcedNps.has(day) || forcedCsat.has(day);
    const fresh = !churned && day > end - FRESH_DAYS;
    if (!forced && !fresh && rng.chance(usage.missingDayRate)) continue;

    let ramp = tenure >= 35 ? 1 : 0.25 + (0.75 * tenure) / 35;
    if (tenure < stalledDoneAt) ramp = Math.min(ramp, usage.stallCap);
    const businessFactor = episode?.cause === 'business_decline' ? declineFactor(episode, day) : 1;
    let effect = 1;
    if (usage.dip && day >= usage.dip.start && day < usage.dip.end) effect *= 1 - usage.dip.depth;
    if (episode?.cause === 'engagement_drop') effect *= 1 - severity * phase(episode, day, 2);
    // Fewer orders to process means somewhat less work in the product, not a usage collapse.
    effect *= 1 - 0.25 * (1 - businessFactor);
    effect *= 1 - 0.1 * frictionPhase;

    const usageSeason = season?.usage[i] ?? 1;
    const expectedUsers =
      core.seats *
      usage.utilization *
      (usageWeek[weekday] ?? 1) *
      usageSeason *
      Math.exp(usage.activityTrend * (day - ctx.asOfDay)) *
      ramp *
      effect *
      rng.noise(usage.activityNoise);
    const activeUsers = Math.min(core.seats, rng.poisson(expectedUsers));
    const coreActions = rng.poisson(activeUsers * usage.actionsPerUser * rng.noise(0.1));

    const featureUsage: Record<string, number> = {};
    core.entitled.forEach((feature, index) => {
      const adoptedAt = usage.featureAdoptedAt[index] ?? Number.POSITIVE_INFINITY;
      featureUsage[feature] =
        tenure >= adoptedAt ? rng.poisson(activeUsers * (usage.featureIntensity[index] ?? 0)) : 0;
    });

    const businessVolume =
      Math.round(
        usage.businessBase *
          (businessWeek[weekday] ?? 1) *
          (season?.business[i] ?? 1) *
          Math.exp(usage.businessTrend * (day - ctx.asOfDay)) *
          businessFactor *
          rng.noise(usage.businessNoise) *
          100,
      ) / 100;
    const endCustomerReach = rng.poisson(businessVolume * usage.reachRate * Math.min(1, ramp * 1.5));

    // Friction multiplies the usual ticket load and adds a floor: a broken workflow produces
    // tickets even in a small account that rarely writes in.
    const ticketMultiplier = 1 + (2 + 6 * severity) * frictionPhase;
    const extraTickets = (0.5 + 1.5 * severity) * frictionPhase;
    let ticketsOpened = rng.poisson(
      (usage.ticketRate * (tenure < 30 ? 2 : 1) * ticketMultiplier + extraTickets) *
        (usageWeek[weekday] ?? 1),
    );
    if (usage.ticketBurstDay === day) ticketsOpened += rng.int(3, 6);
    const openBugs = bugs + Math.round((5 + 10 * severity) * bugPhase);
    const slaBreaches = rng.poisson(0.008 + (0.5 + severity) * frictionPhase);

    const record: MetricRecord = { tenantId, date: ctx.dates[i] ?? '' };
    const omit = usage.fieldMissRate;
    if (!rng.chance(omit)) record.activeUsers = activeUsers;
    if (!rng.chance(omit)) record.featureUsage = featureUsage;
    if (!rng.chance(omit)) record.coreActions = coreActions;
    if (usage.reportsBusinessVolume && !rng.chance(omit)) record.businessVolume = businessVolume;
    if (usage.reportsReach && !rng.chance(omit)) record.endCustomerReach = endCustomerReach;
    if (!rng.chance(omit)) record.ticketsOpened = ticketsOpened;
    if (!rng.chance(omit)) record.openBugs = openBugs;
    if (!rng.chance(omit)) record.slaBreaches = slaBreaches;

    const unhappy = episode?.cause === 'low_satisfaction' && phase(episode, day, 1) > 0;
    if (forcedNps.has(day) || rng.chance(unhappy ? usage.npsRate * 4 : usage.npsRate)) {
      if (unhappy && 'npsRange' in episode.detail) {
        record.nps = rng.int(episode.detail.npsRange[0], episode.detail.npsRange[1]);
      } else if (day === usage.detractorDay) {
        record.nps = rng.int(2, 5);
      } else {
        record.nps = rng.weighted(frictionPhase > 0 ? FRICTION_NPS : HEALTHY_NPS);
      }
    }
    if (forcedCsat.has(day) || (ticketsOpened > 0 && rng.chance(0.3))) {
      if (unhappy && 'csatRange' in episode.detail) {
        record.csat = rng.int(episode.detail.csatRange[0], episode.detail.csatRange[1]);
      } else {
        record.csat = rng.weighted(frictionPhase > 0 ? FRICTION_CSAT : HEALTHY_CSAT);
      }
    }
    if (tenure < ONBOARDING_TRACKED_DAYS) {
      const done = steps.at(tenure);
      // An empty list is left out: in CSV it could not be told apart from "not reported".
      if (done.length > 0) record.onboardingSteps = done;
    }
    yield record;
  }
}

/** 0 before onset, rising to 1 over `rampDays`, back to 0 over a week after recovery. */
function phase(episode: Episode, day: number, rampDays: number): number {
  if (day < episode.onsetDay) return 0;
  const rising = Math.min(1, (day - episode.onsetDay + 1) / rampDays);
  if (episode.endDay === null || day < episode.endDay) return rising;
  return rising * Math.max(0, 1 - (day - episode.endDay) / 7);
}

/** Days a recovered business takes to win back what it lost. */
const REGROWTH_DAYS = 42;

/**
 * Compounding weekly decline from onset. After a recovery the business grows back to its old
 * level, so a recovered tenant does not keep sitting in its industry's bottom decile.
 */
function declineFactor(episode: Episode, day: number): number {
  if (day < episode.onsetDay || !('weeklyChange' in episode.detail)) return 1;
  const weekly = 1 + episode.detail.weeklyChange;
  if (episode.endDay === null || day <= episode.endDay) return weekly ** ((day - episode.onsetDay) / 7);
  const low = weekly ** ((episode.endDay - episode.onsetDay) / 7);
  return low ** (1 - Math.min(1, (day - episode.endDay) / REGROWTH_DAYS));
}

/** Completed onboarding steps by tenure day; the list only changes when a step is done. */
class StepTracker {
  private cachedCount = -1;
  private cached: string[] = [];

  constructor(
    private readonly ctx: PortfolioContext,
    private readonly doneAt: readonly number[],
  ) {}

  at(tenure: number): string[] {
    let count = 0;
    for (const doneDay of this.doneAt) if (doneDay <= tenure) count++;
    if (count !== this.cachedCount) {
      this.cachedCount = count;
      this.cached = this.ctx.steps
        .filter((step) => (this.doneAt[step.index] ?? Number.POSITIVE_INFINITY) <= tenure)
        .map((step) => step.key);
    }
    // A copy per record: consumers of the API may mutate what they are given.
    return [...this.cached];
  }
}
