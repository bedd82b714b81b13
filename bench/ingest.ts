import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfigFile } from '../lambdas/config/load-config';
import { writePortfolio } from '../lambdas/local/generator';
import { type RunJson, runLocal } from '../lambdas/local/run-local';

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
  /** The plan and send stages of the first night (same run), through DynamoDB Local and local SES. */
  readonly campaigns: {
    decisions: number;
    decisionsPerSecond: number;
    emailsSent: number;
    emailsPerSecond: number;
    byPlayAndStatus: Record<string, Record<string, number>>;
  };
  /** The same night again: nothing planned anew, nothing sent. */
  readonly reRunEmailsSent: number;
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
        runJson,
      };
    };
    const first = await night(true);
    const again = await night(false);
    return {
      tenants,
      days,
      records: first.records,
      firstNight: pick(first),
      campaigns: campaignFigures(first.runJson),
      reRunEmailsSent: again.runJson.campaigns.emailsSent,
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
function campaignFigures(runJson: RunJson) {
  const planSeconds = (runJson.stageTimingsMs.plan ?? 0) / 1000;
  const sendSeconds = (runJson.stageTimingsMs.send ?? 0) / 1000;
  const { decisions, emailsSent, byPlayAndStatus } = runJson.campaigns;
  return {
    decisions,
    decisionsPerSecond: Math.round(decisions / planSeconds),
    emailsSent,
    emailsPerSecond: Math.round(emailsSent / sendSeconds),
    byPlayAndStatus: byPlayAndStatus as Record<string, Record<string, number>>,
  };
}

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;
