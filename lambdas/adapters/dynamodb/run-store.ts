import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { QUARANTINE_REASONS } from '../../domain/feed/quarantine';
import { ModelMetricsSchema } from '../../domain/model/model-schema';
import type { PartStatus, StagePart } from '../../domain/run/run-record';
import { BANDS } from '../../domain/score-record';
import type { RunStore } from '../../ports';
import type { CapacityRecorder } from './capacity-meter';
import { StoredItemInvalidError } from './errors';
import { queryAll } from './query';
import { RUN_SUMMARY_SK, runPartSk, runPk } from './table-design';

// Records keyed by the union types: adding a status without listing it here fails to compile.
const STATUSES: Record<PartStatus, true> = { succeeded: true, failed: true };

const count = z.number();
const tally = z.record(z.string(), count);
/** Loose objects: a field added to a part later must survive a read, not be stripped. */
const partBase = {
  runId: z.string(),
  partId: z.string(),
  status: z.custom<PartStatus>((value) => typeof value === 'string' && Object.hasOwn(STATUSES, value)),
  startedAt: z.string(),
  finishedAt: z.string(),
  capacity: z.looseObject({ readUnits: count, writeUnits: count }),
  error: z.string().optional(),
};

const IngestPartItemSchema = z.looseObject({
  ...partBase,
  stage: z.literal('ingest'),
  source: z.string(),
  pageId: z.string(),
  counts: z.looseObject({
    read: count,
    accepted: count,
    quarantined: count,
    quarantinedByReason: z.partialRecord(z.enum(QUARANTINE_REASONS), count),
    tenantsWritten: count,
    tenantsUnchanged: count,
    metricDaysWritten: count,
    metricDaysUnchanged: count,
  }),
});

const TrainPartItemSchema = z.looseObject({
  ...partBase,
  stage: z.literal('train'),
  model: z
    .looseObject({
      version: z.string(),
      kind: z.enum(['ga2m', 'expert_prior']),
      trainedTonight: z.boolean(),
      decision: z.enum(['trained', 'kept', 'expert_prior', 'not_due']),
      reasons: z.array(z.string()),
      trainingRows: count,
      trainingPositives: count,
      validation: ModelMetricsSchema.nullable(),
      currentValidation: ModelMetricsSchema.nullable(),
      trainSeconds: count,
    })
    .nullable(),
  sample: z.looseObject({ shards: count, tenants: count }),
});

const ScorePartItemSchema = z.looseObject({
  ...partBase,
  stage: z.literal('score'),
  shard: z.number().int().min(0),
  counts: z.looseObject({
    scored: count,
    frozen: count,
    excluded: count,
    byBand: z.record(z.enum(BANDS), count),
    byCause: tally,
    highRiskByCause: tally,
    riskChanged: count,
  }),
});

const PlanPartItemSchema = z.looseObject({
  ...partBase,
  stage: z.literal('plan'),
  shard: z.number().int().min(0),
  counts: z.looseObject({ decisions: count, byStatus: tally }),
});

const StagePartItemSchema = z.discriminatedUnion('stage', [
  IngestPartItemSchema,
  TrainPartItemSchema,
  ScorePartItemSchema,
  PlanPartItemSchema,
]);

const PART_SK_PREFIX = 'PART#';

/**
 * Run accounting in the single table, one partition per run. A part is a plain overwrite keyed
 * by (stage, partId), so a retried unit of work replaces its part instead of double counting.
 */
export class DynamoRunStore implements RunStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #meter: CapacityRecorder;

  constructor(client: DynamoDBDocumentClient, tableName: string, meter: CapacityRecorder) {
    this.#client = client;
    this.#table = tableName;
    this.#meter = meter;
  }

  async putPart(part: StagePart): Promise<void> {
    const out = await this.#client.send(
      new PutCommand({
        TableName: this.#table,
        Item: { ...part, PK: runPk(part.runId), SK: runPartSk(part.stage, part.partId) },
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    this.#meter.recordWrite(out.ConsumedCapacity);
  }

  async listParts(runId: string): Promise<StagePart[]> {
    const items = queryAll(
      this.#client,
      {
        TableName: this.#table,
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :part)',
        ExpressionAttributeNames: { '#pk': 'PK', '#sk': 'SK' },
        ExpressionAttributeValues: { ':pk': runPk(runId), ':part': PART_SK_PREFIX },
        // The summary is computed from the parts right after they are written.
        ConsistentRead: true,
      },
      this.#meter,
    );
    const parts: StagePart[] = [];
    for await (const item of items) {
      const { PK, SK, ...rest } = item;
      const parsed = StagePartItemSchema.safeParse(rest);
      if (!parsed.success) {
        throw new StoredItemInvalidError({ PK: String(PK), SK: String(SK) }, parsed.error.message);
      }
      parts.push(parsed.data);
    }
    return parts;
  }

  async putSummary(runId: string, summary: Record<string, unknown>): Promise<void> {
    const out = await this.#client.send(
      new PutCommand({
        TableName: this.#table,
        Item: { PK: runPk(runId), SK: RUN_SUMMARY_SK, runId, summary },
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    this.#meter.recordWrite(out.ConsumedCapacity);
  }

  async getSummary(runId: string): Promise<Record<string, unknown> | null> {
    const key = { PK: runPk(runId), SK: RUN_SUMMARY_SK };
    const out = await this.#client.send(
      new GetCommand({
        TableName: this.#table,
        Key: key,
        ProjectionExpression: '#summary',
        ExpressionAttributeNames: { '#summary': 'summary' },
        ConsistentRead: true,
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    this.#meter.recordRead(out.ConsumedCapacity);
    if (out.Item === undefined) return null;
    const parsed = z.record(z.string(), z.unknown()).safeParse(out.Item.summary);
    if (!parsed.success) throw new StoredItemInvalidError(key, 'summary is not a map');
    return parsed.data;
  }
}
