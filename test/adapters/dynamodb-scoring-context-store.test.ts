import 'aws-sdk-client-mock-vitest/extend';
import {
  BatchGetCommand,
  BatchWriteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoCapacityMeter } from '../../lambdas/adapters/dynamodb/capacity-meter';
import { createDocumentClient } from '../../lambdas/adapters/dynamodb/client';
import { StoredItemInvalidError } from '../../lambdas/adapters/dynamodb/errors';
import { DynamoScoringContextStore } from '../../lambdas/adapters/dynamodb/scoring-context-store';
import type { ScoringContextJson } from '../../lambdas/domain/scoring-context';

const TABLE = 'lifeline-test';
const ddb = mockClient(DynamoDBDocumentClient);
const client = createDocumentClient({
  region: 'eu-west-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
});

/** A table behind the mock: what the store writes is what it reads back. */
function fakeTable() {
  const items = new Map<string, Record<string, unknown>>();
  const writes: string[] = [];
  const key = (item: Record<string, unknown>) => `${item.PK}|${item.SK}`;
  ddb.on(PutCommand).callsFake((input) => {
    items.set(key(input.Item), input.Item);
    writes.push(String(input.Item.SK));
    return { ConsumedCapacity: { TableName: TABLE, CapacityUnits: 1 } };
  });
  ddb.on(BatchWriteCommand).callsFake((input) => {
    for (const request of input.RequestItems[TABLE]) {
      items.set(key(request.PutRequest.Item), request.PutRequest.Item);
      writes.push(String(request.PutRequest.Item.SK));
    }
    return { ConsumedCapacity: [{ TableName: TABLE, CapacityUnits: 10 }] };
  });
  ddb.on(GetCommand).callsFake((input) => ({ Item: items.get(key(input.Key)) }));
  ddb.on(BatchGetCommand).callsFake((input) => ({
    Responses: {
      [TABLE]: input.RequestItems[TABLE].Keys.map((k: Record<string, unknown>) => items.get(key(k))).filter(
        Boolean,
      ),
    },
  }));
  return { items, writes };
}

/** Pseudo-random sketches that gzip poorly, so the context needs several chunk items. */
function bigContext(industries: number): ScoringContextJson {
  let state = 7;
  const next = () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
  const sorted = () => Array.from({ length: 2001 }, () => next() * 1e6).sort((a, b) => a - b);
  return {
    runId: '2026-11-22',
    asOf: '2026-11-22',
    configVersion: 'c1',
    modelVersion: 'churn-2026-11-22',
    feedNewest: '2026-11-22',
    portfolio: {
      asOf: '2026-11-22',
      industries: Object.fromEntries(
        Array.from({ length: industries }, (_, i) => [
          `industry-${i}`,
          { volume: sorted(), reach: sorted(), medianTrend: i % 2 === 0 ? null : -0.1, tenants: 5000 },
        ]),
      ),
      attributes: [{ name: 'country', kind: 'categorical', values: ['de', 'fr'] }],
    },
  };
}

describe('DynamoScoringContextStore', () => {
  beforeEach(() => ddb.reset());

  it('splits a context past the item limit into chunks, writes the header last, reads it back whole', async () => {
    // Prepare
    const { items, writes } = fakeTable();
    const meter = new DynamoCapacityMeter();
    const store = new DynamoScoringContextStore(client, TABLE, meter);
    const context = bigContext(30);

    // Act
    await store.put(context);
    const read = await store.get('2026-11-22');

    // Assess
    const header = items.get('RUN#2026-11-22|SCORING#CONTEXT');
    expect(header).toMatchObject({ modelVersion: 'churn-2026-11-22', configVersion: 'c1' });
    expect(header?.chunks).toBeGreaterThan(1);
    expect([...items.keys()].filter((k) => k.includes('SCORING#CONTEXT#'))).toHaveLength(
      header?.chunks as number,
    );
    expect(writes.at(-1)).toBe('SCORING#CONTEXT');
    expect(read).toEqual(context);
    expect(ddb).toHaveReceivedCommandWith(GetCommand, { ConsistentRead: true });
    expect(meter.writeUnits).toBeGreaterThan(0);
  });

  it('is null before the prepare step stored one', async () => {
    fakeTable();
    expect(await new DynamoScoringContextStore(client, TABLE, new DynamoCapacityMeter()).get('x')).toBeNull();
  });

  it('rejects chunks that do not match the header (a re-write caught mid-read) instead of a mixed context', async () => {
    const { items } = fakeTable();
    const store = new DynamoScoringContextStore(client, TABLE, new DynamoCapacityMeter());
    await store.put(bigContext(30));
    const chunk = items.get('RUN#2026-11-22|SCORING#CONTEXT#0001') as { data: Uint8Array };
    items.set('RUN#2026-11-22|SCORING#CONTEXT#0001', { ...chunk, data: chunk.data.slice().reverse() });
    await expect(store.get('2026-11-22')).rejects.toBeInstanceOf(StoredItemInvalidError);
  });

  it('rejects a header whose chunk is gone', async () => {
    const { items } = fakeTable();
    const store = new DynamoScoringContextStore(client, TABLE, new DynamoCapacityMeter());
    await store.put(bigContext(1));
    items.delete('RUN#2026-11-22|SCORING#CONTEXT#0000');
    await expect(store.get('2026-11-22')).rejects.toThrow(/chunk of 1 is missing/);
  });
});
