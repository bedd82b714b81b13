import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfigFile } from '../lambdas/config/load-config';
import { writePortfolio } from '../lambdas/local/generator';
import { runLocal } from '../lambdas/local/run-local';

export interface IngestBench {
  readonly tenants: number;
  readonly days: number;
  readonly records: number;
  readonly firstNight: {
    seconds: number;
    recordsPerSecond: number;
    rcuPerTenantDay: number;
    wcuPerTenantDay: number;
  };
  readonly reIngest: {
    seconds: number;
    recordsPerSecond: number;
    rcuPerTenantDay: number;
    wcuPerTenantDay: number;
  };
}

/**
 * Ingest of the demo portfolio into DynamoDB Local through the real local runner, then the same
 * feed again (the no-op re-run of a night). Capacity comes from ReturnConsumedCapacity.
 */
export async function benchIngest(tenants: number, days: number): Promise<IngestBench> {
  const work = mkdtempSync(join(tmpdir(), 'lifeline-bench-'));
  try {
    const { config } = loadConfigFile('lifeline.config.json');
    const feed = await writePortfolio(
      { tenants, days, seed: 7, features: config.features },
      join(work, 'feed'),
    );
    const night = async (fresh: boolean) => {
      const started = performance.now();
      const { runJson } = await runLocal({
        tenantsFile: feed.files.tenants,
        metricsFile: feed.files.metrics,
        configPath: 'lifeline.config.json',
        asOf: feed.asOf,
        outDir: join(work, 'out'),
        stateDir: join(work, 'state'),
        fresh,
      });
      const ingestSeconds = (runJson.stageTimingsMs.ingest ?? 0) / 1000;
      const records = runJson.stages.ingest.counts.read;
      return {
        seconds: round(ingestSeconds, 2),
        wallSeconds: (performance.now() - started) / 1000,
        recordsPerSecond: Math.round(records / ingestSeconds),
        rcuPerTenantDay: runJson.costPerTenantDay.readUnits,
        wcuPerTenantDay: runJson.costPerTenantDay.writeUnits,
        records,
      };
    };
    const first = await night(true);
    const again = await night(false);
    return {
      tenants,
      days,
      records: first.records,
      firstNight: pick(first),
      reIngest: pick(again),
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const pick = (n: {
  seconds: number;
  recordsPerSecond: number;
  rcuPerTenantDay: number;
  wcuPerTenantDay: number;
}) => ({
  seconds: n.seconds,
  recordsPerSecond: n.recordsPerSecond,
  rcuPerTenantDay: n.rcuPerTenantDay,
  wcuPerTenantDay: n.wcuPerTenantDay,
});
const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;
