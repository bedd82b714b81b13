import type { Story } from './causes';
import type { PortfolioContext } from './context';
import type { Random } from './random';

/**
 * How a tenant uses the product and runs its business day to day: the parameters the daily
 * simulation reads. Drawn once per tenant after its story, so the cause shapes them (a tenant
 * with low adoption never switches most features on; a stalled one never finishes a step).
 */
export interface UsageProfile {
  /** Share of seats active on an average day at steady state. */
  readonly utilization: number;
  readonly actionsPerUser: number;
  readonly activityNoise: number;
  /** Log change per day of activity, anchored at asOf. */
  readonly activityTrend: number;
  /** Per entitled feature (same order as core.entitled): uses per active user per day. */
  readonly featureIntensity: readonly number[];
  /** Per entitled feature: tenure day it is first used; Infinity = never. */
  readonly featureAdoptedAt: readonly number[];
  /** Average daily revenue of the tenant's own business at asOf (before any decline). */
  readonly businessBase: number;
  readonly businessNoise: number;
  readonly businessTrend: number;
  /** End customers reached through the product per unit of the tenant's revenue. */
  readonly reachRate: number;
  readonly ticketRate: number;
  readonly missingDayRate: number;
  readonly fieldMissRate: number;
  readonly reportsBusinessVolume: boolean;
  readonly reportsReach: boolean;
  readonly npsRate: number;
  /** Per configured onboarding step: tenure day it was done; Infinity = not (yet). */
  readonly stepDoneAt: readonly number[];
  /** While stalled in onboarding, activity stays under this share of normal (users not imported). */
  readonly stallCap: number;
  /** Confounders of healthy tenants: a holiday dip, a one-day ticket burst, one detractor. */
  readonly dip: { readonly start: number; readonly end: number; readonly depth: number } | null;
  readonly ticketBurstDay: number | null;
  readonly detractorDay: number | null;
  /** Trailing days with no data at asOf (a late exporter, for the stale-data guard). */
  readonly lateDataDays: number;
}

export function sampleUsage(
  rng: Random,
  story: Story,
  ctx: PortfolioContext,
  lateData: boolean,
): UsageProfile {
  const { core, episode } = story;
  const cause = episode?.cause;
  const healthy = story.kind === 'healthy';
  const stalled = episode?.cause === 'onboarding_stalled' ? episode : null;
  const stalledIndex = stalled && 'stepIndex' in stalled.detail ? stalled.detail.stepIndex : -1;

  const stepDoneAt = ctx.steps.map((step) => {
    if (step.index === stalledIndex && stalled) {
      // A recovered stall is finished late, on the recovery day; otherwise never.
      return stalled.endDay === null ? Number.POSITIVE_INFINITY : stalled.endDay - core.signupDay;
    }
    return Math.max(0, Math.round(step.expectedDay * rng.float(0.3, 0.9)));
  });
  // Confounder: a healthy newcomer finishes one step a few days late.
  if (healthy && ctx.steps.length > 0 && rng.chance(0.05)) {
    const late = rng.int(0, ctx.steps.length - 1);
    const step = ctx.steps[late];
    if (step) stepDoneAt[late] = step.expectedDay + rng.int(1, 6);
  }

  const lowAdoption = episode?.cause === 'low_adoption' ? episode : null;
  const used =
    lowAdoption && 'usedFeatures' in lowAdoption.detail
      ? new Set(lowAdoption.detail.usedFeatures)
      : undefined;
  const stepByFeature = new Map(
    ctx.steps.filter((step) => step.feature).map((step) => [step.feature, step.index]),
  );
  const featureIntensity: number[] = [];
  const featureAdoptedAt: number[] = [];
  core.entitled.forEach((feature, index) => {
    featureIntensity.push(
      ctx.core.has(feature)
        ? rng.float(0.6, 2)
        : ctx.retention.has(feature)
          ? rng.float(0.15, 0.6)
          : rng.float(0.03, 0.3),
    );
    const linkedStep = stepByFeature.get(feature);
    const adoptedAt =
      linkedStep !== undefined ? (stepDoneAt[linkedStep] ?? 0) + rng.int(0, 3) : rng.int(0, 30);
    // Healthy tenants use most of what they pay for; the first half of it always.
    const skipped = used
      ? !used.has(feature)
      : index >= Math.ceil(core.entitled.length / 2) && rng.chance(0.12);
    featureAdoptedAt.push(skipped ? Number.POSITIVE_INFINITY : adoptedAt);
  });

  const decline = cause === 'business_decline';
  // Revenue per seat varies log-normally (sd 0.45) within an industry; a declining business
  // starts in the lower part of that spread (z -2.2 .. -0.8) and falls from there.
  const spread = 0.45;
  const z = decline ? rng.float(-2.2, -0.8) : rng.normal();
  const businessBase =
    core.seats * core.industry.revenuePerSeat * Math.exp(spread * z - (spread * spread) / 2);
  const mildDecline = healthy && rng.chance(0.05);

  const dip =
    healthy && rng.chance(0.08)
      ? (() => {
          const start = rng.int(ctx.firstDay, ctx.asOfDay - 5);
          return { start, end: start + rng.int(5, 9), depth: rng.float(0.2, 0.4) };
        })()
      : null;

  // Seats cap active users, so the busiest weekday of the year must fit in them; otherwise
  // the cap flattens the tenant's baseline and hides how far a drop really goes.
  const peak = Math.max(...core.industry.usageWeek) * Math.max(...core.industry.usageYear);
  const utilization = Math.min(lowAdoption ? rng.float(0.25, 0.45) : rng.float(0.55, 0.9), 0.8 / peak);

  return {
    utilization,
    actionsPerUser: rng.float(6, 30),
    activityNoise: rng.float(0.06, 0.14),
    activityTrend: Math.min(0.004, Math.max(-0.002, rng.normal(0.0006, 0.0012))),
    featureIntensity,
    featureAdoptedAt,
    businessBase,
    businessNoise: rng.float(0.08, 0.18),
    // A declining business has no underlying growth on top of its decline.
    businessTrend: decline
      ? 0
      : mildDecline
        ? -0.0015
        : Math.min(0.003, Math.max(-0.001, rng.normal(0.0003, 0.0009))),
    reachRate: (rng.float(0.3, 0.9) / core.industry.orderValue) * (lowAdoption ? rng.float(0.15, 0.3) : 1),
    ticketRate: 0.035 * core.seats ** 0.7 * rng.float(0.6, 1.5),
    missingDayRate: rng.chance(0.1) ? 0.02 : 0.003,
    fieldMissRate: rng.float(0.001, 0.01),
    reportsBusinessVolume: decline || rng.chance(0.96),
    reportsReach: lowAdoption !== null || rng.chance(0.95),
    npsRate: rng.float(1 / 60, 1 / 25),
    stepDoneAt,
    stallCap: stalled ? rng.float(0.2, 0.35) : 1,
    dip,
    ticketBurstDay: healthy && rng.chance(0.06) ? rng.int(ctx.firstDay, ctx.asOfDay) : null,
    detractorDay: healthy && rng.chance(0.05) ? rng.int(ctx.firstDay, ctx.asOfDay) : null,
    lateDataDays: lateData && healthy ? rng.int(1, 3) : 0,
  };
}
