import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ModelRepository, StoredModel } from '../../ports';
import type { CapacityRecorder } from './capacity-meter';
import { StoredItemInvalidError } from './errors';
import { MODEL_CURRENT_SK, MODEL_PK, modelVersionSk } from './table-design';

/** DynamoDB's item limit, less room for the other attributes. */
const MAX_MODEL_BYTES = 380_000;

export class ModelTooLargeError extends Error {
  override readonly name = 'ModelTooLargeError';
}

/**
 * Every trained model is kept as MODEL / VERSION#<v> (promoted or not, so a rejected candidate
 * can be inspected); MODEL / CURRENT names the version scoring uses. Promotion is a single put,
 * so scoring never sees a half-promoted model.
 */
export class DynamoModelStore implements ModelRepository {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #meter: CapacityRecorder;

  constructor(client: DynamoDBDocumentClient, tableName: string, meter: CapacityRecorder) {
    this.#client = client;
    this.#table = tableName;
    this.#meter = meter;
  }

  async save(model: StoredModel): Promise<void> {
    if (Buffer.byteLength(model.model) > MAX_MODEL_BYTES) {
      throw new ModelTooLargeError(
        `model ${model.version} is ${Buffer.byteLength(model.model)} bytes; limit ${MAX_MODEL_BYTES}`,
      );
    }
    await this.#put({ PK: MODEL_PK, SK: modelVersionSk(model.version), ...model });
  }

  async promote(version: string, promotedAt: string): Promise<void> {
    await this.#put({ PK: MODEL_PK, SK: MODEL_CURRENT_SK, version, promotedAt });
  }

  /** The promoted model, or null before the first promotion. */
  async current(): Promise<StoredModel | null> {
    const pointer = await this.#get(MODEL_CURRENT_SK);
    if (pointer === undefined) return null;
    return this.get(String(pointer.version));
  }

  async get(version: string): Promise<StoredModel | null> {
    const item = await this.#get(modelVersionSk(version));
    if (item === undefined) return null;
    const { version: v, model, metrics, trainedAt } = item;
    if (
      typeof v !== 'string' ||
      typeof model !== 'string' ||
      typeof trainedAt !== 'string' ||
      typeof metrics !== 'object' ||
      metrics === null
    ) {
      throw new StoredItemInvalidError({ PK: MODEL_PK, SK: modelVersionSk(version) }, 'not a stored model');
    }
    return { version: v, model, metrics: metrics as Record<string, unknown>, trainedAt };
  }

  async #put(item: Record<string, unknown>): Promise<void> {
    const out = await this.#client.send(
      new PutCommand({ TableName: this.#table, Item: item, ReturnConsumedCapacity: 'TOTAL' }),
    );
    this.#meter.recordWrite(out.ConsumedCapacity);
  }

  async #get(sk: string): Promise<Record<string, unknown> | undefined> {
    const out = await this.#client.send(
      new GetCommand({
        TableName: this.#table,
        Key: { PK: MODEL_PK, SK: sk },
        ConsistentRead: true,
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    this.#meter.recordRead(out.ConsumedCapacity);
    return out.Item;
  }
}
