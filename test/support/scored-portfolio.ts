import { loadConfigFile } from '../../lambdas/config/load-config';
import type { ScoreRecord } from '../../lambdas/domain/score-record';
import { tenantDays } from '../../lambdas/domain/scoring/tenant-days';
import { generatePortfolio } from '../../lambdas/local/generator';
import type { TruthRecord } from '../../lambdas/local/generator/portfolio';
import type { StoredModel } from '../../lambdas/ports';
import { runScoreStage } from '../../lambdas/use-cases/scoring/run-score-stage';
import type { TenantHistory } from '../../lambdas/use-cases/scoring/tenant-history';

/** A generated portfolio scored in memory (trained model included): input for plan and send tests. */
export async function scoredPortfolio(tenants: number, days: number, seed: number) {
  const loaded = loadConfigFile('lifeline.config.json');
  const portfolio = generatePortfolio({ tenants, days, seed, features: loaded.config.features });
  const truth = new Map<string, TruthRecord>();
  const histories: TenantHistory[] = [];
  for (const tenant of portfolio) {
    truth.set(tenant.tenant.tenantId, tenant.truth);
    histories.push({ profile: tenant.tenant, days: tenantDays([...tenant.metrics]) });
  }
  let saved: StoredModel | null = null;
  const result = await runScoreStage(histories, portfolio.options.asOf, loaded.config, loaded.configVersion, {
    models: {
      current: async () => saved,
      save: async (model) => {
        saved = model;
      },
      promote: async () => undefined,
    },
    scores: { latest: async () => new Map<string, ScoreRecord>(), put: async () => undefined },
    events: { publish: async () => undefined },
    clock: () => new Date('2026-11-23T01:00:00Z'),
  });
  return { loaded, asOf: portfolio.options.asOf, histories, scores: result.scores, truth };
}
