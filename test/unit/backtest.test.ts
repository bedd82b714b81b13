import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../lambdas/config/load-config';
import type { CauseId } from '../../lambdas/domain/cause-ids';
import { tenantDays } from '../../lambdas/domain/scoring/tenant-days';
import { generatePortfolio } from '../../lambdas/local/generator';
import { backtest } from '../../lambdas/use-cases/scoring/backtest';
import type { TenantHistory } from '../../lambdas/use-cases/scoring/tenant-history';

const { config, configVersion } = loadConfigFile('lifeline.config.json');
const portfolio = [...generatePortfolio({ tenants: 300, days: 180, seed: 5 })];
const histories: TenantHistory[] = portfolio.map((t) => ({
  profile: t.tenant,
  days: tenantDays([...t.metrics]),
}));
const truth = new Map(portfolio.map((t) => [t.tenant.tenantId, t.truth]));
const asOf = '2026-11-22';
const outcomes = (history: TenantHistory) => {
  const row = truth.get(history.profile.tenantId);
  const days = row?.willChurnWithinDays;
  return {
    churnedWithinHorizon: days !== null && days !== undefined && days <= 90,
    cause: row?.story === 'at_risk' ? (row.plantedCause as CauseId) : null,
  };
};

describe('backtest', () => {
  it('trains on the history, scores at the date and measures against the outcome', async () => {
    const result = await backtest(histories, asOf, config, configVersion, outcomes);
    expect(result.model.kind).toBe('ga2m');
    expect(result.tenants).toBe(portfolio.filter((t) => t.tenant.status === 'active').length);
    expect(result.rocAuc).toBeGreaterThan(0.6);
    expect(result.causeAccuracy?.overall).toBeGreaterThanOrEqual(0.9);
  }, 60_000);

  it("reaches ROC AUC >= 0.85 on the generator's held-out future churn with 2,000 tenants of history", async () => {
    // 1,000 tenants give ~4,000 snapshots, too few for the pair terms (AUC 0.76 there); with
    // 2,000 the model generalises to the churn that happens after the feed ends.
    const large = [...generatePortfolio({ tenants: 2000, days: 180, seed: 42 })];
    const largeTruth = new Map(large.map((t) => [t.tenant.tenantId, t.truth]));
    const result = await backtest(
      large.map((t) => ({ profile: t.tenant, days: tenantDays([...t.metrics]) })),
      asOf,
      config,
      configVersion,
      (history) => {
        const row = largeTruth.get(history.profile.tenantId);
        const days = row?.willChurnWithinDays;
        return {
          churnedWithinHorizon: days !== null && days !== undefined && days <= 90,
          cause: row?.story === 'at_risk' ? (row.plantedCause as CauseId) : null,
        };
      },
    );
    expect(result.rocAuc).toBeGreaterThanOrEqual(0.85);
    expect(result.causeAccuracy?.overall).toBeGreaterThanOrEqual(0.9);
  }, 120_000);

  it('never reads past the as-of date: absurd later data changes nothing', async () => {
    const earlier = '2026-11-01';
    const poisoned = portfolio.map((t) => ({
      profile: t.tenant,
      days: tenantDays([...t.metrics, { date: '2026-11-15', activeUsers: 1e9, nps: 0 }]),
    }));
    const clean = await backtest(histories, earlier, config, configVersion, outcomes);
    const dirty = await backtest(poisoned, earlier, config, configVersion, outcomes);
    expect(dirty.rocAuc).toBe(clean.rocAuc);
    expect(dirty.causeAccuracy).toEqual(clean.causeAccuracy);
  }, 60_000);
});
