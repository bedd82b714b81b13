import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { DynamoCapacityMeter } from '../adapters/dynamodb/capacity-meter';
import { documentClientFromEnv } from '../adapters/dynamodb/client';
import { DynamoRunStore } from '../adapters/dynamodb/run-store';
import { EventBusPublisher } from '../adapters/eventbridge/risk-events';
import { FEED_BUCKET_PREFIXES } from '../config/feed-bucket-layout';
import { RUN_COMPLETED, type RunCompletedDetail, runCompletedDetail } from '../domain/run/run-completed';
import { assertRunSucceeded, finalizeRun, RunFailedError } from '../use-cases/finalize-run';
import { parseEnv } from './shared/env';
import { handlerWith, logger, metrics } from './shared/observability';

const env = parseEnv(
  z.object({
    TABLE_NAME: z.string().min(1),
    FEED_BUCKET: z.string().min(1),
    CONFIG_VERSION: z.string().min(1),
    EVENT_BUS_NAME: z.string().min(1),
  }),
);
const dynamo = documentClientFromEnv(process.env);
const s3 = new S3Client({});
const runCompleted = new EventBusPublisher<RunCompletedDetail>(
  new EventBridgeClient({}),
  env.EVENT_BUS_NAME,
  RUN_COMPLETED.detailType,
);

const InputSchema = z.object({
  runId: z.string().min(1),
  /** Set by the state machine's catch: a stage failed before the run could finish. */
  failed: z.boolean().optional(),
  error: z.unknown().optional(),
});

/** Writes the run record (DynamoDB + runs/<runId>/run.json) and fails the execution if the night failed. */
export const handler = handlerWith(async (event: unknown) => {
  const input = InputSchema.parse(event);
  const summary = await finalizeRun(
    input.runId,
    new DynamoRunStore(dynamo, env.TABLE_NAME, new DynamoCapacityMeter()),
    {
      configVersion: env.CONFIG_VERSION,
      ...(input.failed ? { stageError: input.error ?? 'a stage failed' } : {}),
    },
  );
  await s3.send(
    new PutObjectCommand({
      Bucket: env.FEED_BUCKET,
      Key: `${FEED_BUCKET_PREFIXES.runs}${input.runId}/run.json`,
      Body: JSON.stringify(summary, null, 2),
      ContentType: 'application/json',
    }),
  );
  const failed = input.failed === true || summary.status === 'failed';
  await runCompleted.publish([runCompletedDetail(summary, env.CONFIG_VERSION, failed)]);
  metrics.addMetric('RunFailed', 'Count', failed ? 1 : 0);
  metrics.addMetric('RecordsQuarantined', 'Count', summary.stages.ingest.counts.quarantined);
  metrics.addMetric('TenantsScored', 'Count', summary.stages.score.counts.scored);
  metrics.addMetric('RiskChangedEvents', 'Count', summary.stages.score.counts.riskChanged);
  logger.info('run finalized', { runId: input.runId, status: failed ? 'failed' : 'succeeded' });
  if (input.failed)
    throw new RunFailedError(`run ${input.runId} failed: ${JSON.stringify(input.error ?? null)}`);
  assertRunSucceeded(summary);
  return {
    runId: input.runId,
    status: summary.status,
    counts: summary.stages.ingest.counts,
    scored: summary.stages.score.counts.scored,
    model: summary.stages.train?.model?.version ?? null,
  };
});
