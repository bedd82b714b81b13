import { S3Client } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { DynamoCapacityMeter } from '../adapters/dynamodb/capacity-meter';
import { documentClientFromEnv } from '../adapters/dynamodb/client';
import { DynamoFeedStore } from '../adapters/dynamodb/feed-store';
import { DynamoRunStore } from '../adapters/dynamodb/run-store';
import { quarantinePrefix, S3Quarantine } from '../adapters/quarantine/s3-quarantine';
import { s3ObjectPage } from '../adapters/sources/s3-source';
import { SourceSchema } from '../config/product-config';
import { ingestPage } from '../use-cases/ingest-page';
import { parseEnv, sourcesJson } from './shared/env';
import { handlerWith, logger, metrics } from './shared/observability';

const env = parseEnv(
  z.object({
    TABLE_NAME: z.string().min(1),
    FEED_BUCKET: z.string().min(1),
    TENANT_SHARDS: z.coerce.number().int().min(1),
    LIFELINE_SOURCES: sourcesJson.pipe(z.array(SourceSchema)),
  }),
);
const dynamo = documentClientFromEnv(process.env);
const s3 = new S3Client({});
const sources = new Map(env.LIFELINE_SOURCES.map((source) => [source.id, source]));

/** One Distributed Map item: an S3 object (a dropped feed file or a landed API page). */
const InputSchema = z.object({
  runId: z.string().min(1),
  sourceId: z.string().min(1),
  bucket: z.string().min(1),
  key: z.string().min(1),
});

export const handler = handlerWith(async (event: unknown) => {
  const input = InputSchema.parse(event);
  // The S3 listing also yields folder markers ("feeds/metrics/2026-11-23/"): not feed pages.
  if (input.key.endsWith('/')) return { partId: null, read: 0, accepted: 0, quarantined: 0 };
  const source = sources.get(input.sourceId);
  if (!source || source.type === 'file')
    throw new Error(`no s3 or http source "${input.sourceId}" in LIFELINE_SOURCES`);
  // Landed API pages are JSON Lines whatever the API; dropped files have their configured format.
  const format = source.type === 's3' ? source.format : 'jsonl';
  // A meter per invocation: the part records what this page cost, not the container's history.
  const meter = new DynamoCapacityMeter();
  const part = await ingestPage(
    input.runId,
    s3ObjectPage({ bucket: input.bucket, key: input.key, source: source.id, kind: source.kind, format }, s3),
    {
      store: new DynamoFeedStore(dynamo, env.TABLE_NAME, env.TENANT_SHARDS, meter, () => new Date()),
      quarantine: new S3Quarantine(s3, env.FEED_BUCKET, quarantinePrefix(input.runId, source.id, input.key)),
      runs: new DynamoRunStore(dynamo, env.TABLE_NAME, meter),
      meter,
      clock: () => new Date(),
    },
  );
  metrics.addDimension('source', source.id);
  metrics.addMetric('RecordsRead', 'Count', part.counts.read);
  metrics.addMetric('RecordsQuarantined', 'Count', part.counts.quarantined);
  logger.info('page ingested', {
    sourceId: source.id,
    key: input.key,
    counts: part.counts,
    capacity: part.capacity,
  });
  // Small on purpose: Distributed Map results are collected per item.
  return {
    partId: part.partId,
    read: part.counts.read,
    accepted: part.counts.accepted,
    quarantined: part.counts.quarantined,
  };
});
