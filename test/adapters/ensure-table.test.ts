import { randomUUID } from 'node:crypto';
import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { EXPIRES_AT } from '../../lambdas/adapters/dynamodb/campaign-keys';
import { TABLE_KEYS } from '../../lambdas/adapters/dynamodb/table-design';
import { ensureTable } from '../../lambdas/local/ensure-table';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../lambdas/local/local-aws';

const client = new DynamoDBClient({
  endpoint: inject('dynamoEndpoint'),
  region: LOCAL_REGION,
  credentials: LOCAL_CREDENTIALS,
});
const created: string[] = [];
const newName = () => {
  const name = `ensure-${randomUUID().slice(0, 8)}`;
  created.push(name);
  return name;
};
const ttlOf = async (TableName: string) =>
  (await client.send(new DescribeTimeToLiveCommand({ TableName }))).TimeToLiveDescription;

describe('ensureTable on DynamoDB Local', () => {
  afterAll(async () => {
    for (const TableName of created) await client.send(new DeleteTableCommand({ TableName }));
    client.destroy();
  });

  it('creates the deployed key design with expiresAt as the time-to-live attribute, and is safe to repeat', async () => {
    const name = newName();
    await ensureTable(client, name);
    await ensureTable(client, name);
    const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
    expect(Table?.KeySchema?.map((key) => key.AttributeName)).toEqual([
      TABLE_KEYS.partitionKey,
      TABLE_KEYS.sortKey,
    ]);
    expect(Table?.GlobalSecondaryIndexes?.map((index) => index.IndexName)).toEqual([
      TABLE_KEYS.shardIndex.name,
    ]);
    expect(await ttlOf(name)).toEqual({ TimeToLiveStatus: 'ENABLED', AttributeName: EXPIRES_AT });
  });

  it('turns time to live on for a table from an older state directory that lacks it', async () => {
    const name = newName();
    await client.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: TABLE_KEYS.partitionKey, AttributeType: 'S' }],
        KeySchema: [{ AttributeName: TABLE_KEYS.partitionKey, KeyType: 'HASH' }],
      }),
    );
    expect((await ttlOf(name))?.TimeToLiveStatus).toBe('DISABLED');
    await ensureTable(client, name);
    expect(await ttlOf(name)).toEqual({ TimeToLiveStatus: 'ENABLED', AttributeName: EXPIRES_AT });
  });
});
