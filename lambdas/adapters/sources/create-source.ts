import type { S3Client } from '@aws-sdk/client-s3';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SourceConfig } from '../../config/product-config';
import type { MetricsSource } from '../../ports';
import { createFileSource } from './file-source';
import type { HttpRequestDeps } from './http-request';
import { createHttpSource } from './http-source';
import { createS3PrefixSource } from './s3-source';
import { secretsManagerToken } from './secrets-token';
import { SourceConfigError } from './source-errors';
import { envToken, type TokenProvider } from './token-provider';

export interface SourceDeps {
  /**
   * Where the pipeline runs. On AWS, HTTP tokens come from Secrets Manager and file sources are
   * refused (a Lambda has no feed files); locally, tokens come from environment variables.
   */
  readonly runtime: 'aws' | 'local';
  /** The feed bucket, required by s3 sources (the config holds only their prefix). */
  readonly feedBucket?: string;
  /** Directory relative file paths are resolved against, usually the config file's folder. */
  readonly baseDir?: string;
  readonly s3Client?: S3Client;
  readonly secretsClient?: SecretsManagerClient;
  readonly env?: NodeJS.ProcessEnv;
  /** fetch, sleep, timeouts of HTTP sources. */
  readonly http?: HttpRequestDeps;
}

/** The adapter for one configured source. Config problems surface here, before a run starts. */
export function createSource(config: SourceConfig, deps: SourceDeps): MetricsSource {
  switch (config.type) {
    case 'file':
      if (deps.runtime === 'aws') {
        throw new SourceConfigError(`source "${config.id}" is a local file; use an s3 or http source on AWS`);
      }
      return createFileSource(config, deps.baseDir === undefined ? {} : { baseDir: deps.baseDir });
    case 's3':
      if (!deps.feedBucket) {
        throw new SourceConfigError(`source "${config.id}" is an s3 source but no feed bucket was given`);
      }
      return createS3PrefixSource(config, {
        bucket: deps.feedBucket,
        ...(deps.s3Client === undefined ? {} : { client: deps.s3Client }),
      });
    case 'http': {
      const token = httpToken(config.auth, deps);
      return createHttpSource(config, { ...deps.http, ...(token === undefined ? {} : { token }) });
    }
  }
}

function httpToken(
  auth: { readonly secretName: string; readonly envVar: string } | undefined,
  deps: SourceDeps,
): TokenProvider | undefined {
  if (!auth) return undefined;
  return deps.runtime === 'aws'
    ? secretsManagerToken(auth.secretName, deps.secretsClient)
    : envToken(auth.envVar, deps.env);
}
