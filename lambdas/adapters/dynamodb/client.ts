import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';

export interface DocumentClientOptions {
  /** DynamoDB Local (local runner, integration tests); absent in Lambda. */
  readonly endpoint?: string;
  readonly region?: string;
  /** Dummy credentials for DynamoDB Local, which partitions data by access key + region. */
  readonly credentials?: DynamoDBClientConfig['credentials'];
  /** Attempts per call, the first included. Default 8. */
  readonly maxAttempts?: number;
}

/**
 * The SDK's own retries absorb whole-call throttling (ProvisionedThroughputExceeded,
 * ThrottlingException) and 5xx. Its default of 3 attempts gives up within a second, too soon
 * for a bulk ingest against an on-demand table that is still scaling up; 8 attempts of capped
 * exponential backoff ride out a few seconds, and Lambda's timeout still bounds the worst case.
 */
const DEFAULT_MAX_ATTEMPTS = 8;

export function createDocumentClient(options: DocumentClientOptions = {}): DynamoDBDocumentClient {
  const base = new DynamoDBClient({
    endpoint: options.endpoint,
    region: options.region,
    credentials: options.credentials,
    maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    retryMode: 'standard',
  });
  return DynamoDBDocumentClient.from(base, {
    marshallOptions: {
      // Optional feed fields are often present-but-undefined after parsing; they mean "absent".
      removeUndefinedValues: true,
      // Only plain data is stored; a class instance reaching here is a bug, so let marshall throw.
      convertClassInstanceToMap: false,
    },
  });
}

/** What a Lambda needs in its environment to reach DynamoDB; handlers extend it with their own. */
export const DynamoClientEnvSchema = z.object({
  AWS_REGION: z.string().min(1),
  /** Set only when a Lambda-shaped process talks to DynamoDB Local. */
  DYNAMODB_ENDPOINT: z.url().optional(),
});
export type DynamoClientEnv = z.infer<typeof DynamoClientEnvSchema>;

/**
 * For module scope in a handler (one client per module, reused across invocations). Parsing
 * throws at cold start when the environment is wrong, rather than on the first request.
 */
export function documentClientFromEnv(env: Record<string, string | undefined>): DynamoDBDocumentClient {
  const parsed = DynamoClientEnvSchema.parse(env);
  return createDocumentClient({ region: parsed.AWS_REGION, endpoint: parsed.DYNAMODB_ENDPOINT });
}
