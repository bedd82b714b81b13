import { setTimeout as delay } from 'node:timers/promises';
import type { Clock } from '../../ports';
import {
  type BackoffPolicy,
  backoffDelayMs,
  DEFAULT_BACKOFF,
  isRetryableStatus,
  retryAfterMs,
} from './http-retry';
import { HttpSourceError } from './source-errors';

/** What an HTTP request needs from the outside world; all injectable so tests need no network or clock. */
export interface HttpRequestDeps {
  readonly fetch?: typeof fetch;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Source of jitter in [0, 1). */
  readonly random?: () => number;
  readonly clock?: Clock;
  /** Per-attempt timeout, covering the response headers and body. */
  readonly timeoutMs?: number;
  readonly backoff?: Partial<BackoffPolicy>;
}

export interface JsonRequest {
  /** Config id of the source, for error messages. */
  readonly sourceId: string;
  readonly url: URL;
  readonly token?: string;
  readonly maxAttempts: number;
}

export interface JsonResponse {
  readonly body: unknown;
  /** The raw text, so callers can quote it when the JSON has the wrong shape. */
  readonly text: string;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const SNIPPET_LENGTH = 200;
const SECRET_PARAM = /token|key|secret|sig|password|passwd|auth|credential|session/i;

type Attempt =
  | { readonly ok: true; readonly response: JsonResponse }
  | {
      readonly ok: false;
      readonly reason: string;
      readonly status?: number;
      readonly waitMs?: number;
      readonly cause?: unknown;
    };

/** GET a JSON document, retrying throttling, server errors and network failures with backoff. */
export async function getJson(request: JsonRequest, deps: HttpRequestDeps = {}): Promise<JsonResponse> {
  const policy: BackoffPolicy = { ...DEFAULT_BACKOFF, ...deps.backoff };
  const sleep = deps.sleep ?? ((ms: number) => delay(ms));
  const random = deps.random ?? Math.random;
  const now = () => (deps.clock ? deps.clock().getTime() : Date.now());
  for (let attempt = 1; ; attempt += 1) {
    const result = await attemptOnce(request, deps, policy, now);
    if (result.ok) return result.response;
    if (attempt >= request.maxAttempts) {
      throw new HttpSourceError(
        `source "${request.sourceId}": GET ${redactUrl(request.url)} failed after ${attempt} attempt(s); last: ${result.reason}`,
        { status: result.status, url: redactUrl(request.url), cause: result.cause },
      );
    }
    await sleep(result.waitMs ?? backoffDelayMs(attempt, policy, random));
  }
}

async function attemptOnce(
  request: JsonRequest,
  deps: HttpRequestDeps,
  policy: BackoffPolicy,
  now: () => number,
): Promise<Attempt> {
  const fetchFn = deps.fetch ?? fetch;
  const timeoutMs = deps.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (request.token) headers.authorization = `Bearer ${request.token}`;
  let status: number | undefined;
  let text: string;
  let response: Response;
  try {
    response = await fetchFn(request.url, { headers, signal: AbortSignal.timeout(timeoutMs) });
    status = response.status;
    // Read inside the try: a connection dropped mid-body is as retryable as one refused.
    text = await response.text();
  } catch (error) {
    return { ok: false, reason: networkReason(error, timeoutMs, status), status, cause: error };
  }
  const snippet = bodySnippet(text, request.token);
  if (response.ok) {
    try {
      return { ok: true, response: { body: JSON.parse(text) as unknown, text } };
    } catch (error) {
      throw new HttpSourceError(
        `source "${request.sourceId}": GET ${redactUrl(request.url)} returned HTTP ${response.status} but the body is not JSON: ${snippet}`,
        { status: response.status, url: redactUrl(request.url), cause: error },
      );
    }
  }
  if (isRetryableStatus(response.status)) {
    return {
      ok: false,
      reason: `HTTP ${response.status}: ${snippet}`,
      status: response.status,
      waitMs: retryAfterMs(response.headers.get('retry-after'), now(), policy),
    };
  }
  throw new HttpSourceError(
    `source "${request.sourceId}": GET ${redactUrl(request.url)} returned HTTP ${response.status}` +
      `${response.statusText ? ` ${response.statusText}` : ''} (not retried): ${snippet}`,
    { status: response.status, url: redactUrl(request.url) },
  );
}

function networkReason(error: unknown, timeoutMs: number, status: number | undefined): string {
  if (error instanceof Error && error.name === 'TimeoutError') return `timed out after ${timeoutMs} ms`;
  const message = error instanceof Error ? error.message : String(error);
  // undici reports "fetch failed" and keeps the useful part (ECONNREFUSED, ECONNRESET) in the cause.
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${status === undefined ? 'network error' : `HTTP ${status}, body unreadable`}: ${message}${cause}`;
}

/** The URL as safe to print: no user info, secret-looking query values replaced. */
export function redactUrl(url: URL): string {
  const safe = new URL(url);
  safe.username = '';
  safe.password = '';
  for (const name of [...new Set(safe.searchParams.keys())]) {
    if (SECRET_PARAM.test(name)) safe.searchParams.set(name, 'REDACTED');
  }
  return safe.toString();
}

/** The start of a body on one line, for error messages; the token is blanked should a server echo it. */
export function bodySnippet(text: string, token?: string): string {
  const scrubbed = token ? text.split(token).join('REDACTED') : text;
  const oneLine = scrubbed.replace(/\s+/g, ' ').trim();
  if (!oneLine) return '(empty body)';
  return oneLine.length > SNIPPET_LENGTH ? `${oneLine.slice(0, SNIPPET_LENGTH)}...` : oneLine;
}
