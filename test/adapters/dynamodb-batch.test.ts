import 'aws-sdk-client-mock-vitest/extend';
import { BatchGetCommand, BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  backoffDelay,
  batchGetAll,
  batchWriteAll,
  UnprocessedItemsError,
  UnprocessedKeysError,
} from '../../lambdas/adapters/dynamodb/batch';
import { DynamoCapacityMeter } from '../../lambdas/adapters/dynamodb/capacity-meter';
import { createDocumentClient } from '../../lambdas/adapters/dynamodb/client';

const TABLE = 'lifeline-test';
const ddb = mockClient(DynamoDBDocumentClient);
const client = createDocumentClient({
  region: 'eu-west-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
});

const put = (n: number) => ({ PutRequest: { Item: { PK: `TENANT#t${n}`, SK: 'PROFILE', n } } });
const puts = (count: number) => Array.from({ length: count }, (_, n) => put(n));
const key = (n: number) => ({ PK: `TENANT#t${n}`, SK: 'PROFILE' });

describe('batchWriteAll', () => {
  beforeEach(() => ddb.reset());

  it('writes in chunks of 25 and sums the consumed write units', async () => {
    // Prepare
    ddb.on(BatchWriteCommand).resolves({ ConsumedCapacity: [{ TableName: TABLE, CapacityUnits: 3 }] });
    const meter = new DynamoCapacityMeter();

    // Act
    await batchWriteAll(client, TABLE, puts(60), meter, { concurrency: 2 });

    // Assess
    const sizes = ddb
      .commandCalls(BatchWriteCommand)
      .map((call) => call.args[0].input.RequestItems?.[TABLE]?.length);
    expect(sizes.sort()).toEqual([10, 25, 25]);
    expect(ddb).toHaveReceivedCommandWith(BatchWriteCommand, { ReturnConsumedCapacity: 'TOTAL' });
    expect(meter.snapshot()).toEqual({ readUnits: 0, writeUnits: 9 });
  });

  it('resubmits exactly the unprocessed items, after a jittered backoff, until none are left', async () => {
    // Prepare
    const requests = puts(5);
    const unprocessed = [put(1), put(3)];
    ddb
      .on(BatchWriteCommand)
      .resolvesOnce({ UnprocessedItems: { [TABLE]: unprocessed } })
      .resolvesOnce({ UnprocessedItems: { [TABLE]: [put(3)] } })
      .resolves({ UnprocessedItems: {} });
    const sleep = vi.fn(() => Promise.resolve());

    // Act
    await batchWriteAll(client, TABLE, requests, new DynamoCapacityMeter(), { sleep, random: () => 0.5 });

    // Assess
    expect(ddb).toHaveReceivedCommandTimes(BatchWriteCommand, 3);
    expect(ddb).toHaveReceivedNthCommandWith(BatchWriteCommand, 2, {
      RequestItems: { [TABLE]: unprocessed },
    });
    expect(ddb).toHaveReceivedNthCommandWith(BatchWriteCommand, 3, { RequestItems: { [TABLE]: [put(3)] } });
    // Full jitter: random x min(cap, 50 ms x 2^retry).
    expect(sleep.mock.calls).toEqual([[50], [100]]);
  });

  it('gives up after maxAttempts with UnprocessedItemsError counting everything not written', async () => {
    // Prepare: the first chunk never drains; with one chunk in flight the rest are never sent.
    ddb.on(BatchWriteCommand).resolves({ UnprocessedItems: { [TABLE]: [put(0), put(1)] } });

    // Act
    const result = batchWriteAll(client, TABLE, puts(60), new DynamoCapacityMeter(), {
      maxAttempts: 3,
      concurrency: 1,
      sleep: () => Promise.resolve(),
    });

    // Assess
    await expect(result).rejects.toThrow(UnprocessedItemsError);
    await expect(result).rejects.toMatchObject({
      name: 'UnprocessedItemsError',
      count: 2 + 35,
      table: TABLE,
    });
    expect(ddb).toHaveReceivedCommandTimes(BatchWriteCommand, 3);
  });

  it('passes other errors through unchanged', async () => {
    ddb.on(BatchWriteCommand).rejects(new Error('ValidationException'));
    await expect(batchWriteAll(client, TABLE, puts(3), new DynamoCapacityMeter())).rejects.toThrow(
      'ValidationException',
    );
  });

  it('makes no call for no requests', async () => {
    await batchWriteAll(client, TABLE, [], new DynamoCapacityMeter());
    expect(ddb).not.toHaveReceivedCommand(BatchWriteCommand);
  });
});

describe('batchGetAll', () => {
  beforeEach(() => ddb.reset());

  it('dedupes keys, reads 100 per call with the projection, and sums read units', async () => {
    // Prepare
    const keys = [...Array.from({ length: 150 }, (_, n) => key(n)), key(0), key(149)];
    ddb.on(BatchGetCommand).callsFake((input: { RequestItems: Record<string, { Keys: object[] }> }) => ({
      Responses: { [TABLE]: input.RequestItems[TABLE]?.Keys ?? [] },
      ConsumedCapacity: [{ TableName: TABLE, CapacityUnits: 0.5 }],
    }));
    const meter = new DynamoCapacityMeter();

    // Act
    const items = await batchGetAll(client, TABLE, keys, meter, {
      projection: '#pk',
      attributeNames: { '#pk': 'PK' },
      consistentRead: true,
      concurrency: 1,
    });

    // Assess
    expect(items).toHaveLength(150);
    const sizes = ddb
      .commandCalls(BatchGetCommand)
      .map((call) => call.args[0].input.RequestItems?.[TABLE]?.Keys?.length);
    expect(sizes).toEqual([100, 50]);
    expect(ddb).toHaveReceivedCommandWith(BatchGetCommand, {
      RequestItems: {
        [TABLE]: expect.objectContaining({
          ProjectionExpression: '#pk',
          ExpressionAttributeNames: { '#pk': 'PK' },
          ConsistentRead: true,
        }),
      },
      ReturnConsumedCapacity: 'TOTAL',
    });
    expect(meter.snapshot()).toEqual({ readUnits: 1, writeUnits: 0 });
  });

  it('retries UnprocessedKeys and returns the items of every attempt', async () => {
    // Prepare
    ddb
      .on(BatchGetCommand)
      .resolvesOnce({
        Responses: { [TABLE]: [{ ...key(0), v: 0 }] },
        UnprocessedKeys: { [TABLE]: { Keys: [key(1), key(2)] } },
      })
      .resolves({
        Responses: {
          [TABLE]: [
            { ...key(1), v: 1 },
            { ...key(2), v: 2 },
          ],
        },
      });

    // Act
    const items = await batchGetAll(client, TABLE, [key(0), key(1), key(2)], new DynamoCapacityMeter(), {
      sleep: () => Promise.resolve(),
    });

    // Assess
    expect(items.map((item) => item.v).sort()).toEqual([0, 1, 2]);
    expect(ddb).toHaveReceivedNthCommandWith(BatchGetCommand, 2, {
      RequestItems: { [TABLE]: expect.objectContaining({ Keys: [key(1), key(2)] }) },
    });
  });

  it('gives up after maxAttempts with UnprocessedKeysError', async () => {
    ddb.on(BatchGetCommand).resolves({ UnprocessedKeys: { [TABLE]: { Keys: [key(1)] } } });
    const result = batchGetAll(client, TABLE, [key(0), key(1)], new DynamoCapacityMeter(), {
      maxAttempts: 2,
      sleep: () => Promise.resolve(),
    });
    await expect(result).rejects.toMatchObject({ name: 'UnprocessedKeysError', count: 1 });
    await expect(result).rejects.toBeInstanceOf(UnprocessedKeysError);
    expect(ddb).toHaveReceivedCommandTimes(BatchGetCommand, 2);
  });
});

describe('backoffDelay', () => {
  it('doubles the cap per retry up to maxDelayMs', () => {
    const opts = { baseDelayMs: 100, maxDelayMs: 1_000, random: () => 1 };
    expect([1, 2, 3, 4, 5].map((retry) => backoffDelay(retry, opts))).toEqual([200, 400, 800, 1_000, 1_000]);
  });
});
