import { TokenUnavailableError } from './source-errors';

/** Supplies the bearer token of an HTTP source. Called per request; implementations cache. */
export type TokenProvider = () => Promise<string>;

/**
 * The token from an environment variable (local runner). Read on use rather than at creation,
 * so building the sources of a config does not require tokens for sources that are never pulled.
 */
export function envToken(envVar: string, env: NodeJS.ProcessEnv = process.env): TokenProvider {
  return async () => {
    const token = env[envVar]?.trim();
    if (!token) {
      throw new TokenUnavailableError(
        `environment variable ${envVar} is not set or empty; it must hold the bearer token of the HTTP source`,
      );
    }
    return token;
  };
}
