import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalServer, startLocalServer } from '../../lambdas/local/local-server';
import type { UnsubscribeDeps } from '../../lambdas/use-cases/campaigns/unsubscribe';
import type { ConsoleDeps } from '../../lambdas/use-cases/console/console-deps';
import { buildConsoleSite, siteConfigFile } from '../../web/build-site';

/**
 * `lifeline serve`'s console without login: it must serve the site with its policy and answer
 * API requests only from the console itself. The use cases behind it get no dependencies here:
 * a refused request never reaches them (one that did would fail with a 500).
 */
describe('the local console server', () => {
  let server: LocalServer;
  beforeAll(async () => {
    server = await startLocalServer(0, {} as UnsubscribeDeps, {
      deps: {} as ConsoleDeps,
      site: [...buildConsoleSite(), siteConfigFile({ auth: null })],
    });
  });
  afterAll(() => server.close());

  const send = (
    path: string,
    options: { method?: string; headers?: Record<string, string>; body?: string } = {},
  ) =>
    new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>(
      (resolve, reject) => {
        const url = new URL(path, server.url);
        const outgoing = request(
          {
            host: url.hostname,
            port: url.port,
            path: url.pathname,
            method: options.method ?? 'GET',
            headers: options.headers,
          },
          (response) => {
            const chunks: Buffer[] = [];
            response.on('data', (chunk: Buffer) => chunks.push(chunk));
            response.on('end', () =>
              resolve({
                status: response.statusCode ?? 0,
                headers: response.headers,
                body: Buffer.concat(chunks).toString(),
              }),
            );
          },
        );
        outgoing.on('error', reject);
        outgoing.end(options.body);
      },
    );

  it('serves the single-page app for every page path, with its security policy', async () => {
    for (const path of ['/', '/plays', '/tenants/t-1']) {
      const page = await send(path);
      expect(page.status).toBe(200);
      expect(page.body).toContain('<div id="app">');
      expect(page.headers['content-security-policy']).toContain("script-src 'self'");
      expect(page.headers['x-frame-options']).toBe('DENY');
    }
    expect((await send('/assets/missing.js')).status).toBe(404);
    expect(JSON.parse((await send('/config.json')).body)).toEqual({ auth: null });
    const script = (await send('/')).body.match(/src="([^"]+\.js)"/)?.[1] ?? '';
    const asset = await send(script, { headers: { 'accept-encoding': 'gzip' } });
    expect(asset.headers).toMatchObject({
      'content-encoding': 'gzip',
      'cache-control': expect.stringContaining('immutable'),
    });
  });

  it('answers the API only for its own loopback host, its own origin and JSON writes', async () => {
    const port = new URL(server.url).port;
    const rebound = await send('/api/plays', { headers: { host: `attacker.example:${port}` } });
    expect(rebound.status).toBe(403);
    const crossSite = await send('/api/plays/low_adoption/pause', {
      method: 'POST',
      headers: { origin: 'https://attacker.example', 'content-type': 'application/json' },
      body: '{}',
    });
    expect(crossSite.status).toBe(403);
    const form = await send('/api/approvals', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'action=approve',
    });
    expect(form.status).toBe(415);
  });
});
