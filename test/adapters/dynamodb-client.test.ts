import { describe, expect, it } from 'vitest';
import { createDocumentClient, documentClientFromEnv } from '../../lambdas/adapters/dynamodb/client';

describe('createDocumentClient', () => {
  it('drops undefined fields, refuses class instances and retries throttling for longer', async () => {
    const client = createDocumentClient({
      endpoint: 'http://127.0.0.1:8000',
      region: 'eu-west-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });

    expect(client.config.translateConfig?.marshallOptions).toEqual({
      removeUndefinedValues: true,
      convertClassInstanceToMap: false,
    });
    expect(await client.config.maxAttempts()).toBe(8);
    expect(await client.config.region()).toBe('eu-west-1');
    const endpoint = await client.config.endpoint?.();
    expect(endpoint?.hostname).toBe('127.0.0.1');
    expect(endpoint?.port).toBe(8000);
  });

  it('fails fast on a missing region when built from the environment', () => {
    expect(() => documentClientFromEnv({})).toThrow(/AWS_REGION/);
    expect(() => documentClientFromEnv({ AWS_REGION: 'eu-west-1' })).not.toThrow();
  });
});
