import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { sameContent } from '../../domain/canonical-json';
import type { MetricRecord, TenantRecord } from '../../domain/feed/feed-records';
import type { Clock, FeedStore, WriteOutcome } from '../../ports';
import { type BatchOptions, batchGetAll, batchWriteAll } from './batch';
import type { CapacityRecorder } from './capacity-meter';
import { forEachBounded } from './concurrency';
import { bucketId, dayUpdateExpression, diffDays, groupMetricDays, newMonthItem } from './metric-buckets';
import { PROFILE_SK, shardPk, tenantPk, tenantShard } from './table-design';

export interface FeedStoreOptions {
  /** Month-item UpdateItems in flight at once. Default 8. */
  readonly writeConcurrency?: number;
  /** Chunk concurrency and unprocessed-item retries of the batch reads and writes. */
  readonly batch?: BatchOptions;
  /**
   * True only when this store is the table's single writer (the local runner ingests pages one
   * after another): month items that do not exist yet are then created with BatchWrite, 25 per
   * request, instead of one UpdateItem each. On AWS, Distributed Map children may create the
   * same tenant-month at once and a blind put would drop the other's days, so it stays false.
   */
  readonly singleWriter?: boolean;
}

const NOTHING: WriteOutcome = { written: 0, unchanged: 0 };

/**
 * The normalised feed in the single table (see table-design.ts). Every upsert reads what is
 * stored first and writes only what changed: a write costs 2-5x a read, and re-ingesting the
 * same feed (a retried page, a re-run night) then costs no writes at all.
 */
export class DynamoFeedStore implements FeedStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #tenantShards: number;
  readonly #meter: CapacityRecorder;
  readonly #clock: Clock;
  readonly #writeConcurrency: number;
  readonly #batch: BatchOptions;
  readonly #singleWriter: boolean;

  constructor(
    client: DynamoDBDocumentClient,
    tableName: string,
    tenantShards: number,
    meter: CapacityRecorder,
    clock: Clock,
    options: FeedStoreOptions = {},
  ) {
    if (!Number.isInteger(tenantShards) || tenantShards < 1) {
      throw new RangeError(`tenantShards must be a positive integer, got ${tenantShards}`);
    }
    this.#client = client;
    this.#table = tableName;
    this.#tenantShards = tenantShards;
    this.#meter = meter;
    this.#clock = clock;
    this.#writeConcurrency = options.writeConcurrency ?? 8;
    this.#batch = options.batch ?? {};
    this.#singleWriter = options.singleWriter ?? false;
  }

  async upsertTenants(records: readonly TenantRecord[]): Promise<WriteOutcome> {
    // DynamoDB rejects a batch naming one key twice; within a call the last record wins.
    const latest = new Map(records.map((record) => [record.tenantId, record]));
    if (latest.size === 0) return NOTHING;

    const stored = await batchGetAll(
      this.#client,
      this.#table,
      [...latest.keys()].map((tenantId) => ({ PK: tenantPk(tenantId), SK: PROFILE_SK })),
      this.#meter,
      {
        ...this.#batch,
        projection: '#pk, #profile, #shard',
        attributeNames: { '#pk': 'PK', '#profile': 'profile', '#shard': 'GSI1PK' },
        consistentRead: true,
      },
    );
    const storedByPk = new Map(stored.map((item) => [String(item.PK), item]));

    const now = this.#clock().toISOString();
    const puts = [];
    for (const [tenantId, profile] of latest) {
      const pk = tenantPk(tenantId);
      const shard = shardPk(tenantShard(tenantId, this.#tenantShards));
      const existing = storedByPk.get(pk);
      // A changed shard count moves the tenant to another shard: that is a change too.
      if (existing && existing.GSI1PK === shard && sameContent(existing.profile, profile)) continue;
      puts.push({
        PutRequest: {
          Item: { PK: pk, SK: PROFILE_SK, GSI1PK: shard, GSI1SK: pk, profile, updatedAt: now },
        },
      });
    }
    await batchWriteAll(this.#client, this.#table, puts, this.#meter, this.#batch);
    return { written: puts.length, unchanged: latest.size - puts.length };
  }

  async upsertMetricDays(records: readonly MetricRecord[]): Promise<WriteOutcome> {
    const buckets = groupMetricDays(records);
    if (buckets.length === 0) return NOTHING;

    // Read back only the days this call could change, not whole months.
    const days = [...new Set(buckets.flatMap((bucket) => [...bucket.days.keys()]))].sort();
    const stored = await batchGetAll(
      this.#client,
      this.#table,
      buckets.map((bucket) => bucket.key),
      this.#meter,
      {
        ...this.#batch,
        projection: ['#pk', '#sk', ...days.map((day) => `#${day}`)].join(', '),
        attributeNames: {
          '#pk': 'PK',
          '#sk': 'SK',
          ...Object.fromEntries(days.map((day) => [`#${day}`, day])),
        },
        consistentRead: true,
      },
    );
    const storedById = new Map(stored.map((item) => [bucketId(item.PK, item.SK), item]));

    const now = this.#clock().toISOString();
    let written = 0;
    let unchanged = 0;
    const updates = [];
    const creates = [];
    for (const bucket of buckets) {
      const storedBucket = storedById.get(bucketId(bucket.key.PK, bucket.key.SK));
      const diff = diffDays(bucket, storedBucket);
      written += diff.changed.length;
      unchanged += diff.unchanged;
      if (diff.changed.length === 0) continue;
      if (storedBucket === undefined && this.#singleWriter) {
        creates.push({ PutRequest: { Item: newMonthItem(bucket, now) } });
      } else {
        updates.push({ Key: bucket.key, ...dayUpdateExpression(bucket, diff.changed, now) });
      }
    }
    await batchWriteAll(this.#client, this.#table, creates, this.#meter, this.#batch);
    await forEachBounded(updates, this.#writeConcurrency, async (update) => {
      const out = await this.#client.send(
        new UpdateCommand({ TableName: this.#table, ...update, ReturnConsumedCapacity: 'TOTAL' }),
      );
      this.#meter.recordWrite(out.ConsumedCapacity);
    });
    return { written, unchanged };
  }
}
