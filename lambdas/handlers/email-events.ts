import type { EventBridgeEvent } from 'aws-lambda';
import { z } from 'zod';
import { DynamoCampaignStore } from '../adapters/dynamodb/campaign-store';
import { DynamoCapacityMeter } from '../adapters/dynamodb/capacity-meter';
import { documentClientFromEnv } from '../adapters/dynamodb/client';
import { SesEventSchema } from '../domain/plays/email-events';
import { recordEmailEvents } from '../use-cases/campaigns/record-email-events';
import { parseEnv } from './shared/env';
import { parseInput } from './shared/input';
import { handlerWith, logger, metrics } from './shared/observability';

const env = parseEnv(
  z.object({
    TABLE_NAME: z.string().min(1),
    TENANT_SHARDS: z.coerce.number().int().min(1),
  }),
);
const dynamo = documentClientFromEnv(process.env);

/** SES configuration-set events from EventBridge: suppress bounces and complaints, count engagement. */
export const handler = handlerWith(async (event: EventBridgeEvent<string, unknown>) => {
  const detail = parseInput(SesEventSchema, event.detail);
  const counts = await recordEmailEvents(
    [detail],
    new DynamoCampaignStore(dynamo, env.TABLE_NAME, new DynamoCapacityMeter(), {
      tenantShards: env.TENANT_SHARDS,
    }),
    new Date(),
  );
  metrics.addMetric(`Event_${detail.eventType.replace(' ', '')}`, 'Count', 1);
  if (counts.suppressed > 0) metrics.addMetric('AddressesSuppressed', 'Count', counts.suppressed);
  logger.info('email event', { eventType: detail.eventType, messageId: detail.mail.messageId, ...counts });
  return counts;
});
