import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoCampaignStore } from '../adapters/dynamodb/campaign-store';
import type { CapacityRecorder } from '../adapters/dynamodb/capacity-meter';
import { forEachBounded } from '../adapters/dynamodb/concurrency';
import { DynamoDigestStore } from '../adapters/dynamodb/digest-store';
import { DynamoScoreStore } from '../adapters/dynamodb/score-store';
import { DynamoTenantReader } from '../adapters/dynamodb/tenant-reader';
import type { LoadedConfig } from '../config/load-config';
import type { Mailer } from '../ports';
import { collectDigestShard } from '../use-cases/digest/collect-digest-shard';
import { type RenderDigest, sendDigest } from '../use-cases/digest/send-digest';
import type { MessageOrigin } from './export-emails';

export interface LocalDigestOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly meter: CapacityRecorder;
  readonly loaded: LoadedConfig;
  readonly mailer: Mailer;
  readonly render: RenderDigest;
  readonly date: string;
  readonly quarantinedRecords: number;
  readonly outDir: string;
}

export interface LocalDigestResult {
  readonly csms: number;
  readonly sent: number;
  readonly quiet: number;
  readonly alreadySent: number;
  readonly origins: ReadonlyMap<string, MessageOrigin>;
  readonly ms: number;
}

/** File name of a CSM's digest: the address, made safe for every file system. */
export const digestFileName = (csmEmail: string) => csmEmail.replace(/[^A-Za-z0-9@._-]/g, '_');

/**
 * The morning digest of a local night: collect entries shard by shard, then one email per CSM
 * through the local SES endpoint (at most once per CSM and day), written to digest/<csm>.html
 * and .txt as well.
 */
export async function runLocalDigests(options: LocalDigestOptions): Promise<LocalDigestResult> {
  const started = Date.now();
  const { config } = options.loaded;
  const { client, tableName, meter } = options;
  const digests = new DynamoDigestStore(client, tableName, meter);
  const shards = Array.from({ length: config.storage.tenantShards }, (_, shard) => shard);
  await forEachBounded(shards, config.scoring.maxConcurrentShards, async (shard) => {
    await collectDigestShard(options.date, shard, config.digest, {
      reader: new DynamoTenantReader(client, tableName, meter),
      scores: new DynamoScoreStore(client, tableName, meter),
      campaigns: new DynamoCampaignStore(client, tableName, meter, {
        tenantShards: config.storage.tenantShards,
      }),
      digests,
    });
  });
  const dir = join(options.outDir, 'digest');
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const origins = new Map<string, MessageOrigin>();
  const counts = { sent: 0, quiet: 0, alreadySent: 0 };
  const csms = await digests.csms(options.date);
  for (const csm of csms) {
    const outcome = await sendDigest(
      options.date,
      csm,
      { maxRowsPerSection: config.digest.maxRowsPerSection, quarantinedRecords: options.quarantinedRecords },
      {
        digests,
        mailer: options.mailer,
        render: options.render,
        email: config.email,
        clock: () => new Date(),
        claimTimeoutMs: 15 * 60_000,
      },
    );
    if (outcome.outcome === 'quiet') {
      counts.quiet++;
      continue;
    }
    if (outcome.outcome === 'sent') {
      counts.sent++;
      origins.set(outcome.messageId, { kind: 'digest' });
    } else counts.alreadySent++;
    // Written on a re-run too: the files are what this night's digest says, sent once.
    await writeFile(join(dir, `${digestFileName(csm)}.html`), outcome.rendered.html);
    await writeFile(join(dir, `${digestFileName(csm)}.txt`), outcome.rendered.text);
  }
  return { csms: csms.length, ...counts, origins, ms: Date.now() - started };
}
