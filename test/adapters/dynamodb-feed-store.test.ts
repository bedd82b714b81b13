import 'aws-sdk-client-mock-vitest/extend';
import {
  BatchGetCommand,
  BatchWriteCommand,
  DynamoDBDocumentClient,
  UpdateCommand,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoCapacityMeter } from '../../lambdas/adapters/dynamodb/capacity-meter';
import { createDocumentClient } from '../../lambdas/adapters/dynamodb/client';
import { encodeDay } from '../../lambdas/adapters/dynamodb/day-codec';
import { DynamoFeedStore } from '../../lambdas/adapters/dynamodb/feed-store';
import { shardPk, tenantShard } from '../../lambdas/adapters/dynamodb/table-design';
import type { MetricRecord, TenantRecord } from '../../lambdas/domain/feed/feed-records';

const TABLE = 'lifeline-test';
const SHARDS = 16;
const NOW = '2026-11-23T02:00:00.000Z';
const EARLIER = '2026-11-22T02:00:00.000Z';
const ddb = mockClient(DynamoDBDocumentClient);
const client = createDocumentClient({
  region: 'eu-west-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
});

function makeStore(meter = new DynamoCapacityMeter(), options: { singleWriter?: boolean } = {}) {
  return new DynamoFeedStore(client, TABLE, SHARDS, meter, () => new Date(NOW), {
    batch: { sleep: () => Promise.resolve() },
    ...options,
  });
}

const acme: TenantRecord = {
  tenantId: 'acme',
  name: 'Acme',
  plan: 'pro',
  mrr: 1200,
  status: 'active',
  contacts: [{ email: 'ops@acme.test', role: 'admin' }],
  attributes: { region: 'emea', seats: 40 },
  customField: { nested: true },
};

const storedProfile = (record: TenantRecord) => ({
  PK: `TENANT#${record.tenantId}`,
  GSI1PK: shardPk(tenantShard(record.tenantId, SHARDS)),
  profile: record,
});

/** The same content with every map's keys in another order, as DynamoDB may return them. */
function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([field, inner]) => [field, reversedKeys(inner)]),
    );
  }
  return value;
}

const day = (date: string, metrics: Record<string, unknown>): MetricRecord => ({
  tenantId: 'acme',
  date,
  ...metrics,
});

const updateInputs = () =>
  ddb.commandCalls(UpdateCommand).map((call) => call.args[0].input as UpdateCommandInput);

describe('DynamoFeedStore.upsertTenants', () => {
  beforeEach(() => {
    ddb.reset();
    ddb.on(BatchWriteCommand).resolves({});
  });

  it('writes new profiles with the shard index keys and the full normalised record', async () => {
    // Prepare
    ddb.on(BatchGetCommand).resolves({ Responses: { [TABLE]: [] } });

    // Act
    const outcome = await makeStore().upsertTenants([acme]);

    // Assess
    expect(outcome).toEqual({ written: 1, unchanged: 0 });
    expect(ddb).toHaveReceivedCommandWith(BatchGetCommand, {
      RequestItems: {
        [TABLE]: expect.objectContaining({
          Keys: [{ PK: 'TENANT#acme', SK: 'PROFILE' }],
          ConsistentRead: true,
        }),
      },
    });
    expect(ddb).toHaveReceivedCommandWith(BatchWriteCommand, {
      RequestItems: {
        [TABLE]: [
          {
            PutRequest: {
              Item: {
                PK: 'TENANT#acme',
                SK: 'PROFILE',
                GSI1PK: shardPk(tenantShard('acme', SHARDS)),
                GSI1SK: 'TENANT#acme',
                profile: acme,
                updatedAt: NOW,
              },
            },
          },
        ],
      },
    });
  });

  it('writes nothing when the stored profiles are the same content in another key order', async () => {
    // Prepare
    const beta: TenantRecord = { tenantId: 'beta', status: 'churned', churnDate: '2026-10-01' };
    ddb.on(BatchGetCommand).resolves({
      Responses: {
        [TABLE]: [storedProfile(acme), storedProfile(beta)].map(reversedKeys) as Record<string, unknown>[],
      },
    });

    // Act
    const outcome = await makeStore().upsertTenants([acme, beta]);

    // Assess
    expect(outcome).toEqual({ written: 0, unchanged: 2 });
    expect(ddb).not.toHaveReceivedCommand(BatchWriteCommand);
  });

  it('writes only the changed profile, and the last record of a tenant within a call wins', async () => {
    // Prepare
    const beta: TenantRecord = { tenantId: 'beta', status: 'active' };
    ddb.on(BatchGetCommand).resolves({ Responses: { [TABLE]: [storedProfile(acme), storedProfile(beta)] } });
    const upgraded = { ...acme, plan: 'enterprise' };

    // Act
    const outcome = await makeStore().upsertTenants([{ ...acme, plan: 'basic' }, beta, upgraded]);

    // Assess
    expect(outcome).toEqual({ written: 1, unchanged: 1 });
    const keys = ddb.commandCalls(BatchGetCommand)[0]?.args[0].input.RequestItems?.[TABLE]?.Keys;
    expect(keys).toHaveLength(2);
    const written = ddb.commandCalls(BatchWriteCommand)[0]?.args[0].input.RequestItems?.[TABLE];
    expect(written?.map((request) => request.PutRequest?.Item?.profile)).toEqual([upgraded]);
  });

  it('rewrites a profile whose shard moved because the shard count changed', async () => {
    ddb
      .on(BatchGetCommand)
      .resolves({ Responses: { [TABLE]: [{ ...storedProfile(acme), GSI1PK: 'SHARD#999' }] } });
    expect(await makeStore().upsertTenants([acme])).toEqual({ written: 1, unchanged: 0 });
  });

  it('makes no call for an empty batch', async () => {
    expect(await makeStore().upsertTenants([])).toEqual({ written: 0, unchanged: 0 });
    expect(ddb).not.toHaveReceivedAnyCommand();
  });
});

describe('DynamoFeedStore.upsertMetricDays', () => {
  beforeEach(() => {
    ddb.reset();
    ddb.on(UpdateCommand).resolves({});
  });

  it('sets two days of the same month in one UpdateItem, reading back only those days', async () => {
    // Prepare
    ddb.on(BatchGetCommand).resolves({ Responses: { [TABLE]: [] } });

    // Act
    const outcome = await makeStore().upsertMetricDays([
      day('2026-11-05', { activeUsers: 12, featureUsage: { reports: 3 } }),
      day('2026-11-06', { activeUsers: 10, extra: 'kept' }),
    ]);

    // Assess
    expect(outcome).toEqual({ written: 2, unchanged: 0 });
    expect(ddb).toHaveReceivedCommandWith(BatchGetCommand, {
      RequestItems: {
        [TABLE]: {
          Keys: [{ PK: 'TENANT#acme', SK: 'METRICS#2026-11' }],
          ProjectionExpression: '#pk, #sk, #d05, #d06',
          ExpressionAttributeNames: { '#pk': 'PK', '#sk': 'SK', '#d05': 'd05', '#d06': 'd06' },
          ConsistentRead: true,
        },
      },
    });
    expect(ddb).toHaveReceivedCommandTimes(UpdateCommand, 1);
    expect(ddb).toHaveReceivedCommandWith(UpdateCommand, {
      TableName: TABLE,
      Key: { PK: 'TENANT#acme', SK: 'METRICS#2026-11' },
      UpdateExpression:
        'SET #tenantId = :tenantId, #month = :month, #updatedAt = :updatedAt, #d05 = :d05, #d06 = :d06',
      ExpressionAttributeNames: {
        '#tenantId': 'tenantId',
        '#month': 'month',
        '#updatedAt': 'updatedAt',
        '#d05': 'd05',
        '#d06': 'd06',
      },
      ExpressionAttributeValues: {
        ':tenantId': 'acme',
        ':month': '2026-11',
        ':updatedAt': NOW,
        ':d05': encodeDay({ activeUsers: 12, featureUsage: { reports: 3 } }, NOW),
        ':d06': encodeDay({ activeUsers: 10, extra: 'kept' }, NOW),
      },
      ReturnConsumedCapacity: 'TOTAL',
    });
  });

  it('writes nothing when the stored days hold the same metrics (receivedAt aside)', async () => {
    // Prepare
    ddb.on(BatchGetCommand).resolves({
      Responses: {
        [TABLE]: [
          {
            PK: 'TENANT#acme',
            SK: 'METRICS#2026-11',
            d05: JSON.stringify({
              _receivedAt: EARLIER,
              featureUsage: { reports: 3, api: 1 },
              activeUsers: 12,
            }),
          },
        ],
      },
    });

    // Act
    const outcome = await makeStore().upsertMetricDays([
      day('2026-11-05', { activeUsers: 12, featureUsage: { api: 1, reports: 3 } }),
    ]);

    // Assess
    expect(outcome).toEqual({ written: 0, unchanged: 1 });
    expect(ddb).not.toHaveReceivedCommand(UpdateCommand);
  });

  it('reads days stored before the binary format and in it alike', async () => {
    // Prepare: d05 as JSON (older), d06 binary (newer), both holding what is sent again.
    ddb.on(BatchGetCommand).resolves({
      Responses: {
        [TABLE]: [
          {
            PK: 'TENANT#acme',
            SK: 'METRICS#2026-11',
            d05: JSON.stringify({ activeUsers: 12, _receivedAt: EARLIER }),
            d06: encodeDay({ activeUsers: 10, featureUsage: { reports: 3 }, extra: 'kept' }, EARLIER),
          },
        ],
      },
    });

    // Act
    const outcome = await makeStore().upsertMetricDays([
      day('2026-11-05', { activeUsers: 12 }),
      day('2026-11-06', { extra: 'kept', featureUsage: { reports: 3 }, activeUsers: 10 }),
    ]);

    // Assess
    expect(outcome).toEqual({ written: 0, unchanged: 2 });
    expect(ddb).not.toHaveReceivedCommand(UpdateCommand);
  });

  it('overwrites only the corrected day', async () => {
    // Prepare
    ddb.on(BatchGetCommand).resolves({
      Responses: {
        [TABLE]: [
          {
            PK: 'TENANT#acme',
            SK: 'METRICS#2026-11',
            d05: JSON.stringify({ activeUsers: 12, _receivedAt: EARLIER }),
            d06: JSON.stringify({ activeUsers: 10, openBugs: 2, _receivedAt: EARLIER }),
          },
        ],
      },
    });

    // Act: d06 is resent with a corrected count and without openBugs.
    const outcome = await makeStore().upsertMetricDays([
      day('2026-11-05', { activeUsers: 12 }),
      day('2026-11-06', { activeUsers: 11 }),
    ]);

    // Assess
    expect(outcome).toEqual({ written: 1, unchanged: 1 });
    const [update] = updateInputs();
    expect(update?.UpdateExpression).toBe(
      'SET #tenantId = :tenantId, #month = :month, #updatedAt = :updatedAt, #d06 = :d06',
    );
    expect(update?.ExpressionAttributeValues?.[':d06']).toEqual(encodeDay({ activeUsers: 11 }, NOW));
    expect(update?.ExpressionAttributeValues).not.toHaveProperty(':d05');
  });

  it('makes one UpdateItem per tenant-month and keeps the last record of a repeated day', async () => {
    // Prepare
    ddb.on(BatchGetCommand).resolves({ Responses: { [TABLE]: [] } });

    // Act
    const outcome = await makeStore().upsertMetricDays([
      day('2026-10-31', { activeUsers: 1 }),
      day('2026-11-01', { activeUsers: 2 }),
      { tenantId: 'beta', date: '2026-11-01', activeUsers: 3 },
      day('2026-11-01', { activeUsers: 4 }),
    ]);

    // Assess
    expect(outcome).toEqual({ written: 3, unchanged: 0 });
    const byKey = Object.fromEntries(
      updateInputs().map((input) => [`${input.Key?.PK} ${input.Key?.SK}`, input]),
    );
    expect(Object.keys(byKey).sort()).toEqual([
      'TENANT#acme METRICS#2026-10',
      'TENANT#acme METRICS#2026-11',
      'TENANT#beta METRICS#2026-11',
    ]);
    expect(byKey['TENANT#acme METRICS#2026-11']?.ExpressionAttributeValues?.[':d01']).toEqual(
      encodeDay({ activeUsers: 4 }, NOW),
    );
  });

  it('sums the consumed read and write units into the meter', async () => {
    // Prepare
    ddb.on(BatchGetCommand).resolves({
      Responses: { [TABLE]: [] },
      ConsumedCapacity: [{ TableName: TABLE, CapacityUnits: 1 }],
    });
    ddb.on(UpdateCommand).resolves({ ConsumedCapacity: { TableName: TABLE, CapacityUnits: 2 } });
    const meter = new DynamoCapacityMeter();

    // Act
    await makeStore(meter).upsertMetricDays([
      day('2026-10-31', { activeUsers: 1 }),
      day('2026-11-01', { activeUsers: 2 }),
    ]);

    // Assess
    expect(meter.snapshot()).toEqual({ readUnits: 1, writeUnits: 4 });
  });
});

describe('DynamoFeedStore.upsertMetricDays as the single writer (local runner)', () => {
  beforeEach(() => ddb.reset());

  it('creates months that do not exist with BatchWrite and updates existing months day by day', async () => {
    // Prepare: November exists (with d05), October does not.
    ddb.on(BatchGetCommand).resolves({
      Responses: {
        [TABLE]: [{ PK: 'TENANT#acme', SK: 'METRICS#2026-11', d05: JSON.stringify({ activeUsers: 1 }) }],
      },
    });
    ddb.on(BatchWriteCommand).resolves({});
    ddb.on(UpdateCommand).resolves({});
    const store = makeStore(new DynamoCapacityMeter(), { singleWriter: true });

    // Act
    const outcome = await store.upsertMetricDays([
      day('2026-10-30', { activeUsers: 7 }),
      day('2026-10-31', { activeUsers: 8 }),
      day('2026-11-06', { activeUsers: 9 }),
    ]);

    // Assess
    expect(outcome).toEqual({ written: 3, unchanged: 0 });
    expect(ddb).toHaveReceivedCommandWith(BatchWriteCommand, {
      RequestItems: {
        [TABLE]: [
          {
            PutRequest: {
              Item: {
                PK: 'TENANT#acme',
                SK: 'METRICS#2026-10',
                tenantId: 'acme',
                month: '2026-10',
                updatedAt: NOW,
                d30: encodeDay({ activeUsers: 7 }, NOW),
                d31: encodeDay({ activeUsers: 8 }, NOW),
              },
            },
          },
        ],
      },
    });
    expect(ddb).toHaveReceivedCommandTimes(UpdateCommand, 1);
    expect(updateInputs()[0]?.UpdateExpression).toContain('#d06 = :d06');
  });
});
