import { z } from 'zod';
import { DynamoCampaignStore } from '../adapters/dynamodb/campaign-store';
import { DynamoCapacityMeter } from '../adapters/dynamodb/capacity-meter';
import { documentClientFromEnv } from '../adapters/dynamodb/client';
import { DynamoDigestStore } from '../adapters/dynamodb/digest-store';
import { DynamoScoreStore } from '../adapters/dynamodb/score-store';
import { DynamoTenantReader } from '../adapters/dynamodb/tenant-reader';
import { CalendarDateSchema } from '../domain/feed/feed-records';
import { collectDigestShard } from '../use-cases/digest/collect-digest-shard';
import { bundledConfig } from './shared/bundled-config';
import { parseEnv } from './shared/env';
import { parseInput } from './shared/input';
import { handlerWith, logger } from './shared/observability';

const env = parseEnv(z.object({ TABLE_NAME: z.string().min(1), CONFIG_VERSION: z.string().min(1) }));
const { config } = bundledConfig(process.env.LIFELINE_CONFIG, env.CONFIG_VERSION);
const dynamo = documentClientFromEnv(process.env);

const InputSchema = z.object({
  date: CalendarDateSchema,
  shard: z
    .number()
    .int()
    .min(0)
    .max(config.storage.tenantShards - 1),
});

/** One Distributed Map item of the morning digest: a tenant shard's lines, stored under their CSMs. */
export const handler = handlerWith(async (event: unknown) => {
  const input = parseInput(InputSchema, event);
  const meter = new DynamoCapacityMeter();
  const entries = await collectDigestShard(input.date, input.shard, config.digest, {
    reader: new DynamoTenantReader(dynamo, env.TABLE_NAME, meter),
    scores: new DynamoScoreStore(dynamo, env.TABLE_NAME, meter),
    campaigns: new DynamoCampaignStore(dynamo, env.TABLE_NAME, meter, {
      tenantShards: config.storage.tenantShards,
    }),
    digests: new DynamoDigestStore(dynamo, env.TABLE_NAME, meter),
  });
  logger.info('digest shard collected', {
    date: input.date,
    shard: input.shard,
    entries: entries.length,
    capacity: meter,
  });
  return { shard: input.shard, entries: entries.length };
});
