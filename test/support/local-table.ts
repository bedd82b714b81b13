import { randomUUID } from 'node:crypto';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';
import { createDocumentClient } from '../../lambdas/adapters/dynamodb/client';
import { ensureTable } from '../../lambdas/local/ensure-table';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../lambdas/local/local-aws';

/** A fresh table in the suite's DynamoDB Local, created from the deployed key design. */
export async function freshTable() {
  const endpoint = inject('dynamoEndpoint');
  const tableName = `it-${randomUUID().slice(0, 8)}`;
  const raw = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  await ensureTable(raw, tableName);
  const client = createDocumentClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  return {
    endpoint,
    tableName,
    client,
    async drop() {
      await raw.send(new DeleteTableCommand({ TableName: tableName }));
      client.destroy();
      raw.destroy();
    },
  };
}
