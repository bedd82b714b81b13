/**
 * Scoring-engine throughput of the feature path, per tenant, one core: window -> features ->
 * health -> cause evidence on 90-day windows. The product goal for features + health +
 * prediction + drivers is >= 100,000 tenants/s, so this part aims at >= 200,000/s and leaves
 * the model the other half. Each tenant's days are decoded into columns once (TenantDays, as
 * the store's reader returns them) and the one window is refilled from them per tenant.
 * Run alone with `node --import tsx bench/scoring-features.ts [tenants]`.
 */
import { pathToFileURL } from 'node:url';
import { HEALTH_DIMENSIONS, HealthSchema } from '../lambdas/config/product-config';
import { CAUSE_IDS } from '../lambdas/domain/cause-ids';
import type { TenantRecord } from '../lambdas/domain/feed/feed-records';
import { toDayNumber } from '../lambdas/domain/scoring/day-number';
import { causeEvidence } from '../lambdas/domain/scoring/evidence';
import { newFeatureVector } from '../lambdas/domain/scoring/feature-layout';
import { computeFeatures } from '../lambdas/domain/scoring/features';
import { createHealthModel, scoreHealth } from '../lambdas/domain/scoring/health';
import { type PortfolioContext, PortfolioContextBuilder } from '../lambdas/domain/scoring/portfolio-context';
import { type TenantDays, tenantDays } from '../lambdas/domain/scoring/tenant-days';
import {
  DEFAULT_WINDOW_DAYS,
  fillWindow,
  TenantWindow,
  windowShape,
} from '../lambdas/domain/scoring/tenant-window';
import { DEFAULT_FEATURES, generatePortfolio } from '../lambdas/local/generator';
import { throughput } from './throughput';

export interface FeatureBench {
  readonly tenants: number;
  readonly windowDays: number;
  /** fillWindow from the tenant's days + features + health + evidence. */
  readonly tenantsPerSecond: number;
  /** The portfolio-context pass (industry percentiles, attribute dictionaries). */
  readonly contextTenantsPerSecond: number;
}

export function benchFeatures(tenants: number): FeatureBench {
  const features = {
    ...DEFAULT_FEATURES,
    onboardingSteps: DEFAULT_FEATURES.onboardingSteps.map((step) => ({ label: step.key, ...step })),
  };
  const shape = windowShape(features);
  // Only the window is scored: generate just enough history for it, all tenants active.
  const portfolio = generatePortfolio({ tenants, days: DEFAULT_WINDOW_DAYS, features, churnedShare: 0 });
  const asOfDay = toDayNumber(portfolio.asOf);
  const profiles: TenantRecord[] = [];
  const histories: TenantDays[] = [];
  for (const tenant of portfolio) {
    profiles.push(tenant.tenant);
    histories.push(tenantDays([...tenant.metrics]));
  }
  const window = new TenantWindow(shape, DEFAULT_WINDOW_DAYS);

  const contextStarted = performance.now();
  const builder = new PortfolioContextBuilder(asOfDay, features);
  for (let i = 0; i < tenants; i++) {
    builder.addTenant(profiles[i] as TenantRecord, fillWindow(window, histories[i] as TenantDays, asOfDay));
  }
  const context = builder.build();
  const contextSeconds = (performance.now() - contextStarted) / 1000;

  const score = scorer(context, asOfDay);
  const { tenantsPerSecond } = throughput(tenants, () => {
    for (let i = 0; i < tenants; i++) {
      score(fillWindow(window, histories[i] as TenantDays, asOfDay), profiles[i] as TenantRecord);
    }
  });
  return {
    tenants,
    windowDays: DEFAULT_WINDOW_DAYS,
    tenantsPerSecond,
    contextTenantsPerSecond: Math.round(tenants / contextSeconds),
  };
}

/** The per-tenant path after the window: everything preallocated once. */
function scorer(context: PortfolioContext, asOfDay: number) {
  const health = createHealthModel(HealthSchema.parse({}));
  const vector = newFeatureVector(context.layout);
  const dimensions = new Float64Array(HEALTH_DIMENSIONS.length);
  const evidence = new Float64Array(CAUSE_IDS.length);
  return (window: TenantWindow, profile: TenantRecord) => {
    computeFeatures(window, profile, asOfDay, context, vector);
    scoreHealth(health, vector, dimensions);
    causeEvidence(vector, evidence);
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(benchFeatures(Number(process.argv[2] ?? 10_000)));
}
