import { createServer, type IncomingMessage, type Server } from 'node:http';
import { gzipSync } from 'node:zlib';
import type { SiteFile } from '../../web/build-site';
import type { HttpResponse } from '../domain/plays/unsubscribe-page';
import type { UnsubscribeDeps } from '../use-cases/campaigns/unsubscribe';
import { handleUnsubscribeRequest } from '../use-cases/campaigns/unsubscribe-request';
import { handleConsoleRequest, MAX_BODY_BYTES as MAX_API_BODY_BYTES } from '../use-cases/console/console-api';
import type { ConsoleDeps } from '../use-cases/console/console-deps';

export interface LocalServer {
  readonly url: string;
  readonly unsubscribeUrl: string;
  /** The review console, when the server was started with one. */
  readonly consoleUrl: string | null;
  close(): Promise<void>;
}

/** The review console served next to the unsubscribe endpoint: its API and its static site. */
export interface LocalConsole {
  readonly deps: ConsoleDeps;
  readonly site: readonly SiteFile[];
}

/** Port of `lifeline serve` unless told otherwise; the local emails' unsubscribe links use it. */
export const DEFAULT_LOCAL_PORT = 8787;

/** Largest unsubscribe request body read: a form with one token is a few hundred bytes. */
const MAX_FORM_BYTES = 16 * 1024;

/** Locally there is no login: everything the console does is audited as this actor. */
export const LOCAL_ACTOR = 'local';

/** The console page's policy: own scripts only, so even injected markup could not run script. */
const SITE_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: https:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
} as const;

class RequestTooLargeError extends Error {
  override readonly name = 'RequestTooLargeError';
}

/**
 * The HTTP side of the local stack on loopback only: the unsubscribe endpoint (same request
 * mapping as the Lambda behind API Gateway) and, when given, the review console (the same API
 * mapping as its Lambda, with the local actor instead of a Cognito user).
 */
export async function startLocalServer(
  port: number,
  unsubscribeDeps: UnsubscribeDeps,
  reviewConsole?: LocalConsole,
): Promise<LocalServer> {
  let origin = '';
  const server: Server = createServer((request, response) => {
    route(request, origin, unsubscribeDeps, reviewConsole)
      .then((result) => {
        const gzip =
          result.body.length > 1024 && /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
        const body = gzip ? gzipSync(result.body) : result.body;
        response.writeHead(result.statusCode, {
          ...result.headers,
          ...(gzip ? { 'content-encoding': 'gzip', vary: 'accept-encoding' } : {}),
        });
        response.end(body);
      })
      .catch((error: unknown) => {
        const tooLarge = error instanceof RequestTooLargeError;
        response.writeHead(tooLarge ? 413 : 500, { 'content-type': 'text/plain' });
        response.end(tooLarge ? error.message : `internal error: ${(error as Error).message}`);
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const bound = typeof address === 'object' && address !== null ? address.port : port;
  origin = `http://127.0.0.1:${bound}`;
  return {
    url: origin,
    unsubscribeUrl: `${origin}/unsubscribe`,
    consoleUrl: reviewConsole ? `${origin}/` : null,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

interface Reply {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

const reply = (response: HttpResponse): Reply => ({ ...response, body: Buffer.from(response.body) });
const text = (statusCode: number, body: string): Reply => ({
  statusCode,
  headers: { 'content-type': 'text/plain; charset=utf-8' },
  body: Buffer.from(body),
});

async function route(
  request: IncomingMessage,
  origin: string,
  unsubscribeDeps: UnsubscribeDeps,
  reviewConsole: LocalConsole | undefined,
): Promise<Reply> {
  const url = new URL(request.url ?? '/', origin);
  const method = request.method ?? 'GET';
  if (url.pathname === '/unsubscribe') {
    return reply(
      await handleUnsubscribeRequest(
        {
          method,
          queryToken: url.searchParams.get('token') ?? undefined,
          formBody: method === 'POST' ? await readBody(request, MAX_FORM_BYTES) : undefined,
        },
        unsubscribeDeps,
      ),
    );
  }
  if (!reviewConsole) return text(404, 'not found');
  if (url.pathname.startsWith('/api/')) {
    const refused = refuseForeign(request, origin);
    if (refused) return refused;
    return reply(
      await handleConsoleRequest(
        {
          method,
          path: url.pathname,
          query: Object.fromEntries(url.searchParams),
          body: method === 'POST' ? await readBody(request, MAX_API_BODY_BYTES) : undefined,
          identity: { id: LOCAL_ACTOR },
        },
        reviewConsole.deps,
        (error) => console.error('console request failed:', error),
      ),
    );
  }
  if (method !== 'GET' && method !== 'HEAD') return text(405, 'method not allowed');
  const file =
    reviewConsole.site.find((candidate) => candidate.path === url.pathname) ??
    // Every page path is the single-page app; unknown assets stay 404s.
    (url.pathname.startsWith('/assets/')
      ? undefined
      : reviewConsole.site.find((candidate) => candidate.path === '/index.html'));
  if (!file) return text(404, 'not found');
  return {
    statusCode: 200,
    headers: {
      ...SITE_HEADERS,
      'content-type': file.contentType,
      'cache-control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    },
    body: Buffer.from(file.body),
  };
}

/**
 * Local mode has no login, so the API must only answer the console itself: the Host must be
 * this loopback address (no DNS rebinding), a browser's Origin must be ours (no cross-site
 * requests from other pages the user has open), and writes must be JSON (no plain forms).
 */
function refuseForeign(request: IncomingMessage, origin: string): Reply | null {
  const host = request.headers.host;
  if (host !== new URL(origin).host && host !== `localhost:${new URL(origin).port}`) {
    return text(403, 'the local console answers on its loopback address only');
  }
  const from = request.headers.origin;
  if (from !== undefined && from !== origin && from !== `http://${host}`) {
    return text(403, 'cross-origin requests are refused');
  }
  if (
    request.method === 'POST' &&
    !String(request.headers['content-type'] ?? '').startsWith('application/json')
  ) {
    return text(415, 'the console API takes application/json');
  }
  return null;
}

async function readBody(request: IncomingMessage, maxBytes: number): Promise<string> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new RequestTooLargeError(`request body larger than ${maxBytes} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
