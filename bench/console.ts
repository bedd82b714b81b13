/**
 * `npm run bench:console`: the review console's figures after a small local night (200 tenants
 * x 60 days, as the browser test): page weight (bytes transferred, gzip) and time to first
 * render of the Plays page in headless Chromium (cold cache, median of 5 loads), and the API's
 * latency (p50/p95 of 20 sequential requests per endpoint) on DynamoDB Local.
 * Results are printed and written to out/bench/console.json.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { consoleNight, launchChromium } from '../test/browser/console-fixture';

const LOADS = 5;
const REQUESTS = 20;

const work = mkdtempSync(join(tmpdir(), 'lifeline-console-bench-'));
const night = await consoleNight(work);
const browser = await launchChromium();
try {
  const loads: {
    transferredBytes: number;
    requests: number;
    firstContentfulPaintMs: number;
    playsRenderedMs: number;
  }[] = [];
  for (let i = 0; i < LOADS; i++) {
    // A new context per load: an empty cache, as a first visit.
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const responses: Promise<number>[] = [];
    page.on('requestfinished', (request) =>
      responses.push(request.sizes().then((sizes) => sizes.responseBodySize + sizes.responseHeadersSize)),
    );
    await page.goto(`${night.url}/plays`);
    await page.locator('table.plays tbody tr').nth(5).waitFor();
    const timing = await page.evaluate(() => ({
      fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN,
      rendered: performance.now(),
    }));
    await page.waitForLoadState('networkidle');
    const sizes = await Promise.all(responses);
    loads.push({
      transferredBytes: sizes.reduce((sum, size) => sum + size, 0),
      requests: sizes.length,
      firstContentfulPaintMs: Math.round(timing.fcp),
      playsRenderedMs: Math.round(timing.rendered),
    });
    await context.close();
  }
  const median = (values: number[]) =>
    [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
  const page = {
    transferredKB: Math.round(median(loads.map((load) => load.transferredBytes)) / 102.4) / 10,
    requests: median(loads.map((load) => load.requests)),
    firstContentfulPaintMs: median(loads.map((load) => load.firstContentfulPaintMs)),
    playsTableRenderedMs: median(loads.map((load) => load.playsRenderedMs)),
  };

  const sends = (await (await fetch(`${night.url}/api/sends?status=sent`)).json()) as {
    decisions: { key: string }[];
  };
  const sentKey = encodeURIComponent(sends.decisions[0]?.key ?? '');
  const endpoints = [
    '/api/plays',
    '/api/plays/effects',
    '/api/tonight',
    '/api/approvals',
    '/api/sends',
    `/api/sends/${sentKey}/email`,
    `/api/tenants/${encodeURIComponent(night.scriptTenantId)}`,
    '/api/audit',
  ];
  const api: Record<string, { p50Ms: number; p95Ms: number }> = {};
  const all: number[] = [];
  for (const endpoint of endpoints) {
    const times: number[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      const started = performance.now();
      const response = await fetch(`${night.url}${endpoint}`);
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`${endpoint}: HTTP ${response.status}`);
      times.push(performance.now() - started);
    }
    all.push(...times);
    api[endpoint.replace(sentKey, ':key').replace(encodeURIComponent(night.scriptTenantId), ':id')] = {
      p50Ms: Math.round(percentile(times, 0.5)),
      p95Ms: Math.round(percentile(times, 0.95)),
    };
  }
  const results = {
    page,
    loads,
    api,
    apiOverall: { p50Ms: Math.round(percentile(all, 0.5)), p95Ms: Math.round(percentile(all, 0.95)) },
  };
  mkdirSync('out/bench', { recursive: true });
  writeFileSync('out/bench/console.json', `${JSON.stringify(results, null, 2)}\n`);
  console.log(JSON.stringify(results, null, 2));
} finally {
  await browser.close();
  await night.serve.stop();
  rmSync(work, { recursive: true, force: true });
}

function percentile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] as number;
}
