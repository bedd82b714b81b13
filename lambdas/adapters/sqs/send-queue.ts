import {
  ChangeMessageVisibilityCommand,
  SendMessageBatchCommand,
  type SendMessageBatchRequestEntry,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { z } from 'zod';
import type { CampaignDecision } from '../../domain/plays/campaign-decision';
import type { SendOutbox } from '../../ports';
import { chunk } from '../dynamodb/concurrency';

/** What a send-queue message carries: the decision's key; the sender reads the rest from the table. */
export const SendMessageSchema = z.object({ tenantId: z.string().min(1), key: z.string().min(1) });
export type SendMessage = z.infer<typeof SendMessageSchema>;

/** SQS's longest message delay. */
const MAX_DELAY_SECONDS = 900;
/** SQS's longest visibility timeout: a message is hidden at most this long per receive. */
export const MAX_VISIBILITY_SECONDS = 43_200;

export class SendQueueError extends Error {
  override readonly name = 'SendQueueError';
}

/**
 * The send queue. A message waiting for a send window goes in with the delay SQS allows (up to
 * 15 minutes); the sender hides it again until its window (see deferMessage) when it is due later.
 */
export class SqsSendOutbox implements SendOutbox {
  readonly #client: SQSClient;
  readonly #queueUrl: string;
  readonly #clock: () => Date;

  constructor(client: SQSClient, queueUrl: string, clock: () => Date) {
    this.#client = client;
    this.#queueUrl = queueUrl;
    this.#clock = clock;
  }

  async enqueue(decisions: readonly CampaignDecision[]): Promise<void> {
    const now = this.#clock().getTime();
    for (const batch of chunk(decisions, 10)) {
      const entries: SendMessageBatchRequestEntry[] = batch.map((decision, index) => ({
        Id: String(index),
        MessageBody: JSON.stringify({ tenantId: decision.tenantId, key: decision.key } satisfies SendMessage),
        DelaySeconds: Math.max(
          0,
          Math.min(MAX_DELAY_SECONDS, Math.ceil((Date.parse(decision.sendAt ?? '') - now) / 1000) || 0),
        ),
      }));
      const out = await this.#client.send(
        new SendMessageBatchCommand({ QueueUrl: this.#queueUrl, Entries: entries }),
      );
      if ((out.Failed ?? []).length > 0) {
        // Nothing is lost: the plan shard fails, Step Functions retries it, and re-enqueueing a
        // decision that did get in is harmless (the sender's claim sends it once).
        const reasons = (out.Failed ?? []).map((failure) => `${failure.Code}: ${failure.Message}`).join('; ');
        throw new SendQueueError(
          `${out.Failed?.length} of ${entries.length} sends were not queued (${reasons})`,
        );
      }
    }
  }
}

/** Hides a received message until `sendAt` (capped at SQS's 12 hours; a later receive hides it again). */
export async function deferMessage(
  client: SQSClient,
  queueUrl: string,
  receiptHandle: string,
  sendAt: string,
  now: Date,
): Promise<number> {
  const seconds = Math.min(
    MAX_VISIBILITY_SECONDS,
    Math.max(1, Math.ceil((Date.parse(sendAt) - now.getTime()) / 1000)),
  );
  await client.send(
    new ChangeMessageVisibilityCommand({
      QueueUrl: queueUrl,
      ReceiptHandle: receiptHandle,
      VisibilityTimeout: seconds,
    }),
  );
  return seconds;
}
