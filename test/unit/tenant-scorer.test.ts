import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../lambdas/config/load-config';
import type { ScoreRecord } from '../../lambdas/domain/score-record';
import { toDayNumber } from '../../lambdas/domain/scoring/day-number';
import { tenantDays } from '../../lambdas/domain/scoring/tenant-days';
import { generatePortfolio } from '../../lambdas/local/generator';
import { portfolioWith } from '../../lambdas/use-cases/scoring/feature-rows';
import { prepareNight } from '../../lambdas/use-cases/scoring/prepare-night';
import { createTenantScorer, type ScoreOutcome } from '../../lambdas/use-cases/scoring/score-tenants';
import type { TenantHistory } from '../../lambdas/use-cases/scoring/tenant-history';

describe('createTenantScorer: last night carried forward', async () => {
  const { config, configVersion } = loadConfigFile('lifeline.config.json');
  const portfolio = generatePortfolio({ tenants: 60, days: 120, seed: 5, features: config.features });
  const asOf = portfolio.options.asOf;
  const histories: TenantHistory[] = [...portfolio].map((tenant) => ({
    profile: tenant.tenant,
    days: tenantDays([...tenant.metrics]),
  }));
  const night = await prepareNight(histories, asOf, config, {
    models: { current: async () => null, save: async () => undefined, promote: async () => undefined },
    clock: () => new Date('2026-11-23T01:00:00Z'),
  });
  const scorer = (previous: ReadonlyMap<string, ScoreRecord>) =>
    createTenantScorer({
      asOf,
      feedNewest: asOf,
      config,
      configVersion,
      model: night.model,
      portfolio: portfolioWith(night.context, config.features),
      previous,
    });
  const scored = (outcome: ScoreOutcome) => {
    if (outcome.kind !== 'scored') throw new Error(`expected a fresh score, got ${outcome.kind}`);
    return outcome.score;
  };
  const active = histories.filter(
    (h) => h.profile.status !== 'churned' && h.days.lastDay === toDayNumber(asOf),
  );
  const churned = histories.find((h) => h.profile.status === 'churned') as TenantHistory;
  const fresh = active[0] as TenantHistory;
  const stale: TenantHistory = { profile: fresh.profile, days: fresh.days.through(toDayNumber(asOf) - 5) };
  const tonight = scored(scorer(new Map())(fresh));
  const lastNight: ScoreRecord = { ...tonight, asOf: '2026-01-01', healthScore: 12, band: 'critical' };
  const previous = new Map([
    [fresh.profile.tenantId, lastNight],
    [churned.profile.tenantId, lastNight],
  ]);

  it('scores a tenant with fresh data whatever last night said', () => {
    expect(scored(scorer(previous)(fresh))).toEqual(tonight);
  });

  it("freezes last night's score when the data is stale, and says why; scores it when there is none", () => {
    expect(scorer(previous)(stale)).toEqual({
      kind: 'frozen',
      score: { ...lastNight, frozen: true, dataFreshness: 'late' },
    });
    expect(scored(scorer(new Map())(stale)).dataFreshness).toBe('late');
  });

  it('freezes a churned tenant at its last score, or leaves it out', () => {
    expect(scorer(previous)(churned)).toEqual({
      kind: 'frozen',
      score: { ...lastNight, frozen: true, dataFreshness: 'churned' },
    });
    expect(scorer(new Map())(churned)).toEqual({ kind: 'excluded', reason: 'churned' });
  });
});
