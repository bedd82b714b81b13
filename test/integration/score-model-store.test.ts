import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoCapacityMeter } from '../../lambdas/adapters/dynamodb/capacity-meter';
import { DynamoModelStore } from '../../lambdas/adapters/dynamodb/model-store';
import { DynamoScoreStore } from '../../lambdas/adapters/dynamodb/score-store';
import type { ScoreRecord } from '../../lambdas/domain/score-record';
import { freshTable } from '../support/local-table';

const score = (tenantId: string, asOf: string, healthScore: number): ScoreRecord => ({
  tenantId,
  asOf,
  healthScore,
  dimensions: {
    breadth: 50,
    depth: 60,
    engagement: null,
    reach: 40,
    business: 70,
    support: 90,
    sentiment: null,
    onboarding: 100,
  },
  band: healthScore >= 70 ? 'healthy' : 'at_risk',
  churnProbability: 0.2,
  drivers: [{ feature: 'activeUsersChange', value: -0.6, baseline: 0, impact: 0.8 }],
  cause: healthScore >= 70 ? null : 'engagement_drop',
  explanation: 'x',
  configVersion: 'c1',
  modelVersion: 'm1',
  dataFreshness: 'fresh',
  frozen: false,
});

describe('score and model stores on DynamoDB Local', () => {
  let table: Awaited<ReturnType<typeof freshTable>>;
  beforeAll(async () => {
    table = await freshTable();
  });
  afterAll(async () => table.drop());

  it('keeps the latest score and the history of nights; re-scoring a night overwrites it', async () => {
    const store = new DynamoScoreStore(table.client, table.tableName, new DynamoCapacityMeter());
    await store.put([score('a', '2026-11-20', 80), score('b', '2026-11-20', 40)]);
    await store.put([score('a', '2026-11-21', 60)]);
    await store.put([score('a', '2026-11-21', 65)]);
    const latest = await store.latest(['a', 'b', 'missing']);
    expect(latest.get('a')?.healthScore).toBe(65);
    expect(latest.get('b')?.asOf).toBe('2026-11-20');
    expect(latest.has('missing')).toBe(false);
    const history = await store.history('a', '2026-11-01', '2026-11-30');
    expect(history.map((s) => [s.asOf, s.healthScore])).toEqual([
      ['2026-11-20', 80],
      ['2026-11-21', 65],
    ]);
  });

  it('stores model versions and promotes one atomically', async () => {
    const store = new DynamoModelStore(table.client, table.tableName, new DynamoCapacityMeter());
    expect(await store.current()).toBeNull();
    await store.save({
      version: 'm1',
      model: '{"terms":[]}',
      metrics: { auc: 0.9 },
      trainedAt: '2026-11-22T02:00:00Z',
    });
    await store.save({
      version: 'm2',
      model: '{"terms":[1]}',
      metrics: { auc: 0.8 },
      trainedAt: '2026-11-23T02:00:00Z',
    });
    await store.promote('m1', '2026-11-22T02:01:00Z');
    expect((await store.current())?.version).toBe('m1');
    expect((await store.get('m2'))?.metrics).toEqual({ auc: 0.8 });
  });
});
