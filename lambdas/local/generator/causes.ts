import type { PortfolioContext } from './context';
import { nextRenewal } from './dates';
import { PLANTED_CAUSES, type PlantedCause } from './options';
import { type CoreProfile, SMALL_SEATS, sampleCore, termMonths } from './profiles';
import type { Random } from './random';

/**
 * Cause planting and churn outcomes. Each tenant gets a story: healthy, at risk now (a cause
 * in progress at asOf), recovered (a cause in the history that passed) or churned (inside the
 * history, usually some weeks after a cause). Whether a cause ends in churn is drawn from one
 * hazard model with interactions a churn model can learn (business decline only sinks small
 * customers; an engagement drop close to renewal is worse; ...). Stories with a required
 * outcome (churned by asOf, or still active) are drawn by rejection from that same model, so
 * the churned population carries its structure instead of being hand-picked.
 */

export type StoryKind = 'healthy' | 'at_risk' | 'recovered' | 'churned';

export type EpisodeDetail =
  | { readonly step: string; readonly stepIndex: number; readonly expectedDay: number }
  | { readonly usedFeatures: readonly string[]; readonly unusedFeatures: readonly string[] }
  | { readonly drop: number }
  | { readonly weeklyChange: number }
  | {
      readonly ticketMultiplier: number;
      readonly extraTicketsPerDay: number;
      readonly extraOpenBugs: number;
      readonly slaBreachesPerDay: number;
    }
  | { readonly npsRange: readonly [number, number]; readonly csatRange: readonly [number, number] };

export interface Episode {
  readonly cause: PlantedCause;
  /** First day the cause shows in the data. */
  readonly onsetDay: number;
  /** Day the tenant recovered (recovered stories); null while it persists. */
  readonly endDay: number | null;
  /** 0-1: how strong the signal is; also drives the churn hazard. */
  readonly severity: number;
  readonly detail: EpisodeDetail;
}

export interface Story {
  readonly kind: StoryKind;
  readonly core: CoreProfile;
  readonly episode: Episode | null;
  /**
   * Churn day. For churned stories <= asOf; for active ones a simulated future churn (> asOf)
   * or null when the tenant stays.
   */
  readonly churnDay: number | null;
  /** Probability the story's cause (or the base rate) ends in churn, as the simulation drew it. */
  readonly churnProbability: number;
}

/** Allocation codes: 0 healthy, 1..6 at risk with PLANTED_CAUSES[code - 1], then churned, recovered. */
export const GROUP_HEALTHY = 0;
export const GROUP_CHURNED = PLANTED_CAUSES.length + 1;
export const GROUP_RECOVERED = PLANTED_CAUSES.length + 2;

/** Days after onset within which a cause that ends in churn does so (first renewal after it). */
const CHURN_LAG: Record<PlantedCause, readonly [number, number]> = {
  onboarding_stalled: [14, 50],
  low_adoption: [21, 150],
  engagement_drop: [10, 45],
  business_decline: [35, 110],
  support_friction: [10, 45],
  low_satisfaction: [14, 75],
};

/** At-risk onsets: days before asOf, so each signal is fully formed on the as-of date. */
const AT_RISK_ONSET: Record<
  Exclude<PlantedCause, 'onboarding_stalled' | 'low_adoption'>,
  readonly [number, number]
> = {
  // The last 14 days are entirely after the drop, and the 28 before them mostly before it.
  engagement_drop: [15, 17],
  // "8+ weeks" of steady decline.
  business_decline: [63, 112],
  support_friction: [14, 35],
  low_satisfaction: [21, 63],
};

/** Tenure needed before onset for the tenant's own baseline to exist. */
const MIN_TENURE_AT_ONSET: Record<PlantedCause, number> = {
  onboarding_stalled: 0,
  low_adoption: 30,
  engagement_drop: 45,
  business_decline: 60,
  // Past the first month, when every new customer opens more tickets.
  support_friction: 60,
  low_satisfaction: 30,
};

/** Relative frequency of causes behind historic churn; the rest churn with no visible cause. */
const CHURNED_CAUSE_WEIGHTS: readonly (readonly [PlantedCause | null, number])[] = [
  ['onboarding_stalled', 1],
  ['low_adoption', 1],
  ['engagement_drop', 1.2],
  ['business_decline', 1],
  ['support_friction', 0.9],
  ['low_satisfaction', 0.9],
  [null, 0.7],
];

/** Causes a tenant can recover from (low adoption is chronic in this simulation). */
const RECOVERABLE: readonly PlantedCause[] = [
  'onboarding_stalled',
  'engagement_drop',
  'business_decline',
  'support_friction',
  'low_satisfaction',
];

const MAX_ATTEMPTS = 200;
/** Below this, daily active users are single digits and a "drop" is mostly counting noise. */
const ENGAGEMENT_MIN_SEATS = 20;

export function planStory(rng: Random, group: number, ctx: PortfolioContext): Story {
  if (group === GROUP_HEALTHY) return healthyStory(rng, ctx);
  if (group === GROUP_CHURNED) return churnedStory(rng, ctx);
  if (group === GROUP_RECOVERED) return recoveredStory(rng, ctx);
  const cause = PLANTED_CAUSES[group - 1];
  if (cause === undefined) throw new RangeError(`unknown story group ${group}`);
  return atRiskStory(rng, ctx, cause);
}

function healthyStory(rng: Random, ctx: PortfolioContext): Story {
  const { asOfDay, firstDay } = ctx;
  const cohort = rng.next();
  // Some new tenants, so onboarding is scored on healthy ones too, not only on stalled ones.
  const constraints =
    cohort < 0.15
      ? { latestSignup: asOfDay - 3, earliestSignup: asOfDay - 89 }
      : cohort < 0.25 && firstDay <= asOfDay - 90
        ? { latestSignup: asOfDay - 90, earliestSignup: firstDay }
        : { latestSignup: Math.min(firstDay - 1, asOfDay - 90) };
  const core = sampleCore(rng, ctx, constraints);
  const probability = baseChurnProbability(core);
  let churnDay: number | null = null;
  if (rng.chance(probability)) {
    const candidate = nextRenewal(core.signupDay, termMonths(core), asOfDay + rng.int(1, 120));
    churnDay = candidate - asOfDay <= 365 ? candidate : null;
  }
  return { kind: 'healthy', core, episode: null, churnDay, churnProbability: probability };
}

/** Base rate: customers leave without a visible cause too (budget cuts, acquisitions). */
function baseChurnProbability(core: CoreProfile): number {
  return core.billingTerm === 'monthly' ? 0.08 : 0.04;
}

interface Attempt {
  readonly core: CoreProfile;
  readonly episode: Episode;
}

function atRiskStory(rng: Random, ctx: PortfolioContext, cause: PlantedCause): Story {
  return drawStory(rng, ctx, 'at_risk', () => placeAtRisk(rng, ctx, cause));
}

function churnedStory(rng: Random, ctx: PortfolioContext): Story {
  const cause = rng.weighted(CHURNED_CAUSE_WEIGHTS);
  const { firstDay, asOfDay } = ctx;
  if (cause === null) {
    let core = sampleCore(rng, ctx, { latestSignup: asOfDay - 60 });
    let churnDay = asOfDay;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      core = sampleCore(rng, ctx, { latestSignup: asOfDay - 60 });
      churnDay = nextRenewal(core.signupDay, termMonths(core), rng.int(firstDay + 14, asOfDay));
      if (churnDay <= asOfDay) break;
    }
    return {
      kind: 'churned',
      core,
      episode: null,
      churnDay: Math.min(churnDay, asOfDay),
      churnProbability: baseChurnProbability(core),
    };
  }
  const [minLag] = CHURN_LAG[cause];
  return drawStory(rng, ctx, 'churned', () =>
    placeInHistory(rng, ctx, cause, firstDay + 28, asOfDay - minLag, null),
  );
}

function recoveredStory(rng: Random, ctx: PortfolioContext): Story {
  const cause = rng.pick(RECOVERABLE);
  const { firstDay, asOfDay } = ctx;
  return drawStory(rng, ctx, 'recovered', () => {
    const latestOnset = asOfDay - 90;
    return placeInHistory(rng, ctx, cause, firstDay + 28, latestOnset, (onset) =>
      Math.min(onset + rng.int(21, 56), asOfDay - 21),
    );
  });
}

/**
 * Rejection sampling: place the cause, draw its outcome from the hazard model, keep the draw
 * only if the outcome matches the story (churned by asOf, or still active at asOf).
 */
function drawStory(rng: Random, ctx: PortfolioContext, kind: StoryKind, place: () => Attempt): Story {
  let last: Attempt | undefined;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const placed = place();
    last = placed;
    const probability = churnProbability(placed.core, placed.episode);
    const churnDay = drawChurnDay(rng, placed.core, placed.episode, probability);
    const churnedByAsOf = churnDay !== null && churnDay <= ctx.asOfDay;
    if (kind === 'churned' ? churnedByAsOf && churnDay > placed.core.signupDay : !churnedByAsOf) {
      return { kind, ...placed, churnDay, churnProbability: probability };
    }
  }
  if (last === undefined) throw new Error('no attempt was made');
  // Only reachable for degenerate windows (a few days of history): force the outcome.
  const forced =
    kind === 'churned'
      ? Math.min(
          ctx.asOfDay,
          Math.max(last.core.signupDay + 1, last.episode.onsetDay + CHURN_LAG[last.episode.cause][0]),
        )
      : null;
  return { kind, ...last, churnDay: forced, churnProbability: churnProbability(last.core, last.episode) };
}

function placeAtRisk(rng: Random, ctx: PortfolioContext, cause: PlantedCause): Attempt {
  const { asOfDay, firstDay } = ctx;
  if (cause === 'onboarding_stalled') {
    // Young tenants only (< 90 days at asOf), stalled on a step at least a week overdue.
    return placeOnboardingStall(rng, ctx, { earliestSignup: asOfDay - 89, latestOnset: asOfDay - 7 });
  }
  if (cause === 'low_adoption') {
    const core = sampleCore(rng, ctx, { latestSignup: asOfDay - 75 });
    return { core, episode: lowAdoptionEpisode(rng, core, Math.max(core.signupDay + 30, firstDay)) };
  }
  const [nearest, farthest] = AT_RISK_ONSET[cause];
  const onset = asOfDay - rng.int(nearest, farthest);
  // A sharp drop needs a team: in a three-seat account it is indistinguishable from a holiday.
  const minSeats = cause === 'engagement_drop' ? ENGAGEMENT_MIN_SEATS : undefined;
  const core = sampleCore(rng, ctx, { latestSignup: onset - MIN_TENURE_AT_ONSET[cause], minSeats });
  return { core, episode: sampleEpisode(rng, cause, onset, null) };
}

function placeInHistory(
  rng: Random,
  ctx: PortfolioContext,
  cause: PlantedCause,
  earliestOnset: number,
  latestOnset: number,
  endOf: ((onset: number) => number) | null,
): Attempt {
  if (cause === 'onboarding_stalled') {
    return placeOnboardingStall(rng, ctx, { earliestSignup: ctx.firstDay, latestOnset, endOf });
  }
  if (cause === 'low_adoption') {
    const core = sampleCore(rng, ctx, { latestSignup: ctx.asOfDay - 60 });
    return { core, episode: lowAdoptionEpisode(rng, core, Math.max(core.signupDay + 30, ctx.firstDay)) };
  }
  const onset = rng.int(earliestOnset, latestOnset);
  const minSeats = cause === 'engagement_drop' ? ENGAGEMENT_MIN_SEATS : undefined;
  const core = sampleCore(rng, ctx, { latestSignup: onset - MIN_TENURE_AT_ONSET[cause], minSeats });
  return { core, episode: sampleEpisode(rng, cause, onset, endOf ? endOf(onset) : null) };
}

function placeOnboardingStall(
  rng: Random,
  ctx: PortfolioContext,
  bounds: { earliestSignup: number; latestOnset: number; endOf?: ((onset: number) => number) | null },
): Attempt {
  const candidates = ctx.steps.filter(
    (step) => bounds.earliestSignup + step.expectedDay + 1 <= bounds.latestOnset && step.expectedDay < 80,
  );
  const pool = candidates.length > 0 ? candidates : ctx.steps;
  // The source material's example: new customers stall on importing their existing users.
  const step = rng.weighted(
    pool.map((candidate) => [candidate, /import/.test(candidate.key) ? 3 : 1] as const),
  );
  const latestSignup = Math.max(bounds.earliestSignup, bounds.latestOnset - step.expectedDay - 1);
  const core = sampleCore(rng, ctx, { latestSignup, earliestSignup: bounds.earliestSignup });
  const onset = core.signupDay + step.expectedDay + 1;
  const severity = round(step.index <= 1 ? rng.float(0.7, 0.9) : rng.float(0.5, 0.7), 2);
  return {
    core,
    episode: {
      cause: 'onboarding_stalled',
      onsetDay: onset,
      endDay: bounds.endOf ? bounds.endOf(onset) : null,
      severity,
      detail: { step: step.key, stepIndex: step.index, expectedDay: step.expectedDay },
    },
  };
}

function lowAdoptionEpisode(rng: Random, core: CoreProfile, onset: number): Episode {
  const entitled = core.entitled;
  // Uses one or two of the features it pays for, the most basic ones, for its whole history.
  const usedCount = entitled.length >= 4 ? rng.int(1, 2) : entitled.length >= 2 ? 1 : 0;
  const usedFeatures = entitled.slice(0, usedCount);
  const unusedFeatures = entitled.slice(usedCount);
  return {
    cause: 'low_adoption',
    onsetDay: onset,
    endDay: null,
    severity: entitled.length === 0 ? 0 : round(unusedFeatures.length / entitled.length, 2),
    detail: { usedFeatures, unusedFeatures },
  };
}

function sampleEpisode(rng: Random, cause: PlantedCause, onset: number, endDay: number | null): Episode {
  switch (cause) {
    case 'engagement_drop': {
      const drop = round(rng.float(0.72, 0.9), 2);
      return { cause, onsetDay: onset, endDay, severity: drop, detail: { drop } };
    }
    case 'business_decline': {
      const weekly = rng.float(0.04, 0.06);
      return {
        cause,
        onsetDay: onset,
        endDay,
        severity: round((weekly - 0.03) / 0.035, 2),
        detail: { weeklyChange: -round(weekly, 3) },
      };
    }
    case 'support_friction': {
      const severity = round(rng.float(0.4, 1), 2);
      return {
        cause,
        onsetDay: onset,
        endDay,
        severity,
        detail: {
          ticketMultiplier: round(3 + 6 * severity, 1),
          extraTicketsPerDay: round(0.5 + 1.5 * severity, 2),
          extraOpenBugs: Math.round(5 + 10 * severity),
          slaBreachesPerDay: round(0.5 + severity, 2),
        },
      };
    }
    case 'low_satisfaction': {
      const severity = round(rng.float(0.5, 1), 2);
      return {
        cause,
        onsetDay: onset,
        endDay,
        severity,
        detail: { npsRange: [0, severity > 0.75 ? 4 : 5], csatRange: [1, 2] },
      };
    }
    case 'onboarding_stalled':
    case 'low_adoption':
      throw new Error(`${cause} is placed by its own function`);
  }
}

/**
 * The hazard model: probability that an episode ends in churn. The interactions are the point:
 * they are what a churn model has to find beyond "a cause is present".
 */
export function churnProbability(core: CoreProfile, episode: Episode): number {
  const [minLag] = CHURN_LAG[episode.cause];
  const decisionDay = episode.onsetDay + minLag;
  const gap = nextRenewal(core.signupDay, termMonths(core), decisionDay) - decisionDay;
  // Annual customers can only leave at renewal; a problem fixed long before it is forgotten.
  if (core.billingTerm === 'annual' && gap > 330 - minLag && episode.cause !== 'low_adoption') return 0;
  const nearRenewal = gap <= 45 ? 1.5 : gap <= 120 ? 1 : 0.5;
  const s = episode.severity;
  let p: number;
  switch (episode.cause) {
    case 'onboarding_stalled':
      // Month-to-month customers who never got set up simply stop paying.
      p = (s >= 0.7 ? 0.6 : 0.45) * (core.billingTerm === 'monthly' ? 1.3 : 0.5);
      break;
    case 'low_adoption':
      // Low value per dollar hurts more the more they pay.
      p = (0.2 + 0.4 * s) * (core.mrr >= 1000 ? 1.4 : 1);
      break;
    case 'engagement_drop':
      p = (0.1 + 0.7 * s * s) * (gap <= 60 ? 2 : 0.6);
      break;
    case 'business_decline':
      // A small business in decline cuts its tools; a large one rides it out.
      p = core.seats <= SMALL_SEATS ? 0.55 + 0.35 * s : 0.05;
      break;
    case 'support_friction': {
      const firstYear = episode.onsetDay - core.signupDay < 365;
      p = (0.1 + 0.5 * s) * (firstYear ? 1.6 : 0.8);
      break;
    }
    case 'low_satisfaction':
      p = (core.hasChampion ? 0.15 : 0.5) * nearRenewal * (0.6 + 0.4 * s);
      break;
  }
  return round(Math.min(0.95, Math.max(0, p)), 3);
}

function drawChurnDay(rng: Random, core: CoreProfile, episode: Episode, probability: number): number | null {
  if (!rng.chance(probability)) return null;
  const [minLag, maxLag] = CHURN_LAG[episode.cause];
  const decided = episode.onsetDay + rng.int(minLag, maxLag);
  if (core.billingTerm === 'monthly') return nextRenewal(core.signupDay, 1, decided);
  const renewal = nextRenewal(core.signupDay, 12, episode.onsetDay + minLag);
  return renewal - episode.onsetDay <= 330 ? renewal : null;
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
