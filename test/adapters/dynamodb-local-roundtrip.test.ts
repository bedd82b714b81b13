import { randomUUID } from 'node:crypto';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DynamoCapacityMeter } from '../../lambdas/adapters/dynamodb/capacity-meter';
import { createDocumentClient } from '../../lambdas/adapters/dynamodb/client';
import { decodeDay } from '../../lambdas/adapters/dynamodb/day-codec';
import { DynamoFeedStore } from '../../lambdas/adapters/dynamodb/feed-store';
import { DynamoRunStore } from '../../lambdas/adapters/dynamodb/run-store';
import { tenantShard } from '../../lambdas/adapters/dynamodb/table-design';
import { DynamoTenantReader } from '../../lambdas/adapters/dynamodb/tenant-reader';
import type { MetricRecord, TenantRecord } from '../../lambdas/domain/feed/feed-records';
import { EMPTY_INGEST_COUNTS, type IngestPart } from '../../lambdas/domain/run/run-record';
import { toDayNumber } from '../../lambdas/domain/scoring/day-number';
import { USAGE_REPORTED } from '../../lambdas/domain/scoring/tenant-days';
import { ensureTable } from '../../lambdas/local/ensure-table';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../lambdas/local/local-aws';

/**
 * The same adapters against real DynamoDB semantics (DynamoDB Local from the global setup):
 * expression syntax, reserved words, projections and what ConsumedCapacity reports there.
 */
const endpoint = inject('dynamoEndpoint');
const table = `feed-${randomUUID()}`;
const base = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
const client = createDocumentClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
const SHARDS = 4;

let now = new Date('2026-11-23T02:00:00.000Z');
const clock = () => now;

const tenants: TenantRecord[] = Array.from({ length: 30 }, (_, n) => ({
  tenantId: `t${n}`,
  name: `Tenant ${n}`,
  status: 'active',
  attributes: { tier: n % 3 },
  extraField: { kept: [n, 'x'] },
}));
const metrics: MetricRecord[] = tenants.flatMap(({ tenantId }) =>
  ['2026-10-30', '2026-10-31', '2026-11-01', '2026-11-02'].map((date, n) => ({
    tenantId,
    date,
    activeUsers: 10 + n,
    featureUsage: { reports: n, api: 2 },
  })),
);

describe('DynamoDB adapters on DynamoDB Local', () => {
  beforeAll(async () => {
    await ensureTable(base, table);
  });
  afterAll(async () => {
    await base.send(new DeleteTableCommand({ TableName: table }));
    base.destroy();
    client.destroy();
  });

  it('writes a feed once, writes nothing on re-ingest, and overwrites only a corrected day', async () => {
    const meter = new DynamoCapacityMeter();
    const store = new DynamoFeedStore(client, table, SHARDS, meter, clock);

    expect(await store.upsertTenants(tenants)).toEqual({ written: 30, unchanged: 0 });
    expect(await store.upsertMetricDays(metrics)).toEqual({ written: 120, unchanged: 0 });
    const afterFirst = meter.snapshot();
    expect(afterFirst.writeUnits).toBeGreaterThan(0);

    now = new Date('2026-11-24T02:00:00.000Z');
    expect(await store.upsertTenants(tenants)).toEqual({ written: 0, unchanged: 30 });
    expect(await store.upsertMetricDays(metrics)).toEqual({ written: 0, unchanged: 120 });
    // Re-ingest costs reads only. (DynamoDB Local reports 0 units for BatchGet misses, so the
    // first pass above may show none.)
    expect(meter.writeUnits).toBe(afterFirst.writeUnits);
    expect(meter.readUnits).toBeGreaterThan(afterFirst.readUnits);

    const corrected = { tenantId: 't7', date: '2026-11-01', activeUsers: 99 };
    expect(await store.upsertMetricDays([corrected, metrics[4 * 7 + 3] as MetricRecord])).toEqual({
      written: 1,
      unchanged: 1,
    });

    const reader = new DynamoTenantReader(client, table, meter);
    const days = await reader.readTenantMetrics('t7', '2026-10-31', '2026-11-02');
    expect(days.firstDay).toBe(toDayNumber('2026-10-31'));
    expect([...days.metric('activeUsers')]).toEqual([11, 99, 13]);
    // The corrected day replaced the whole stored day: its usage map is gone.
    expect([...days.flag(USAGE_REPORTED)]).toEqual([1, 0, 1]);
    expect(await reader.readTenant('t7')).toEqual(tenants[7]);
    expect(await reader.readTenant('nobody')).toBeNull();

    const month = await client.send(
      new GetCommand({ TableName: table, Key: { PK: 'TENANT#t7', SK: 'METRICS#2026-11' } }),
    );
    expect(month.Item).toMatchObject({
      tenantId: 't7',
      month: '2026-11',
      updatedAt: '2026-11-24T02:00:00.000Z',
    });
    // Each day keeps when it last changed.
    expect(decodeDay(month.Item?.d01)).toMatchObject({
      activeUsers: 99,
      _receivedAt: '2026-11-24T02:00:00.000Z',
    });
    expect(decodeDay(month.Item?.d02)).toMatchObject({
      activeUsers: 13,
      _receivedAt: '2026-11-23T02:00:00.000Z',
    });

    const shard = tenantShard('t7', SHARDS);
    const ids: string[] = [];
    for await (const id of reader.shardTenantIds(shard)) ids.push(id);
    expect(ids).toContain('t7');
    expect(ids.every((id) => tenantShard(id, SHARDS) === shard)).toBe(true);
  });

  it('round-trips run parts and the summary', async () => {
    const store = new DynamoRunStore(client, table, new DynamoCapacityMeter());
    const parts: IngestPart[] = ['a', 'b'].map((partId) => ({
      runId: 'r1',
      stage: 'ingest',
      partId,
      source: 'file',
      pageId: partId,
      status: 'succeeded',
      startedAt: now.toISOString(),
      finishedAt: now.toISOString(),
      counts: { ...EMPTY_INGEST_COUNTS, read: 1, accepted: 1 },
      capacity: { readUnits: 0.5, writeUnits: 1 },
    }));
    // The first part twice: a retried unit replaces its part instead of adding one.
    for (const part of [...parts, ...parts.slice(0, 1)]) await store.putPart(part);
    await store.putSummary('r1', { parts: 2 });

    expect(await store.listParts('r1')).toEqual(parts);
    expect(await store.getSummary('r1')).toEqual({ parts: 2 });
  });
});
