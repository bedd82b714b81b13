import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { z } from 'zod';
import { DynamoCapacityMeter } from '../adapters/dynamodb/capacity-meter';
import { documentClientFromEnv } from '../adapters/dynamodb/client';
import { DynamoModelStore } from '../adapters/dynamodb/model-store';
import { DynamoRunStore } from '../adapters/dynamodb/run-store';
import { DynamoScoreStore } from '../adapters/dynamodb/score-store';
import { DynamoScoringContextStore } from '../adapters/dynamodb/scoring-context-store';
import { DynamoTenantReader } from '../adapters/dynamodb/tenant-reader';
import { RiskEventPublisher } from '../adapters/eventbridge/risk-events';
import { scoreShard } from '../use-cases/scoring/score-shard';
import { bundledConfig } from './shared/bundled-config';
import { parseEnv } from './shared/env';
import { parseInput, shardInputSchema } from './shared/input';
import { handlerWith, logger, metrics } from './shared/observability';

const env = parseEnv(
  z.object({
    TABLE_NAME: z.string().min(1),
    CONFIG_VERSION: z.string().min(1),
    EVENT_BUS_NAME: z.string().min(1),
  }),
);
const { config, configVersion } = bundledConfig(process.env.LIFELINE_CONFIG, env.CONFIG_VERSION);
const dynamo = documentClientFromEnv(process.env);
const events = new RiskEventPublisher(new EventBridgeClient({}), env.EVENT_BUS_NAME);

/** One Distributed Map item: a tenant shard of the run. */
const InputSchema = shardInputSchema(config.storage.tenantShards);

/** Scores one tenant shard against the night's stored context and model. */
export const handler = handlerWith(async (event: unknown) => {
  const input = parseInput(InputSchema, event);
  const meter = new DynamoCapacityMeter();
  const { part } = await scoreShard(
    { runId: input.runId, asOf: input.runDate, shard: input.shard },
    config,
    configVersion,
    {
      reader: new DynamoTenantReader(dynamo, env.TABLE_NAME, meter),
      contexts: new DynamoScoringContextStore(dynamo, env.TABLE_NAME, meter),
      models: new DynamoModelStore(dynamo, env.TABLE_NAME, meter),
      scores: new DynamoScoreStore(dynamo, env.TABLE_NAME, meter),
      runs: new DynamoRunStore(dynamo, env.TABLE_NAME, meter),
      events,
      meter,
      clock: () => new Date(),
    },
  );
  metrics.addMetric('TenantsScored', 'Count', part.counts.scored);
  metrics.addMetric('ScoresFrozen', 'Count', part.counts.frozen);
  metrics.addMetric('RiskChangedEvents', 'Count', part.counts.riskChanged);
  logger.info('shard scored', {
    runId: input.runId,
    shard: input.shard,
    counts: part.counts,
    capacity: part.capacity,
  });
  // Small on purpose: Distributed Map results are collected per item.
  return { shard: input.shard, scored: part.counts.scored, riskChanged: part.counts.riskChanged };
});
