import 'aws-sdk-client-mock-vitest/extend';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoCapacityMeter } from '../../lambdas/adapters/dynamodb/capacity-meter';
import { createDocumentClient } from '../../lambdas/adapters/dynamodb/client';
import { StoredItemInvalidError } from '../../lambdas/adapters/dynamodb/errors';
import { DynamoRunStore } from '../../lambdas/adapters/dynamodb/run-store';
import { EMPTY_INGEST_COUNTS, type IngestPart, type StagePart } from '../../lambdas/domain/run/run-record';
import { EMPTY_SCORE_COUNTS } from '../../lambdas/domain/run/score-counts';

const TABLE = 'lifeline-test';
const ddb = mockClient(DynamoDBDocumentClient);
const client = createDocumentClient({
  region: 'eu-west-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
});

const part = (partId: string, overrides: Partial<IngestPart> = {}): IngestPart => ({
  runId: '2026-11-23',
  stage: 'ingest',
  partId,
  source: 'usage-api',
  pageId: `page ${partId}`,
  status: 'succeeded',
  startedAt: '2026-11-23T02:00:00.000Z',
  finishedAt: '2026-11-23T02:00:05.000Z',
  counts: {
    ...EMPTY_INGEST_COUNTS,
    read: 3,
    accepted: 2,
    quarantined: 1,
    quarantinedByReason: { invalid_date: 1 },
  },
  capacity: { readUnits: 1.5, writeUnits: 4 },
  ...overrides,
});

describe('DynamoRunStore', () => {
  beforeEach(() => ddb.reset());

  it('round-trips parts through PutItem and a paginated Query', async () => {
    // Prepare: capture what putPart writes, serve it back over two Query pages.
    ddb.on(PutCommand).resolves({ ConsumedCapacity: { TableName: TABLE, CapacityUnits: 1 } });
    const meter = new DynamoCapacityMeter();
    const store = new DynamoRunStore(client, TABLE, meter);
    const parts = [part('p1'), part('p2', { status: 'failed', error: 'source timed out' }), part('p3')];

    // Act
    for (const p of parts) await store.putPart(p);
    const written = ddb.commandCalls(PutCommand).map((call) => call.args[0].input.Item ?? {});
    ddb
      .on(QueryCommand)
      .resolvesOnce({
        Items: written.slice(0, 2),
        LastEvaluatedKey: { PK: 'RUN#2026-11-23', SK: 'PART#ingest#p2' },
        ConsumedCapacity: { TableName: TABLE, CapacityUnits: 0.5 },
      })
      .resolvesOnce({ Items: written.slice(2), ConsumedCapacity: { TableName: TABLE, CapacityUnits: 0.5 } });
    const listed = await store.listParts('2026-11-23');

    // Assess
    expect(listed).toEqual(parts);
    expect(written[1]).toMatchObject({ PK: 'RUN#2026-11-23', SK: 'PART#ingest#p2', status: 'failed' });
    expect(ddb).toHaveReceivedNthCommandWith(QueryCommand, 1, {
      TableName: TABLE,
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :part)',
      ExpressionAttributeValues: { ':pk': 'RUN#2026-11-23', ':part': 'PART#' },
      ExclusiveStartKey: undefined,
    });
    expect(ddb).toHaveReceivedNthCommandWith(QueryCommand, 2, {
      ExclusiveStartKey: { PK: 'RUN#2026-11-23', SK: 'PART#ingest#p2' },
    });
    expect(meter.snapshot()).toEqual({ readUnits: 1, writeUnits: 3 });
  });

  it('refuses a stored part that lost its shape instead of summing garbage', async () => {
    ddb
      .on(QueryCommand)
      .resolves({ Items: [{ PK: 'RUN#r', SK: 'PART#ingest#x', runId: 'r', stage: 'ingest' }] });
    const store = new DynamoRunStore(client, TABLE, new DynamoCapacityMeter());
    await expect(store.listParts('r')).rejects.toBeInstanceOf(StoredItemInvalidError);
  });

  it('round-trips train and score parts, and refuses a part of an unknown stage', async () => {
    ddb.on(PutCommand).resolves({});
    const store = new DynamoRunStore(client, TABLE, new DynamoCapacityMeter());
    const base = {
      runId: '2026-11-23',
      status: 'succeeded',
      startedAt: '2026-11-23T02:10:00.000Z',
      finishedAt: '2026-11-23T02:11:00.000Z',
      capacity: { readUnits: 10, writeUnits: 2 },
    } as const;
    const parts: StagePart[] = [
      { ...base, stage: 'train', partId: 'model', model: null, sample: { shards: 4, tenants: 900 } },
      {
        ...base,
        stage: 'score',
        partId: 'shard-0003',
        shard: 3,
        counts: {
          ...EMPTY_SCORE_COUNTS,
          scored: 12,
          byCause: { none: 10, engagement_drop: 2 },
          riskChanged: 2,
        },
      },
    ];
    for (const p of parts) await store.putPart(p);
    const written = ddb.commandCalls(PutCommand).map((call) => call.args[0].input.Item ?? {});
    expect(written.map((item) => item.SK)).toEqual(['PART#train#model', 'PART#score#shard-0003']);
    ddb.on(QueryCommand).resolves({ Items: written });
    expect(await store.listParts('2026-11-23')).toEqual(parts);

    ddb.on(QueryCommand).resolves({ Items: [{ ...written[0], stage: 'plan' }] });
    await expect(store.listParts('2026-11-23')).rejects.toBeInstanceOf(StoredItemInvalidError);
  });

  it('stores the run summary at SUMMARY and reads it back', async () => {
    // Prepare
    const store = new DynamoRunStore(client, TABLE, new DynamoCapacityMeter());
    const summary = { runId: '2026-11-23', counts: { read: 3 }, balanced: true };
    ddb.on(PutCommand).resolves({});
    ddb
      .on(GetCommand, { Key: { PK: 'RUN#2026-11-23', SK: 'SUMMARY' } })
      .resolves({ Item: { summary } })
      .on(GetCommand, { Key: { PK: 'RUN#missing', SK: 'SUMMARY' } })
      .resolves({});

    // Act
    await store.putSummary('2026-11-23', summary);

    // Assess
    expect(ddb).toHaveReceivedCommandWith(PutCommand, {
      Item: { PK: 'RUN#2026-11-23', SK: 'SUMMARY', runId: '2026-11-23', summary },
    });
    expect(await store.getSummary('2026-11-23')).toEqual(summary);
    expect(await store.getSummary('missing')).toBeNull();
  });
});
