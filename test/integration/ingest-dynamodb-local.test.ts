import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoCapacityMeter } from '../../lambdas/adapters/dynamodb/capacity-meter';
import { decodeDay } from '../../lambdas/adapters/dynamodb/day-codec';
import { DynamoFeedStore } from '../../lambdas/adapters/dynamodb/feed-store';
import { DynamoRunStore } from '../../lambdas/adapters/dynamodb/run-store';
import { DynamoTenantReader } from '../../lambdas/adapters/dynamodb/tenant-reader';
import { toDayNumber } from '../../lambdas/domain/scoring/day-number';
import { PRESENT } from '../../lambdas/domain/scoring/tenant-days';
import { finalizeRun } from '../../lambdas/use-cases/finalize-run';
import { ingestPage } from '../../lambdas/use-cases/ingest-page';
import { MemoryQuarantine, textPage } from '../support/fakes';
import { freshTable } from '../support/local-table';
import { expectedReasons, feedText, MALFORMED_METRICS, MALFORMED_TENANTS } from '../support/malformed-feed';

describe('ingest into DynamoDB Local', () => {
  let table: Awaited<ReturnType<typeof freshTable>>;
  beforeAll(async () => {
    table = await freshTable();
  });
  afterAll(async () => table.drop());

  const deps = () => {
    const meter = new DynamoCapacityMeter();
    const quarantine = new MemoryQuarantine();
    return {
      meter,
      quarantine,
      runs: new DynamoRunStore(table.client, table.tableName, meter),
      store: new DynamoFeedStore(
        table.client,
        table.tableName,
        8,
        meter,
        () => new Date('2026-11-23T02:00:00Z'),
      ),
      clock: () => new Date('2026-11-23T02:00:00Z'),
    };
  };

  it('stores every good line, quarantines every bad one with its reason, and the run balances', async () => {
    const d = deps();
    const tenants = await ingestPage(
      '2026-11-11',
      textPage(feedText(MALFORMED_TENANTS), { kind: 'tenants', format: 'jsonl', pageId: 'tenants.jsonl' }),
      d,
    );
    const metrics = await ingestPage(
      '2026-11-11',
      textPage(feedText(MALFORMED_METRICS), { kind: 'metrics', format: 'jsonl', pageId: 'metrics.jsonl' }),
      d,
    );

    expect(tenants.counts.quarantinedByReason).toEqual(expectedReasons(MALFORMED_TENANTS));
    expect(metrics.counts.quarantinedByReason).toEqual(expectedReasons(MALFORMED_METRICS));
    expect(d.quarantine.records).toHaveLength(tenants.counts.quarantined + metrics.counts.quarantined);
    expect(d.quarantine.records.every((record) => record.raw.length > 0 && record.detail.length > 0)).toBe(
      true,
    );

    const reader = new DynamoTenantReader(table.client, table.tableName, d.meter);
    const acme = await reader.readTenant('acme');
    expect(acme?.name).toBe('ACME <script>alert("x")</script> Café 東京');
    expect((acme as Record<string, unknown> | null)?.partnerCode).toBe('kept-unknown-field');
    const days = await reader.readTenantMetrics('acme', '2026-10-01', '2026-11-30');
    expect([days.firstDay, days.lastDay]).toEqual([toDayNumber('2026-11-01'), toDayNumber('2026-11-11')]);
    expect([...days.flag(PRESENT)].filter((present) => present === 1)).toHaveLength(2);
    expect(days.metric('activeUsers')[0]).toBe(12);
    expect(days.usage(days.usageKeys.indexOf('reports'))[0]).toBe(3);
    // Scoring reads columns; the stored day keeps the whole record, unknown fields too.
    const month = await table.client.send(
      new GetCommand({ TableName: table.tableName, Key: { PK: 'TENANT#acme', SK: 'METRICS#2026-11' } }),
    );
    expect(decodeDay(month.Item?.d11)?.customField).toBe('kept');
    expect((await reader.readTenantMetrics('beta:eu-1', '2026-11-01', '2026-11-30')).length).toBe(1);

    const summary = await finalizeRun('2026-11-11', d.runs);
    expect(summary.status).toBe('succeeded');
    expect(summary.stages.ingest.balanced).toBe(true);
    expect(summary.stages.ingest.counts.read).toBe(tenants.counts.read + metrics.counts.read);
    expect(summary.capacity.writeUnits).toBeGreaterThan(0);
  });

  it('re-ingesting the same feed writes nothing, and a corrected day overwrites only that day', async () => {
    const lines = (correction: number) =>
      [
        { tenantId: 'rt', date: '2026-10-30', activeUsers: 5 },
        { tenantId: 'rt', date: '2026-10-31', activeUsers: 6 },
        { tenantId: 'rt', date: '2026-11-01', activeUsers: correction },
      ]
        .map((record) => JSON.stringify(record))
        .join('\n');
    const first = deps();
    const page = (n: number) => textPage(lines(n), { kind: 'metrics', format: 'jsonl', pageId: 'rt.jsonl' });
    expect((await ingestPage('n1', page(7), first)).counts).toMatchObject({
      metricDaysWritten: 3,
      metricDaysUnchanged: 0,
    });

    const again = deps();
    const repeat = await ingestPage('n1', page(7), again);
    expect(repeat.counts).toMatchObject({ metricDaysWritten: 0, metricDaysUnchanged: 3 });
    expect(repeat.capacity.readUnits).toBeGreaterThan(0);

    const corrected = deps();
    expect((await ingestPage('n2', page(9), corrected)).counts).toMatchObject({
      metricDaysWritten: 1,
      metricDaysUnchanged: 2,
    });
    const reader = new DynamoTenantReader(table.client, table.tableName, corrected.meter);
    const stored = await reader.readTenantMetrics('rt', '2026-10-01', '2026-11-30');
    expect([...stored.metric('activeUsers')]).toEqual([5, 6, 9]);

    // The re-run of night n1 replaced its part: one part, not two.
    const parts = await again.runs.listParts('n1');
    expect(parts).toHaveLength(1);
  });
});

describe('reading tenants back by shard', () => {
  it('yields every stored profile exactly once across the shards', async () => {
    const table = await freshTable();
    try {
      const meter = new DynamoCapacityMeter();
      const store = new DynamoFeedStore(table.client, table.tableName, 4, meter, () => new Date());
      const ids = Array.from({ length: 40 }, (_, i) => `tenant-${i}`);
      await store.upsertTenants(ids.map((tenantId) => ({ tenantId, status: 'active' as const })));
      const reader = new DynamoTenantReader(table.client, table.tableName, meter);
      const seen: string[] = [];
      for (let shard = 0; shard < 4; shard++) {
        for await (const profile of reader.shardProfiles(shard)) seen.push(profile.tenantId);
      }
      expect(seen.sort()).toEqual([...ids].sort());
    } finally {
      await table.drop();
    }
  });
});
