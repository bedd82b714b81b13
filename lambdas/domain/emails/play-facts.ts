import type { FeatureMap } from '../../config/product-config';
import { addDays, daysBetween } from '../calendar';
import type { CauseId } from '../cause-ids';
import type { TenantRecord } from '../feed/feed-records';
import type { ScoreRecord } from '../score-record';
import { STEP_PREFIX, USE_PREFIX } from '../scoring/feature-catalog';
import { capitalize, humanizeKey } from '../scoring/format';
import {
  readAdoption,
  readBusiness,
  readEngagement,
  readOnboarding,
  readSatisfaction,
  readSupport,
} from './explanation-reading';
import {
  type FactsBase,
  type FactsOf,
  LOW_INDUSTRY_PERCENTILE,
  type OverdueStep,
  type PlayFacts,
  type PlayFactsResult,
  type UnusedFeature,
} from './facts';
import { oneLine } from './plain-text';

/** The part of the product config's feature map a play reads. */
export type PlayFeatureMap = Pick<FeatureMap, 'key' | 'core' | 'retention' | 'onboardingSteps'>;

/** The cause-specific facts, or the names of the merge data that could not be found. */
type Derived<C extends CauseId> =
  | Omit<FactsOf<C>, keyof FactsBase | 'cause'>
  | { readonly missing: readonly string[] };

/**
 * The merge data of the play for a score's cause: exact driver values first, the numbers the
 * explanation states second, the tenant profile and the product config for names and labels.
 */
export function playFacts(
  score: ScoreRecord,
  tenant: TenantRecord,
  features: PlayFeatureMap,
): PlayFactsResult {
  const missing: string[] = [];
  const tenantName = oneLine(tenant.name);
  if (tenantName === '') missing.push('tenant.name');
  if (score.cause === null) return { ok: false, missing: [...missing, 'cause'] };
  const base: FactsBase = {
    tenantId: score.tenantId,
    tenantName,
    industry: oneLine(tenant.industry) || null,
    csmEmail: tenant.csmEmail ?? null,
    asOf: score.asOf,
  };
  const derived = deriveFacts(score.cause, score, tenant, features, base);
  if ('missing' in derived) missing.push(...derived.missing);
  if (missing.length > 0 || 'missing' in derived) return { ok: false, missing };
  return { ok: true, facts: { ...base, ...derived, cause: score.cause } as PlayFacts };
}

function deriveFacts(
  cause: CauseId,
  score: ScoreRecord,
  tenant: TenantRecord,
  features: PlayFeatureMap,
  base: FactsBase,
): Derived<CauseId> {
  switch (cause) {
    case 'onboarding_stalled':
      return onboarding(score, tenant, features);
    case 'low_adoption':
      return adoption(score, tenant, features);
    case 'engagement_drop':
      return withCsm(base, engagement(score));
    case 'business_decline':
      return business(score);
    case 'support_friction':
      return support(score);
    case 'low_satisfaction':
      return withCsm(base, satisfaction(score));
  }
}

function driver(score: ScoreRecord, feature: string): number | null {
  return score.drivers.find((d) => d.feature === feature)?.value ?? null;
}

/** The check-in and the follow-up come from the tenant's own CSM: without one, hold the send. */
function withCsm<C extends CauseId>(base: FactsBase, derived: Derived<C>): Derived<C> {
  if (base.csmEmail !== null) return derived;
  return { missing: [...('missing' in derived ? derived.missing : []), 'tenant.csmEmail'] };
}

function onboarding(
  score: ScoreRecord,
  tenant: TenantRecord,
  features: PlayFeatureMap,
): Derived<'onboarding_stalled'> {
  const sentence = readOnboarding(score.explanation);
  const tenureDays =
    sentence?.tenureDays ?? (tenant.signupDate ? daysBetween(tenant.signupDate, score.asOf) : null);
  const overdue: OverdueStep[] = [];
  for (const { feature, value } of score.drivers) {
    if (!feature.startsWith(STEP_PREFIX) || value === null || !(value > 0)) continue;
    const step = features.onboardingSteps.find((s) => s.key === feature.slice(STEP_PREFIX.length));
    if (step) overdue.push({ ...step, daysOverdue: value });
  }
  // The explanation names the most overdue step even when the model did not rank it a driver.
  const named = features.onboardingSteps.find((s) => capitalize(humanizeKey(s.key)) === sentence?.stepName);
  if (named && tenureDays !== null && !overdue.some((s) => s.key === named.key)) {
    overdue.push({ ...named, daysOverdue: tenureDays - named.expectedDay });
  }
  overdue.sort((a, b) => b.daysOverdue - a.daysOverdue);
  const [first, ...rest] = overdue;
  const missing = [
    ...(first === undefined ? ['onboarding.overdueStep'] : []),
    ...(tenureDays === null ? ['tenant.signupDate'] : []),
  ];
  if (first === undefined || tenureDays === null) return { missing };
  const counted = Math.max(driver(score, 'onboardingOverdueSteps') ?? 0, sentence ? sentence.more + 1 : 0);
  return { tenureDays, steps: [first, ...rest], overdueCount: Math.max(overdue.length, counted) };
}

/** Entitled = the tenant's entitledFeatures within the key features; all of them when it lists none. */
function entitledKeys(tenant: TenantRecord, features: PlayFeatureMap): string[] {
  const listed = tenant.entitledFeatures ?? [];
  return listed.length === 0 ? [...features.key] : features.key.filter((key) => listed.includes(key));
}

function adoption(
  score: ScoreRecord,
  tenant: TenantRecord,
  features: PlayFeatureMap,
): Derived<'low_adoption'> {
  const entitled = entitledKeys(tenant, features);
  const sentence = readAdoption(score.explanation);
  const useOf = (key: string) => driver(score, `${USE_PREFIX}${key}`);
  let unusedKeys: string[];
  let usedCount: number | null;
  if (sentence) {
    const used = new Set(sentence.usedNames);
    unusedKeys = entitled.filter((key) => !used.has(humanizeKey(key)) && useOf(key) !== 1);
    usedCount = entitled.length - unusedKeys.length;
  } else {
    unusedKeys = entitled.filter((key) => useOf(key) === 0);
    const breadth = driver(score, 'breadth');
    usedCount = breadth === null ? null : Math.round(breadth * entitled.length);
  }
  const core = new Set(features.core);
  const retention = new Set(features.retention);
  const rank = (f: UnusedFeature) => (f.core ? 0 : f.retention ? 1 : 2);
  const unused = unusedKeys
    .map((key) => ({ key, core: core.has(key), retention: retention.has(key) }))
    .sort((a, b) => rank(a) - rank(b));
  const [first, ...rest] = unused;
  if (first === undefined || usedCount === null || entitled.length === 0) {
    return {
      missing: [
        ...(first === undefined ? ['adoption.unusedFeature'] : []),
        ...(usedCount === null ? ['adoption.usedCount'] : []),
      ],
    };
  }
  return {
    entitledCount: entitled.length,
    usedCount,
    shareUsed: driver(score, 'breadth') ?? usedCount / entitled.length,
    unused: [first, ...rest],
  };
}

function engagement(score: ScoreRecord): Derived<'engagement_drop'> {
  const sentence = readEngagement(score.explanation);
  if (sentence) return sentence;
  // Without the levels, the change alone (the larger fall of the two measures).
  const users = driver(score, 'activeUsersChange');
  const actions = driver(score, 'coreActionsChange');
  const measure = (actions ?? 0) < (users ?? 0) ? 'core_actions' : 'active_users';
  const change = measure === 'core_actions' ? actions : users;
  if (change === null || !(change < 0)) return { missing: ['engagement.change'] };
  return { measure, before: null, now: null, change };
}

function business(score: ScoreRecord): Derived<'business_decline'> {
  const sentence = readBusiness(score.explanation);
  const trend = driver(score, 'businessTrend') ?? sentence?.trend ?? null;
  const industryPercentile = driver(score, 'businessPercentile') ?? sentence?.bottomShare ?? null;
  const decline = trend !== null && trend < 0 ? trend : null;
  const low = industryPercentile !== null && industryPercentile < LOW_INDUSTRY_PERCENTILE;
  if (decline === null && !low) return { missing: ['business.trend'] };
  return { trend: decline, industryPercentile };
}

function support(score: ScoreRecord): Derived<'support_friction'> {
  const sentence = readSupport(score.explanation);
  const change = driver(score, 'ticketsChange');
  const facts = {
    openBugs: driver(score, 'openBugs') ?? sentence?.openBugs ?? null,
    slaBreaches: driver(score, 'slaBreaches28d') ?? sentence?.slaBreaches ?? null,
    ticketsPerWeek: driver(score, 'ticketsPerWeek') ?? sentence?.ticketsPerWeek ?? null,
    ticketsMultiple: change === null ? (sentence?.ticketsMultiple ?? null) : change + 1,
  };
  const something =
    (facts.openBugs ?? 0) > 0 || (facts.slaBreaches ?? 0) > 0 || (facts.ticketsMultiple ?? 0) > 1;
  return something ? facts : { missing: ['support.issues'] };
}

function satisfaction(score: ScoreRecord): Derived<'low_satisfaction'> {
  const sentence = readSatisfaction(score.explanation);
  const nps = driver(score, 'nps') ?? sentence?.nps ?? null;
  const csat = driver(score, 'csat') ?? sentence?.csat ?? null;
  const age = driver(score, 'npsAgeDays');
  const npsDate = sentence?.surveyDate ?? (age === null ? null : addDays(score.asOf, -age));
  if (nps === null && csat === null) return { missing: ['satisfaction.score'] };
  return { nps, npsDate: nps === null ? null : npsDate, csat };
}
