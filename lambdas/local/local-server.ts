import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { HttpResponse } from '../domain/plays/unsubscribe-page';
import type { UnsubscribeDeps } from '../use-cases/campaigns/unsubscribe';
import { handleUnsubscribeRequest } from '../use-cases/campaigns/unsubscribe-request';

export interface LocalServer {
  readonly url: string;
  readonly unsubscribeUrl: string;
  close(): Promise<void>;
}

/** Port of `lifeline serve` unless told otherwise; the local emails' unsubscribe links use it. */
export const DEFAULT_LOCAL_PORT = 8787;

/** Largest request body read: a form with one token is a few hundred bytes. */
const MAX_BODY_BYTES = 16 * 1024;

/**
 * The HTTP side of the local stack on loopback only: the unsubscribe endpoint (same request
 * mapping as the Lambda behind API Gateway).
 */
export async function startLocalServer(port: number, unsubscribeDeps: UnsubscribeDeps): Promise<LocalServer> {
  const server: Server = createServer((request, response) => {
    route(request, unsubscribeDeps)
      .then((result) => {
        response.writeHead(result.statusCode, result.headers);
        response.end(result.body);
      })
      .catch((error: unknown) => {
        response.writeHead(500, { 'content-type': 'text/plain' });
        response.end(`internal error: ${(error as Error).message}`);
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const bound = typeof address === 'object' && address !== null ? address.port : port;
  const url = `http://127.0.0.1:${bound}`;
  return {
    url,
    unsubscribeUrl: `${url}/unsubscribe`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function route(request: IncomingMessage, deps: UnsubscribeDeps): Promise<HttpResponse> {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  if (url.pathname !== '/unsubscribe') {
    return { statusCode: 404, headers: { 'content-type': 'text/plain' }, body: 'not found' };
  }
  return handleUnsubscribeRequest(
    {
      method: request.method ?? 'GET',
      queryToken: url.searchParams.get('token') ?? undefined,
      formBody: request.method === 'POST' ? await readBody(request) : undefined,
    },
    deps,
  );
}

async function readBody(request: IncomingMessage): Promise<string> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
