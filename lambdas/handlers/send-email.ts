import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { z } from 'zod';
import { DynamoCampaignStore } from '../adapters/dynamodb/campaign-store';
import { DynamoCapacityMeter } from '../adapters/dynamodb/capacity-meter';
import { documentClientFromEnv } from '../adapters/dynamodb/client';
import { SesMailer } from '../adapters/ses/ses-mailer';
import { secretsManagerToken } from '../adapters/sources/secrets-token';
import { deferMessage, SendMessageSchema } from '../adapters/sqs/send-queue';
import { playEmailComposer } from '../use-cases/campaigns/compose-play-email';
import { sendCampaign } from '../use-cases/campaigns/send-campaign';
import { bundledConfig } from './shared/bundled-config';
import { parseEnv } from './shared/env';
import { handlerWith, logger, metrics } from './shared/observability';

const env = parseEnv(
  z.object({
    TABLE_NAME: z.string().min(1),
    CONFIG_VERSION: z.string().min(1),
    SEND_QUEUE_URL: z.url(),
    CONFIGURATION_SET_NAME: z.string().min(1),
    UNSUBSCRIBE_URL: z.url(),
    UNSUBSCRIBE_SECRET_ARN: z.string().min(1),
    /** Seconds a send may hold its claim: the queue's visibility timeout. */
    CLAIM_TIMEOUT_SECONDS: z.coerce.number().int().min(60),
  }),
);
const { config } = bundledConfig(process.env.LIFELINE_CONFIG, env.CONFIG_VERSION);
const dynamo = documentClientFromEnv(process.env);
const sqs = new SQSClient({});
// The mailer owns SES throttling retries; SDK retries on top would multiply them.
const mailer = new SesMailer(new SESv2Client({ maxAttempts: 1 }), {
  configurationSetName: env.CONFIGURATION_SET_NAME,
});
const unsubscribeSecret = secretsManagerToken(env.UNSUBSCRIBE_SECRET_ARN);
const compose = playEmailComposer(config);

/** The message waits for its recipient's send window: it goes back to the queue, hidden until then. */
class NotYetDueError extends Error {
  override readonly name = 'NotYetDueError';
}

/** Another sender holds the claim (a duplicate delivery in flight): try again after it. */
class SendInFlightError extends Error {
  override readonly name = 'SendInFlightError';
}

async function sendRecord(record: SQSRecord): Promise<string> {
  const message = SendMessageSchema.parse(JSON.parse(record.body));
  const meter = new DynamoCapacityMeter();
  const now = new Date();
  const outcome = await sendCampaign(message.tenantId, message.key, {
    store: new DynamoCampaignStore(dynamo, env.TABLE_NAME, meter, {
      tenantShards: config.storage.tenantShards,
    }),
    mailer,
    compose,
    email: config.email,
    unsubscribeUrl: env.UNSUBSCRIBE_URL,
    unsubscribeSecret: await unsubscribeSecret(),
    clock: () => now,
    claimTimeoutMs: env.CLAIM_TIMEOUT_SECONDS * 1000,
  });
  metrics.addMetric(`Send_${outcome.outcome}`, 'Count', 1);
  if (outcome.outcome === 'deferred') {
    const seconds = await deferMessage(sqs, env.SEND_QUEUE_URL, record.receiptHandle, outcome.sendAt, now);
    throw new NotYetDueError(`${message.key} is due at ${outcome.sendAt}; hidden for ${seconds} s`);
  }
  if (outcome.outcome === 'in_flight')
    throw new SendInFlightError(`${message.key} is being sent by another invocation`);
  if (outcome.outcome === 'failed') logger.warn('send failed', { key: message.key, reason: outcome.reason });
  return outcome.outcome;
}

const idempotency = new IdempotencyConfig({ eventKeyJmesPath: 'body' });
// Second line of defence after the table claim: a redelivered message whose send completed
// returns the stored outcome without touching SES. Thrown outcomes (deferred) are not stored.
const sendOnce = makeIdempotent(sendRecord, {
  persistenceStore: new DynamoDBPersistenceLayer({
    tableName: env.TABLE_NAME,
    keyAttr: 'PK',
    sortKeyAttr: 'SK',
    staticPkValue: 'IDEMPOTENCY#send-email',
    expiryAttr: 'expiresAt',
  }),
  config: idempotency,
});
const processor = new BatchProcessor(EventType.SQS);

/**
 * SQS -> SES: each message one campaign; failures and deferrals are reported per message. A batch
 * that is all deferrals (every night's sends wait for 9:00) is a normal outcome, not an invocation
 * error: thrown, it would fire the Errors alarm nightly and make the poller back off.
 */
export const handler = handlerWith(async (event: SQSEvent, context: Context) => {
  idempotency.registerLambdaContext(context);
  return processPartialResponse(event, sendOnce, processor, { context, throwOnFullBatchFailure: false });
});
