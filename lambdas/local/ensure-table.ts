import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { EXPIRES_AT } from '../adapters/dynamodb/campaign-keys';
import { TABLE_KEYS } from '../adapters/dynamodb/table-design';

/**
 * Creates the table in DynamoDB Local from the same key design the CDK data stack deploys,
 * with the same time-to-live attribute. DynamoDB Local accepts the TTL setting; it matters for
 * parity (and for state directories made before it existed), since the local runtime never
 * lives long enough for an item to expire.
 */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<void> {
  if (!(await tableExists(client, tableName))) await createTable(client, tableName);
  const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
  if (ttl.TimeToLiveDescription?.TimeToLiveStatus === 'ENABLED') return;
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: EXPIRES_AT, Enabled: true },
    }),
  );
}

async function tableExists(client: DynamoDBClient, tableName: string): Promise<boolean> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return true;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return false;
    throw error;
  }
}

async function createTable(client: DynamoDBClient, tableName: string): Promise<void> {
  const { partitionKey, sortKey, shardIndex } = TABLE_KEYS;
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [partitionKey, sortKey, shardIndex.partitionKey, shardIndex.sortKey].map(
        (name) => ({
          AttributeName: name,
          AttributeType: 'S',
        }),
      ),
      KeySchema: [
        { AttributeName: partitionKey, KeyType: 'HASH' },
        { AttributeName: sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: shardIndex.name,
          KeySchema: [
            { AttributeName: shardIndex.partitionKey, KeyType: 'HASH' },
            { AttributeName: shardIndex.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    }),
  );
}
