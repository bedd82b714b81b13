import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoCampaignStore } from '../adapters/dynamodb/campaign-store';
import type { CapacityRecorder } from '../adapters/dynamodb/capacity-meter';
import { forEachBounded } from '../adapters/dynamodb/concurrency';
import { DynamoConsoleStore } from '../adapters/dynamodb/console-store';
import type { LoadedConfig } from '../config/load-config';
import { addDays } from '../domain/calendar';
import type { CampaignDecision } from '../domain/plays/campaign-decision';
import { nightStartOf } from '../domain/run/night-start';
import type { CapacityMeter, Mailer, RunStore, ScoreRepository } from '../ports';
import { playEmailComposer } from '../use-cases/campaigns/compose-play-email';
import { deliverDueCampaigns } from '../use-cases/campaigns/deliver-due';
import { planShard } from '../use-cases/campaigns/plan-shard';
import type { TenantHistoryReader } from '../use-cases/scoring/load-histories';
import type { MessageOrigin } from './export-emails';
import { DEFAULT_LOCAL_PORT } from './local-server';

/** Where `lifeline serve` answers unsubscribe links when the config names no public endpoint. */
export const LOCAL_UNSUBSCRIBE_URL = `http://127.0.0.1:${DEFAULT_LOCAL_PORT}/unsubscribe`;
/** Earlier nights whose deferred sends (quiet hours over a weekend) a local night still delivers. */
const PENDING_LOOKBACK_DAYS = 7;
/** Extra passes over sends that hit a transient error (the queue's redeliveries on AWS). */
const SEND_ATTEMPTS = 3;

export interface LocalCampaignOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly mailer: Mailer;
  readonly meter: CapacityRecorder & CapacityMeter;
  readonly runs: RunStore;
  readonly loaded: LoadedConfig;
  readonly reader: TenantHistoryReader;
  readonly scores: Pick<ScoreRepository, 'latest'>;
  readonly runDate: string;
  readonly outDir: string;
  readonly stateDir: string;
  readonly dryRun: boolean;
}

export interface LocalCampaignResult {
  readonly decisions: readonly CampaignDecision[];
  readonly byPlayAndStatus: Readonly<Record<string, Readonly<Record<string, number>>>>;
  readonly emailsSent: number;
  /** SES message id -> play and tenant, for the email export. */
  readonly origins: ReadonlyMap<string, MessageOrigin>;
  readonly planMs: number;
  readonly sendMs: number;
}

/**
 * The plan and send stages of a local night. The night starts at the nightly schedule's time on
 * the day after runDate; the local sender then plays out the following 24 hours, delivering each
 * email when its recipient's send window opens (on AWS the queue holds it until then).
 */
export async function runLocalCampaigns(options: LocalCampaignOptions): Promise<LocalCampaignResult> {
  const { config, configVersion } = options.loaded;
  const store = new DynamoCampaignStore(options.client, options.tableName, options.meter, {
    tenantShards: config.storage.tenantShards,
  });
  const nightStart = nightStartOf(options.runDate, config.schedules.nightlyRun);

  const planStarted = Date.now();
  // The local outbox is the send queue: what the plan cleared, in the order it was planned.
  const queued: CampaignDecision[] = [];
  const outbox = {
    enqueue: async (decisions: readonly CampaignDecision[]) => void queued.push(...decisions),
  };
  const overrides = new DynamoConsoleStore(options.client, options.tableName, options.meter, {
    tenantShards: config.storage.tenantShards,
  });
  const shards = Array.from({ length: config.storage.tenantShards }, (_, shard) => shard);
  await forEachBounded(shards, config.scoring.maxConcurrentShards, async (shard) => {
    await planShard(
      {
        runId: options.runDate,
        runDate: options.runDate,
        shard,
        now: nightStart,
        dryRun: options.dryRun || config.email.dryRun,
      },
      config,
      configVersion,
      {
        reader: options.reader,
        scores: options.scores,
        campaigns: store,
        outbox,
        overrides,
        runs: options.runs,
        meter: options.meter,
        clock: () => new Date(),
      },
    );
  });
  const planMs = Date.now() - planStarted;

  const sendStarted = Date.now();
  const pending = [...queued, ...(await pendingFromEarlierNights(store, options.runDate))];
  const deps = {
    store,
    mailer: options.mailer,
    compose: playEmailComposer(config),
    email: config.email,
    unsubscribeUrl: config.email.unsubscribeBaseUrl ?? LOCAL_UNSUBSCRIBE_URL,
    unsubscribeSecret: unsubscribeSecret(options.stateDir),
    claimTimeoutMs: 15 * 60_000,
  };
  const until = new Date(nightStart.getTime() + 86_400_000);
  let report = await deliverDueCampaigns(pending, nightStart, until, deps);
  const delivered = [...report.sent];
  // Like queue redeliveries: a transient SES error gets a few more tries before the night ends.
  for (let attempt = 0; attempt < SEND_ATTEMPTS && report.retry.length > 0; attempt++) {
    report = await deliverDueCampaigns(report.retry, nightStart, until, deps);
    delivered.push(...report.sent);
  }
  const origins = new Map<string, MessageOrigin>();
  for (const { decision, messageIds } of delivered) {
    for (const messageId of messageIds) {
      origins.set(messageId, { kind: 'play', play: decision.play, tenantId: decision.tenantId });
    }
  }
  const sendMs = Date.now() - sendStarted;

  const decisions: CampaignDecision[] = [];
  for await (const campaign of store.nightCampaigns(options.runDate)) decisions.push(campaign.decision);
  decisions.sort((a, b) => (a.key < b.key ? -1 : 1));
  await writeFile(
    join(options.outDir, 'campaigns.jsonl'),
    decisions.map((decision) => `${JSON.stringify(decision)}\n`).join(''),
  );

  const byPlayAndStatus: Record<string, Record<string, number>> = {};
  for (const decision of decisions) {
    const row = byPlayAndStatus[decision.play] ?? {};
    row[decision.status] = (row[decision.status] ?? 0) + 1;
    byPlayAndStatus[decision.play] = row;
  }
  return { decisions, byPlayAndStatus, emailsSent: origins.size, origins, planMs, sendMs };
}

async function pendingFromEarlierNights(
  store: DynamoCampaignStore,
  runDate: string,
): Promise<CampaignDecision[]> {
  const pending: CampaignDecision[] = [];
  for (let back = 1; back <= PENDING_LOOKBACK_DAYS; back++) {
    for await (const campaign of store.nightCampaigns(addDays(runDate, -back))) {
      pending.push(campaign.decision);
    }
  }
  return pending;
}

/** One secret per local state directory, so links in earlier nights' emails keep working. */
export function unsubscribeSecret(stateDir: string): string {
  const path = join(stateDir, 'unsubscribe-secret');
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(path, `${secret}\n`, { mode: 0o600 });
  return secret;
}
