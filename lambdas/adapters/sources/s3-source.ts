import { GetObjectCommand, paginateListObjectsV2, S3Client } from '@aws-sdk/client-s3';
import type { FeedFormat, FeedKind, S3SourceConfig } from '../../config/product-config';
import type { MetricsSource, TextPage } from '../../ports';
import { S3SourceError } from './source-errors';

// Created once per container so connections are reused across invocations; tests inject their own.
const sharedClient = new S3Client({});

export interface S3ObjectRef {
  readonly bucket: string;
  readonly key: string;
  /** Config id of the source the object belongs to. */
  readonly source: string;
  readonly kind: FeedKind;
  readonly format: FeedFormat;
}

/**
 * One S3 object as a page. GetObject is sent when the page is opened, not before, so a
 * Distributed Map item costs one request and the body is streamed, never buffered whole.
 */
export function s3ObjectPage(ref: S3ObjectRef, client: S3Client = sharedClient): TextPage {
  return {
    source: ref.source,
    pageId: ref.key,
    kind: ref.kind,
    format: ref.format,
    open: () => streamObject(ref.bucket, ref.key, client),
  };
}

async function* streamObject(bucket: string, key: string, client: S3Client): AsyncGenerator<Uint8Array> {
  const output = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  if (!output.Body) throw new S3SourceError(`s3://${bucket}/${key} has no body`);
  yield* bodyChunks(output.Body, `s3://${bucket}/${key}`);
}

/**
 * The Body is a Node stream in Lambda and Node (async iterable) and a web stream elsewhere;
 * both are read chunk by chunk.
 */
async function* bodyChunks(body: unknown, where: string): AsyncGenerator<Uint8Array> {
  if (isAsyncIterable(body)) {
    for await (const chunk of body) yield toBytes(chunk, where);
    return;
  }
  if (hasWebStream(body)) {
    const reader = body.transformToWebStream().getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        yield toBytes(value, where);
      }
    } finally {
      reader.releaseLock();
    }
  }
  throw new S3SourceError(`${where}: the response body is not a stream this adapter can read`);
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

function hasWebStream(value: unknown): value is { transformToWebStream(): ReadableStream<unknown> } {
  return (
    typeof value === 'object' &&
    value !== null &&
    'transformToWebStream' in value &&
    typeof value.transformToWebStream === 'function'
  );
}

function toBytes(chunk: unknown, where: string): Uint8Array {
  if (chunk instanceof Uint8Array) return chunk;
  if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
  throw new S3SourceError(`${where}: unexpected body chunk of type ${typeof chunk}`);
}

/**
 * Keys of the feed objects under a prefix, in key order. "Directory" placeholders (keys ending
 * in "/", made by the console's "Create folder") and empty objects carry no records.
 */
export async function listFeedKeys(
  bucket: string,
  prefix: string,
  client: S3Client = sharedClient,
): Promise<string[]> {
  const keys: string[] = [];
  for await (const page of paginateListObjectsV2({ client }, { Bucket: bucket, Prefix: prefix })) {
    for (const object of page.Contents ?? []) {
      if (!object.Key || object.Key.endsWith('/') || object.Size === 0) continue;
      keys.push(object.Key);
    }
  }
  // S3 already lists in key order; sorting again keeps page order (and quarantine positions)
  // deterministic whatever the lister, e.g. a local stand-in.
  return keys.sort();
}

export interface S3PrefixSourceOptions {
  /** The feed bucket; the config holds only the prefix because the bucket is created by the stack. */
  readonly bucket: string;
  readonly client?: S3Client;
}

/** Every object under the configured prefix as one page each. */
export function createS3PrefixSource(config: S3SourceConfig, options: S3PrefixSourceOptions): MetricsSource {
  const client = options.client ?? sharedClient;
  return {
    id: config.id,
    kind: config.kind,
    async *pages() {
      const keys = await listFeedKeys(options.bucket, config.prefix, client);
      for (const key of keys) {
        yield s3ObjectPage(
          { bucket: options.bucket, key, source: config.id, kind: config.kind, format: config.format },
          client,
        );
      }
    },
  };
}
