import { beforeAll, describe, expect, it } from 'vitest';
import {
  CauseSettingsSchema,
  type FeatureMap,
  FeatureMapSchema,
  FreshnessSchema,
  type HEALTH_DIMENSIONS,
  HealthSchema,
} from '../../lambdas/config/product-config';
import { CAUSE_IDS, type CauseId } from '../../lambdas/domain/cause-ids';
import type { TenantRecord } from '../../lambdas/domain/feed/feed-records';
import { attributeCause } from '../../lambdas/domain/scoring/causes';
import { toDayNumber } from '../../lambdas/domain/scoring/day-number';
import { causeEvidence, strongestEvidence } from '../../lambdas/domain/scoring/evidence';
import { newFeatureVector } from '../../lambdas/domain/scoring/feature-layout';
import { computeBaselines, computeFeatures } from '../../lambdas/domain/scoring/features';
import { classifyFreshness } from '../../lambdas/domain/scoring/freshness';
import { createHealthModel, explainHealth } from '../../lambdas/domain/scoring/health';
import {
  type PortfolioContext,
  PortfolioContextBuilder,
} from '../../lambdas/domain/scoring/portfolio-context';
import { buildWindow, type TenantWindow } from '../../lambdas/domain/scoring/tenant-window';
import { generatePortfolio, type TruthRecord } from '../../lambdas/local/generator';
import shippedConfig from '../../lifeline.config.json' with { type: 'json' };

/**
 * The scoring path on the synthetic portfolio (1,000 tenants x 180 days, seed 42), in memory:
 * windows, features, health, rule evidence and freshness against the planted ground truth.
 */

interface Scored {
  readonly tenant: TenantRecord;
  readonly truth: TruthRecord;
  readonly window: TenantWindow;
  readonly features: Float64Array;
}

const features: FeatureMap = FeatureMapSchema.parse(shippedConfig.features);
let asOf = '';
let context: PortfolioContext;
let active: Scored[] = [];

beforeAll(() => {
  const portfolio = generatePortfolio({ features });
  asOf = portfolio.asOf;
  const builder = new PortfolioContextBuilder(asOf, features);
  const windows: { tenant: TenantRecord; truth: TruthRecord; window: TenantWindow }[] = [];
  for (const { tenant, truth, metrics } of portfolio) {
    // Churned tenants are frozen before scoring: only active ones are scored and compared.
    if (tenant.status !== 'active') continue;
    const window = buildWindow([...metrics], asOf, 90, features);
    builder.addTenant(tenant, window);
    windows.push({ tenant, truth, window });
  }
  context = builder.build();
  active = windows.map((t) => ({
    ...t,
    features: computeFeatures(t.window, t.tenant, asOf, context, newFeatureVector(context.layout)),
  }));
});

const evidenceCause = (features: Float64Array) =>
  strongestEvidence(causeEvidence(features, new Float64Array(CAUSE_IDS.length)));

describe('cause evidence recovers the planted cause', () => {
  it('for >= 90% of the at-risk tenants, and >= 85% of each cause', () => {
    const atRisk = active.filter((t) => t.truth.story === 'at_risk');
    expect(atRisk.length).toBeGreaterThanOrEqual(300);
    const perCause = new Map<CauseId, { total: number; right: number }>();
    for (const t of atRisk) {
      const planted = t.truth.plantedCause as CauseId;
      const entry = perCause.get(planted) ?? { total: 0, right: 0 };
      entry.total++;
      if (evidenceCause(t.features) === planted) entry.right++;
      perCause.set(planted, entry);
    }
    const right = [...perCause.values()].reduce((sum, e) => sum + e.right, 0);
    const table = Object.fromEntries(
      [...perCause].map(([cause, e]) => [cause, `${e.right}/${e.total} = ${(e.right / e.total).toFixed(3)}`]),
    );
    console.info(
      'cause accuracy (rule evidence alone):',
      table,
      `overall ${(right / atRisk.length).toFixed(3)}`,
    );
    expect(right / atRisk.length).toBeGreaterThanOrEqual(0.9);
    for (const cause of CAUSE_IDS) {
      const entry = perCause.get(cause);
      expect(entry, cause).toBeDefined();
      expect((entry?.right ?? 0) / (entry?.total ?? 1), cause).toBeGreaterThanOrEqual(0.85);
    }
  });

  it('names no cause for most healthy tenants, and keeps them in the healthy band', () => {
    const healthy = active.filter((t) => t.truth.story === 'healthy');
    const health = createHealthModel(HealthSchema.parse(shippedConfig.health));
    const unnamed = healthy.filter((t) => evidenceCause(t.features) === null).length;
    const bandHealthy = healthy.filter((t) => explainHealth(health, t.features).band === 'healthy').length;
    expect(unnamed / healthy.length).toBeGreaterThanOrEqual(0.85);
    expect(bandHealthy / healthy.length).toBeGreaterThanOrEqual(0.9);
  });

  it('scores at-risk tenants below healthy ones on the dimension of their cause', () => {
    const dimensionOf: Record<CauseId, (typeof HEALTH_DIMENSIONS)[number]> = {
      onboarding_stalled: 'onboarding',
      low_adoption: 'breadth',
      engagement_drop: 'engagement',
      business_decline: 'business',
      support_friction: 'support',
      low_satisfaction: 'sentiment',
    };
    const health = createHealthModel(HealthSchema.parse(shippedConfig.health));
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? Number.NaN;
    const dimension = (group: Scored[], cause: CauseId) =>
      median(group.flatMap((t) => explainHealth(health, t.features).dimensions[dimensionOf[cause]] ?? []));
    const healthy = active.filter((t) => t.truth.story === 'healthy');
    for (const cause of CAUSE_IDS) {
      const planted = active.filter((t) => t.truth.story === 'at_risk' && t.truth.plantedCause === cause);
      expect(dimension(planted, cause), cause).toBeLessThan(dimension(healthy, cause) - 20);
    }
  });

  it('attributeCause without a model names the planted cause and explains it with numbers', () => {
    const settings = CauseSettingsSchema.parse(shippedConfig.causes);
    const asOfDay = toDayNumber(asOf);
    const atRisk = active.filter((t) => t.truth.story === 'at_risk');
    let right = 0;
    for (const t of atRisk) {
      const result = attributeCause({
        contributions: [],
        features: t.features,
        baselines: computeBaselines(t.window, t.tenant, asOf, context, newFeatureVector(context.layout)),
        layout: context.layout,
        healthScore: null,
        settings,
        industry: t.tenant.industry,
        asOfDay,
      });
      if (result.cause === t.truth.plantedCause) {
        right++;
        expect(result.explanation).toMatch(/\d/);
        expect(result.explanation).not.toMatch(/\d\.\d{2}/);
        expect(result.explanation).not.toContain(t.tenant.name ?? '\u0000');
        expect(result.drivers.length).toBeGreaterThan(0);
      }
    }
    expect(right / atRisk.length).toBeGreaterThanOrEqual(0.9);
  });
});

describe('freshness on the synthetic feed', () => {
  it('flags the planted late exporters and keeps >= 99% of the others fresh', () => {
    const settings = FreshnessSchema.parse(shippedConfig.freshness);
    const late = active.filter((t) => t.truth.lateDataDays > settings.maxLagDays);
    const onTime = active.filter((t) => t.truth.lateDataDays === 0);
    for (const t of late) expect(classifyFreshness(t.window, asOf, settings).status).toBe('late');
    const fresh = onTime.filter((t) => classifyFreshness(t.window, asOf, settings).status === 'fresh');
    expect(fresh.length / onTime.length).toBeGreaterThanOrEqual(0.99);
  });
});
