import { describe, expect, it } from 'vitest';
import type { CauseId } from '../../lambdas/domain/cause-ids';
import { playFacts } from '../../lambdas/domain/emails';
import type { Driver, ScoreRecord } from '../../lambdas/domain/score-record';
import { explainCause } from '../../lambdas/domain/scoring/explanation';
import { createFeatureLayout, newFeatureVector } from '../../lambdas/domain/scoring/feature-layout';
import { AS_OF, AS_OF_DAY, dateAt, FEATURES, tenant } from './scoring-fixtures';

/**
 * playFacts reads drivers first and the explanation second. The explanations here are made by
 * explainCause itself, so a change of its wording fails these tests.
 */

const layout = createFeatureLayout(FEATURES, []);

function explain(cause: CauseId, values: Record<string, number>, industry = 'retail'): string {
  const features = newFeatureVector(layout);
  for (const [name, value] of Object.entries(values)) {
    const index = layout.index.get(name);
    if (index === undefined) throw new Error(`no feature ${name}`);
    features[index] = value;
  }
  return explainCause(cause, { features, layout, industry, asOfDay: AS_OF_DAY, healthScore: 60 });
}

function score(cause: CauseId | null, explanation: string, drivers: Driver[] = []): ScoreRecord {
  return {
    tenantId: 'tn-1',
    asOf: AS_OF,
    healthScore: 60,
    dimensions: {
      breadth: null,
      depth: null,
      engagement: null,
      reach: null,
      business: null,
      support: null,
      sentiment: null,
      onboarding: null,
    },
    band: 'at_risk',
    churnProbability: 0.4,
    drivers,
    cause,
    explanation,
    configVersion: 'c1',
    modelVersion: 'm1',
    dataFreshness: 'fresh',
    frozen: false,
  };
}

const driver = (feature: string, value: number | null, impact = 1): Driver => ({
  feature,
  value,
  baseline: null,
  impact,
});

const acme = tenant({ name: 'Acme  Retail\nGroup', csmEmail: 'csm@vendor.example' });

function factsOf(record: ScoreRecord, profile = acme) {
  const result = playFacts(record, profile, FEATURES);
  if (!result.ok) throw new Error(`missing ${result.missing.join(', ')}`);
  return result.facts;
}

describe('playFacts: the merge data of each play', () => {
  it('onboarding_stalled: the step the explanation names, with its label and days overdue', () => {
    const sentence = explain('onboarding_stalled', {
      tenureDays: 25,
      'step.invite_team': 0,
      'step.bulk_user_import': 11,
      'step.first_report': 4,
    });
    const facts = factsOf(score('onboarding_stalled', sentence, [driver('onboardingOverdueSteps', 2)]));
    expect(facts).toMatchObject({
      cause: 'onboarding_stalled',
      tenantName: 'Acme Retail Group',
      tenureDays: 25,
      steps: [
        {
          key: 'bulk_user_import',
          label: 'Import your existing users in bulk',
          expectedDay: 14,
          daysOverdue: 11,
        },
      ],
      overdueCount: 2,
    });
  });

  it('onboarding_stalled: step drivers name every overdue step, most overdue first', () => {
    const facts = factsOf(
      score('onboarding_stalled', 'Onboarding has stalled on an overdue setup step.', [
        driver('step.first_report', 3),
        driver('step.bulk_user_import', 10),
      ]),
      tenant({ name: 'Acme', signupDate: dateAt(-24) }),
    );
    expect(facts).toMatchObject({
      tenureDays: 24,
      steps: [
        { key: 'bulk_user_import', daysOverdue: 10 },
        { key: 'first_report', label: 'Build your first report', daysOverdue: 3 },
      ],
      overdueCount: 2,
    });
  });

  it('low_adoption: the unused entitled features, core first, and the share used', () => {
    // Entitled: reports, automations, dashboards, integrations, api (fixture tenant).
    const sentence = explain('low_adoption', {
      entitledKeyFeatures: 5,
      'use.reports': 1,
      'use.automations': 0,
      'use.dashboards': 0,
      'use.integrations': 0,
      'use.api': 1,
    });
    const facts = factsOf(score('low_adoption', sentence, [driver('breadth', 0.4)]));
    expect(facts).toMatchObject({
      cause: 'low_adoption',
      entitledCount: 5,
      usedCount: 2,
      shareUsed: 0.4,
      unused: [
        { key: 'automations', core: true, retention: false },
        { key: 'dashboards', core: true, retention: false },
        { key: 'integrations', core: false, retention: true },
      ],
    });
  });

  it('low_adoption: "uses none" makes every entitled feature unused', () => {
    const sentence = explain('low_adoption', {
      entitledKeyFeatures: 2,
      'use.reports': 0,
      'use.api': 0,
    });
    const facts = factsOf(
      score('low_adoption', sentence),
      tenant({ name: 'Acme', entitledFeatures: ['api', 'reports'] }),
    );
    expect(facts).toMatchObject({ usedCount: 0, shareUsed: 0, unused: [{ key: 'reports' }, { key: 'api' }] });
  });

  it('engagement_drop: before -> now and the change, from the explanation', () => {
    const sentence = explain('engagement_drop', {
      activeUsersBaseline: 68,
      activeUsersRecent: 16,
      activeUsersChange: 16 / 68 - 1,
    });
    expect(factsOf(score('engagement_drop', sentence))).toMatchObject({
      measure: 'active_users',
      before: 68,
      now: 16,
      change: -0.76,
    });
    const actions = explain('engagement_drop', {
      coreActionsBaseline: 1250,
      coreActionsRecent: 4.5,
      coreActionsChange: 4.5 / 1250 - 1,
    });
    expect(factsOf(score('engagement_drop', actions))).toMatchObject({
      measure: 'core_actions',
      before: 1250,
      now: 4.5,
    });
  });

  it('engagement_drop: the change alone from a driver when the sentence has no levels', () => {
    const sentence = explain('engagement_drop', { engagementSlope: -0.09 });
    expect(factsOf(score('engagement_drop', sentence, [driver('coreActionsChange', -0.5)]))).toMatchObject({
      measure: 'core_actions',
      before: null,
      now: null,
      change: -0.5,
    });
  });

  it('business_decline: trend and industry percentile, exact from drivers', () => {
    const sentence = explain('business_decline', { businessTrend: -0.26, businessPercentile: 0.065 });
    expect(
      factsOf(
        score('business_decline', sentence, [
          driver('businessTrend', -0.2564),
          driver('businessPercentile', 0.065),
        ]),
      ),
    ).toMatchObject({
      cause: 'business_decline',
      industry: 'retail',
      trend: -0.2564,
      industryPercentile: 0.065,
    });
    // From the sentence alone: the rounded fall and the "bottom N%" bound.
    expect(factsOf(score('business_decline', sentence))).toMatchObject({
      trend: -0.26,
      industryPercentile: 0.07,
    });
  });

  it('support_friction: open bugs, SLA breaches and the ticket spike', () => {
    const sentence = explain('support_friction', {
      openBugs: 9,
      slaBreaches28d: 24,
      ticketsChange: 5.8,
      ticketsPerWeek: 10.2,
    });
    expect(factsOf(score('support_friction', sentence, [driver('openBugs', 9)]))).toMatchObject({
      openBugs: 9,
      slaBreaches: 24,
      ticketsPerWeek: 10,
      ticketsMultiple: 6.8,
    });
  });

  it('low_satisfaction: NPS with its survey date, and CSAT', () => {
    const sentence = explain('low_satisfaction', { nps: 3, npsAgeDays: 10, csat: 2.5 });
    expect(factsOf(score('low_satisfaction', sentence))).toMatchObject({
      nps: 3,
      npsDate: dateAt(-10),
      csat: 2.5,
    });
    expect(
      factsOf(
        score('low_satisfaction', 'Satisfaction answers are low.', [
          driver('nps', 4),
          driver('npsAgeDays', 3),
        ]),
      ),
    ).toMatchObject({ nps: 4, npsDate: dateAt(-3), csat: null });
  });
});

describe('playFacts: missing merge data is named, so on_error approval can hold the send', () => {
  const missing = (record: ScoreRecord, profile = acme) => {
    const result = playFacts(record, profile, FEATURES);
    return result.ok ? [] : result.missing;
  };

  it('no tenant name, no cause', () => {
    const sentence = explain('support_friction', { openBugs: 9 });
    expect(
      missing(score('support_friction', sentence), tenant({ name: ' ', csmEmail: 'c@x.example' })),
    ).toEqual(['tenant.name']);
    expect(missing(score(null, 'No strong risk signal.'))).toEqual(['cause']);
  });

  it('per cause, when neither drivers nor the explanation carry the numbers', () => {
    expect(missing(score('onboarding_stalled', 'Onboarding has stalled on an overdue setup step.'))).toEqual([
      'onboarding.overdueStep',
    ]);
    expect(missing(score('low_adoption', 'Uses little of what it pays for.'))).toEqual([
      'adoption.unusedFeature',
      'adoption.usedCount',
    ]);
    expect(missing(score('engagement_drop', 'Activity is below its usual level.'))).toEqual([
      'engagement.change',
    ]);
    expect(
      missing(
        score('business_decline', 'Business volume is below its usual level.', [
          driver('businessPercentile', 0.6),
        ]),
      ),
    ).toEqual(['business.trend']);
    expect(missing(score('support_friction', 'Support load is above its usual level.'))).toEqual([
      'support.issues',
    ]);
    expect(missing(score('low_satisfaction', 'Satisfaction answers are low.'))).toEqual([
      'satisfaction.score',
    ]);
  });

  it('a step the config no longer has is not guessed', () => {
    expect(
      missing(score('onboarding_stalled', 'Connect crm not done 40 days after signup (expected by day 30).')),
    ).toEqual(['onboarding.overdueStep']);
  });

  it('the CSM-voiced plays need the tenant CSM', () => {
    const noCsm = tenant({ name: 'Acme' });
    const drop = explain('engagement_drop', {
      activeUsersBaseline: 12,
      activeUsersRecent: 4,
      activeUsersChange: -2 / 3,
    });
    expect(missing(score('engagement_drop', drop), noCsm)).toEqual(['tenant.csmEmail']);
    expect(missing(score('low_satisfaction', 'Satisfaction answers are low.'), noCsm)).toEqual([
      'satisfaction.score',
      'tenant.csmEmail',
    ]);
    // Plays signed by the team do not need one.
    expect(missing(score('support_friction', explain('support_friction', { openBugs: 9 })), noCsm)).toEqual(
      [],
    );
  });
});
