import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { QUARANTINE_REASONS } from '../../domain/feed/quarantine';
import type { PartStatus, StageName, StagePart } from '../../domain/run/run-record';
import type { RunStore } from '../../ports';
import type { CapacityRecorder } from './capacity-meter';
import { StoredItemInvalidError } from './errors';
import { queryAll } from './query';
import { RUN_SUMMARY_SK, runPartSk, runPk } from './table-design';

// Records keyed by the union types: adding a stage or status without listing it here fails to compile.
const STAGES: Record<StageName, true> = { ingest: true };
const STATUSES: Record<PartStatus, true> = { succeeded: true, failed: true };

const count = z.number();
/** Loose objects: a field added to StagePart later must survive a read, not be stripped. */
const StagePartItemSchema = z.looseObject({
  runId: z.string(),
  stage: z.custom<StageName>((value) => typeof value === 'string' && Object.hasOwn(STAGES, value)),
  partId: z.string(),
  source: z.string(),
  pageId: z.string(),
  status: z.custom<PartStatus>((value) => typeof value === 'string' && Object.hasOwn(STATUSES, value)),
  startedAt: z.string(),
  finishedAt: z.string(),
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
  capacity: z.looseObject({ readUnits: count, writeUnits: count }),
  error: z.string().optional(),
});

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
