import { Readable } from 'node:stream';
import {
  GetObjectCommand,
  type GetObjectCommandOutput,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { createS3PrefixSource, listFeedKeys, s3ObjectPage } from '../../lambdas/adapters/sources/s3-source';
import { S3SourceError } from '../../lambdas/adapters/sources/source-errors';
import { type S3SourceConfig, SourceSchema } from '../../lambdas/config/product-config';
import type { TextPage } from '../../lambdas/ports';

const BUCKET = 'lifeline-feed';
const s3Mock = mockClient(S3Client);
const client = new S3Client({ region: 'eu-west-1' });

type Body = NonNullable<GetObjectCommandOutput['Body']>;
type SdkStreamMixin = Pick<Body, 'transformToByteArray' | 'transformToString' | 'transformToWebStream'>;

/**
 * What the SDK hands back as GetObject Body. @smithy/util-stream (home of sdkStreamMixin) is not
 * resolvable from this project, so the mixin is built by hand over the same base streams.
 */
function mixin(bytes: () => Promise<Uint8Array>): SdkStreamMixin {
  return {
    transformToByteArray: bytes,
    transformToString: async (encoding) =>
      Buffer.from(await bytes()).toString((encoding ?? 'utf8') as BufferEncoding),
    transformToWebStream: () => {
      throw new Error('not used by the adapter when the body is async iterable');
    },
  };
}

function nodeBody(chunks: string[]): Body {
  const stream = Readable.from(chunks.map((chunk) => Buffer.from(chunk)));
  return Object.assign(
    stream,
    mixin(async () => Buffer.from(chunks.join(''))),
  );
}

/** A body that is not async iterable (browser-style Blob): read through transformToWebStream. */
function blobBody(text: string): Body {
  const blob = new Blob([text]);
  return Object.assign(blob, {
    ...mixin(async () => new Uint8Array(await blob.arrayBuffer())),
    transformToWebStream: () => blob.stream(),
  });
}

async function readText(page: TextPage): Promise<{ text: string; chunks: number }> {
  const parts: Buffer[] = [];
  for await (const chunk of page.open()) parts.push(Buffer.from(chunk));
  return { text: Buffer.concat(parts).toString('utf8'), chunks: parts.length };
}

function s3Config(): S3SourceConfig {
  const config = SourceSchema.parse({
    id: 'metrics-drop',
    kind: 'metrics',
    type: 's3',
    prefix: 'feeds/metrics/',
    format: 'csv',
  });
  if (config.type !== 's3') throw new Error('fixture is not an s3 source');
  return config;
}

beforeEach(() => {
  s3Mock.reset();
});

describe('s3ObjectPage', () => {
  it('streams the GetObject body chunk by chunk, only when opened', async () => {
    s3Mock.on(GetObjectCommand).resolves({ Body: nodeBody(['tenantId,date\n', 't1,2026-11-21\n']) });

    const page = s3ObjectPage(
      {
        bucket: BUCKET,
        key: 'feeds/metrics/2026-11-21.csv',
        source: 'metrics-drop',
        kind: 'metrics',
        format: 'csv',
      },
      client,
    );
    expect(s3Mock).not.toHaveReceivedCommand(GetObjectCommand);
    const { text, chunks } = await readText(page);

    expect(page).toMatchObject({
      source: 'metrics-drop',
      pageId: 'feeds/metrics/2026-11-21.csv',
      format: 'csv',
    });
    expect(text).toBe('tenantId,date\nt1,2026-11-21\n');
    expect(chunks).toBe(2);
    expect(s3Mock).toHaveReceivedCommandExactlyOnceWith(GetObjectCommand, {
      Bucket: BUCKET,
      Key: 'feeds/metrics/2026-11-21.csv',
    });
  });

  it('reads a body that is only available as a web stream', async () => {
    s3Mock.on(GetObjectCommand).resolves({ Body: blobBody('{"tenantId":"t1"}\n') });
    const page = s3ObjectPage(
      { bucket: BUCKET, key: 'k.jsonl', source: 's', kind: 'tenants', format: 'jsonl' },
      client,
    );
    await expect(readText(page)).resolves.toMatchObject({ text: '{"tenantId":"t1"}\n' });
  });

  it('fails with a named error when the object has no body', async () => {
    s3Mock.on(GetObjectCommand).resolves({});
    const page = s3ObjectPage(
      { bucket: BUCKET, key: 'k.csv', source: 's', kind: 'metrics', format: 'csv' },
      client,
    );
    await expect(readText(page)).rejects.toThrow(S3SourceError);
  });
});

describe('S3 prefix source', () => {
  it('lists every page of the prefix, skips folders and empty objects, and sorts by key', async () => {
    s3Mock
      .on(ListObjectsV2Command)
      .resolvesOnce({
        Contents: [
          { Key: 'feeds/metrics/', Size: 0 },
          { Key: 'feeds/metrics/2026-11-21.csv', Size: 120 },
          { Key: 'feeds/metrics/empty.csv', Size: 0 },
        ],
        IsTruncated: true,
        NextContinuationToken: 'token-1',
      })
      .resolvesOnce({
        Contents: [
          { Key: 'feeds/metrics/2026-11-20.csv', Size: 80 },
          { Key: 'feeds/metrics/archive/', Size: 0 },
        ],
        IsTruncated: false,
      });
    s3Mock
      .on(GetObjectCommand)
      .callsFake((input: { Key: string }) => ({ Body: nodeBody([`body of ${input.Key}`]) }));

    const source = createS3PrefixSource(s3Config(), { bucket: BUCKET, client });
    const pages: TextPage[] = [];
    for await (const page of source.pages()) {
      if (page.format === 'items') throw new Error('unexpected items page');
      pages.push(page);
    }

    expect(pages.map((page) => page.pageId)).toEqual([
      'feeds/metrics/2026-11-20.csv',
      'feeds/metrics/2026-11-21.csv',
    ]);
    expect(
      pages.every(
        (page) => page.kind === 'metrics' && page.format === 'csv' && page.source === 'metrics-drop',
      ),
    ).toBe(true);
    expect(s3Mock).toHaveReceivedCommandTimes(ListObjectsV2Command, 2);
    expect(s3Mock).toHaveReceivedNthCommandWith(ListObjectsV2Command, 1, {
      Bucket: BUCKET,
      Prefix: 'feeds/metrics/',
    });
    expect(s3Mock).toHaveReceivedNthCommandWith(ListObjectsV2Command, 2, {
      Bucket: BUCKET,
      Prefix: 'feeds/metrics/',
      ContinuationToken: 'token-1',
    });
    const first = pages[0];
    if (!first) throw new Error('no page');
    await expect(readText(first)).resolves.toMatchObject({ text: 'body of feeds/metrics/2026-11-20.csv' });
  });

  it('lists nothing for an empty prefix', async () => {
    s3Mock.on(ListObjectsV2Command).resolves({ KeyCount: 0 });
    await expect(listFeedKeys(BUCKET, 'feeds/none/', client)).resolves.toEqual([]);
  });
});
