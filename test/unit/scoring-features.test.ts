import { describe, expect, it } from 'vitest';
import type { TenantRecord } from '../../lambdas/domain/feed/feed-records';
import { FIXED_FEATURES } from '../../lambdas/domain/scoring/feature-catalog';
import { featureRecord, newFeatureVector } from '../../lambdas/domain/scoring/feature-layout';
import {
  BASELINE_SHIFT_DAYS,
  computeBaselines,
  computeFeatures,
  LazyBaselines,
} from '../../lambdas/domain/scoring/features';
import {
  buildPortfolioContext,
  MAX_CATEGORIES,
  type PortfolioContext,
  parsePortfolioContext,
  portfolioContextToJson,
} from '../../lambdas/domain/scoring/portfolio-context';
import type { PortfolioEntry } from '../../lambdas/domain/scoring/portfolio-entry';
import { tenantDays } from '../../lambdas/domain/scoring/tenant-days';
import {
  buildWindow,
  fillWindow,
  TenantWindow,
  windowShape,
} from '../../lambdas/domain/scoring/tenant-window';
import { AS_OF, AS_OF_DAY, type Day, dateAt, day, days, FEATURES, peers, tenant } from './scoring-fixtures';

const context = buildPortfolioContext(AS_OF, FEATURES, [
  ...peers(20).map((entry, i) => ({ ...entry, reachPerDollar: (i + 1) * 0.1 })),
]);

function features(
  records: readonly Day[],
  profile: TenantRecord = tenant(),
  ctx: PortfolioContext = context,
): Record<string, number | null> {
  const window = buildWindow(records, AS_OF, 90, FEATURES);
  return featureRecord(
    ctx.layout,
    computeFeatures(window, profile, AS_OF, ctx, newFeatureVector(ctx.layout)),
  );
}

describe('adoption', () => {
  const usage = days(-27, 0, () => ({ featureUsage: { reports: 2, automations: 0, dashboards: 1 } }));

  it('breadth = entitled key features used in the last 28 days; per-feature flags; core and retention shares', () => {
    const f = features([...usage, day(-40, { featureUsage: { automations: 5, api: 5 } })]);
    expect(f.entitledKeyFeatures).toBe(5);
    expect(f.breadth).toBeCloseTo(2 / 5);
    expect(f['use.reports']).toBe(1);
    expect(f['use.automations']).toBe(0);
    expect(f['use.api']).toBe(0);
    expect(f['use.bulk_import']).toBeNull();
    expect(f.coreFeatureUse).toBeCloseTo(2 / 3);
    expect(f.retentionFeatureUse).toBeCloseTo(1 / 2);
  });

  it('counts every key feature as entitled when the tenant lists none, and none when it lists only others', () => {
    expect(features(usage, tenant({ entitledFeatures: undefined })).breadth).toBeCloseTo(2 / 6);
    const other = features(usage, tenant({ entitledFeatures: ['sso'] }));
    expect(other.entitledKeyFeatures).toBe(0);
    expect(other.breadth).toBeNull();
  });

  it('is unknown, not zero, without usage reports', () => {
    const f = features(days(-27, 0, () => ({ activeUsers: 4 })));
    expect(f.breadth).toBeNull();
    expect(f.coreFeatureUse).toBeNull();
    expect(f['use.reports']).toBeNull();
    expect(f.entitledKeyFeatures).toBe(5);
  });

  it('reach per unit of MRR over 28 days and its industry percentile', () => {
    const f = features(days(-27, 0, () => ({ endCustomerReach: 10 })));
    expect(f.reachPerDollar).toBeCloseTo(0.28);
    expect(f.reachPercentile).toBeCloseTo(2 / 20);
    expect(
      features(
        days(-27, 0, () => ({ endCustomerReach: 10 })),
        tenant({ mrr: 0 }),
      ).reachPerDollar,
    ).toBeNull();
  });
});

describe('engagement', () => {
  it('depth = mean active users of 28 days / seats; needs seats and 7 reported days', () => {
    const month = days(-27, 0, () => ({ activeUsers: 10 }));
    expect(features(month).depth).toBeCloseTo(0.5);
    expect(features(month, tenant({ seatsPurchased: undefined })).depth).toBeNull();
    expect(features(days(-4, 0, () => ({ activeUsers: 10 }))).depth).toBeNull();
  });

  it('last 7 days vs the 28 before: 12 -> 4 is -67%, for users and core actions', () => {
    const f = features(
      days(-34, 0, (offset) => ({
        activeUsers: offset < -6 ? 12 : 4,
        coreActions: offset < -6 ? 100 : 150,
      })),
    );
    expect(f.activeUsersBaseline).toBe(12);
    expect(f.activeUsersRecent).toBe(4);
    expect(f.activeUsersChange).toBeCloseTo(-2 / 3);
    expect(f.coreActionsChange).toBeCloseTo(0.5);
  });

  it('needs 3 recent and 10 baseline days; a missing day is skipped, not counted as zero', () => {
    const thin = features([...days(-16, -7, () => ({ activeUsers: 12 })), day(-1, { activeUsers: 6 })]);
    expect(thin.activeUsersChange).toBeNull();
    const gappy = features(
      days(-34, 0, (offset) => (offset % 2 === 0 ? { activeUsers: offset < -6 ? 10 : 5 } : {})),
    );
    expect(gappy.activeUsersChange).toBeCloseTo(-0.5);
  });

  it('engagement slope: weekly mean users falling 1 a week around 12.5 is -8% a week', () => {
    const f = features(days(-55, 0, (offset) => ({ activeUsers: 16 - Math.floor((offset + 55) / 7) })));
    expect(f.engagementSlope).toBeCloseTo(-1 / 12.5);
    expect(features(days(-20, 0, () => ({ activeUsers: 3 }))).engagementSlope).toBeNull();
  });
});

describe('business', () => {
  const decline = days(-55, 0, (offset) => ({ businessVolume: offset < -27 ? 100 : 60 }));

  it('trend 28 days vs the 28 before, vs the industry, and percentile of the 28-day volume', () => {
    const f = features(decline);
    expect(f.businessTrend).toBeCloseTo(-0.4);
    expect(f.businessTrendVsIndustry).toBeCloseTo(-0.4);
    // 1,680 over 28 days: only the peer at 1,000 is below, 1 of 20.
    expect(f.businessPercentile).toBeCloseTo(1 / 20);
  });

  it('is unknown without volume, for an unknown industry, and among fewer than 10 peers', () => {
    const none = features(days(-55, 0, () => ({ activeUsers: 3 })));
    expect([none.businessTrend, none.businessTrendVsIndustry, none.businessPercentile]).toEqual([
      null,
      null,
      null,
    ]);
    expect(features(decline, tenant({ industry: 'mining' })).businessPercentile).toBeNull();
    const small = buildPortfolioContext(AS_OF, FEATURES, peers(9));
    expect(features(decline, tenant(), small).businessPercentile).toBeNull();
    expect(features(decline, tenant(), small).businessTrendVsIndustry).toBeNull();
  });
});

describe('support', () => {
  it('tickets a week, their change vs the 56 days before (smoothed), open bugs, SLA breaches', () => {
    const f = features([
      ...days(-83, 0, (offset) => ({ ticketsOpened: offset < -27 ? (offset % 2 === 0 ? 1 : 0) : 1 })),
      day(-3, { ticketsOpened: 1, openBugs: 5 }),
      day(-1, { ticketsOpened: 1, openBugs: 3, slaBreaches: 1 }),
      day(-10, { ticketsOpened: 1, slaBreaches: 2 }),
      day(-40, { ticketsOpened: 1, slaBreaches: 5, openBugs: 9 }),
    ]);
    expect(f.ticketsPerWeek).toBeCloseTo(7);
    expect(f.ticketsChange).toBeCloseTo((1 + 1 / 7) / (0.5 + 1 / 7) - 1);
    expect(f.openBugs).toBe(3);
    expect(f.slaBreaches28d).toBe(3);
  });

  it('is unknown, not zero, when not reported (bugs older than 28 days do not count)', () => {
    const f = features([day(-40, { openBugs: 4, slaBreaches: 1 }), day(-1, { activeUsers: 2 })]);
    expect(f.openBugs).toBeNull();
    expect(f.slaBreaches28d).toBeNull();
    expect(f.ticketsPerWeek).toBeNull();
    expect(f.ticketsChange).toBeNull();
  });
});

describe('sentiment', () => {
  it('latest NPS within 90 days and its age, detractors, CSAT mean and latest', () => {
    const f = features([
      day(-95, { nps: 0, csat: 1 }),
      day(-60, { nps: 9 }),
      day(-50, { csat: 4 }),
      day(-10, { nps: 3 }),
      day(-5, { csat: 2 }),
    ]);
    expect(f.nps).toBe(3);
    expect(f.npsAgeDays).toBe(10);
    expect(f.npsDetractors90d).toBe(1);
    expect(f.csat).toBe(3);
    expect(f.csatLatest).toBe(2);
  });

  it('is unknown without answers (no NPS means no detractor count either)', () => {
    const f = features([day(-1, { activeUsers: 2 })]);
    expect([f.nps, f.npsAgeDays, f.npsDetractors90d, f.csat, f.csatLatest]).toEqual([
      null,
      null,
      null,
      null,
      null,
    ]);
  });
});

describe('onboarding (tenants younger than 90 days)', () => {
  const young = tenant({ signupDate: dateAt(-30) });
  const progress = [
    ...days(-25, -6, () => ({ onboardingSteps: ['invite_team'] })),
    ...days(-5, 0, () => ({ onboardingSteps: ['invite_team', 'first_report'] })),
  ];

  it('counts steps past their expected day and not done; a late but done step is not overdue', () => {
    const f = features(progress, young);
    expect(f.tenureDays).toBe(30);
    expect(f['step.invite_team']).toBe(0);
    expect(f['step.bulk_user_import']).toBe(30 - 14);
    expect(f['step.first_report']).toBe(0);
    // Expected by day 30 and it is day 30: not overdue yet.
    expect(f['step.connect_integration']).toBe(0);
    expect(f.onboardingOverdueSteps).toBe(1);
    expect(f.onboardingOverdueDays).toBe(16);
  });

  it('is NaN for tenants of 90 days and more, and when the feed never reports steps', () => {
    const old = features(progress, tenant({ signupDate: dateAt(-90) }));
    expect([old.onboardingOverdueSteps, old.onboardingOverdueDays, old['step.bulk_user_import']]).toEqual([
      null,
      null,
      null,
    ]);
    expect(features([day(0, { activeUsers: 3 })], young).onboardingOverdueSteps).toBeNull();
  });
});

describe('profile', () => {
  it('tenure, days to renewal, log MRR, seats; NaN where the profile is silent', () => {
    const f = features([]);
    expect(f.tenureDays).toBe(400);
    expect(f.daysToRenewal).toBe(45);
    expect(f.logMrr).toBeCloseTo(Math.log(1001));
    expect(f.seats).toBe(20);
    const bare = features([], { tenantId: 'tn-2', status: 'active' });
    expect([bare.tenureDays, bare.daysToRenewal, bare.logMrr, bare.seats]).toEqual([null, null, null, null]);
  });

  it('an empty window gives NaN for every feature built on metrics', () => {
    const f = features([]);
    const fromProfile = new Set(['entitledKeyFeatures', 'tenureDays', 'daysToRenewal', 'logMrr', 'seats']);
    for (const spec of FIXED_FEATURES) {
      if (!fromProfile.has(spec.name)) expect(f[spec.name], spec.name).toBeNull();
    }
  });
});

describe('tenant attributes', () => {
  const entries = (attributes: Record<string, string | number | boolean>[]): PortfolioEntry[] =>
    attributes.map((a) => ({
      industry: 'retail',
      businessVolume28d: 1,
      businessTrend: 0,
      reachPerDollar: 1,
      attributes: a,
    }));
  const population = entries([
    { employees: 10, segment: 'smb', selfServe: true },
    { employees: 20, segment: 'smb', selfServe: false },
    { employees: 30, segment: 'mid_market' },
    { segment: 'smb', selfServe: true },
    { segment: 'mid_market', externalRef: 'x' },
    { segment: 'enterprise', mixed: 'a' },
    { mixed: 3 },
  ]);

  it('become attr.<name> features: numbers as given, text and booleans as dictionary codes', () => {
    const ctx = buildPortfolioContext(AS_OF, FEATURES, population);
    expect(ctx.layout.names.filter((name) => name.startsWith('attr.'))).toEqual([
      'attr.employees',
      'attr.externalRef',
      'attr.mixed',
      'attr.segment',
      'attr.selfServe',
    ]);
    const segment = ctx.attributes.find((a) => a.name === 'segment');
    expect(segment?.values).toEqual(['smb', 'mid_market', 'enterprise']);
    const f = features(
      [],
      tenant({ attributes: { employees: 120, segment: 'mid_market', selfServe: true, mixed: 'a' } }),
      ctx,
    );
    expect(f['attr.employees']).toBe(120);
    expect(f['attr.segment']).toBe(1);
    expect(f['attr.selfServe']).toBe(1);
    expect(f['attr.mixed']).toBe(0);
    expect(f['attr.externalRef']).toBeNull();
    const unseen = features([], tenant({ attributes: { segment: 'startup', employees: 'many' } }), ctx);
    expect(unseen['attr.segment']).toBe(segment?.otherCode);
    expect(unseen['attr.employees']).toBeNull();
    expect(ctx.layout.specs.find((s) => s.name === 'attr.segment')?.kind).toBe('categorical');
    expect(ctx.layout.specs.find((s) => s.name === 'attr.employees')?.kind).toBe('numeric');
  });

  it('are deterministic whatever order the tenants come in', () => {
    const a = buildPortfolioContext(AS_OF, FEATURES, population);
    const b = buildPortfolioContext(AS_OF, FEATURES, [...population].reverse());
    expect(portfolioContextToJson(b)).toEqual(portfolioContextToJson(a));
  });

  it('keep the most frequent categories and drop identifiers', () => {
    const many = entries(
      Array.from({ length: 1200 }, (_, i) => ({ id: `id-${i}`, bucket: `b${i % (MAX_CATEGORIES + 8)}` })),
    );
    const ctx = buildPortfolioContext(AS_OF, FEATURES, many);
    expect(ctx.attributes.map((a) => a.name)).toEqual(['bucket']);
    expect(ctx.attributes[0]?.values).toHaveLength(MAX_CATEGORIES);
  });
});

describe('portfolio context', () => {
  it('is built tenant by tenant from windows and survives a JSON round trip', () => {
    const profile = tenant({ attributes: { segment: 'smb', employees: 12 } });
    const records = days(-89, 0, (offset) => ({
      businessVolume: 100 + offset,
      endCustomerReach: 3,
      activeUsers: 5,
    }));
    const window = buildWindow(records, AS_OF, 90, FEATURES);
    const built = buildPortfolioContext(AS_OF, FEATURES, [
      ...peers(30),
      { profile, window },
      { profile: tenant({ industry: 'retail', attributes: { segment: 'mid_market' } }), window },
    ]);
    const json = JSON.parse(JSON.stringify(portfolioContextToJson(built)));
    const parsed = parsePortfolioContext(json, FEATURES);
    const vector = (ctx: PortfolioContext) =>
      computeFeatures(window, profile, AS_OF, ctx, newFeatureVector(ctx.layout));
    expect(parsed.layout.names).toEqual(built.layout.names);
    expect(vector(parsed)).toEqual(vector(built));
    expect(built.industries.get('retail')?.tenants).toBe(32);
  });

  it('refuses a window of another as-of day', () => {
    const window = buildWindow([], dateAt(-1), 90, FEATURES);
    expect(() => buildPortfolioContext(AS_OF, FEATURES, [{ profile: tenant(), window }])).toThrow(RangeError);
  });
});

/** A rich 120-day history touching every metric, with onboarding for a young tenant. */
function richHistory(): Day[] {
  return days(-119, 0, (offset) => ({
    activeUsers: 20 + ((offset * 7) % 5) - (offset > -10 ? 8 : 0),
    coreActions: 300 + ((offset * 13) % 50),
    businessVolume: 1000 + offset * 3,
    endCustomerReach: 40 + (offset % 4),
    ticketsOpened: offset % 3 === 0 ? 2 : 0,
    openBugs: offset > -20 ? 4 : 1,
    slaBreaches: offset === -5 ? 1 : 0,
    featureUsage: { reports: offset % 2, automations: 3, api: offset > -50 ? 0 : 1 },
    onboardingSteps: offset > -60 ? ['invite_team'] : [],
    ...(offset % 17 === 0 ? { nps: 6 + (offset % 4), csat: 3 } : {}),
  }));
}

describe('point in time: no feature ever reads a day after asOf', () => {
  const profile = tenant({ signupDate: dateAt(-70), attributes: { segment: 'smb' } });
  const history = richHistory();
  /** Every metric at an extreme, for 60 days after asOf. */
  const future = days(1, 60, () => ({
    activeUsers: 1e6,
    coreActions: 0,
    businessVolume: 1e12,
    endCustomerReach: 0,
    ticketsOpened: 999,
    openBugs: 999,
    slaBreaches: 999,
    nps: 0,
    csat: 1,
    featureUsage: {
      reports: 0,
      automations: 0,
      dashboards: 1e6,
      integrations: 1e6,
      bulk_import: 1e6,
      api: 1e6,
    },
    onboardingSteps: FEATURES.onboardingSteps.map((step) => step.key),
  }));
  const vector = (window: TenantWindow) => ({
    features: computeFeatures(window, profile, AS_OF_DAY, context, newFeatureVector(context.layout)),
    baselines: computeBaselines(window, profile, AS_OF_DAY, context, newFeatureVector(context.layout)),
  });

  it('gives identical features and baselines when the input also holds extreme future days', () => {
    const now = vector(buildWindow(history, AS_OF, 90, FEATURES));
    const withFuture = vector(buildWindow([...history, ...future], AS_OF, 90, FEATURES));
    expect(withFuture).toEqual(now);
    expect([...now.features].filter(Number.isFinite).length).toBeGreaterThan(30);
  });

  it('gives identical features when the days do not cover the window (a copy, not views)', () => {
    const recent = history.slice(-60);
    const window = new TenantWindow(windowShape(FEATURES), 90);
    const withFuture = vector(fillWindow(window, tenantDays([...recent, ...future]), AS_OF_DAY));
    expect(withFuture).toEqual(vector(buildWindow(recent, AS_OF, 90, FEATURES)));
    expect(window.columnValues[0]).toBe(window.own.values);
  });
});

describe('baselines', () => {
  it('are the features as of 28 days earlier, from the same window', () => {
    const profile = tenant();
    const history = richHistory();
    const window = buildWindow(history, AS_OF, 90, FEATURES);
    const baselines = computeBaselines(window, profile, AS_OF, context, newFeatureVector(context.layout));
    const earlierDay = AS_OF_DAY - BASELINE_SHIFT_DAYS;
    // The 90-day window seen 28 days earlier holds 62 days.
    const earlier = fillWindow(
      new TenantWindow(windowShape(FEATURES), 90 - BASELINE_SHIFT_DAYS),
      tenantDays(history),
      earlierDay,
    );
    const expected = computeFeatures(earlier, profile, earlierDay, context, newFeatureVector(context.layout));
    expect(baselines).toEqual(expected);
    expect(baselines[0]).not.toBeNaN();
  });

  it('computed lazily, give the same value for every feature, each asked for on its own', () => {
    const profile = tenant({ signupDate: dateAt(-70), attributes: { segment: 'smb' } });
    const window = buildWindow(richHistory(), AS_OF, 90, FEATURES);
    const eager = computeBaselines(window, profile, AS_OF, context, newFeatureVector(context.layout));
    const lazy = new LazyBaselines(context);
    const features = computeFeatures(window, profile, AS_OF, context, newFeatureVector(context.layout));
    for (let index = 0; index < context.layout.size; index++) {
      const name = context.layout.names[index];
      // A fresh start per feature: its own pass alone must produce it, from the window or
      // (profile and attributes) from tonight's features.
      expect(lazy.start(window, profile, AS_OF_DAY).at(index), name).toEqual(eager[index]);
      expect(lazy.start(window, profile, AS_OF_DAY, features).at(index), name).toEqual(eager[index]);
    }
    expect(eager[context.layout.index.get('tenureDays') ?? -1]).toBe(70 - BASELINE_SHIFT_DAYS);
    expect([...eager].filter(Number.isFinite).length).toBeGreaterThan(30);
    const short = buildWindow(richHistory(), AS_OF, 20, FEATURES);
    expect(lazy.start(short, profile, AS_OF_DAY).at(0)).toBeNaN();
  });
});

it('refuses a window built for another as-of day', () => {
  const window = buildWindow([], dateAt(-1), 90, FEATURES);
  expect(() => computeFeatures(window, tenant(), AS_OF, context, newFeatureVector(context.layout))).toThrow(
    RangeError,
  );
});

describe('feature catalog', () => {
  it('documents every feature and phrases its value for people', () => {
    for (const spec of context.layout.specs) {
      expect(spec.description.length, spec.name).toBeGreaterThan(10);
      expect(spec.phrase(Number.NaN), spec.name).toMatch(/unknown$/);
      expect(spec.phrase(0.3333333), spec.name).not.toMatch(/NaN|0\.333/);
    }
    expect(context.layout.specs.find((s) => s.name === 'activeUsersChange')?.phrase(-2 / 3)).toBe(
      'active users \u221267% vs own 28-day baseline',
    );
    expect(new Set(context.layout.names).size).toBe(context.layout.size);
  });
});
