import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { secretsManagerToken } from '../../lambdas/adapters/sources/secrets-token';
import { TokenUnavailableError } from '../../lambdas/adapters/sources/source-errors';

const secretsMock = mockClient(SecretsManagerClient);
const client = new SecretsManagerClient({ region: 'eu-west-1' });

beforeEach(() => {
  secretsMock.reset();
});

describe('secretsManagerToken', () => {
  it('reads the secret once and serves later reads from the cache', async () => {
    secretsMock.on(GetSecretValueCommand).resolves({ SecretString: 'tok-123' });
    const token = secretsManagerToken('lifeline/usage-api-token', client);

    const reads = [await token(), await token()];

    expect(reads).toEqual(['tok-123', 'tok-123']);
    expect(secretsMock).toHaveReceivedCommandExactlyOnceWith(GetSecretValueCommand, {
      SecretId: 'lifeline/usage-api-token',
    });
  });

  it('accepts a key/value secret with a "token" field', async () => {
    secretsMock.on(GetSecretValueCommand).resolves({ SecretString: '{"token":"tok-json"}' });
    await expect(secretsManagerToken('s', client)()).resolves.toBe('tok-json');
  });

  it('names the secret when it holds no token, and retries on the next read', async () => {
    secretsMock
      .on(GetSecretValueCommand)
      .resolvesOnce({ SecretBinary: new Uint8Array([1]) })
      .resolvesOnce({ SecretString: '  ' })
      .resolvesOnce({ SecretString: 'tok-later' });
    const token = secretsManagerToken('lifeline/usage-api-token', client);

    await expect(token()).rejects.toThrow(TokenUnavailableError);
    await expect(token()).rejects.toThrow(/lifeline\/usage-api-token/);
    await expect(token()).resolves.toBe('tok-later');
    expect(secretsMock).toHaveReceivedCommandTimes(GetSecretValueCommand, 3);
  });
});
