import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { backoffDelayMs, DEFAULT_BACKOFF, retryAfterMs } from '../../lambdas/adapters/sources/http-retry';
import { createHttpSource, fetchPage, type HttpSourceDeps } from '../../lambdas/adapters/sources/http-source';
import { HttpSourceError, TokenUnavailableError } from '../../lambdas/adapters/sources/source-errors';
import { envToken } from '../../lambdas/adapters/sources/token-provider';
import { type HttpSourceConfig, SourceSchema } from '../../lambdas/config/product-config';
import type { ItemsPage, SourcePage } from '../../lambdas/ports';

const TOKEN = 's3cr3t-token';

function httpConfig(overrides: Record<string, unknown> = {}): HttpSourceConfig {
  const config = SourceSchema.parse({
    id: 'usage-api',
    kind: 'metrics',
    type: 'http',
    url: 'https://usage.example.com/v1/daily-metrics',
    pageSize: 2,
    pagination: { style: 'cursor' },
    auth: { secretName: 'lifeline/usage-api-token', envVar: 'USAGE_TOKEN' },
    maxAttempts: 3,
    ...overrides,
  });
  if (config.type !== 'http') throw new Error('fixture is not an http source');
  return config;
}

/** A fetch that answers from a script and records what was asked. */
function scriptedFetch(script: Array<Response | Error>) {
  const calls: Array<{ url: string; headers: Headers }> = [];
  const fetchFn: typeof fetch = async (input, init) => {
    calls.push({ url: String(input), headers: new Headers(init?.headers) });
    const next = script.shift();
    if (next === undefined) throw new Error('fetch called more often than scripted');
    if (next instanceof Error) throw next;
    return next;
  };
  return { fetchFn, calls };
}

function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

function testDeps(fetchFn: typeof fetch, sleeps: number[] = []): HttpSourceDeps {
  return {
    fetch: fetchFn,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    clock: () => new Date('2026-11-22T02:00:00Z'),
    token: async () => TOKEN,
  };
}

async function collect(pages: AsyncIterable<SourcePage>): Promise<ItemsPage[]> {
  const out: ItemsPage[] = [];
  for await (const page of pages) {
    if (page.format !== 'items') throw new Error(`unexpected ${page.format} page`);
    out.push(page);
  }
  return out;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('http source against a real local server', () => {
  let server: Server | undefined;

  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    server = undefined;
  });

  async function listen(
    respond: (
      url: string,
      headers: IncomingHttpHeaders,
    ) => { status: number; body: unknown; headers?: Record<string, string> },
  ): Promise<string> {
    server = createServer((request, response) => {
      const { status, body, headers } = respond(request.url ?? '', request.headers);
      response.writeHead(status, { 'content-type': 'application/json', ...headers });
      response.end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const address = server.address() as AddressInfo;
    return `http://127.0.0.1:${address.port}/v1/daily-metrics`;
  }

  it('follows cursors, sends the bearer token and retries 429 (Retry-After) and 503', async () => {
    // Prepare
    const requests: Array<{ url: string; authorization: string | undefined }> = [];
    let calls = 0;
    const url = await listen((requestUrl, headers) => {
      calls += 1;
      requests.push({ url: requestUrl, authorization: headers.authorization });
      if (calls === 2)
        return { status: 429, body: { message: 'slow down' }, headers: { 'retry-after': '2' } };
      if (calls === 4) return { status: 503, body: { message: 'maintenance' } };
      const cursor = new URL(requestUrl, 'http://x').searchParams.get('cursor');
      if (cursor === null)
        return { status: 200, body: { items: [{ tenantId: 'a' }, { tenantId: 'b' }], nextCursor: 'c2' } };
      if (cursor === 'c2')
        return { status: 200, body: { items: [{ tenantId: 'c' }, { tenantId: 'd' }], nextCursor: 'c3' } };
      return { status: 200, body: { items: [{ tenantId: 'e' }], nextCursor: null } };
    });
    const sleeps: number[] = [];
    const deps = testDeps(fetch, sleeps);

    // Act
    const pages = await collect(createHttpSource(httpConfig({ url }), deps).pages());

    // Assess
    expect(pages.map((page) => page.pageId)).toEqual(['page 1', 'page 2', 'page 3']);
    expect(pages.flatMap((page) => page.items)).toEqual(
      ['a', 'b', 'c', 'd', 'e'].map((tenantId) => ({ tenantId })),
    );
    expect(pages[0]).toMatchObject({ source: 'usage-api', kind: 'metrics', format: 'items' });
    expect(requests.map((request) => request.url)).toEqual([
      '/v1/daily-metrics?limit=2',
      '/v1/daily-metrics?cursor=c2&limit=2',
      '/v1/daily-metrics?cursor=c2&limit=2',
      '/v1/daily-metrics?cursor=c3&limit=2',
      '/v1/daily-metrics?cursor=c3&limit=2',
    ]);
    expect(new Set(requests.map((request) => request.authorization))).toEqual(new Set([`Bearer ${TOKEN}`]));
    // Retry-After: 2 is honoured exactly; the 503 waits a jittered backoff (0.5 x 500 ms for a first retry).
    expect(sleeps).toEqual([2000, 250]);
  });

  it('times out a request that hangs and says so after the last attempt', async () => {
    const url = await listen(() => ({ status: 200, body: { items: [] } }));
    // Replace the handler with one that never answers.
    server?.removeAllListeners('request');
    server?.on('request', () => {});
    const deps = { ...testDeps(fetch), timeoutMs: 50 };

    const error = await rejection(fetchPage(httpConfig({ url, maxAttempts: 2 }), null, deps));

    expect(error).toBeInstanceOf(HttpSourceError);
    expect(String(error)).toContain('failed after 2 attempt(s); last: timed out after 50 ms');
  });
});

describe('http source, page style', () => {
  it('requests numbered pages and stops at a short page', async () => {
    const { fetchFn, calls } = scriptedFetch([json({ items: [1, 2] }), json({ items: [3] })]);
    const config = httpConfig({ pagination: { style: 'page' }, url: 'https://api.example.com/m?region=eu' });

    const pages = await collect(createHttpSource(config, testDeps(fetchFn)).pages());

    expect(calls.map((call) => call.url)).toEqual([
      'https://api.example.com/m?region=eu&page=1&limit=2',
      'https://api.example.com/m?region=eu&page=2&limit=2',
    ]);
    expect(pages.map((page) => page.items)).toEqual([[1, 2], [3]]);
  });

  it('stops at an empty page and honours firstPage and parameter names', async () => {
    const { fetchFn, calls } = scriptedFetch([json({ data: [1, 2] }), json({ data: [] })]);
    const config = httpConfig({
      pagination: { style: 'page', pageParam: 'p', firstPage: 0 },
      pageSizeParam: 'per_page',
      itemsField: 'data',
    });

    const pages = await collect(createHttpSource(config, testDeps(fetchFn)).pages());

    expect(calls.map((call) => call.url)).toEqual([
      'https://usage.example.com/v1/daily-metrics?p=0&per_page=2',
      'https://usage.example.com/v1/daily-metrics?p=1&per_page=2',
    ]);
    expect(pages.map((page) => page.items)).toEqual([[1, 2]]);
  });
});

describe('fetchPage (one step for a Step Functions loop)', () => {
  it('returns the items and the cursor to resume from', async () => {
    const { fetchFn, calls } = scriptedFetch([json({ items: [{ n: 1 }], nextCursor: 'abc/+=' })]);

    const page = await fetchPage(httpConfig(), 'prev', testDeps(fetchFn));

    expect(page).toEqual({ items: [{ n: 1 }], next: 'abc/+=' });
    expect(calls[0]?.url).toBe('https://usage.example.com/v1/daily-metrics?cursor=prev&limit=2');
    expect(calls[0]?.headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
  });

  it.each([
    ['null', { items: [], nextCursor: null }],
    ['absent', { items: [] }],
    ['empty', { items: [], nextCursor: '' }],
  ])('ends when the next cursor is %s', async (_label, body) => {
    const { fetchFn } = scriptedFetch([json(body)]);
    await expect(fetchPage(httpConfig(), null, testDeps(fetchFn))).resolves.toEqual({
      items: [],
      next: null,
    });
  });

  it('returns the next page number in page style', async () => {
    const { fetchFn, calls } = scriptedFetch([json({ items: [1, 2] })]);
    const page = await fetchPage(httpConfig({ pagination: { style: 'page' } }), '7', testDeps(fetchFn));
    expect(page.next).toBe('8');
    expect(calls[0]?.url).toContain('page=7&limit=2');
  });

  it('sends no Authorization header when the source has no auth', async () => {
    const { fetchFn, calls } = scriptedFetch([json({ items: [] })]);
    await fetchPage(httpConfig({ auth: undefined }), null, testDeps(fetchFn));
    expect(calls[0]?.headers.has('authorization')).toBe(false);
  });
});

describe('http source retries and failures', () => {
  it('retries a network error, then succeeds', async () => {
    const { fetchFn, calls } = scriptedFetch([new TypeError('fetch failed'), json({ items: [1] })]);
    const sleeps: number[] = [];

    const page = await fetchPage(httpConfig(), null, testDeps(fetchFn, sleeps));

    expect(page.items).toEqual([1]);
    expect(calls).toHaveLength(2);
    expect(sleeps).toHaveLength(1);
  });

  it('honours a Retry-After HTTP-date', async () => {
    const retryAt = new Date('2026-11-22T02:00:05Z').toUTCString();
    const { fetchFn } = scriptedFetch([json({}, 429, { 'retry-after': retryAt }), json({ items: [] })]);
    const sleeps: number[] = [];

    await fetchPage(httpConfig(), null, testDeps(fetchFn, sleeps));

    expect(sleeps).toEqual([5000]);
  });

  it('gives up after maxAttempts with the status, URL and body in the error', async () => {
    const { fetchFn, calls } = scriptedFetch([
      json({ error: 'down' }, 503),
      json({ error: 'down' }, 503),
      json({ error: 'still down' }, 503),
    ]);
    const sleeps: number[] = [];

    const error = await rejection(fetchPage(httpConfig(), null, testDeps(fetchFn, sleeps)));

    expect(error).toBeInstanceOf(HttpSourceError);
    expect(error).toMatchObject({ status: 503, url: 'https://usage.example.com/v1/daily-metrics?limit=2' });
    expect(String(error)).toMatch(
      /usage-api.*failed after 3 attempt\(s\); last: HTTP 503: \{"error":"still down"\}/,
    );
    expect(calls).toHaveLength(3);
    // Full jitter with random() = 0.5: half of 500 ms, then half of 1000 ms.
    expect(sleeps).toEqual([250, 500]);
  });

  it.each([400, 401, 404])('fails at once on HTTP %i, without leaking secrets', async (status) => {
    const { fetchFn, calls } = scriptedFetch([
      json({ error: 'nope', echoedHeader: `Bearer ${TOKEN}` }, status),
      json({ items: [] }),
    ]);
    const config = httpConfig({ url: 'https://usage.example.com/v1/m?api_key=k3y&region=eu' });

    const error = await rejection(fetchPage(config, null, testDeps(fetchFn)));

    expect(error).toBeInstanceOf(HttpSourceError);
    expect(error).toMatchObject({ status });
    const message = String(error);
    expect(message).toContain(`HTTP ${status}`);
    expect(message).toContain('api_key=REDACTED&region=eu&limit=2');
    expect(message).toContain('"error":"nope"');
    expect(message).not.toContain('k3y');
    expect(message).not.toContain(TOKEN);
    expect(calls).toHaveLength(1);
  });

  it.each([
    ['an object', { items: { a: 1 } }],
    ['no such field', { records: [] }],
    ['null', { items: null }],
  ])('rejects a body whose items field is %s', async (found, body) => {
    const { fetchFn } = scriptedFetch([json(body)]);
    const error = await rejection(fetchPage(httpConfig(), null, testDeps(fetchFn)));
    expect(error).toBeInstanceOf(HttpSourceError);
    expect(String(error)).toContain(`expected an array of records at "items", found ${found}`);
  });

  it('rejects a body that is not JSON', async () => {
    const { fetchFn } = scriptedFetch([new Response('<html>login</html>', { status: 200 })]);
    const error = await rejection(fetchPage(httpConfig(), null, testDeps(fetchFn)));
    expect(String(error)).toMatch(/HttpSourceError: .*not JSON: <html>login<\/html>/);
  });

  it('stops a cursor that does not advance', async () => {
    const { fetchFn } = scriptedFetch([json({ items: [1], nextCursor: 'same' })]);
    await expect(fetchPage(httpConfig(), 'same', testDeps(fetchFn))).rejects.toThrow(/did not advance/);
  });

  it('names the unset environment variable holding the token', async () => {
    const { fetchFn, calls } = scriptedFetch([json({ items: [] })]);
    const deps = { ...testDeps(fetchFn), token: envToken('USAGE_TOKEN', {}) };

    const error = await rejection(fetchPage(httpConfig(), null, deps));

    expect(error).toBeInstanceOf(TokenUnavailableError);
    expect(String(error)).toContain('USAGE_TOKEN');
    expect(calls).toHaveLength(0);
  });

  it('reads the token from the environment', async () => {
    await expect(envToken('USAGE_TOKEN', { USAGE_TOKEN: ' t ' })()).resolves.toBe('t');
  });
});

describe('retry policy', () => {
  it('caps exponential backoff and Retry-After', () => {
    expect(backoffDelayMs(1, DEFAULT_BACKOFF, () => 0.999)).toBe(499);
    expect(backoffDelayMs(20, DEFAULT_BACKOFF, () => 0.5)).toBe(10_000);
    expect(retryAfterMs('3600', 0, DEFAULT_BACKOFF)).toBe(60_000);
    expect(retryAfterMs('Thu, 01 Jan 1970 00:00:00 GMT', 5000, DEFAULT_BACKOFF)).toBe(0);
    expect(retryAfterMs('soon', 0, DEFAULT_BACKOFF)).toBeUndefined();
    expect(retryAfterMs(null, 0, DEFAULT_BACKOFF)).toBeUndefined();
  });
});
