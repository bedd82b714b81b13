import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { fetchPage } from '../adapters/sources/http-source';
import { secretsManagerToken } from '../adapters/sources/secrets-token';
import type { TokenProvider } from '../adapters/sources/token-provider';
import { type HttpSourceConfig, SourceSchema } from '../config/product-config';
import { landedPageKey, landHttpPages } from '../use-cases/land-http-pages';
import { parseEnv, sourcesJson } from './shared/env';
import { handlerWith, logger, metrics } from './shared/observability';

const env = parseEnv(
  z.object({
    FEED_BUCKET: z.string().min(1),
    LIFELINE_SOURCES: sourcesJson.pipe(z.array(SourceSchema)),
  }),
);
const s3 = new S3Client({});
const httpSources = new Map(
  env.LIFELINE_SOURCES.filter((source): source is HttpSourceConfig => source.type === 'http').map(
    (source) => [source.id, source],
  ),
);
// Token providers cache the secret for the life of the container.
const tokens = new Map<string, TokenProvider>();

const InputSchema = z.object({
  runId: z.string().min(1),
  sourceId: z.string().min(1),
  cursor: z.string().nullable(),
  page: z.number().int().min(0),
});

export const handler = handlerWith(async (event: unknown) => {
  const input = InputSchema.parse(event);
  const source = httpSources.get(input.sourceId);
  if (!source) throw new Error(`no http source "${input.sourceId}" in LIFELINE_SOURCES`);
  const token = tokenFor(source);
  const output = await landHttpPages(input, {
    pagesPerInvocation: source.pagesPerInvocation,
    fetchPage: (cursor) => fetchPage(source, cursor, token ? { token } : {}),
    landPage: async (pageNumber, items) => {
      await s3.send(
        new PutObjectCommand({
          Bucket: env.FEED_BUCKET,
          Key: landedPageKey(input.runId, input.sourceId, pageNumber),
          Body: items.map((item) => `${JSON.stringify(item)}\n`).join(''),
          ContentType: 'application/x-ndjson',
        }),
      );
    },
  });
  metrics.addMetric('PagesLanded', 'Count', output.landed);
  logger.info('http pages landed', { sourceId: input.sourceId, landed: output.landed, done: output.done });
  return output;
});

function tokenFor(source: HttpSourceConfig): TokenProvider | undefined {
  if (!source.auth) return undefined;
  const existing = tokens.get(source.id);
  if (existing) return existing;
  const provider = secretsManagerToken(source.auth.secretName);
  tokens.set(source.id, provider);
  return provider;
}
