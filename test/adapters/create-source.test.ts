import { describe, expect, it } from 'vitest';
import { createSource } from '../../lambdas/adapters/sources/create-source';
import { SourceConfigError } from '../../lambdas/adapters/sources/source-errors';
import { type SourceConfig, SourceSchema } from '../../lambdas/config/product-config';

const fileSource: SourceConfig = SourceSchema.parse({
  id: 'f',
  kind: 'tenants',
  type: 'file',
  path: 'tenants.jsonl',
});
const s3Source: SourceConfig = SourceSchema.parse({
  id: 's',
  kind: 'metrics',
  type: 's3',
  prefix: 'feeds/metrics/',
  format: 'csv',
});
const httpSource: SourceConfig = SourceSchema.parse({
  id: 'h',
  kind: 'metrics',
  type: 'http',
  url: 'https://usage.example.com/v1',
  pagination: { style: 'cursor' },
});

describe('createSource', () => {
  it('builds the adapter for each source type', () => {
    for (const config of [fileSource, s3Source, httpSource]) {
      const source = createSource(config, { runtime: 'local', feedBucket: 'feed-bucket' });
      expect(source).toMatchObject({ id: config.id, kind: config.kind });
    }
  });

  it('refuses an s3 source without a feed bucket', () => {
    expect(() => createSource(s3Source, { runtime: 'aws' })).toThrow(SourceConfigError);
  });

  it('refuses a file source on AWS', () => {
    expect(() => createSource(fileSource, { runtime: 'aws', feedBucket: 'b' })).toThrow(/local file/);
  });
});
