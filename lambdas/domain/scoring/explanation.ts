import type { CauseId } from '../cause-ids';
import { fromDayNumber } from './day-number';
import { F } from './feature-catalog';
import type { FeatureLayout } from './feature-layout';
import {
  capitalize,
  formatChange,
  formatCount,
  formatMultiple,
  formatNumber,
  formatPercent,
  humanizeKey,
  joinWords,
  plural,
} from './format';

/**
 * One sentence per tenant saying why, with its own numbers: what the CSM digest and the email
 * play quote. Only numbers, config keys (feature and step names) and the industry name go in;
 * never other tenant text, which is free-form and unescaped here.
 */

export interface ExplanationInput {
  readonly features: Float64Array;
  readonly layout: FeatureLayout;
  /** The tenant's industry, the one piece of tenant text a sentence may carry. */
  readonly industry: string | undefined;
  readonly asOfDay: number;
  /** For the neutral sentence when no cause is named. */
  readonly healthScore: number | null;
}

export function explainCause(cause: CauseId | null, input: ExplanationInput): string {
  switch (cause) {
    case null:
      return input.healthScore === null
        ? 'No strong risk signal.'
        : `No strong risk signal; health ${formatCount(input.healthScore)}.`;
    case 'onboarding_stalled':
      return onboarding(input);
    case 'low_adoption':
      return adoption(input);
    case 'engagement_drop':
      return engagement(input);
    case 'business_decline':
      return business(input);
    case 'support_friction':
      return support(input);
    case 'low_satisfaction':
      return satisfaction(input);
  }
}

const value = (input: ExplanationInput, index: number | undefined) =>
  index === undefined ? Number.NaN : (input.features[index] ?? Number.NaN);
const known = (x: number) => !Number.isNaN(x);

function peers(industry: string | undefined): string {
  return industry === undefined || industry.trim() === ''
    ? 'its industry'
    : `${humanizeKey(industry)} tenants`;
}

/** "bottom 7%" for a percentile of 0.065 (the tenant itself is in that share). */
function bottom(percentile: number): string {
  return `bottom ${Math.max(1, Math.ceil(percentile * 100 - 1e-9))}%`;
}

function onboarding(input: ExplanationInput): string {
  const { layout } = input;
  let worst = -1;
  let worstDays = 0;
  let overdue = 0;
  layout.steps.forEach((_, s) => {
    const days = value(input, layout.stepOffset + s);
    if (!(days > 0)) return;
    overdue++;
    if (days > worstDays) {
      worst = s;
      worstDays = days;
    }
  });
  const step = layout.steps[worst];
  const tenure = value(input, F.tenureDays);
  if (step === undefined || !known(tenure)) return 'Onboarding has stalled on an overdue setup step.';
  const more =
    overdue > 1 ? `; ${plural(overdue - 1, 'more setup step is', 'more setup steps are')} overdue` : '';
  return `${capitalize(humanizeKey(step.key))} not done ${formatCount(tenure)} days after signup (expected by day ${step.expectedDay})${more}.`;
}

function adoption(input: ExplanationInput): string {
  const { layout } = input;
  const entitled = value(input, F.entitledKeyFeatures);
  const used: string[] = [];
  let reported = false;
  layout.keyFeatures.forEach((key, k) => {
    const use = value(input, layout.useOffset + k);
    if (known(use)) reported = true;
    if (use > 0) used.push(humanizeKey(key));
  });
  if (reported && known(entitled) && used.length < entitled) {
    return used.length === 0
      ? `Uses none of its ${formatCount(entitled)} entitled key features.`
      : `Uses ${formatCount(used.length)} of ${formatCount(entitled)} entitled key features (${used.join(', ')}).`;
  }
  const reach = value(input, F.reachPercentile);
  if (known(reach)) {
    return `End customers reached per unit of MRR in the ${bottom(reach)} of ${peers(input.industry)}.`;
  }
  return 'Uses little of what it pays for.';
}

function engagement(input: ExplanationInput): string {
  const users = value(input, F.activeUsersChange);
  if (users <= -0.05) {
    return `Active users fell from ${formatNumber(value(input, F.activeUsersBaseline))} to ${formatNumber(value(input, F.activeUsersRecent))} (${formatChange(users)}) vs the 28-day baseline.`;
  }
  const actions = value(input, F.coreActionsChange);
  if (actions <= -0.05) {
    return `Core actions fell from ${formatNumber(value(input, F.coreActionsBaseline))} to ${formatNumber(value(input, F.coreActionsRecent))} a day (${formatChange(actions)}) vs the 28-day baseline.`;
  }
  const slope = value(input, F.engagementSlope);
  if (slope <= -0.005) {
    return `Weekly active users trending ${formatChange(slope)} a week over the last 8 weeks.`;
  }
  const depth = value(input, F.depth);
  const seats = value(input, F.seats);
  if (known(depth) && known(seats)) {
    return `Only ${formatPercent(depth)} of ${formatCount(seats)} seats active on an average day in the last 28 days.`;
  }
  return 'Activity is below its usual level.';
}

function business(input: ExplanationInput): string {
  const trend = value(input, F.businessTrend);
  const percentile = value(input, F.businessPercentile);
  const down = Math.round(-trend * 100);
  const low = percentile < 0.25;
  if (down >= 1) {
    const rank = low ? `, ${bottom(percentile)} of ${peers(input.industry)}` : '';
    return `Business volume down ${down}% over 28 days${rank}.`;
  }
  if (low)
    return `Business volume over the last 28 days in the ${bottom(percentile)} of ${peers(input.industry)}.`;
  return 'Business volume is below its usual level.';
}

function support(input: ExplanationInput): string {
  const parts: string[] = [];
  const bugs = value(input, F.openBugs);
  const breaches = value(input, F.slaBreaches28d);
  const change = value(input, F.ticketsChange);
  if (bugs > 0) parts.push(plural(bugs, 'open bug', 'open bugs'));
  if (breaches > 0) parts.push(plural(breaches, 'SLA breach', 'SLA breaches'));
  if (change >= 1) {
    parts.push(
      `${formatNumber(value(input, F.ticketsPerWeek))} tickets a week (${formatMultiple(change + 1)} the usual rate)`,
    );
  }
  if (parts.length === 0) return 'Support load is above its usual level.';
  return `${capitalize(joinWords(parts))} in the last 28 days.`;
}

function satisfaction(input: ExplanationInput): string {
  const nps = value(input, F.nps);
  const age = value(input, F.npsAgeDays);
  const csat = value(input, F.csat);
  const lowCsat = csat < 3;
  if (known(nps) && known(age)) {
    const csatPart = lowCsat ? `, average CSAT ${formatNumber(csat)} of 5 over 90 days` : '';
    return `NPS ${formatNumber(nps)} (last survey ${fromDayNumber(input.asOfDay - age)})${csatPart}.`;
  }
  if (known(csat)) return `Average CSAT ${formatNumber(csat)} of 5 over the last 90 days.`;
  return 'Satisfaction answers are low.';
}
