import { type AttributeValue, ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, UpdateCommand, type UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import type { CapacityRecorder } from './capacity-meter';

export type ConditionalUpdateResult =
  | { readonly applied: true }
  /** The condition failed; `current` is the item as it was (raw attribute values), if any. */
  | { readonly applied: false; readonly current: Record<string, AttributeValue> | undefined };

/**
 * An UpdateItem whose failed condition is an answer, not an error: the claims before a send
 * (campaigns, digests) need to know what state the item was in when someone else got there first.
 */
export async function conditionalUpdate(
  client: DynamoDBDocumentClient,
  meter: CapacityRecorder,
  input: Omit<UpdateCommandInput, 'ReturnValuesOnConditionCheckFailure' | 'ReturnConsumedCapacity'>,
): Promise<ConditionalUpdateResult> {
  try {
    const out = await client.send(
      new UpdateCommand({
        ...input,
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    meter.recordWrite(out.ConsumedCapacity);
    return { applied: true };
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    return { applied: false, current: error.Item };
  }
}
