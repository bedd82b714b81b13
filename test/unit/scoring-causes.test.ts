import { describe, expect, it } from 'vitest';
import { CauseSettingsSchema } from '../../lambdas/config/product-config';
import { CAUSE_IDS } from '../../lambdas/domain/cause-ids';
import { attributeCause, causeScores, type FeatureContribution } from '../../lambdas/domain/scoring/causes';
import { CAUSE_INDEX, causeEvidence, strongestEvidence } from '../../lambdas/domain/scoring/evidence';
import { explainCause } from '../../lambdas/domain/scoring/explanation';
import { F } from '../../lambdas/domain/scoring/feature-catalog';
import { newFeatureVector } from '../../lambdas/domain/scoring/feature-layout';
import { formatChange, formatNumber } from '../../lambdas/domain/scoring/format';
import { buildPortfolioContext } from '../../lambdas/domain/scoring/portfolio-context';
import { AS_OF, AS_OF_DAY, FEATURES, peers } from './scoring-fixtures';

const { layout } = buildPortfolioContext(AS_OF, FEATURES, peers(10));
// The mechanics at a low threshold; the shipped default is tuned on the generated portfolio.
const settings = CauseSettingsSchema.parse({ minContribution: 0.25 });

function vector(values: Record<string, number>): Float64Array {
  const out = newFeatureVector(layout);
  for (const [name, value] of Object.entries(values)) {
    const index = layout.index.get(name);
    if (index === undefined) throw new Error(`no feature ${name}`);
    out[index] = value;
  }
  return out;
}

const sentence = (
  cause: Parameters<typeof explainCause>[0],
  values: Record<string, number>,
  industry = 'retail',
) => explainCause(cause, { features: vector(values), layout, industry, asOfDay: AS_OF_DAY, healthScore: 82 });

describe('explanations: one sentence with the tenant numbers', () => {
  it('engagement_drop', () => {
    expect(
      sentence('engagement_drop', {
        activeUsersBaseline: 12,
        activeUsersRecent: 4,
        activeUsersChange: -2 / 3,
      }),
    ).toBe('Active users fell from 12 to 4 (\u221267%) vs the 28-day baseline.');
    expect(
      sentence('engagement_drop', {
        activeUsersBaseline: 11.666666,
        activeUsersRecent: 3.888888,
        activeUsersChange: 3.888888 / 11.666666 - 1,
      }),
    ).toBe('Active users fell from 12 to 3.9 (\u221267%) vs the 28-day baseline.');
    expect(
      sentence('engagement_drop', {
        coreActionsBaseline: 420,
        coreActionsRecent: 105,
        coreActionsChange: -0.75,
      }),
    ).toBe('Core actions fell from 420 to 105 a day (\u221275%) vs the 28-day baseline.');
    expect(sentence('engagement_drop', { depth: 0.18, seats: 50 })).toBe(
      'Only 18% of 50 seats active on an average day in the last 28 days.',
    );
  });

  it('onboarding_stalled', () => {
    expect(
      sentence('onboarding_stalled', {
        tenureDays: 21,
        'step.invite_team': 0,
        'step.bulk_user_import': 7,
        'step.first_report': 0,
        'step.connect_integration': 0,
      }),
    ).toBe('Bulk user import not done 21 days after signup (expected by day 14).');
    expect(
      sentence('onboarding_stalled', {
        tenureDays: 40,
        'step.invite_team': 0,
        'step.bulk_user_import': 26,
        'step.first_report': 19,
        'step.connect_integration': 10,
      }),
    ).toBe(
      'Bulk user import not done 40 days after signup (expected by day 14); 2 more setup steps are overdue.',
    );
  });

  it('business_decline', () => {
    expect(sentence('business_decline', { businessTrend: -0.38, businessPercentile: 0.065 })).toBe(
      'Business volume down 38% over 28 days, bottom 7% of retail tenants.',
    );
    expect(sentence('business_decline', { businessTrend: -0.2, businessPercentile: 0.6 })).toBe(
      'Business volume down 20% over 28 days.',
    );
    expect(
      sentence('business_decline', { businessTrend: 0.02, businessPercentile: 0 }, 'professional_services'),
    ).toBe('Business volume over the last 28 days in the bottom 1% of professional services tenants.');
    const noIndustry = explainCause('business_decline', {
      features: vector({ businessTrend: -0.38, businessPercentile: 0.05 }),
      layout,
      industry: undefined,
      asOfDay: AS_OF_DAY,
      healthScore: null,
    });
    expect(noIndustry).toBe('Business volume down 38% over 28 days, bottom 5% of its industry.');
  });

  it('support_friction', () => {
    expect(sentence('support_friction', { openBugs: 5, slaBreaches28d: 3, ticketsChange: 0.2 })).toBe(
      '5 open bugs and 3 SLA breaches in the last 28 days.',
    );
    expect(sentence('support_friction', { openBugs: 1, slaBreaches28d: 1 })).toBe(
      '1 open bug and 1 SLA breach in the last 28 days.',
    );
    expect(
      sentence('support_friction', { openBugs: 5, slaBreaches28d: 3, ticketsChange: 3, ticketsPerWeek: 14 }),
    ).toBe('5 open bugs, 3 SLA breaches and 14 tickets a week (4x the usual rate) in the last 28 days.');
  });

  it('low_satisfaction', () => {
    expect(sentence('low_satisfaction', { nps: 3, npsAgeDays: 10, csat: 4 })).toBe(
      'NPS 3 (last survey 2026-11-12).',
    );
    expect(sentence('low_satisfaction', { nps: 3, npsAgeDays: 10, csat: 1.5 })).toBe(
      'NPS 3 (last survey 2026-11-12), average CSAT 1.5 of 5 over 90 days.',
    );
    expect(sentence('low_satisfaction', { csat: 2.25 })).toBe('Average CSAT 2.3 of 5 over the last 90 days.');
  });

  it('low_adoption', () => {
    const flags = {
      'use.reports': 1,
      'use.automations': 0,
      'use.dashboards': 0,
      'use.integrations': 0,
      'use.api': 0,
    };
    expect(sentence('low_adoption', { entitledKeyFeatures: 5, ...flags })).toBe(
      'Uses 1 of 5 entitled key features (reports).',
    );
    expect(sentence('low_adoption', { entitledKeyFeatures: 5, ...flags, 'use.reports': 0 })).toBe(
      'Uses none of its 5 entitled key features.',
    );
    expect(
      sentence('low_adoption', { entitledKeyFeatures: 6, ...flags, 'use.bulk_import': 1, 'use.api': 1 }),
    ).toBe('Uses 3 of 6 entitled key features (reports, bulk import, api).');
  });

  it('no cause: a neutral sentence with the health score', () => {
    expect(sentence(null, {})).toBe('No strong risk signal; health 82.');
    expect(
      explainCause(null, {
        features: vector({}),
        layout,
        industry: 'retail',
        asOfDay: AS_OF_DAY,
        healthScore: null,
      }),
    ).toBe('No strong risk signal.');
  });

  it('formats numbers for people', () => {
    expect(formatNumber(1 / 3)).toBe('0.3');
    expect(formatNumber(12.5)).toBe('13');
    expect(formatNumber(1234.4)).toBe('1,234');
    expect(formatNumber(-0.04)).toBe('0');
    expect(formatNumber(9.96)).toBe('10');
    expect(formatChange(-0.6667)).toBe('\u221267%');
    expect(formatChange(0.104)).toBe('+10%');
  });
});

describe('cause evidence (rules, logit-like)', () => {
  it('speaks for the cause whose pattern is present, and only then', () => {
    const evidence = new Float64Array(CAUSE_IDS.length);
    causeEvidence(
      vector({ activeUsersChange: -0.7, coreActionsChange: -0.72, engagementSlope: -0.12 }),
      evidence,
    );
    expect(strongestEvidence(evidence)).toBe('engagement_drop');
    causeEvidence(vector({ slaBreaches28d: 6, openBugs: 9, ticketsChange: 2 }), evidence);
    expect(strongestEvidence(evidence)).toBe('support_friction');
    causeEvidence(
      vector({ onboardingOverdueDays: 10, onboardingOverdueSteps: 1, breadth: 0.3, tenureDays: 24 }),
      evidence,
    );
    expect(strongestEvidence(evidence)).toBe('onboarding_stalled');
    causeEvidence(vector({ breadth: 0.33, tenureDays: 200 }), evidence);
    expect(strongestEvidence(evidence)).toBe('low_adoption');
    // A brand-new tenant has not adopted everything yet: that is not low adoption.
    causeEvidence(vector({ breadth: 0.33, tenureDays: 10 }), evidence);
    expect(strongestEvidence(evidence)).toBeNull();
    causeEvidence(
      vector({ businessTrendVsIndustry: -0.2, businessTrend: -0.25, businessPercentile: 0.05 }),
      evidence,
    );
    expect(strongestEvidence(evidence)).toBe('business_decline');
    causeEvidence(vector({ nps: 2, npsDetractors90d: 3, csat: 2, csatLatest: 1 }), evidence);
    expect(strongestEvidence(evidence)).toBe('low_satisfaction');
    // One detractor answer alone is a reason to ask, not a named cause.
    causeEvidence(vector({ nps: 5, npsDetractors90d: 1, csat: 4.2, csatLatest: 4 }), evidence);
    expect(strongestEvidence(evidence)).toBeNull();
    causeEvidence(vector({}), evidence);
    expect([...evidence]).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('splits the evidence by feature, so it can be shown as drivers', () => {
    const features = vector({ slaBreaches28d: 8, openBugs: 2, ticketsChange: 3 });
    const evidence = new Float64Array(CAUSE_IDS.length);
    const terms = new Float64Array(layout.size);
    causeEvidence(features, evidence, terms);
    expect(terms[F.slaBreaches28d]).toBe(3);
    expect(terms[F.openBugs]).toBe(0);
    expect(terms[F.ticketsChange]).toBe(2);
    expect(evidence[CAUSE_INDEX.support_friction]).toBe(5);
  });
});

describe('attributeCause', () => {
  const input = (
    contributions: readonly FeatureContribution[] | Float64Array,
    values: Record<string, number> = {},
    baselines: Float64Array | null = null,
  ) => ({
    contributions,
    features: vector(values),
    baselines,
    layout,
    healthScore: 64,
    settings,
    industry: 'retail',
    asOfDay: AS_OF_DAY,
  });
  const attribute = (...args: Parameters<typeof input>) => attributeCause(input(...args));

  it('names the cause group with the largest positive model contribution', () => {
    const engagement = input(
      [
        { feature: 'activeUsersChange', contribution: 0.4 },
        { feature: 'engagementSlope', contribution: 0.1 },
        { feature: 'openBugs', contribution: 0.3 },
        { feature: 'tenureDays', contribution: 2 },
        { feature: 'nps', contribution: -1 },
      ],
      { activeUsersBaseline: 20, activeUsersRecent: 15, activeUsersChange: -0.25 },
    );
    const result = attributeCause(engagement);
    expect(result.cause).toBe('engagement_drop');
    expect(result.explanation).toBe('Active users fell from 20 to 15 (\u221225%) vs the 28-day baseline.');
    const scores = Object.fromEntries(causeScores(engagement).map((s) => [s.cause, s.model]));
    expect(scores.engagement_drop).toBeCloseTo(0.5);
    expect(scores.support_friction).toBeCloseTo(0.3);
    expect(scores.low_satisfaction).toBe(0);
  });

  it('is null with a neutral sentence when no group reaches minContribution and no rule is strong', () => {
    const result = attribute(
      [
        { feature: 'activeUsersChange', contribution: 0.2 },
        { feature: 'openBugs', contribution: 0.24 },
        { feature: 'seats', contribution: 3 },
      ],
      { activeUsersChange: -0.1, openBugs: 2 },
    );
    expect(result.cause).toBeNull();
    expect(result.explanation).toBe('No strong risk signal; health 64.');
  });

  it('lets strong rule evidence name the cause when the model says little, and break ties', () => {
    const stalled = {
      onboardingOverdueDays: 16,
      onboardingOverdueSteps: 1,
      tenureDays: 30,
      'step.bulk_user_import': 16,
    };
    expect(attribute([], stalled).cause).toBe('onboarding_stalled');
    // The model spreads 0.3 on business, the rules see strong friction: friction wins.
    const friction = attribute([{ feature: 'businessTrend', contribution: 0.3 }], {
      slaBreaches28d: 10,
      openBugs: 12,
      businessTrend: -0.02,
    });
    expect(friction.cause).toBe('support_friction');
    expect(friction.explanation).toBe('12 open bugs and 10 SLA breaches in the last 28 days.');
    // Equal model contributions, no evidence: the first cause in CAUSE_IDS.
    const tie = attribute([
      { feature: 'nps', contribution: 0.5 },
      { feature: 'breadth', contribution: 0.5 },
    ]);
    expect(tie.cause).toBe('low_adoption');
  });

  it('drivers: the top 5 positive contributions with value and baseline (null when unknown)', () => {
    const baselines = vector({ activeUsersChange: 0.02, openBugs: 1 });
    const result = attribute(
      [
        { feature: 'activeUsersChange', contribution: 0.9 },
        { feature: 'openBugs', contribution: 0.3 },
        { feature: 'nps', contribution: 0.2 },
        { feature: 'depth', contribution: 0.25 },
        { feature: 'csat', contribution: 0.1 },
        { feature: 'seats', contribution: 0.05 },
        { feature: 'breadth', contribution: -0.4 },
        { feature: 'model.unknown', contribution: 0.01 },
      ],
      { activeUsersChange: -0.6, openBugs: 4, depth: 0.2 },
      baselines,
    );
    expect(result.drivers).toEqual([
      { feature: 'activeUsersChange', value: -0.6, baseline: 0.02, impact: 0.9 },
      { feature: 'openBugs', value: 4, baseline: 1, impact: 0.3 },
      { feature: 'depth', value: 0.2, baseline: null, impact: 0.25 },
      { feature: 'nps', value: null, baseline: null, impact: 0.2 },
      { feature: 'csat', value: null, baseline: null, impact: 0.1 },
    ]);
  });

  it('drivers: the five largest wherever they sit, equal impacts by name, never infinite', () => {
    const contributions = new Float64Array(layout.size);
    layout.names.forEach((_, index) => {
      contributions[index] = 0.001 * (index + 1);
    });
    contributions[F.seats] = 0.5;
    contributions[F.nps] = 0.5;
    contributions[F.csat] = 0.5;
    contributions[F.breadth] = Number.POSITIVE_INFINITY;
    contributions[F.depth] = Number.NaN;
    const last = layout.size - 1;
    contributions[last] = 2;
    const features = attribute(contributions).drivers.map((d) => d.feature);
    const runnerUp = layout.names[last - 1];
    expect(features).toEqual([layout.names[last], 'csat', 'nps', 'seats', runnerUp]);
  });

  it('takes contributions as a vector laid out like the features, too', () => {
    const contributions = new Float64Array(layout.size);
    contributions[F.slaBreaches28d] = 0.7;
    contributions[layout.index.get('use.api') ?? -1] = 0.2;
    const result = attribute(contributions, { slaBreaches28d: 4 });
    expect(result.cause).toBe('support_friction');
    expect(result.drivers.map((d) => d.feature)).toEqual(['slaBreaches28d', 'use.api']);
    expect(result.explanation).toBe('4 SLA breaches in the last 28 days.');
  });

  it('without any model contribution, drivers come from the rule evidence', () => {
    const result = attribute([], { nps: 1, npsDetractors90d: 4, csat: 1.8, npsAgeDays: 3 });
    expect(result.cause).toBe('low_satisfaction');
    expect(result.drivers.map((d) => d.feature)).toEqual(['csat', 'npsDetractors90d', 'nps']);
    expect(result.drivers[0]?.impact).toBeGreaterThan(0);
    expect(result.explanation).toBe('NPS 1 (last survey 2026-11-19), average CSAT 1.8 of 5 over 90 days.');
  });
});
