import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type ScoreRecord, ScoreRecordSchema } from '../../domain/score-record';
import type { ScoreRepository } from '../../ports';
import { type BatchOptions, batchGetAll, batchWriteAll } from './batch';
import type { CapacityRecorder } from './capacity-meter';
import { StoredItemInvalidError } from './errors';
import { queryAll } from './query';
import { SCORE_LATEST_SK, scoreHistorySk, tenantPk } from './table-design';

/**
 * Scores in the tenant's partition: SCORE#LATEST (what the digest and console read) and
 * SCORE#<asOf> (history for trends). Both are plain puts keyed by night, so re-scoring a night
 * overwrites its own history item.
 */
export class DynamoScoreStore implements ScoreRepository {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #meter: CapacityRecorder;
  readonly #batch: BatchOptions;

  constructor(
    client: DynamoDBDocumentClient,
    tableName: string,
    meter: CapacityRecorder,
    batch: BatchOptions = {},
  ) {
    this.#client = client;
    this.#table = tableName;
    this.#meter = meter;
    this.#batch = batch;
  }

  async latest(tenantIds: readonly string[]): Promise<Map<string, ScoreRecord>> {
    const items = await batchGetAll(
      this.#client,
      this.#table,
      tenantIds.map((tenantId) => ({ PK: tenantPk(tenantId), SK: SCORE_LATEST_SK })),
      this.#meter,
      this.#batch,
    );
    return new Map(items.map((item) => [String(item.tenantId), parseScore(item)]));
  }

  /** Each tenant's score of one night (SCORE#<asOf>), for those scored that night. */
  async at(tenantIds: readonly string[], asOf: string): Promise<Map<string, ScoreRecord>> {
    const items = await batchGetAll(
      this.#client,
      this.#table,
      tenantIds.map((tenantId) => ({ PK: tenantPk(tenantId), SK: scoreHistorySk(asOf) })),
      this.#meter,
      this.#batch,
    );
    return new Map(items.map((item) => [String(item.tenantId), parseScore(item)]));
  }

  async put(scores: readonly ScoreRecord[]): Promise<void> {
    const requests = scores.flatMap((score) => [
      { PutRequest: { Item: { ...score, PK: tenantPk(score.tenantId), SK: SCORE_LATEST_SK } } },
      { PutRequest: { Item: { ...score, PK: tenantPk(score.tenantId), SK: scoreHistorySk(score.asOf) } } },
    ]);
    await batchWriteAll(this.#client, this.#table, requests, this.#meter, this.#batch);
  }

  /** The tenant's scores with from <= asOf <= to, oldest first (health trend). */
  async history(tenantId: string, from: string, to: string): Promise<ScoreRecord[]> {
    const scores: ScoreRecord[] = [];
    for await (const item of queryAll(
      this.#client,
      {
        TableName: this.#table,
        KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
        ExpressionAttributeNames: { '#pk': 'PK', '#sk': 'SK' },
        ExpressionAttributeValues: {
          ':pk': tenantPk(tenantId),
          ':from': scoreHistorySk(from),
          ':to': scoreHistorySk(to),
        },
      },
      this.#meter,
    )) {
      scores.push(parseScore(item));
    }
    return scores;
  }
}

function parseScore(item: Record<string, unknown>): ScoreRecord {
  const { PK, SK, ...rest } = item;
  const parsed = ScoreRecordSchema.safeParse(rest);
  if (!parsed.success)
    throw new StoredItemInvalidError({ PK: String(PK), SK: String(SK) }, parsed.error.message);
  return parsed.data;
}
