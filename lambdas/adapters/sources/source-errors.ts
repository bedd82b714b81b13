/**
 * Named errors of the source adapters. Each message says which source failed and what to fix,
 * because an operator reads it in a failed Step Functions execution or the CLI, not in a debugger.
 */

/** A source config that cannot be read as given (unknown file type, missing bucket, wrong runtime). */
export class SourceConfigError extends Error {
  override readonly name = 'SourceConfigError';
}

/** A bearer token that cannot be obtained (unset variable, empty secret). Never carries the token. */
export class TokenUnavailableError extends Error {
  override readonly name = 'TokenUnavailableError';
}

/** An S3 object that could not be streamed. */
export class S3SourceError extends Error {
  override readonly name = 'S3SourceError';
}

/** An HTTP source that failed for good: a non-retryable status, retries exhausted or an unusable body. */
export class HttpSourceError extends Error {
  override readonly name = 'HttpSourceError';
  /** HTTP status of the last response; undefined when the request never got one (network, timeout). */
  readonly status: number | undefined;
  /** Requested URL with secret-looking query values redacted. */
  readonly url: string;

  constructor(message: string, details: { status?: number; url: string; cause?: unknown }) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.status = details.status;
    this.url = details.url;
  }
}
