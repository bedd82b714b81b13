import {
  BatchGetCommand,
  BatchWriteCommand,
  type BatchWriteWriteRequest,
  type DynamoDBDocumentClient,
  type NativeAttributeValue,
} from '@aws-sdk/lib-dynamodb';
import { canonicalJson } from '../../domain/canonical-json';
import type { CapacityRecorder } from './capacity-meter';
import { chunk, forEachBounded } from './concurrency';

/** DynamoDB's own limits per BatchWriteItem / BatchGetItem call. */
export const BATCH_WRITE_LIMIT = 25;
export const BATCH_GET_LIMIT = 100;

export type ItemKey = Record<string, NativeAttributeValue>;
export type StoredItem = Record<string, NativeAttributeValue>;

/**
 * Retry of the part of a batch DynamoDB did not process (throttling, 16 MB responses). Whole-call
 * errors (throttling exceptions, 5xx) are retried by the SDK itself (see client.ts).
 */
export interface BatchRetryOptions {
  /** Calls per chunk, the first one included, before giving up. Default 8. */
  readonly maxAttempts?: number;
  /** Backoff cap of the first retry; doubles per retry. Default 50 ms. */
  readonly baseDelayMs?: number;
  /** Upper bound of one backoff. Default 5 s. */
  readonly maxDelayMs?: number;
  /** Injected so tests do not wait. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Injected so tests are deterministic; [0, 1). */
  readonly random?: () => number;
}

export interface BatchOptions extends BatchRetryOptions {
  /** Chunks in flight at once. Default 4. */
  readonly concurrency?: number;
}

export interface BatchGetOptions extends BatchOptions {
  /** ProjectionExpression; read only what the caller compares. */
  readonly projection?: string;
  readonly attributeNames?: Record<string, string>;
  /** Read-before-write comparisons must see the latest write, or a quick correction could be skipped. */
  readonly consistentRead?: boolean;
}

/** Items DynamoDB still had not written after every retry. Nothing is dropped silently. */
export class UnprocessedItemsError extends Error {
  override readonly name = 'UnprocessedItemsError';
  constructor(
    readonly table: string,
    /** Requests not confirmed written: left unprocessed, or never sent after the first failure. */
    readonly count: number,
  ) {
    super(`${count} write request(s) to ${table} were not processed after retries (throttled?)`);
  }
}

/** Keys DynamoDB still had not read after every retry. */
export class UnprocessedKeysError extends Error {
  override readonly name = 'UnprocessedKeysError';
  constructor(
    readonly table: string,
    readonly count: number,
  ) {
    super(`${count} key(s) of ${table} were not read after retries (throttled?)`);
  }
}

const DEFAULTS = { maxAttempts: 8, baseDelayMs: 50, maxDelayMs: 5_000, concurrency: 4 } as const;

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Exponential backoff with full jitter (AWS Architecture Blog): spreads retrying writers apart. */
export function backoffDelay(retry: number, opts: BatchRetryOptions): number {
  const base = opts.baseDelayMs ?? DEFAULTS.baseDelayMs;
  const cap = opts.maxDelayMs ?? DEFAULTS.maxDelayMs;
  const random = opts.random ?? Math.random;
  return random() * Math.min(cap, base * 2 ** retry);
}

/**
 * Writes every request, 25 per call, resubmitting UnprocessedItems with backoff. Throws
 * UnprocessedItemsError when DynamoDB keeps refusing some; the caller's unit of work then fails
 * and is retried whole, which is safe because every write here is an idempotent overwrite.
 * Callers must not put two requests for the same key in one call (DynamoDB rejects the batch).
 */
export async function batchWriteAll(
  client: DynamoDBDocumentClient,
  table: string,
  requests: readonly BatchWriteWriteRequest[],
  meter: CapacityRecorder,
  opts: BatchOptions = {},
): Promise<void> {
  let confirmed = 0;
  try {
    await forEachBounded(
      chunk(requests, BATCH_WRITE_LIMIT),
      opts.concurrency ?? DEFAULTS.concurrency,
      async (requestChunk) => {
        const left = await writeChunk(client, table, requestChunk, meter, opts);
        confirmed += requestChunk.length - left;
        if (left > 0) throw new UnprocessedItemsError(table, left);
      },
    );
  } catch (error) {
    // Report everything not confirmed, including chunks never sent, so the count is the loss.
    if (error instanceof UnprocessedItemsError) {
      throw new UnprocessedItemsError(table, requests.length - confirmed);
    }
    throw error;
  }
}

/** Returns how many requests were still unprocessed when attempts ran out. */
async function writeChunk(
  client: DynamoDBDocumentClient,
  table: string,
  requests: BatchWriteWriteRequest[],
  meter: CapacityRecorder,
  opts: BatchRetryOptions,
): Promise<number> {
  const maxAttempts = opts.maxAttempts ?? DEFAULTS.maxAttempts;
  const sleep = opts.sleep ?? realSleep;
  let pending = requests;
  for (let attempt = 1; ; attempt++) {
    const out = await client.send(
      new BatchWriteCommand({ RequestItems: { [table]: pending }, ReturnConsumedCapacity: 'TOTAL' }),
    );
    meter.recordWrite(out.ConsumedCapacity);
    pending = out.UnprocessedItems?.[table] ?? [];
    if (pending.length === 0) return 0;
    if (attempt >= maxAttempts) return pending.length;
    await sleep(backoffDelay(attempt, opts));
  }
}

/**
 * Reads every key (deduplicated: DynamoDB rejects a batch with a repeated key), 100 per call,
 * retrying UnprocessedKeys with backoff. Items come back in no particular order; missing items
 * are simply absent.
 */
export async function batchGetAll(
  client: DynamoDBDocumentClient,
  table: string,
  keys: readonly ItemKey[],
  meter: CapacityRecorder,
  opts: BatchGetOptions = {},
): Promise<StoredItem[]> {
  const unique = [...new Map(keys.map((key) => [canonicalJson(key), key])).values()];
  const items: StoredItem[] = [];
  let confirmed = 0;
  try {
    await forEachBounded(
      chunk(unique, BATCH_GET_LIMIT),
      opts.concurrency ?? DEFAULTS.concurrency,
      async (keyChunk) => {
        const left = await getChunk(client, table, keyChunk, meter, opts, items);
        confirmed += keyChunk.length - left;
        if (left > 0) throw new UnprocessedKeysError(table, left);
      },
    );
  } catch (error) {
    if (error instanceof UnprocessedKeysError) {
      throw new UnprocessedKeysError(table, unique.length - confirmed);
    }
    throw error;
  }
  return items;
}

async function getChunk(
  client: DynamoDBDocumentClient,
  table: string,
  keys: ItemKey[],
  meter: CapacityRecorder,
  opts: BatchGetOptions,
  into: StoredItem[],
): Promise<number> {
  const maxAttempts = opts.maxAttempts ?? DEFAULTS.maxAttempts;
  const sleep = opts.sleep ?? realSleep;
  let pending = keys;
  for (let attempt = 1; ; attempt++) {
    const out = await client.send(
      new BatchGetCommand({
        RequestItems: {
          [table]: {
            Keys: pending,
            ProjectionExpression: opts.projection,
            ExpressionAttributeNames: opts.attributeNames,
            ConsistentRead: opts.consistentRead,
          },
        },
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    meter.recordRead(out.ConsumedCapacity);
    into.push(...(out.Responses?.[table] ?? []));
    pending = out.UnprocessedKeys?.[table]?.Keys ?? [];
    if (pending.length === 0) return 0;
    if (attempt >= maxAttempts) return pending.length;
    await sleep(backoffDelay(attempt, opts));
  }
}
