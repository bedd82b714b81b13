import 'aws-sdk-client-mock-vitest/extend';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoCapacityMeter } from '../../lambdas/adapters/dynamodb/capacity-meter';
import { createDocumentClient } from '../../lambdas/adapters/dynamodb/client';
import { encodeDay } from '../../lambdas/adapters/dynamodb/day-codec';
import { StoredItemInvalidError } from '../../lambdas/adapters/dynamodb/errors';
import { DynamoTenantReader } from '../../lambdas/adapters/dynamodb/tenant-reader';
import { TenantDays, tenantDays } from '../../lambdas/domain/scoring/tenant-days';

const TABLE = 'lifeline-test';
const AT = '2026-11-02T02:00:00.000Z';
const ddb = mockClient(DynamoDBDocumentClient);
const client = createDocumentClient({
  region: 'eu-west-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
});
const reader = () => new DynamoTenantReader(client, TABLE, new DynamoCapacityMeter());

describe('DynamoTenantReader', () => {
  beforeEach(() => ddb.reset());

  it('decodes the days in range across month items and pages into columns, JSON or binary', async () => {
    // Prepare
    ddb
      .on(QueryCommand)
      .resolvesOnce({
        Items: [
          {
            PK: 'TENANT#acme',
            SK: 'METRICS#2026-10',
            tenantId: 'acme',
            month: '2026-10',
            d30: JSON.stringify({ activeUsers: 1, _receivedAt: AT }),
            d31: JSON.stringify({ activeUsers: 2, _receivedAt: AT }),
            d01: JSON.stringify({ activeUsers: 0, _receivedAt: AT }),
          },
        ],
        LastEvaluatedKey: { PK: 'TENANT#acme', SK: 'METRICS#2026-10' },
      })
      .resolvesOnce({
        Items: [
          {
            PK: 'TENANT#acme',
            SK: 'METRICS#2026-11',
            // Days written since the binary format, beside the JSON days of older items.
            d02: encodeDay({ activeUsers: 4 }, AT),
            d01: encodeDay({ activeUsers: 3, featureUsage: { reports: 1 } }, AT),
            d03: encodeDay({ activeUsers: 5 }, AT),
          },
        ],
      });

    // Act
    const days = await reader().readTenantMetrics('acme', '2026-10-31', '2026-11-02');

    // Assess
    expect(days).toEqual(
      tenantDays([
        { date: '2026-10-31', activeUsers: 2 },
        { date: '2026-11-01', activeUsers: 3, featureUsage: { reports: 1 } },
        { date: '2026-11-02', activeUsers: 4 },
      ]),
    );
    expect([...days.metric('activeUsers')]).toEqual([2, 3, 4]);
    expect(ddb).toHaveReceivedNthCommandWith(QueryCommand, 1, {
      KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': 'TENANT#acme',
        ':from': 'METRICS#2026-10',
        ':to': 'METRICS#2026-11',
      },
    });
    expect(ddb).toHaveReceivedNthCommandWith(QueryCommand, 2, {
      ExclusiveStartKey: { PK: 'TENANT#acme', SK: 'METRICS#2026-10' },
    });
  });

  it('skips a day attribute past the end of its month and refuses one that is not a stored day', async () => {
    ddb.on(QueryCommand).resolvesOnce({
      Items: [
        {
          PK: 'TENANT#acme',
          SK: 'METRICS#2026-11',
          d30: JSON.stringify({ activeUsers: 1 }),
          d31: JSON.stringify({ activeUsers: 9 }),
        },
      ],
    });
    const days = await reader().readTenantMetrics('acme', '2026-11-01', '2026-12-31');
    expect(days).toEqual(tenantDays([{ date: '2026-11-30', activeUsers: 1 }]));

    for (const broken of ['[1, 2]', encodeDay({ activeUsers: 1 }, AT).subarray(0, 7)]) {
      ddb.on(QueryCommand).resolves({ Items: [{ PK: 'TENANT#acme', SK: 'METRICS#2026-11', d05: broken }] });
      await expect(reader().readTenantMetrics('acme', '2026-11-01', '2026-11-30')).rejects.toBeInstanceOf(
        StoredItemInvalidError,
      );
    }
  });

  it('returns no days for an empty range or a tenant without metrics', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });
    expect(await reader().readTenantMetrics('acme', '2026-11-02', '2026-11-01')).toBe(TenantDays.EMPTY);
    expect(await reader().readTenantMetrics('acme', '2026-11-01', '2026-11-02')).toBe(TenantDays.EMPTY);
  });

  it('rejects dates that are not calendar dates', async () => {
    await expect(reader().readTenantMetrics('acme', '2026-02-30', '2026-03-01')).rejects.toThrow(RangeError);
  });

  it('returns the stored profile, or null for an unknown tenant', async () => {
    ddb
      .on(GetCommand, { Key: { PK: 'TENANT#acme', SK: 'PROFILE' } })
      .resolves({ Item: { profile: { tenantId: 'acme', status: 'active', custom: 1 } } })
      .on(GetCommand, { Key: { PK: 'TENANT#nobody', SK: 'PROFILE' } })
      .resolves({});

    expect(await reader().readTenant('acme')).toEqual({ tenantId: 'acme', status: 'active', custom: 1 });
    expect(await reader().readTenant('nobody')).toBeNull();
  });

  it('refuses a stored profile that no longer matches the feed schema', async () => {
    ddb.on(GetCommand).resolves({ Item: { profile: { tenantId: 'acme', mrr: -1 } } });
    await expect(reader().readTenant('acme')).rejects.toBeInstanceOf(StoredItemInvalidError);
  });

  it('lists the tenant ids of one shard from the shard index', async () => {
    ddb
      .on(QueryCommand)
      .resolvesOnce({ Items: [{ GSI1SK: 'TENANT#a' }], LastEvaluatedKey: { GSI1PK: 'SHARD#3' } })
      .resolvesOnce({ Items: [{ GSI1SK: 'TENANT#b' }] });

    const ids: string[] = [];
    for await (const id of reader().shardTenantIds(3)) ids.push(id);

    expect(ids).toEqual(['a', 'b']);
    expect(ddb).toHaveReceivedCommandWith(QueryCommand, {
      IndexName: 'GSI1',
      ExpressionAttributeValues: { ':shard': 'SHARD#3' },
    });
  });
});
