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
} from '../scoring/format';
import {
  type BusinessDeclineFacts,
  type EngagementDropFacts,
  LOW_INDUSTRY_PERCENTILE,
  type LowAdoptionFacts,
  type LowSatisfactionFacts,
  type OnboardingStalledFacts,
  type PlayFacts,
  type SupportFrictionFacts,
} from './facts';
import { formatLongDate } from './long-date';

/**
 * Facts -> the strings a play's templates print: numbers formatted the way explanations format
 * them, and the "your numbers" rows every email shows. Nothing here is HTML: the template
 * engine escapes every value where it lands.
 */

export interface FactRow {
  readonly label: string;
  readonly value: string;
}

export interface EmailPerson {
  readonly name?: string;
  readonly email: string;
}

export interface ViewContext {
  readonly csm: EmailPerson | null;
  readonly supportLead: EmailPerson | null;
  /** The recipient's locale (BCP 47), for dates. */
  readonly locale: string | undefined;
}

export type PlayView = Readonly<Record<string, string | boolean | readonly FactRow[]>> & {
  readonly facts: readonly FactRow[];
};

export function playView(facts: PlayFacts, context: ViewContext): PlayView {
  switch (facts.cause) {
    case 'onboarding_stalled':
      return onboarding(facts);
    case 'low_adoption':
      return adoption(facts);
    case 'engagement_drop':
      return engagement(facts);
    case 'business_decline':
      return business(facts);
    case 'support_friction':
      return support(facts, context);
    case 'low_satisfaction':
      return satisfaction(facts, context);
  }
}

function onboarding(facts: OnboardingStalledFacts): PlayView {
  const [step, ...others] = facts.steps;
  const expectedDay = formatCount(step.expectedDay);
  const tenureDays = formatCount(facts.tenureDays);
  const daysOverdue = formatCount(step.daysOverdue);
  const otherCount = facts.overdueCount - 1;
  const named = others.length > 0 ? ` (${joinWords(others.map((s) => `"${s.label}"`))})` : '';
  return {
    stepLabel: step.label,
    expectedDay,
    tenureDays,
    daysOverdue,
    otherOverdue:
      otherCount > 0
        ? `${capitalize(plural(otherCount, 'other setup step is', 'other setup steps are'))} also behind plan${named}`
        : '',
    facts: [
      { label: 'Setup step', value: step.label },
      { label: 'Planned by', value: `day ${expectedDay}` },
      { label: 'Today', value: `day ${tenureDays}, ${daysOverdue} days past plan` },
    ],
  };
}

function adoption(facts: LowAdoptionFacts): PlayView {
  const [focus, ...rest] = facts.unused;
  const featureName = humanizeKey(focus.key);
  const sharePercent = formatPercent(facts.shareUsed);
  return {
    featureName,
    featureTitle: capitalize(featureName),
    usedCount: formatCount(facts.usedCount),
    entitledCount: formatCount(facts.entitledCount),
    sharePercent,
    isRetention: focus.retention,
    moreUnused: joinWords(rest.map((f) => humanizeKey(f.key))),
    peers: facts.industry === null ? 'teams' : `${facts.industry} teams`,
    facts: [
      { label: 'Key features in your plan', value: formatCount(facts.entitledCount) },
      { label: 'Used in the last 28 days', value: `${formatCount(facts.usedCount)} (${sharePercent})` },
      { label: 'Not used yet', value: joinWords(facts.unused.map((f) => humanizeKey(f.key))) },
    ],
  };
}

function engagement(facts: EngagementDropFacts): PlayView {
  const measureLabel = facts.measure === 'active_users' ? 'daily active users' : 'core actions a day';
  const change = formatChange(facts.change);
  const Measure = capitalize(measureLabel);
  const levels = facts.before !== null && facts.now !== null;
  return {
    measureLabel,
    levels,
    before: facts.before === null ? '' : formatNumber(facts.before),
    now: facts.now === null ? '' : formatNumber(facts.now),
    change,
    facts: [
      ...(facts.before === null
        ? []
        : [{ label: `${Measure}, the 4 weeks before`, value: formatNumber(facts.before) }]),
      ...(facts.now === null ? [] : [{ label: `${Measure}, this week`, value: formatNumber(facts.now) }]),
      { label: 'Change', value: change },
    ],
  };
}

/** "lowest 7%" for a percentile of 0.065 (the tenant itself is in that share). */
function lowestShare(percentile: number): string {
  return `${Math.max(1, Math.ceil(percentile * 100 - 1e-9))}%`;
}

function business(facts: BusinessDeclineFacts): PlayView {
  const peers = facts.industry === null ? 'businesses like yours' : `${facts.industry} businesses`;
  const percentile = facts.industryPercentile;
  const bottomShare =
    percentile !== null && percentile < LOW_INDUSTRY_PERCENTILE ? lowestShare(percentile) : '';
  return {
    peers,
    trendDown: facts.trend === null ? '' : formatPercent(-facts.trend),
    bottomShare,
    facts: [
      ...(facts.trend === null
        ? []
        : [{ label: 'Business volume, last 4 weeks vs the 4 before', value: formatChange(facts.trend) }]),
      ...(bottomShare === ''
        ? []
        : [{ label: `Among ${peers} we work with`, value: `lowest ${bottomShare}` }]),
    ],
  };
}

function supportLine(context: ViewContext): { leadLabel: string; leadShort: string; leadEmail: string } {
  const { supportLead, csm } = context;
  if (supportLead) {
    return {
      leadLabel: supportLead.name ? `${supportLead.name}, who leads our support team,` : 'our support lead',
      leadShort: 'our support lead',
      leadEmail: supportLead.email,
    };
  }
  if (csm) {
    return {
      leadLabel: csm.name ? `${csm.name}, your customer success manager,` : 'your customer success manager',
      leadShort: 'your customer success manager',
      leadEmail: csm.email,
    };
  }
  return { leadLabel: '', leadShort: '', leadEmail: '' };
}

/** The ticket rate is only news when it at least doubled (the explanation's rule too). */
const TICKET_SPIKE = 2;

function support(facts: SupportFrictionFacts, context: ViewContext): PlayView {
  const bugs = facts.openBugs ?? 0;
  const breaches = facts.slaBreaches ?? 0;
  const multiple = facts.ticketsMultiple ?? 0;
  const spike = multiple >= TICKET_SPIKE && facts.ticketsPerWeek !== null;
  const long: string[] = [];
  const short: string[] = [];
  const rows: { label: string; value: string }[] = [];
  if (bugs > 0) {
    long.push(plural(bugs, 'bug still open', 'bugs still open'));
    short.push(plural(bugs, 'open bug', 'open bugs'));
    rows.push({ label: 'Open bugs', value: formatCount(bugs) });
  }
  if (breaches > 0) {
    long.push(
      plural(
        breaches,
        'time we missed the response time we promised',
        'times we missed the response time we promised',
      ),
    );
    short.push(plural(breaches, 'missed response time', 'missed response times'));
    rows.push({ label: 'Missed response times (SLA), last 28 days', value: formatCount(breaches) });
  }
  if (spike) {
    const rate = `${formatNumber(facts.ticketsPerWeek ?? 0)} new tickets a week`;
    long.push(`${rate}, ${formatMultiple(multiple)} your usual rate`);
    short.push(`tickets at ${formatMultiple(multiple)} the usual rate`);
    rows.push({
      label: 'New tickets a week',
      value: `${formatNumber(facts.ticketsPerWeek ?? 0)} (${formatMultiple(multiple)} your usual rate)`,
    });
  }
  return {
    issueSentence: joinWords(long),
    // Two facts keep the subject readable; the email lists them all.
    issueSummary: joinWords(short.slice(0, 2)),
    ...supportLine(context),
    facts: rows,
  };
}

/** A CSAT this good is not a complaint: beside a low NPS it is left out. */
const GOOD_CSAT = 4;

function satisfaction(facts: LowSatisfactionFacts, context: ViewContext): PlayView {
  const hasNps = facts.nps !== null;
  const hasCsat = facts.csat !== null && (!hasNps || facts.csat < GOOD_CSAT);
  const npsDate = facts.npsDate === null ? '' : formatLongDate(facts.npsDate, context.locale);
  const nps = facts.nps === null ? '' : formatNumber(facts.nps);
  const csat = facts.csat === null ? '' : formatNumber(facts.csat);
  return {
    hasNps,
    hasCsat,
    nps,
    npsDate,
    csat,
    facts: [
      ...(hasNps
        ? [{ label: 'Likelihood to recommend (NPS)', value: `${nps} of 10${npsDate ? `, ${npsDate}` : ''}` }]
        : []),
      ...(hasCsat ? [{ label: 'Support satisfaction, last 90 days (CSAT)', value: `${csat} of 5` }] : []),
    ],
  };
}
