import { type DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { StoredItem } from './batch';
import type { CapacityRecorder } from './capacity-meter';

/**
 * Every item a Query matches, following LastEvaluatedKey: one response holds at most 1 MB, and
 * a tenant's history or a long run's parts easily exceed that.
 */
export async function* queryAll(
  client: DynamoDBDocumentClient,
  input: Omit<QueryCommandInput, 'ExclusiveStartKey' | 'ReturnConsumedCapacity'>,
  meter: CapacityRecorder,
): AsyncGenerator<StoredItem> {
  let startKey: QueryCommandInput['ExclusiveStartKey'];
  do {
    const out = await client.send(
      new QueryCommand({ ...input, ExclusiveStartKey: startKey, ReturnConsumedCapacity: 'TOTAL' }),
    );
    meter.recordRead(out.ConsumedCapacity);
    yield* out.Items ?? [];
    startKey = out.LastEvaluatedKey;
  } while (startKey !== undefined);
}
