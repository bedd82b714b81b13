/**
 * When to retry an HTTP source and how long to wait. Pure, so the policy is tested without a
 * clock or a network.
 */

export interface BackoffPolicy {
  /** Upper bound of the first retry's random delay; doubles per retry. */
  readonly baseDelayMs: number;
  /** Ceiling of the exponential part, so late retries stay within a Lambda's time budget. */
  readonly maxDelayMs: number;
  /** Ceiling on a server's Retry-After: a server asking for an hour must not park the run for an hour. */
  readonly maxRetryAfterMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = {
  baseDelayMs: 500,
  maxDelayMs: 20_000,
  maxRetryAfterMs: 60_000,
};

/** 429 and 5xx are the server saying "not now"; any other 4xx will fail the same way again. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599);
}

/**
 * "Full jitter" (a random delay in [0, min(cap, base * 2^(retry-1))]): spreads out the retries of
 * many parallel Distributed Map workers that were throttled at the same moment.
 */
export function backoffDelayMs(retry: number, policy: BackoffPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * ceiling);
}

/** A Retry-After header (delta-seconds or HTTP-date) in ms from now; undefined when absent or unreadable. */
export function retryAfterMs(
  header: string | null,
  nowMs: number,
  policy: BackoffPolicy,
): number | undefined {
  const value = header?.trim();
  if (!value) return undefined;
  let delay: number;
  if (/^\d+$/.test(value)) {
    delay = Number(value) * 1000;
  } else {
    const at = Date.parse(value);
    if (Number.isNaN(at)) return undefined;
    delay = Math.max(0, at - nowMs);
  }
  return Math.min(delay, policy.maxRetryAfterMs);
}
