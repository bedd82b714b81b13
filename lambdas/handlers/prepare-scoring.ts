import { z } from 'zod';
import { DynamoCapacityMeter } from '../adapters/dynamodb/capacity-meter';
import { documentClientFromEnv } from '../adapters/dynamodb/client';
import { DynamoModelStore } from '../adapters/dynamodb/model-store';
import { DynamoRunStore } from '../adapters/dynamodb/run-store';
import { DynamoScoringContextStore } from '../adapters/dynamodb/scoring-context-store';
import { DynamoTenantReader } from '../adapters/dynamodb/tenant-reader';
import { CalendarDateSchema } from '../domain/feed/feed-records';
import { prepareScoring } from '../use-cases/scoring/prepare-scoring';
import { bundledConfig } from './shared/bundled-config';
import { parseEnv } from './shared/env';
import { parseInput } from './shared/input';
import { handlerWith, logger, metrics } from './shared/observability';

const env = parseEnv(z.object({ TABLE_NAME: z.string().min(1), CONFIG_VERSION: z.string().min(1) }));
const { config, configVersion } = bundledConfig(process.env.LIFELINE_CONFIG, env.CONFIG_VERSION);
const dynamo = documentClientFromEnv(process.env);
const shards = Array.from({ length: config.storage.tenantShards }, (_, shard) => shard);

/** The run as PrepareRun named it; the night scored is the run date. */
const InputSchema = z.object({ runId: z.string().min(1), runDate: CalendarDateSchema });

/**
 * The train step: the night's portfolio context from a sample of `scoring.sampleTenants`
 * tenants, the model (trained through the quality gate when `model.retrainEveryDays` says so),
 * both stored for the score shards.
 */
export const handler = handlerWith(async (event: unknown) => {
  const input = parseInput(InputSchema, event);
  // A meter per invocation: the part records what this step cost, not the container's history.
  const meter = new DynamoCapacityMeter();
  const { part, night } = await prepareScoring(
    { runId: input.runId, asOf: input.runDate, shards, maxTenants: config.scoring.sampleTenants },
    config,
    configVersion,
    {
      reader: new DynamoTenantReader(dynamo, env.TABLE_NAME, meter),
      models: new DynamoModelStore(dynamo, env.TABLE_NAME, meter),
      contexts: new DynamoScoringContextStore(dynamo, env.TABLE_NAME, meter),
      runs: new DynamoRunStore(dynamo, env.TABLE_NAME, meter),
      meter,
      clock: () => new Date(),
    },
  );
  const report = night.report;
  metrics.addMetric('ModelTrained', 'Count', report.trainedTonight ? 1 : 0);
  metrics.addMetric('ExpertPriorUsed', 'Count', report.kind === 'expert_prior' ? 1 : 0);
  metrics.addMetric('SampleTenants', 'Count', part.sample.tenants);
  logger.info('scoring prepared', { runId: input.runId, model: report, sample: part.sample });
  return {
    runId: input.runId,
    modelVersion: report.version,
    decision: report.decision,
    sampleTenants: part.sample.tenants,
  };
});
