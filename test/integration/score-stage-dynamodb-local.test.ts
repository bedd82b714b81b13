import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoCapacityMeter } from '../../lambdas/adapters/dynamodb/capacity-meter';
import { DynamoFeedStore } from '../../lambdas/adapters/dynamodb/feed-store';
import { DynamoModelStore } from '../../lambdas/adapters/dynamodb/model-store';
import { DynamoRunStore } from '../../lambdas/adapters/dynamodb/run-store';
import { DynamoScoreStore } from '../../lambdas/adapters/dynamodb/score-store';
import { DynamoScoringContextStore } from '../../lambdas/adapters/dynamodb/scoring-context-store';
import { DynamoTenantReader } from '../../lambdas/adapters/dynamodb/tenant-reader';
import { loadConfigFile } from '../../lambdas/config/load-config';
import { generatePortfolio } from '../../lambdas/local/generator';
import { finalizeRun } from '../../lambdas/use-cases/finalize-run';
import {
  loadDays,
  loadShardProfiles,
  WHOLE_HISTORY_FROM,
} from '../../lambdas/use-cases/scoring/load-histories';
import { prepareScoring } from '../../lambdas/use-cases/scoring/prepare-scoring';
import { runScoreStage, type ScoreStageResult } from '../../lambdas/use-cases/scoring/run-score-stage';
import { scoreShard } from '../../lambdas/use-cases/scoring/score-shard';
import { MemoryModels, MemoryRiskEvents, MemoryScores } from '../support/fakes';
import { freshTable } from '../support/local-table';

const { config, configVersion } = loadConfigFile('lifeline.config.json');
const SHARDS = config.storage.tenantShards;
const asOf = '2026-11-22';
const clock = () => new Date('2026-11-23T02:30:00Z');

/**
 * The deployed score stage against DynamoDB Local: the prepare step stores context and model in
 * the table, every shard reads them back and scores its own tenants. The scores it stores must be
 * the scores of the single-process stage over the same stored feed, byte for byte.
 */
describe('the score stage split over shards on DynamoDB Local', () => {
  let table: Awaited<ReturnType<typeof freshTable>>;
  let reference: ScoreStageResult;
  const events = new MemoryRiskEvents();
  const adapters = () => {
    const meter = new DynamoCapacityMeter();
    return {
      meter,
      reader: new DynamoTenantReader(table.client, table.tableName, meter),
      models: new DynamoModelStore(table.client, table.tableName, meter),
      contexts: new DynamoScoringContextStore(table.client, table.tableName, meter),
      scores: new DynamoScoreStore(table.client, table.tableName, meter),
      runs: new DynamoRunStore(table.client, table.tableName, meter),
      events,
      clock,
    };
  };

  beforeAll(async () => {
    table = await freshTable();
    const portfolio = [...generatePortfolio({ tenants: 500, days: 180, seed: 23 })];
    const feed = new DynamoFeedStore(table.client, table.tableName, SHARDS, new DynamoCapacityMeter(), clock);
    await feed.upsertTenants(portfolio.map((tenant) => tenant.tenant));
    await feed.upsertMetricDays(portfolio.flatMap((tenant) => [...tenant.metrics]));

    const reader = adapters().reader;
    const profiles = await loadShardProfiles(reader, shardIds());
    const histories = await loadDays(reader, profiles, WHOLE_HISTORY_FROM, asOf);
    reference = await runScoreStage(histories, asOf, config, configVersion, {
      models: new MemoryModels(),
      scores: new MemoryScores(),
      events: new MemoryRiskEvents(),
      clock,
    });

    await prepareScoring({ runId: asOf, asOf, shards: shardIds() }, config, configVersion, adapters());
    for (const shard of shardIds())
      await scoreShard({ runId: asOf, asOf, shard }, config, configVersion, adapters());
  }, 240_000);
  afterAll(async () => table.drop());

  it('stores exactly the scores of the single-process stage, latest and history', async () => {
    expect(reference.model.kind).toBe('ga2m');
    const scores = new DynamoScoreStore(table.client, table.tableName, new DynamoCapacityMeter());
    const stored = await scores.latest(reference.scores.map((score) => score.tenantId));
    expect(stored.size).toBe(reference.scores.length);
    for (const score of reference.scores) {
      expect(JSON.stringify(stored.get(score.tenantId))).toBe(JSON.stringify(score));
    }
    const sample = reference.scores[0];
    expect(await scores.history(sample?.tenantId ?? '', asOf, asOf)).toEqual([sample]);
    expect(events.published).toHaveLength(reference.counts.riskChanged);
  });

  it('leaves a run record with the model decision and the summed shard counts', async () => {
    const summary = await finalizeRun(asOf, adapters().runs);
    expect(summary.status).toBe('succeeded');
    expect(summary.stages.train?.model?.version).toBe(reference.model.version);
    expect(summary.stages.train?.sample.tenants).toBe(500);
    expect(summary.stages.score.shards).toBe(SHARDS);
    expect(summary.stages.score.counts).toEqual(reference.counts);
    // Every shard paid for its own reads and writes; the night's cost is their sum.
    expect(summary.stages.score.capacity.writeUnits).toBeGreaterThan(0);
    expect(summary.capacity.readUnits).toBeGreaterThanOrEqual(summary.stages.score.capacity.readUnits);
  });
});

const shardIds = () => Array.from({ length: SHARDS }, (_, shard) => shard);
