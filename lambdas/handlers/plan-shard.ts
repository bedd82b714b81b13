import { SQSClient } from '@aws-sdk/client-sqs';
import { z } from 'zod';
import { DynamoCampaignStore } from '../adapters/dynamodb/campaign-store';
import { DynamoCapacityMeter } from '../adapters/dynamodb/capacity-meter';
import { documentClientFromEnv } from '../adapters/dynamodb/client';
import { DynamoConsoleStore } from '../adapters/dynamodb/console-store';
import { DynamoRunStore } from '../adapters/dynamodb/run-store';
import { DynamoScoreStore } from '../adapters/dynamodb/score-store';
import { DynamoTenantReader } from '../adapters/dynamodb/tenant-reader';
import { SqsSendOutbox } from '../adapters/sqs/send-queue';
import { planShard } from '../use-cases/campaigns/plan-shard';
import { bundledConfig } from './shared/bundled-config';
import { parseEnv } from './shared/env';
import { parseInput, shardInputSchema } from './shared/input';
import { handlerWith, logger, metrics } from './shared/observability';

const env = parseEnv(
  z.object({
    TABLE_NAME: z.string().min(1),
    CONFIG_VERSION: z.string().min(1),
    SEND_QUEUE_URL: z.url(),
  }),
);
const { config, configVersion } = bundledConfig(process.env.LIFELINE_CONFIG, env.CONFIG_VERSION);
const dynamo = documentClientFromEnv(process.env);
const sqs = new SQSClient({});

const InputSchema = shardInputSchema(config.storage.tenantShards);

/** Plans one tenant shard's plays through the guardrails and queues the cleared sends. */
export const handler = handlerWith(async (event: unknown) => {
  const input = parseInput(InputSchema, event);
  const meter = new DynamoCapacityMeter();
  const now = new Date();
  const decisions = await planShard(
    { runId: input.runId, runDate: input.runDate, shard: input.shard, now, dryRun: config.email.dryRun },
    config,
    configVersion,
    {
      reader: new DynamoTenantReader(dynamo, env.TABLE_NAME, meter),
      scores: new DynamoScoreStore(dynamo, env.TABLE_NAME, meter),
      campaigns: new DynamoCampaignStore(dynamo, env.TABLE_NAME, meter, {
        tenantShards: config.storage.tenantShards,
      }),
      outbox: new SqsSendOutbox(sqs, env.SEND_QUEUE_URL, () => now),
      overrides: new DynamoConsoleStore(dynamo, env.TABLE_NAME, meter, {
        tenantShards: config.storage.tenantShards,
      }),
      runs: new DynamoRunStore(dynamo, env.TABLE_NAME, meter),
      meter,
      clock: () => new Date(),
    },
  );
  const byStatus: Record<string, number> = {};
  for (const decision of decisions) byStatus[decision.status] = (byStatus[decision.status] ?? 0) + 1;
  for (const [status, count] of Object.entries(byStatus)) {
    metrics.addMetric(`Decisions_${status}`, 'Count', count);
  }
  logger.info('shard planned', { runId: input.runId, shard: input.shard, byStatus, capacity: meter });
  return { shard: input.shard, decisions: decisions.length, byStatus };
});
