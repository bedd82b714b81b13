import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { type ScoringContextJson, ScoringContextSchema } from '../../domain/scoring-context';
import type { ScoringContextStore } from '../../ports';
import { batchGetAll, batchWriteAll } from './batch';
import type { CapacityRecorder } from './capacity-meter';
import { StoredItemInvalidError } from './errors';
import { runPk, SCORING_CONTEXT_SK, scoringContextChunkSk } from './table-design';

/** Bytes of gzip per chunk item: under DynamoDB's 400 KB item limit with room for the keys. */
export const CONTEXT_CHUNK_BYTES = 350_000;

const HeaderSchema = z.object({
  chunks: z.number().int().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

/**
 * The night's scoring context in the run's partition: gzip JSON split over chunk items
 * (industry percentile sketches of a big portfolio pass DynamoDB's item limit), then a header
 * naming the chunk count and the digest of the whole. Chunks are written before the header, so
 * a reader that finds the header finds every chunk; a re-written context replaces the header
 * last, and the digest rejects any mix of old and new chunks.
 */
export class DynamoScoringContextStore implements ScoringContextStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #meter: CapacityRecorder;

  constructor(client: DynamoDBDocumentClient, tableName: string, meter: CapacityRecorder) {
    this.#client = client;
    this.#table = tableName;
    this.#meter = meter;
  }

  async put(context: ScoringContextJson): Promise<void> {
    const packed = gzipSync(JSON.stringify(context));
    const chunks: Uint8Array[] = [];
    for (let start = 0; start < packed.length; start += CONTEXT_CHUNK_BYTES) {
      chunks.push(packed.subarray(start, start + CONTEXT_CHUNK_BYTES));
    }
    const pk = runPk(context.runId);
    await batchWriteAll(
      this.#client,
      this.#table,
      chunks.map((data, index) => ({
        PutRequest: { Item: { PK: pk, SK: scoringContextChunkSk(index), data } },
      })),
      this.#meter,
    );
    const out = await this.#client.send(
      new PutCommand({
        TableName: this.#table,
        Item: {
          PK: pk,
          SK: SCORING_CONTEXT_SK,
          runId: context.runId,
          asOf: context.asOf,
          modelVersion: context.modelVersion,
          configVersion: context.configVersion,
          chunks: chunks.length,
          sha256: digest(packed),
          bytes: packed.length,
        },
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    this.#meter.recordWrite(out.ConsumedCapacity);
  }

  async get(runId: string): Promise<ScoringContextJson | null> {
    const key = { PK: runPk(runId), SK: SCORING_CONTEXT_SK };
    const out = await this.#client.send(
      new GetCommand({
        TableName: this.#table,
        Key: key,
        ConsistentRead: true,
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    this.#meter.recordRead(out.ConsumedCapacity);
    if (out.Item === undefined) return null;
    const header = HeaderSchema.safeParse(out.Item);
    if (!header.success) throw new StoredItemInvalidError(key, header.error.message);
    const keys = Array.from({ length: header.data.chunks }, (_, index) => ({
      PK: key.PK,
      SK: scoringContextChunkSk(index),
    }));
    const items = await batchGetAll(this.#client, this.#table, keys, this.#meter, { consistentRead: true });
    const bySk = new Map(items.map((item) => [String(item.SK), item.data]));
    const parts = keys.map((chunkKey) => bySk.get(chunkKey.SK));
    if (!parts.every((part): part is Uint8Array => part instanceof Uint8Array)) {
      throw new StoredItemInvalidError(key, `a chunk of ${header.data.chunks} is missing or not binary`);
    }
    const packed = Buffer.concat(parts);
    if (digest(packed) !== header.data.sha256) {
      throw new StoredItemInvalidError(
        key,
        'chunks do not match the header digest (a context re-written mid-read?)',
      );
    }
    const parsed = ScoringContextSchema.safeParse(JSON.parse(gunzipSync(packed).toString('utf8')));
    if (!parsed.success) throw new StoredItemInvalidError(key, parsed.error.message);
    return parsed.data;
  }
}

const digest = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
