import type { CauseId } from '../cause-ids';
import {
  formatChange,
  formatCount,
  formatMultiple,
  formatNumber,
  formatPercent,
  humanizeKey,
} from './format';

/**
 * The fixed feature list: what each number means, its unit, which play-able cause it is
 * evidence for (null: context such as tenure or size, which raises risk but names no cause),
 * and how to say it in a sentence. The vector a tenant is scored on is this list, then one
 * `use.<key>` per configured key feature, one `step.<key>` per onboarding step and one
 * `attr.<name>` per tenant attribute (see feature-layout.ts). NaN always means "unknown".
 */

export type FeatureUnit =
  | 'share'
  | 'percentile'
  | 'ratio'
  | 'per_week'
  | 'count'
  | 'users'
  | 'actions'
  | 'days'
  | 'score'
  | 'per_money'
  | 'log_money'
  | 'seats'
  | 'flag'
  | 'code'
  | 'number';

export interface FeatureSpec {
  readonly name: string;
  readonly description: string;
  readonly unit: FeatureUnit;
  /** The cause a high risk contribution from this feature points to; null for context. */
  readonly group: CauseId | null;
  /** Categorical features hold small integer codes (a dictionary in the portfolio context). */
  readonly kind: 'numeric' | 'categorical';
  /**
   * +1: higher means more churn risk; -1: higher means less; 0: no fixed direction. For an
   * expert prior and for arrows in a UI.
   */
  readonly riskDirection: 1 | -1 | 0;
  /**
   * False for raw levels kept to write explanations (e.g. active users before and after a drop):
   * they scale with the tenant's size, and the model sees their ratio instead.
   */
  readonly modelInput: boolean;
  /** The value in words, e.g. "active users −67% vs own 28-day baseline". */
  readonly phrase: (value: number) => string;
}

const unknown = (text: string, value: number, say: (v: number) => string) =>
  Number.isNaN(value) ? `${text} unknown` : say(value);

function spec<const Name extends string>(
  name: Name,
  description: string,
  unit: FeatureUnit,
  group: CauseId | null,
  riskDirection: 1 | -1 | 0,
  phrase: (value: number) => string,
  modelInput = true,
): FeatureSpec & { readonly name: Name } {
  return {
    name,
    description,
    unit,
    group,
    kind: 'numeric',
    riskDirection,
    modelInput,
    phrase: (value) => unknown(name, value, phrase),
  };
}

export const FIXED_FEATURES = [
  // Adoption: is the tenant using what it pays for?
  spec(
    'breadth',
    'Share of the entitled key features used at least once in the last 28 days (entitled = tenant entitledFeatures within features.key; all key features when the tenant lists none).',
    'share',
    'low_adoption',
    -1,
    (v) => `uses ${formatPercent(v)} of its entitled key features`,
  ),
  spec(
    'entitledKeyFeatures',
    'How many key features the tenant is entitled to (the denominator of breadth).',
    'count',
    null,
    0,
    (v) => `entitled to ${formatCount(v)} key features`,
  ),
  spec(
    'coreFeatureUse',
    'Share of the entitled core features (features.core) used in the last 28 days.',
    'share',
    'low_adoption',
    -1,
    (v) => `uses ${formatPercent(v)} of its core features`,
  ),
  spec(
    'retentionFeatureUse',
    'Share of the entitled retention features (features.retention) used in the last 28 days.',
    'share',
    'low_adoption',
    -1,
    (v) => `uses ${formatPercent(v)} of its retention features`,
  ),
  spec(
    'reachPerDollar',
    'End customers reached through the product in the last 28 days per unit of MRR (reported days scaled to 28).',
    'per_money',
    'low_adoption',
    -1,
    (v) => `reaches ${formatNumber(v)} end customers per unit of MRR in 28 days`,
  ),
  spec(
    'reachPercentile',
    "Percentile (0 = lowest) of reachPerDollar among the tenant's industry.",
    'percentile',
    'low_adoption',
    -1,
    (v) => `reach per dollar at the ${formatPercent(v)} mark of its industry`,
  ),
  // Engagement: how many people use it, and is that falling?
  spec(
    'depth',
    'Mean daily active users over the last 28 days divided by seats purchased.',
    'share',
    'engagement_drop',
    -1,
    (v) => `${formatPercent(v)} of seats active on an average day`,
  ),
  spec(
    'activeUsersRecent',
    'Mean daily active users over the last 7 days.',
    'users',
    'engagement_drop',
    -1,
    (v) => `${formatNumber(v)} active users a day this week`,
    false,
  ),
  spec(
    'activeUsersBaseline',
    "Mean daily active users over the 28 days before the last 7 (the tenant's own baseline).",
    'users',
    'engagement_drop',
    -1,
    (v) => `${formatNumber(v)} active users a day before`,
    false,
  ),
  spec(
    'activeUsersChange',
    'activeUsersRecent / activeUsersBaseline - 1 (needs 3 reported days in the last 7 and 10 in the baseline).',
    'ratio',
    'engagement_drop',
    -1,
    (v) => `active users ${formatChange(v)} vs own 28-day baseline`,
  ),
  spec(
    'coreActionsRecent',
    'Mean daily core actions over the last 7 days.',
    'actions',
    'engagement_drop',
    -1,
    (v) => `${formatNumber(v)} core actions a day this week`,
    false,
  ),
  spec(
    'coreActionsBaseline',
    'Mean daily core actions over the 28 days before the last 7.',
    'actions',
    'engagement_drop',
    -1,
    (v) => `${formatNumber(v)} core actions a day before`,
    false,
  ),
  spec(
    'coreActionsChange',
    'coreActionsRecent / coreActionsBaseline - 1.',
    'ratio',
    'engagement_drop',
    -1,
    (v) => `core actions ${formatChange(v)} vs own 28-day baseline`,
  ),
  spec(
    'engagementSlope',
    'Least-squares trend of weekly mean active users over the last 8 weeks, divided by their mean: relative change per week (needs 4 weeks with data).',
    'ratio',
    'engagement_drop',
    -1,
    (v) => `weekly active users ${formatChange(v)} a week over 8 weeks`,
  ),
  // The tenant's own business.
  spec(
    'businessTrend',
    'Mean daily business volume of the last 28 days vs the 28 days before, minus 1.',
    'ratio',
    'business_decline',
    -1,
    (v) => `business volume ${formatChange(v)} over 28 days`,
  ),
  spec(
    'businessTrendVsIndustry',
    "businessTrend minus the median businessTrend of the tenant's industry: the tenant's own decline, with the season every peer shares taken out.",
    'ratio',
    'business_decline',
    -1,
    (v) => `business volume ${formatChange(v)} vs its industry over 28 days`,
  ),
  spec(
    'businessPercentile',
    "Percentile (0 = lowest) of the tenant's 28-day business volume among its industry.",
    'percentile',
    'business_decline',
    -1,
    (v) => `business volume at the ${formatPercent(v)} mark of its industry`,
  ),
  // Support load.
  spec(
    'ticketsPerWeek',
    'Tickets opened per week over the last 28 days (raw, not per seat: seats is its own feature).',
    'per_week',
    'support_friction',
    1,
    (v) => `${formatNumber(v)} tickets a week`,
  ),
  spec(
    'ticketsChange',
    'Ticket rate of the last 28 days vs the 56 days before, minus 1; both smoothed by one ticket a week so a quiet account does not spike on its first ticket.',
    'ratio',
    'support_friction',
    1,
    (v) => `ticket rate ${formatMultiple(v + 1)} its usual level`,
  ),
  spec(
    'openBugs',
    'Open bugs on the newest day that reported them in the last 28 days.',
    'count',
    'support_friction',
    1,
    (v) => `${formatCount(v)} open bugs`,
  ),
  spec(
    'slaBreaches28d',
    'SLA breaches summed over the reported days of the last 28.',
    'count',
    'support_friction',
    1,
    (v) => `${formatCount(v)} SLA breaches in 28 days`,
  ),
  // Sentiment.
  spec(
    'nps',
    'The latest NPS answer (0-10) within the last 90 days.',
    'score',
    'low_satisfaction',
    -1,
    (v) => `NPS ${formatNumber(v)}`,
  ),
  spec(
    'npsAgeDays',
    'Days since the latest NPS answer (for the sentence; not a risk by itself).',
    'days',
    null,
    0,
    (v) => `last NPS answer ${formatCount(v)} days ago`,
    false,
  ),
  spec(
    'npsDetractors90d',
    'NPS answers of 0-6 in the last 90 days (NaN when no answer at all).',
    'count',
    'low_satisfaction',
    1,
    (v) => `${formatCount(v)} detractor NPS answers in 90 days`,
  ),
  spec(
    'csat',
    'Mean CSAT (1-5) over the last 90 days.',
    'score',
    'low_satisfaction',
    -1,
    (v) => `average CSAT ${formatNumber(v)} of 5`,
  ),
  spec(
    'csatLatest',
    'The latest CSAT answer (1-5) within the last 90 days.',
    'score',
    'low_satisfaction',
    -1,
    (v) => `latest CSAT ${formatNumber(v)} of 5`,
  ),
  // Onboarding (first 90 days only).
  spec(
    'onboardingOverdueSteps',
    'Tenants younger than 90 days: onboarding steps past their expectedDay and not done. NaN for older tenants (onboarding is over; adoption and engagement take over) and when the feed never reports onboardingSteps.',
    'count',
    'onboarding_stalled',
    1,
    (v) => `${formatCount(v)} onboarding steps overdue`,
  ),
  spec(
    'onboardingOverdueDays',
    'Tenants younger than 90 days: days the most overdue open step is past its expectedDay (0 when none). NaN as onboardingOverdueSteps.',
    'days',
    'onboarding_stalled',
    1,
    (v) => `onboarding step ${formatCount(v)} days overdue`,
  ),
  // Context: who the tenant is.
  spec(
    'tenureDays',
    'Days since signupDate.',
    'days',
    null,
    -1,
    (v) => `customer for ${formatCount(v)} days`,
  ),
  spec(
    'daysToRenewal',
    'Days from asOf to renewalDate (negative when the date has passed).',
    'days',
    null,
    -1,
    (v) => (v < 0 ? `renewal date passed ${formatCount(-v)} days ago` : `renews in ${formatCount(v)} days`),
  ),
  spec(
    'logMrr',
    'ln(1 + MRR): revenue at stake, on a scale where doubling is one step.',
    'log_money',
    null,
    0,
    (v) => `MRR ${formatCount(Math.expm1(v))}`,
  ),
  spec('seats', 'Seats purchased.', 'seats', null, 0, (v) => `${formatCount(v)} seats`),
] as const satisfies readonly FeatureSpec[];

export type FixedFeatureName = (typeof FIXED_FEATURES)[number]['name'];

/** Vector index of each fixed feature (they come first in every layout). */
export const F = Object.freeze(
  Object.fromEntries(FIXED_FEATURES.map((feature, index) => [feature.name, index])) as Record<
    FixedFeatureName,
    number
  >,
);

export const USE_PREFIX = 'use.';
export const STEP_PREFIX = 'step.';
export const ATTRIBUTE_PREFIX = 'attr.';

export function useFeatureSpec(key: string, core: boolean, retention: boolean): FeatureSpec {
  const role = core ? 'a core feature' : retention ? 'a retention feature' : 'a key feature';
  return {
    name: `${USE_PREFIX}${key}`,
    description: `1 if the entitled key feature "${key}" (${role}) was used in the last 28 days, 0 if not; NaN when not entitled or usage is not reported.`,
    unit: 'flag',
    group: 'low_adoption',
    kind: 'numeric',
    riskDirection: -1,
    modelInput: true,
    phrase: (v) =>
      Number.isNaN(v)
        ? `${humanizeKey(key)} unknown`
        : `${v > 0 ? 'uses' : 'does not use'} ${humanizeKey(key)}`,
  };
}

export function stepFeatureSpec(key: string, expectedDay: number): FeatureSpec {
  return {
    name: `${STEP_PREFIX}${key}`,
    description: `Tenants younger than 90 days: days the onboarding step "${key}" is overdue (expected by day ${expectedDay}; 0 when done or not yet due). NaN for older tenants and when onboarding is not reported.`,
    unit: 'days',
    group: 'onboarding_stalled',
    kind: 'numeric',
    riskDirection: 1,
    modelInput: true,
    phrase: (v) =>
      Number.isNaN(v)
        ? `${humanizeKey(key)} unknown`
        : v > 0
          ? `${humanizeKey(key)} ${formatCount(v)} days overdue`
          : `${humanizeKey(key)} on track`,
  };
}

export function attributeFeatureSpec(name: string, kind: 'numeric' | 'categorical'): FeatureSpec {
  return {
    name: `${ATTRIBUTE_PREFIX}${name}`,
    description:
      kind === 'numeric'
        ? `The tenant attribute "${name}" (numbers as given, booleans as 0/1).`
        : `The tenant attribute "${name}" as a category code (dictionary in the portfolio context).`,
    unit: kind === 'numeric' ? 'number' : 'code',
    group: null,
    kind,
    riskDirection: 0,
    modelInput: true,
    // Attribute values are tenant text: never put them in a sentence.
    phrase: (v) =>
      Number.isNaN(v) ? `${name} unknown` : `${name} ${kind === 'numeric' ? formatNumber(v) : 'set'}`,
  };
}
