import { SESv2Client } from '@aws-sdk/client-sesv2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoCampaignStore } from '../../lambdas/adapters/dynamodb/campaign-store';
import { DynamoCapacityMeter } from '../../lambdas/adapters/dynamodb/capacity-meter';
import { DynamoDigestStore } from '../../lambdas/adapters/dynamodb/digest-store';
import { DynamoFeedStore } from '../../lambdas/adapters/dynamodb/feed-store';
import { DynamoScoreStore } from '../../lambdas/adapters/dynamodb/score-store';
import { DynamoTenantReader } from '../../lambdas/adapters/dynamodb/tenant-reader';
import { SesMailer } from '../../lambdas/adapters/ses/ses-mailer';
import { loadConfigFile } from '../../lambdas/config/load-config';
import { HEALTH_DIMENSIONS } from '../../lambdas/config/product-config';
import { renderDigestEmail } from '../../lambdas/domain/digest/digest-email';
import type { TenantRecord } from '../../lambdas/domain/feed/feed-records';
import type { Band, ScoreRecord } from '../../lambdas/domain/score-record';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../lambdas/local/local-aws';
import { type RunningSesLocal, startSesLocal } from '../../lambdas/local/ses-local';
import { collectDigestShard } from '../../lambdas/use-cases/digest/collect-digest-shard';
import { sendDigest } from '../../lambdas/use-cases/digest/send-digest';
import { freshTable } from '../support/local-table';

const { config } = loadConfigFile('lifeline.config.json');
const CSM = 'ana.csm@vendor.example';

const profile = (tenantId: string, extra: Partial<TenantRecord> = {}): TenantRecord =>
  ({
    tenantId,
    name: `${tenantId} GmbH`,
    status: 'active',
    csmEmail: CSM,
    mrr: 1000,
    ...extra,
  }) as TenantRecord;

const score = (tenantId: string, asOf: string, band: Band, healthScore: number): ScoreRecord => ({
  tenantId,
  asOf,
  healthScore,
  dimensions: Object.fromEntries(HEALTH_DIMENSIONS.map((d) => [d, healthScore])) as ScoreRecord['dimensions'],
  band,
  churnProbability: band === 'healthy' ? 0.05 : 0.4,
  drivers: [],
  cause: band === 'healthy' ? null : 'engagement_drop',
  explanation:
    band === 'healthy'
      ? 'No strong risk signal.'
      : 'Active users fell from 20 to 6 (−70%) vs the 28-day baseline.',
  configVersion: 'c',
  modelVersion: 'm',
  dataFreshness: 'fresh',
  frozen: false,
});

describe('two consecutive digest mornings on DynamoDB Local + local SES', () => {
  let table: Awaited<ReturnType<typeof freshTable>>;
  let ses: RunningSesLocal;
  let sesClient: SESv2Client;

  beforeAll(async () => {
    [table, ses] = await Promise.all([freshTable(), startSesLocal()]);
    sesClient = new SESv2Client({
      endpoint: ses.endpoint,
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
      maxAttempts: 1,
    });
    const meter = new DynamoCapacityMeter();
    await new DynamoFeedStore(
      table.client,
      table.tableName,
      config.storage.tenantShards,
      meter,
      () => new Date(),
    ).upsertTenants([
      profile('steady'),
      profile('slipping'),
      profile('worse'),
      profile('better'),
      profile('renewing', { renewalDate: '2026-12-20' }),
      profile('fine'),
      profile('orphan', { csmEmail: undefined }),
    ]);
    const scores = new DynamoScoreStore(table.client, table.tableName, meter);
    await scores.put([
      score('steady', '2026-11-21', 'at_risk', 60),
      score('slipping', '2026-11-21', 'watch', 78),
      score('better', '2026-11-21', 'critical', 50),
      score('renewing', '2026-11-21', 'watch', 76),
      score('fine', '2026-11-21', 'healthy', 90),
      score('orphan', '2026-11-21', 'healthy', 88),
    ]);
    await scores.put([
      score('steady', '2026-11-22', 'at_risk', 58),
      score('slipping', '2026-11-22', 'at_risk', 62),
      score('worse', '2026-11-22', 'critical', 40),
      score('better', '2026-11-22', 'watch', 77),
      score('renewing', '2026-11-22', 'at_risk', 61),
      score('fine', '2026-11-22', 'healthy', 91),
      score('orphan', '2026-11-22', 'at_risk', 64),
    ]);
  }, 60_000);
  afterAll(async () => {
    sesClient.destroy();
    await Promise.all([table.drop(), ses.stop()]);
  });

  const morning = async (date: string) => {
    const meter = new DynamoCapacityMeter();
    const digests = new DynamoDigestStore(table.client, table.tableName, meter);
    for (let shard = 0; shard < config.storage.tenantShards; shard++) {
      await collectDigestShard(date, shard, config.digest, {
        reader: new DynamoTenantReader(table.client, table.tableName, meter),
        scores: new DynamoScoreStore(table.client, table.tableName, meter),
        campaigns: new DynamoCampaignStore(table.client, table.tableName, meter, {
          tenantShards: config.storage.tenantShards,
        }),
        digests,
      });
    }
    const csms = await digests.csms(date);
    const outcomes = [];
    for (const csm of csms) {
      outcomes.push(
        await sendDigest(
          date,
          csm,
          { maxRowsPerSection: 10, quarantinedRecords: 3 },
          {
            digests,
            mailer: new SesMailer(sesClient),
            render: (digest) =>
              renderDigestEmail(digest, { productName: 'Example App', allQuiet: 'one_line' }),
            email: config.email,
            clock: () => new Date(),
            claimTimeoutMs: 60_000,
          },
        ),
      );
    }
    return { csms, outcomes };
  };

  it('routes by CSM with the fallback, and sorts each tenant into new, still, recovered or renewing', async () => {
    const { csms, outcomes } = await morning('2026-11-22');
    expect(csms).toEqual([CSM, config.digest.fallbackEmail].sort());
    const ana = outcomes.find((o) => 'digest' in o && o.digest.csmEmail === CSM);
    expect(ana?.outcome).toBe('sent');
    const sections = Object.fromEntries(
      (ana && 'digest' in ana ? ana.digest.sections : []).map((s) => [
        s.section,
        s.rows.map((r) => r.tenantId),
      ]),
    );
    expect(sections).toEqual({
      renewing_at_risk: ['renewing'],
      // Same revenue at risk: the 16-point fall ranks above a tenant with no yesterday to compare.
      new_at_risk: ['slipping', 'worse'],
      still_at_risk: ['steady'],
      recovered: ['better'],
    });
    const team = outcomes.find((o) => 'digest' in o && o.digest.csmEmail === config.digest.fallbackEmail);
    expect(
      team && 'digest' in team ? team.digest.sections.map((s) => s.rows.map((r) => r.tenantId)) : [],
    ).toEqual([['orphan']]);
  });

  it('a second send of the same morning sends nothing', async () => {
    const before = ((await (await fetch(`${ses.endpoint}/store`)).json()) as { emails: unknown[] }).emails
      .length;
    const { outcomes } = await morning('2026-11-22');
    expect(outcomes.map((o) => o.outcome)).toEqual(['already_sent', 'already_sent']);
    const after = ((await (await fetch(`${ses.endpoint}/store`)).json()) as { emails: unknown[] }).emails
      .length;
    expect(after).toBe(before);
  });
});
