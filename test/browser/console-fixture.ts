import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { loadConfigFile } from '../../lambdas/config/load-config';
import { type TruthRecord, writePortfolio } from '../../lambdas/local/generator';
import { runLocal } from '../../lambdas/local/run-local';
import { type RunningServe, startServe } from '../../lambdas/local/serve';

/** A tenant name that must render as text everywhere: the console's escaping test. */
export const SCRIPT_NAME = '<script>alert(1)</script>';

export interface ConsoleNight {
  readonly url: string;
  /** The tenant renamed to SCRIPT_NAME: an at-risk business_decline tenant (its play needs approval). */
  readonly scriptTenantId: string;
  readonly serve: RunningServe;
}

/**
 * A small local demo night (generated portfolio, one tenant renamed to markup, a full local
 * night on DynamoDB Local + local SES), then `lifeline serve` on a free loopback port.
 */
export async function consoleNight(dir: string, tenants = 200, days = 60): Promise<ConsoleNight> {
  const feed = await writePortfolio({ tenants, days, seed: 7 }, join(dir, 'feed'));
  const truth = readFileSync(feed.files.truth, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as TruthRecord);
  const target = truth.find((row) => row.plantedCause === 'business_decline' && !row.churned);
  if (!target) throw new Error('the generated portfolio has no active business_decline tenant');
  const renamed = readFileSync(feed.files.tenants, 'utf8')
    .trim()
    .split('\n')
    .map((line) => {
      const tenant = JSON.parse(line) as { tenantId: string; name?: string };
      return JSON.stringify(tenant.tenantId === target.tenantId ? { ...tenant, name: SCRIPT_NAME } : tenant);
    });
  writeFileSync(feed.files.tenants, `${renamed.join('\n')}\n`);
  const stateDir = join(dir, 'state');
  await runLocal({
    tenantsFile: feed.files.tenants,
    metricsFile: feed.files.metrics,
    configPath: 'lifeline.config.json',
    outDir: join(dir, 'out'),
    stateDir,
    fresh: true,
  });
  const serve = await startServe({
    loaded: loadConfigFile('lifeline.config.json'),
    stateDir,
    outDir: join(dir, 'out'),
    port: 0,
    print: () => undefined,
  });
  return { url: serve.server.url, scriptTenantId: target.tenantId, serve };
}

/** Debian's chromium, headless, with the flags this machine needs (TOOLCHAIN.md). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
