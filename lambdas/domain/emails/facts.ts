import type { CauseId } from '../cause-ids';

/** An industry percentile below this is worth saying ("among the lowest 10%"); above, it is not. */
export const LOW_INDUSTRY_PERCENTILE = 0.25;

/**
 * The merge data of a play: what one email says about one tenant. Numbers stay numbers here
 * (the renderer formats them); text that came from the tenant feed (name, industry) is kept
 * as given and only ever reaches HTML through the template engine's escaping.
 */

export interface FactsBase {
  readonly tenantId: string;
  /** The tenant's name as the feed gives it, whitespace collapsed. */
  readonly tenantName: string;
  /** The tenant's industry as the feed gives it, or null. */
  readonly industry: string | null;
  /** The tenant's CSM from the feed, or null. */
  readonly csmEmail: string | null;
  /** The night the score is for (YYYY-MM-DD). */
  readonly asOf: string;
}

export interface OverdueStep {
  readonly key: string;
  /** The step's label from the product config, e.g. "Import your existing users in bulk". */
  readonly label: string;
  readonly expectedDay: number;
  readonly daysOverdue: number;
}

export interface OnboardingStalledFacts extends FactsBase {
  readonly cause: 'onboarding_stalled';
  readonly tenureDays: number;
  /** The overdue steps the score names, most overdue first; the email is about the first. */
  readonly steps: readonly [OverdueStep, ...OverdueStep[]];
  /** All overdue steps, including ones the score counts without naming. */
  readonly overdueCount: number;
}

export interface UnusedFeature {
  readonly key: string;
  readonly core: boolean;
  readonly retention: boolean;
}

export interface LowAdoptionFacts extends FactsBase {
  readonly cause: 'low_adoption';
  readonly entitledCount: number;
  readonly usedCount: number;
  /** Share of the entitled key features used in the last 28 days (0-1). */
  readonly shareUsed: number;
  /** Entitled key features not used, core first, then retention, then config order. */
  readonly unused: readonly [UnusedFeature, ...UnusedFeature[]];
}

export interface EngagementDropFacts extends FactsBase {
  readonly cause: 'engagement_drop';
  readonly measure: 'active_users' | 'core_actions';
  /** Daily mean over the 28-day baseline, when the score states it. */
  readonly before: number | null;
  /** Daily mean over the last 7 days, when the score states it. */
  readonly now: number | null;
  /** now / before - 1 (negative). */
  readonly change: number;
}

export interface BusinessDeclineFacts extends FactsBase {
  readonly cause: 'business_decline';
  /** 28-day business volume vs the 28 days before, minus 1; null when not a decline. */
  readonly trend: number | null;
  /** Percentile (0 = lowest) of the tenant's business volume in its industry, or null. */
  readonly industryPercentile: number | null;
}

export interface SupportFrictionFacts extends FactsBase {
  readonly cause: 'support_friction';
  readonly openBugs: number | null;
  /** SLA breaches in the last 28 days. */
  readonly slaBreaches: number | null;
  readonly ticketsPerWeek: number | null;
  /** The ticket rate as a multiple of the tenant's usual rate (2 = twice), when it spiked. */
  readonly ticketsMultiple: number | null;
}

export interface LowSatisfactionFacts extends FactsBase {
  readonly cause: 'low_satisfaction';
  /** The latest NPS answer (0-10), or null. */
  readonly nps: number | null;
  /** When that answer was given (YYYY-MM-DD), when the score states it. */
  readonly npsDate: string | null;
  /** Mean CSAT (1-5) over 90 days, or null. */
  readonly csat: number | null;
}

export type PlayFacts =
  | OnboardingStalledFacts
  | LowAdoptionFacts
  | EngagementDropFacts
  | BusinessDeclineFacts
  | SupportFrictionFacts
  | LowSatisfactionFacts;

/** The facts of one cause's play. */
export type FactsOf<C extends CauseId> = Extract<PlayFacts, { readonly cause: C }>;

/**
 * Either the merge data, or the names of what is missing (e.g. "tenant.name",
 * "onboarding.overdueStep"): a play whose approval mode is on_error holds such a send.
 */
export type PlayFactsResult =
  | { readonly ok: true; readonly facts: PlayFacts }
  | { readonly ok: false; readonly missing: readonly string[] };
