import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../lambdas/config/load-config';
import type { ProductConfig } from '../../lambdas/config/product-config';
import { summarizeRun } from '../../lambdas/domain/run/summarize-run';
import { tenantDays } from '../../lambdas/domain/scoring/tenant-days';
import { generatePortfolio } from '../../lambdas/local/generator';
import { prepareScoring } from '../../lambdas/use-cases/scoring/prepare-scoring';
import { runScoreStage } from '../../lambdas/use-cases/scoring/run-score-stage';
import { ScoringContextError, scoreShard } from '../../lambdas/use-cases/scoring/score-shard';
import type { TenantHistory } from '../../lambdas/use-cases/scoring/tenant-history';
import {
  fixedClock,
  MemoryModels,
  MemoryRiskEvents,
  MemoryRunStore,
  MemoryScores,
  MemoryScoringContexts,
  MemoryTenantReader,
  noCapacity,
} from '../support/fakes';

const loaded = loadConfigFile('lifeline.config.json');
const SHARDS = 8;
const config: ProductConfig = { ...loaded.config, storage: { tenantShards: SHARDS } };
const { configVersion } = loaded;
const portfolio = [...generatePortfolio({ tenants: 240, days: 150, seed: 9 })];
const feed = portfolio.map((t) => ({ profile: t.tenant, metrics: [...t.metrics] }));
const histories: TenantHistory[] = feed.map((t) => ({ profile: t.profile, days: tenantDays(t.metrics) }));
const asOf = '2026-11-22';
const shards = Array.from({ length: SHARDS }, (_, shard) => shard);

/** One night's stores, shared by the prepare step and every shard as the table is on AWS. */
function night() {
  const stores = {
    reader: new MemoryTenantReader(feed, SHARDS),
    models: new MemoryModels(),
    contexts: new MemoryScoringContexts(),
    scores: new MemoryScores(),
    events: new MemoryRiskEvents(),
    runs: new MemoryRunStore(),
    meter: noCapacity,
    clock: fixedClock(),
  };
  return {
    stores,
    prepare: (maxTenants?: number) =>
      prepareScoring(
        { runId: asOf, asOf, shards, ...(maxTenants === undefined ? {} : { maxTenants }) },
        config,
        configVersion,
        stores,
      ),
    score: (shard: number, version = configVersion) =>
      scoreShard({ runId: asOf, asOf, shard }, config, version, stores),
  };
}

describe('prepareScoring + scoreShard', () => {
  it('score every shard exactly as the single-process stage scores the whole portfolio', async () => {
    // Prepare: the single-process reference, with its own empty stores.
    const reference = await runScoreStage(histories, asOf, config, configVersion, {
      models: new MemoryModels(),
      scores: new MemoryScores(),
      events: new MemoryRiskEvents(),
      clock: fixedClock(),
    });
    const split = night();

    // Act
    const { part: trained } = await split.prepare();
    const parts = [];
    for (const shard of shards) parts.push((await split.score(shard)).part);

    // Assess: same scores per tenant, counts that add up, and a run record that has them.
    const byTenant = new Map(reference.scores.map((score) => [score.tenantId, score]));
    expect(split.stores.scores.latestScores.size).toBe(reference.scores.length);
    for (const [tenantId, score] of split.stores.scores.latestScores)
      expect(score).toEqual(byTenant.get(tenantId));
    expect(split.stores.events.published).toHaveLength(reference.counts.riskChanged);
    expect({ ...trained.model, trainSeconds: 0 }).toEqual({ ...reference.model, trainSeconds: 0 });
    expect(trained.sample).toEqual({ shards: SHARDS, tenants: histories.length });
    const summary = summarizeRun(asOf, [trained, ...parts]);
    expect(summary.status).toBe('succeeded');
    expect(summary.stages.train?.model?.version).toBe(reference.model.version);
    expect(summary.stages.score.shards).toBe(SHARDS);
    expect(summary.stages.score.counts).toEqual(reference.counts);
  }, 60_000);

  it('samples whole shards in order until the next would pass maxTenants, at least one', async () => {
    const reader = new MemoryTenantReader(feed, SHARDS);
    const sizes: number[] = [];
    for (const shard of shards) {
      let n = 0;
      for await (const _ of reader.shardProfiles(shard)) n++;
      sizes.push(n);
    }
    const firstTwo = (sizes[0] ?? 0) + (sizes[1] ?? 0);

    const capped = await night().prepare(firstTwo + (sizes[2] ?? 0) - 1);
    expect(capped.part.sample).toEqual({ shards: 2, tenants: firstTwo });

    const tiny = await night().prepare(1);
    expect(tiny.part.sample).toEqual({ shards: 1, tenants: sizes[0] });
  }, 60_000);

  it('a shard before the prepare step fails, names the cause and records a failed part', async () => {
    const { stores, score } = night();
    await expect(score(3)).rejects.toThrow(ScoringContextError);
    const [part] = await stores.runs.listParts(asOf);
    expect(part).toMatchObject({ stage: 'score', shard: 3, status: 'failed' });
    expect(part?.error).toMatch(/no scoring context for run 2026-11-22/);
    expect(summarizeRun(asOf, [part as never]).errors[0]?.unit).toBe('shard 3');
  });

  it('refuses a context built with another config version', async () => {
    const { prepare, score } = night();
    await prepare();
    await expect(score(0, 'another-version')).rejects.toThrow(/config .* re-run the night/);
  }, 60_000);

  it('publishes before storing: a retry after a failed score write publishes the changes again', async () => {
    const { stores, prepare, score } = night();
    await prepare();
    stores.scores.failPuts = 1;
    await expect(score(0)).rejects.toThrow(/throttled/);
    const firstAttempt = stores.events.published.length;
    expect(firstAttempt).toBeGreaterThan(0);

    await score(0);
    expect(stores.events.published.length).toBe(2 * firstAttempt);
    // Once stored, the same night again has nothing new to say.
    await score(0);
    expect(stores.events.published.length).toBe(2 * firstAttempt);
  }, 60_000);
});
