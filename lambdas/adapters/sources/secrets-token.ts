import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { TokenUnavailableError } from './source-errors';
import type { TokenProvider } from './token-provider';

// Created once per container so connections are reused across invocations; tests inject their own.
const sharedClient = new SecretsManagerClient({});

/**
 * The token from a Secrets Manager secret, fetched once and kept for the life of the provider:
 * create the provider at module scope and it lives for one cold start, so a rotated token is
 * picked up by new containers without a GetSecretValue call per page.
 *
 * The SecretString is either the token itself or JSON `{"token": "..."}` (the shape the console's
 * "other type of secret" key/value editor produces).
 */
export function secretsManagerToken(
  secretName: string,
  client: SecretsManagerClient = sharedClient,
): TokenProvider {
  let pending: Promise<string> | undefined;
  return () => {
    if (!pending) {
      // Concurrent first callers share one request; a failure is not cached, so the next call retries.
      pending = readToken(secretName, client).catch((error: unknown) => {
        pending = undefined;
        throw error;
      });
    }
    return pending;
  };
}

async function readToken(secretName: string, client: SecretsManagerClient): Promise<string> {
  const output = await client.send(new GetSecretValueCommand({ SecretId: secretName }));
  const token = tokenFrom(output.SecretString);
  if (!token) {
    throw new TokenUnavailableError(
      `secret ${secretName} has no usable token: expected a non-empty SecretString holding the token or {"token": "..."}`,
    );
  }
  return token;
}

function tokenFrom(secretString: string | undefined): string | undefined {
  const text = secretString?.trim();
  if (!text?.startsWith('{')) return text || undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (
      typeof parsed === 'object' &&
      parsed !== null &&
      'token' in parsed &&
      typeof parsed.token === 'string'
    ) {
      return parsed.token.trim() || undefined;
    }
  } catch {
    // Not JSON after all: a token may start with "{" in theory; use it as is.
    return text;
  }
  return undefined;
}
