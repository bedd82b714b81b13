import { loadConfigFile } from '../lambdas/config/load-config';
import { parseModel } from '../lambdas/domain/model';
import type { ScoreRecord } from '../lambdas/domain/score-record';
import { toDayNumber } from '../lambdas/domain/scoring/day-number';
import { fillWindow } from '../lambdas/domain/scoring/tenant-window';
import { generatePortfolio } from '../lambdas/local/generator';
import type { StoredModel } from '../lambdas/ports';
import { portfolioAt } from '../lambdas/use-cases/scoring/feature-rows';
import { runScoreStage } from '../lambdas/use-cases/scoring/run-score-stage';
import { createTenantScorer } from '../lambdas/use-cases/scoring/score-tenants';
import type { TenantHistory } from '../lambdas/use-cases/scoring/tenant-history';
import { throughput } from './throughput';

export interface ScoringEngineBench {
  readonly tenants: number;
  readonly trainingRows: number;
  readonly trainSeconds: number;
  /** Per tenant: 90-day window from its stored days, features, health, prediction, cause and drivers. */
  readonly tenantsPerSecond: number;
  /** The same per CPU second of this process (steadier than the wall clock on a shared machine). */
  readonly tenantsPerCpuSecond: number;
  /**
   * The window alone (the first step of the above): reading each tenant's day records, whose
   * optional fields and usage maps make every record a differently shaped object. The ceiling
   * on tenantsPerSecond, however fast the rest becomes.
   */
  readonly windowTenantsPerSecond: number;
}

/**
 * The score stage's per-tenant path on one core, in memory (no storage): train once on the
 * portfolio's history, then time scoring every active tenant (best of several rounds).
 */
export async function benchScoringEngine(tenants: number): Promise<ScoringEngineBench> {
  const { config, configVersion } = loadConfigFile('lifeline.config.json');
  const portfolio = generatePortfolio({ tenants, days: 180, features: config.features });
  const histories: TenantHistory[] = [...portfolio].map((tenant) => ({
    profile: tenant.tenant,
    days: [...tenant.metrics],
  }));
  const asOf = portfolio.options.asOf;
  let saved: StoredModel | null = null;
  const result = await runScoreStage(histories, asOf, config, configVersion, {
    models: {
      current: async () => saved,
      save: async (model) => {
        saved = model;
      },
      promote: async () => undefined,
    },
    scores: { latest: async () => new Map<string, ScoreRecord>(), put: async () => undefined },
    events: { publish: async () => undefined },
    clock: () => new Date(),
  });
  if (saved === null) throw new Error('no model was trained');
  const model = parseModel((saved as StoredModel).model);
  const asOfDay = toDayNumber(asOf);
  const at = portfolioAt(histories, asOfDay, config.features);
  const score = createTenantScorer({
    asOf,
    feedNewest: asOf,
    config,
    configVersion,
    model,
    portfolio: at,
    previous: new Map(),
  });
  const active = histories.filter((history) => history.profile.status !== 'churned');
  const scoring = throughput(active.length, () => {
    for (const history of active) score(history);
  });
  const window = throughput(active.length, () => {
    for (const history of active) fillWindow(at.window, history.days, asOfDay);
  });
  return {
    tenants: active.length,
    trainingRows: result.model.trainingRows,
    trainSeconds: result.model.trainSeconds,
    tenantsPerSecond: scoring.tenantsPerSecond,
    tenantsPerCpuSecond: scoring.tenantsPerCpuSecond,
    windowTenantsPerSecond: window.tenantsPerSecond,
  };
}
