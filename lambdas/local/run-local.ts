import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoCapacityMeter } from '../adapters/dynamodb/capacity-meter';
import { createDocumentClient } from '../adapters/dynamodb/client';
import { forEachBounded } from '../adapters/dynamodb/concurrency';
import { DynamoFeedStore } from '../adapters/dynamodb/feed-store';
import { DynamoModelStore } from '../adapters/dynamodb/model-store';
import { DynamoRunStore } from '../adapters/dynamodb/run-store';
import { DynamoScoreStore } from '../adapters/dynamodb/score-store';
import { DynamoScoringContextStore } from '../adapters/dynamodb/scoring-context-store';
import { DynamoTenantReader } from '../adapters/dynamodb/tenant-reader';
import { FileRiskEvents } from '../adapters/local/file-risk-events';
import { FileQuarantine } from '../adapters/quarantine/file-quarantine';
import { SesMailer } from '../adapters/ses/ses-mailer';
import { createSource } from '../adapters/sources/create-source';
import { type LoadedConfig, loadConfigFile } from '../config/load-config';
import type { SourceConfig } from '../config/product-config';
import { renderDigestEmail } from '../domain/digest/digest-email';
import { scanMetricDates } from '../domain/feed/latest-date';
import { addScoreCounts, EMPTY_SCORE_COUNTS } from '../domain/run/score-counts';
import type { RunSummary } from '../domain/run/summarize-run';
import type { RiskChangedDetail } from '../domain/score-record';
import type { MetricsSource } from '../ports';
import { finalizeRun } from '../use-cases/finalize-run';
import { ingestSources } from '../use-cases/ingest-sources';
import { byTenantId } from '../use-cases/scoring/load-histories';
import { prepareScoring } from '../use-cases/scoring/prepare-scoring';
import type { ScoreStageResult } from '../use-cases/scoring/run-score-stage';
import { scoreShard } from '../use-cases/scoring/score-shard';
import { exportEmails } from './export-emails';
import { type LocalCampaignResult, runLocalCampaigns } from './local-campaigns';
import { type LocalDigestResult, runLocalDigests } from './local-digests';
import { type LocalStack, startLocalStack } from './local-stack';

export interface LocalRunOptions {
  /** Feed files; without them the config's file and http sources are used. */
  readonly tenantsFile?: string;
  readonly metricsFile?: string;
  readonly configPath: string;
  /** The night being run (YYYY-MM-DD); default: the latest metric date in the feed. */
  readonly asOf?: string;
  readonly outDir: string;
  readonly stateDir: string;
  readonly fresh: boolean;
  /** Plan and render but send nothing (every cleared send is recorded as dry_run). */
  readonly dryRun?: boolean;
  /** Train tonight even when the cadence says the current model is recent enough. */
  readonly forceTraining?: boolean;
  readonly onProgress?: (progress: { stage: string; done: number; total: number }) => void;
  readonly onNotice?: (message: string) => void;
}

export interface LocalRunResult {
  readonly runJson: RunJson;
  readonly outDir: string;
}

export interface RunJson extends RunSummary {
  readonly asOf: string;
  readonly configVersion: string;
  readonly wallTimeMs: number;
  readonly stageTimingsMs: Readonly<Record<string, number>>;
  readonly quarantined: number;
  readonly costPerTenantDay: { readonly readUnits: number; readonly writeUnits: number };
  readonly score: Omit<ScoreStageResult, 'scores'>;
  readonly digests: Pick<LocalDigestResult, 'csms' | 'sent' | 'quiet' | 'alreadySent'>;
  readonly campaigns: {
    readonly decisions: number;
    readonly emailsSent: number;
    readonly byPlayAndStatus: LocalCampaignResult['byPlayAndStatus'];
  };
}

export class LocalRunError extends Error {
  override readonly name = 'LocalRunError';
}

/** The nightly run on the embedded stack: the same use cases and adapters as in Lambda. */
export async function runLocal(options: LocalRunOptions): Promise<LocalRunResult> {
  const started = Date.now();
  const loaded = loadConfigFile(options.configPath);
  const sources = localSources(loaded, options);
  if (!sources.some((source) => source.kind === 'metrics')) {
    throw new LocalRunError(
      'no metrics source: pass --metrics FILE or configure a file or http metrics source',
    );
  }
  const scan = await scanMetricDates(pagesOf(sources.filter((source) => source.kind === 'metrics')));
  const asOf = options.asOf ?? scan.latest;
  if (!asOf) throw new LocalRunError('the metrics feed has no valid dated record; pass --as-of YYYY-MM-DD');

  const outDir = resolve(options.outDir);
  await mkdir(outDir, { recursive: true });
  const quarantinePath = join(outDir, 'quarantine.jsonl');
  await rm(quarantinePath, { force: true });
  await writeFile(quarantinePath, '');

  const stack = await startLocalStack({ stateDir: resolve(options.stateDir), fresh: options.fresh });
  try {
    const timings: Record<string, number> = {};
    const meter = new DynamoCapacityMeter();
    const client = localClient(stack);
    const runs = new DynamoRunStore(client, stack.tableName, meter);
    const store = new DynamoFeedStore(
      client,
      stack.tableName,
      loaded.config.storage.tenantShards,
      meter,
      () => new Date(),
      {
        writeConcurrency: loaded.config.ingest.writeConcurrency,
      },
    );

    const ingestStarted = Date.now();
    let done = 0;
    let pageDone = 0;
    const parts = await ingestSources(asOf, sources, {
      store,
      quarantine: new FileQuarantine(quarantinePath),
      runs,
      meter,
      clock: () => new Date(),
      // Big batches let one month item be written once with all its days (DynamoDB Local is
      // request-bound); 10k records is a few MB of memory.
      batchSize: 10_000,
      onProgress: (readInPage) => {
        if (readInPage < pageDone) pageDone = 0;
        done += readInPage - pageDone;
        pageDone = readInPage;
        options.onProgress?.({ stage: 'ingest', done, total: Math.max(done, scan.records) });
      },
    });
    timings.ingest = Date.now() - ingestStarted;

    const eventsPath = join(outDir, 'events.jsonl');
    await writeFile(eventsPath, '');
    // The score stage as the deployed run does it: prepare (context + model, stored) once, then
    // every shard on its own, each with its own meter so its part records what it cost.
    const scoring = () => {
      const unit = new DynamoCapacityMeter();
      return {
        meter: unit,
        reader: new DynamoTenantReader(client, stack.tableName, unit),
        models: new DynamoModelStore(client, stack.tableName, unit),
        contexts: new DynamoScoringContextStore(client, stack.tableName, unit),
        scores: new DynamoScoreStore(client, stack.tableName, unit),
        runs: new DynamoRunStore(client, stack.tableName, unit),
        clock: () => new Date(),
      };
    };
    const shards = Array.from({ length: loaded.config.storage.tenantShards }, (_, shard) => shard);
    const trainStarted = Date.now();
    const prepared = await prepareScoring(
      { runId: asOf, asOf, shards },
      loaded.config,
      loaded.configVersion,
      {
        ...scoring(),
        ...(options.forceTraining === undefined ? {} : { forceTraining: options.forceTraining }),
      },
    );
    timings.train = Date.now() - trainStarted;
    const scoreStarted = Date.now();
    // Shards overlap their DynamoDB Local round trips as the Distributed Map overlaps Lambdas;
    // each keeps its events, so events.jsonl comes out in shard order whatever finished first.
    const shardResults: Awaited<ReturnType<typeof scoreShard>>[] = [];
    const shardEvents: RiskChangedDetail[][] = shards.map(() => []);
    await forEachBounded(shards, loaded.config.scoring.maxConcurrentShards, async (shard) => {
      shardResults[shard] = await scoreShard(
        { runId: asOf, asOf, shard },
        loaded.config,
        loaded.configVersion,
        {
          ...scoring(),
          events: { publish: async (details) => void shardEvents[shard]?.push(...details) },
        },
      );
    });
    await new FileRiskEvents(eventsPath).publish(shardEvents.flat());
    timings.score = Date.now() - scoreStarted;
    const scores = shardResults.flatMap((result) => result.scores).sort(byTenantId);
    await writeFile(
      join(outDir, 'scores.jsonl'),
      scores.map((score) => `${JSON.stringify(score)}\n`).join(''),
    );
    const counts = shardResults.reduce(
      (sum, result) => addScoreCounts(sum, result.part.counts),
      EMPTY_SCORE_COUNTS,
    );
    const scoreSummary = { model: prepared.night.report, counts };

    const ses = new SESv2Client({
      endpoint: stack.sesEndpoint,
      region: stack.region,
      credentials: stack.credentials,
      // The mailer owns the throttling retries; SDK retries on top would multiply them.
      maxAttempts: 1,
    });
    const mailer = new SesMailer(ses);
    const campaigns = await runLocalCampaigns({
      client,
      tableName: stack.tableName,
      runs,
      mailer,
      meter: new DynamoCapacityMeter(),
      loaded,
      reader: new DynamoTenantReader(client, stack.tableName, new DynamoCapacityMeter()),
      scores: new DynamoScoreStore(client, stack.tableName, new DynamoCapacityMeter()),
      runDate: asOf,
      outDir,
      stateDir: resolve(options.stateDir),
      dryRun: options.dryRun ?? false,
    });
    timings.plan = campaigns.planMs;
    timings.send = campaigns.sendMs;
    const digests = await runLocalDigests({
      client,
      tableName: stack.tableName,
      meter: new DynamoCapacityMeter(),
      loaded,
      mailer,
      render: (digest) =>
        renderDigestEmail(digest, {
          productName: loaded.config.email.productName,
          allQuiet: loaded.config.digest.allQuiet,
          ...(loaded.config.digest.consoleUrl ? { consoleUrl: loaded.config.digest.consoleUrl } : {}),
        }),
      date: asOf,
      quarantinedRecords: parts.reduce((sum, part) => sum + part.counts.quarantined, 0),
      outDir,
    });
    timings.digest = digests.ms;
    await exportEmails(
      stack.sesEndpoint,
      join(outDir, 'emails'),
      new Map([...campaigns.origins, ...digests.origins]),
    );
    ses.destroy();

    const summary = await finalizeRun(asOf, runs, { asOf, configVersion: loaded.configVersion });
    const tenantDays = Math.max(
      1,
      parts.reduce((sum, part) => sum + part.counts.accepted, 0),
    );
    const runJson: RunJson = {
      ...summary,
      asOf,
      configVersion: loaded.configVersion,
      wallTimeMs: Date.now() - started,
      stageTimingsMs: timings,
      quarantined: summary.stages.ingest.counts.quarantined,
      costPerTenantDay: {
        readUnits: round4(summary.stages.ingest.capacity.readUnits / tenantDays),
        writeUnits: round4(summary.stages.ingest.capacity.writeUnits / tenantDays),
      },
      score: scoreSummary,
      digests: {
        csms: digests.csms,
        sent: digests.sent,
        quiet: digests.quiet,
        alreadySent: digests.alreadySent,
      },
      campaigns: {
        decisions: campaigns.decisions.length,
        emailsSent: campaigns.emailsSent,
        byPlayAndStatus: campaigns.byPlayAndStatus,
      },
    };
    await writeFile(join(outDir, 'run.json'), `${JSON.stringify(runJson, null, 2)}\n`);
    client.destroy();
    return { runJson, outDir };
  } finally {
    await stack.stop();
  }
}

function localSources(loaded: LoadedConfig, options: LocalRunOptions): MetricsSource[] {
  const fromFlags: SourceConfig[] = [];
  if (options.tenantsFile)
    fromFlags.push({ id: 'tenants', kind: 'tenants', type: 'file', path: options.tenantsFile });
  if (options.metricsFile)
    fromFlags.push({ id: 'metrics', kind: 'metrics', type: 'file', path: options.metricsFile });
  if (fromFlags.length > 0) return fromFlags.map((source) => createSource(source, { runtime: 'local' }));
  const configured = loaded.config.sources.filter((source) => {
    if (source.type !== 's3') return true;
    options.onNotice?.(`source "${source.id}" reads S3 and is skipped locally`);
    return false;
  });
  const baseDir = dirname(resolve(options.configPath));
  return configured.map((source) => createSource(source, { runtime: 'local', baseDir }));
}

function localClient(stack: LocalStack) {
  return createDocumentClient({
    endpoint: stack.dynamoEndpoint,
    region: stack.region,
    credentials: stack.credentials,
  });
}

async function* pagesOf(sources: readonly MetricsSource[]) {
  for (const source of sources) yield* source.pages();
}

const round4 = (n: number) => Math.round(n * 10_000) / 10_000;
