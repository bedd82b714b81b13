import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { isCalendarDate, monthOf } from '../../domain/calendar';
import { type TenantRecord, TenantRecordSchema } from '../../domain/feed/feed-records';
import { toDayNumber } from '../../domain/scoring/day-number';
import { TenantDays } from '../../domain/scoring/tenant-days';
import type { StoredItem } from './batch';
import type { CapacityRecorder } from './capacity-meter';
import { StoredItemInvalidError } from './errors';
import { decodeMonthItems } from './metric-buckets';
import { queryAll } from './query';
import { metricsMonthSk, PROFILE_SK, shardPk, TABLE_KEYS, tenantPk } from './table-design';

export interface TenantReaderOptions {
  /**
   * Strongly consistent reads (2x the read units). Off by default: scoring runs after the
   * ingest stage has finished, long past DynamoDB's sub-second replication.
   */
  readonly consistentRead?: boolean;
}

/** The read side of the feed, for the stages after ingest (scoring, digest, console). */
export class DynamoTenantReader {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #meter: CapacityRecorder;
  readonly #consistentRead: boolean;

  constructor(
    client: DynamoDBDocumentClient,
    tableName: string,
    meter: CapacityRecorder,
    options: TenantReaderOptions = {},
  ) {
    this.#client = client;
    this.#table = tableName;
    this.#meter = meter;
    this.#consistentRead = options.consistentRead ?? false;
  }

  async readTenant(tenantId: string): Promise<TenantRecord | null> {
    const key = { PK: tenantPk(tenantId), SK: PROFILE_SK };
    const out = await this.#client.send(
      new GetCommand({
        TableName: this.#table,
        Key: key,
        ProjectionExpression: '#profile',
        ExpressionAttributeNames: { '#profile': 'profile' },
        ConsistentRead: this.#consistentRead,
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    this.#meter.recordRead(out.ConsumedCapacity);
    if (out.Item === undefined) return null;
    const parsed = TenantRecordSchema.safeParse(out.Item.profile);
    if (!parsed.success) throw new StoredItemInvalidError(key, parsed.error.message);
    return parsed.data;
  }

  /**
   * The tenant's daily metrics with fromDate <= date <= toDate (inclusive), decoded into
   * columns: the month items of one Query, each stored day parsed once.
   */
  async readTenantMetrics(tenantId: string, fromDate: string, toDate: string): Promise<TenantDays> {
    for (const date of [fromDate, toDate]) {
      if (!isCalendarDate(date)) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${date}`);
    }
    if (fromDate > toDate) return TenantDays.EMPTY;
    const items: StoredItem[] = [];
    for await (const item of queryAll(
      this.#client,
      {
        TableName: this.#table,
        KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
        ExpressionAttributeNames: { '#pk': 'PK', '#sk': 'SK' },
        ExpressionAttributeValues: {
          ':pk': tenantPk(tenantId),
          ':from': metricsMonthSk(monthOf(fromDate)),
          ':to': metricsMonthSk(monthOf(toDate)),
        },
        ConsistentRead: this.#consistentRead,
      },
      this.#meter,
    )) {
      items.push(item);
    }
    return decodeMonthItems(items, toDayNumber(fromDate), toDayNumber(toDate));
  }

  /**
   * The profiles of one shard straight from the shard index (it projects ALL), so a scoring
   * worker reads its tenants with one paginated Query instead of one GetItem each.
   */
  async *shardProfiles(shard: number): AsyncGenerator<TenantRecord> {
    const index = TABLE_KEYS.shardIndex;
    const items = queryAll(
      this.#client,
      {
        TableName: this.#table,
        IndexName: index.name,
        KeyConditionExpression: '#shard = :shard',
        ProjectionExpression: '#pk, #sk, #profile',
        ExpressionAttributeNames: {
          '#shard': index.partitionKey,
          '#pk': 'PK',
          '#sk': 'SK',
          '#profile': 'profile',
        },
        ExpressionAttributeValues: { ':shard': shardPk(shard) },
      },
      this.#meter,
    );
    for await (const item of items) {
      const parsed = TenantRecordSchema.safeParse(item.profile);
      if (!parsed.success) {
        throw new StoredItemInvalidError({ PK: String(item.PK), SK: String(item.SK) }, parsed.error.message);
      }
      yield parsed.data;
    }
  }

  /** Ids of the tenants in one shard of the sparse shard index: one scoring worker's share. */
  async *shardTenantIds(shard: number): AsyncGenerator<string> {
    const index = TABLE_KEYS.shardIndex;
    const items = queryAll(
      this.#client,
      {
        TableName: this.#table,
        IndexName: index.name,
        KeyConditionExpression: '#shard = :shard',
        ProjectionExpression: '#tenant',
        ExpressionAttributeNames: { '#shard': index.partitionKey, '#tenant': index.sortKey },
        ExpressionAttributeValues: { ':shard': shardPk(shard) },
      },
      this.#meter,
    );
    const prefix = tenantPk('');
    for await (const item of items) {
      yield String(item[index.sortKey]).slice(prefix.length);
    }
  }
}
