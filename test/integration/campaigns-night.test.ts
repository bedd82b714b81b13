import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SESv2Client, TooManyRequestsException } from '@aws-sdk/client-sesv2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoCampaignStore } from '../../lambdas/adapters/dynamodb/campaign-store';
import { DynamoCapacityMeter } from '../../lambdas/adapters/dynamodb/capacity-meter';
import { DynamoFeedStore } from '../../lambdas/adapters/dynamodb/feed-store';
import { DynamoScoreStore } from '../../lambdas/adapters/dynamodb/score-store';
import { DynamoTenantReader } from '../../lambdas/adapters/dynamodb/tenant-reader';
import { SesMailer } from '../../lambdas/adapters/ses/ses-mailer';
import { addDays } from '../../lambdas/domain/calendar';
import type { CampaignDecision } from '../../lambdas/domain/plays/campaign-decision';
import { nightStartOf } from '../../lambdas/domain/run/night-start';
import type { ScoreRecord } from '../../lambdas/domain/score-record';
import { exportEmails } from '../../lambdas/local/export-emails';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../lambdas/local/local-aws';
import { type LocalServer, startLocalServer } from '../../lambdas/local/local-server';
import { type RunningSesLocal, startSesLocal } from '../../lambdas/local/ses-local';
import type { Mailer } from '../../lambdas/ports';
import { playEmailComposer } from '../../lambdas/use-cases/campaigns/compose-play-email';
import { deliverDueCampaigns } from '../../lambdas/use-cases/campaigns/deliver-due';
import { FOLLOW_UP_DAYS, measurePlays } from '../../lambdas/use-cases/campaigns/measure-plays';
import { planCampaigns } from '../../lambdas/use-cases/campaigns/plan-campaigns';
import { freshTable } from '../support/local-table';
import { scoredPortfolio } from '../support/scored-portfolio';

interface StoredEmail {
  messageId: string;
  destination: { to: string[] };
  subject: string;
  headers?: { name: string; value: string }[];
}

const SECRET = 'integration-test-secret';
const outDir = mkdtempSync(join(tmpdir(), 'lifeline-campaigns-'));

describe('a campaign night on DynamoDB Local + local SES', () => {
  let table: Awaited<ReturnType<typeof freshTable>>;
  let ses: RunningSesLocal;
  let server: LocalServer;
  let portfolio: Awaited<ReturnType<typeof scoredPortfolio>>;
  let store: DynamoCampaignStore;
  let sesClient: SESv2Client;

  beforeAll(async () => {
    [table, ses, portfolio] = await Promise.all([
      freshTable(),
      startSesLocal(),
      scoredPortfolio(400, 180, 11),
    ]);
    store = new DynamoCampaignStore(table.client, table.tableName, new DynamoCapacityMeter(), {
      tenantShards: portfolio.loaded.config.storage.tenantShards,
    });
    server = await startLocalServer(0, { store, secret: SECRET, clock: () => new Date() });
    sesClient = new SESv2Client({
      endpoint: ses.endpoint,
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
      maxAttempts: 1,
    });
  }, 120_000);
  afterAll(async () => {
    sesClient.destroy();
    await Promise.all([table.drop(), ses.stop(), server.close()]);
  });

  const sentEmails = async (): Promise<StoredEmail[]> =>
    ((await (await fetch(`${ses.endpoint}/store`)).json()) as { emails: StoredEmail[] }).emails;

  const night = async (runDate: string, mailer: Mailer, overrides: { cooldownDays?: number } = {}) => {
    const { config, configVersion } = portfolio.loaded;
    const tuned = { ...config, guardrails: { ...config.guardrails, ...overrides } };
    const now = nightStartOf(runDate, config.schedules.nightlyRun);
    const planned = await planCampaigns(
      {
        scores: portfolio.scores.map((score) => ({ ...score, asOf: runDate })),
        histories: portfolio.histories,
        runDate,
        now,
        config: tuned,
        configVersion,
        dryRun: false,
      },
      store,
    );
    const deps = {
      store,
      mailer,
      compose: playEmailComposer(config),
      email: config.email,
      unsubscribeUrl: server.unsubscribeUrl,
      unsubscribeSecret: SECRET,
      claimTimeoutMs: 60_000,
    };
    const until = new Date(now.getTime() + 86_400_000);
    const reports = [await deliverDueCampaigns(planned, now, until, deps)];
    while ((reports.at(-1)?.retry.length ?? 0) > 0 && reports.length < 10) {
      reports.push(await deliverDueCampaigns(reports.at(-1)?.retry ?? [], now, until, deps));
    }
    const decisions: CampaignDecision[] = [];
    for await (const campaign of store.nightCampaigns(runDate)) decisions.push(campaign.decision);
    return { planned, reports, decisions };
  };

  let first: Awaited<ReturnType<typeof night>>;

  it('sends each planted at-risk tenant the play of its own cause, with unsubscribe headers', async () => {
    first = await night(portfolio.asOf, new SesMailer(sesClient));
    const sent = first.decisions.filter((decision) => decision.status === 'sent');
    expect(sent.length).toBeGreaterThan(20);
    const planted = sent.filter((decision) => portfolio.truth.get(decision.tenantId)?.plantedCause);
    const matching = planted.filter(
      (decision) => portfolio.truth.get(decision.tenantId)?.plantedCause === decision.play,
    );
    expect(matching.length / planted.length).toBeGreaterThanOrEqual(0.9);

    const emails = await sentEmails();
    expect(emails).toHaveLength(sent.reduce((sum, decision) => sum + decision.recipients.length, 0));
    for (const email of emails) {
      const headers = new Map(email.headers?.map((header) => [header.name, header.value]));
      expect(headers.get('List-Unsubscribe')).toMatch(
        /^<http:\/\/127\.0\.0\.1:\d+\/unsubscribe\?token=[^>]+>/,
      );
      expect(headers.get('List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
      expect(email.subject).not.toMatch(/we miss you/i);
    }
    const exported = await exportEmails(ses.endpoint, join(outDir, 'emails'), new Map());
    expect(exported).toHaveLength(emails.length);
    const eml = readFileSync(join(outDir, 'emails', exported[0]?.file ?? ''), 'utf8');
    expect(eml).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/m);
    expect(eml).toMatch(/multipart\/alternative/);
    expect(
      readFileSync(join(outDir, 'emails', 'index.jsonl'), 'utf8')
        .trim()
        .split('\n'),
    ).toHaveLength(emails.length);
    // Every status the plan can reach for this portfolio is recorded with a reason.
    expect(first.decisions.every((decision) => decision.reason.length > 0)).toBe(true);
    expect(new Set(first.decisions.map((decision) => decision.status))).toContain('held_out');
  });

  it('re-running the same night sends nothing new and keeps every decision', async () => {
    const before = (await sentEmails()).length;
    const again = await night(portfolio.asOf, new SesMailer(sesClient));
    expect((await sentEmails()).length).toBe(before);
    expect(again.decisions).toEqual(first.decisions);
  });

  it('with SES failing transiently for some messages, every message still goes out exactly once', async () => {
    const runDate = addDays(portfolio.asOf, 42);
    const real = new SesMailer(sesClient);
    let calls = 0;
    const flaky: Mailer = {
      async send(email) {
        calls++;
        // Every third call is throttled, every seventh meets an SES outage: nothing accepted.
        if (calls % 3 === 0) {
          throw new TooManyRequestsException({ message: 'Maximum sending rate exceeded.', $metadata: {} });
        }
        if (calls % 7 === 0)
          throw Object.assign(new Error('Service unavailable'), { name: 'InternalFailure' });
        return real.send(email);
      },
    };
    const before = await sentEmails();
    const result = await night(runDate, flaky, { cooldownDays: 30 });
    expect(result.reports.length).toBeGreaterThan(1);
    const sent = result.decisions.filter((decision) => decision.status === 'sent');
    expect(sent.length).toBeGreaterThan(10);
    const newEmails = (await sentEmails()).slice(before.length);
    const perRecipientAndSubject = new Map<string, number>();
    for (const email of newEmails) {
      const key = `${email.destination.to.join(',')}|${email.subject}`;
      perRecipientAndSubject.set(key, (perRecipientAndSubject.get(key) ?? 0) + 1);
    }
    const expected = sent.reduce((sum, decision) => sum + decision.recipients.length, 0);
    expect(newEmails).toHaveLength(expected);
    expect([...perRecipientAndSubject.values()].every((n) => n === 1)).toBe(true);
    expect(result.decisions.filter((decision) => decision.status === 'queued')).toEqual([]);
  });

  it("an unsubscribe through the endpoint suppresses the next night's email", async () => {
    const runDate = addDays(portfolio.asOf, 84);
    const before = (await sentEmails()).length;
    const result = await night(runDate, new SesMailer(sesClient), { cooldownDays: 1 });
    const target = result.decisions.find((decision) => decision.status === 'sent');
    expect(target).toBeDefined();
    const emails = (await sentEmails()).slice(before);
    for (const recipient of target?.recipients ?? []) {
      const email = emails.find((e) => e.destination.to.includes(recipient));
      const link = email?.headers
        ?.find((h) => h.name === 'List-Unsubscribe')
        ?.value.match(/<(http[^>]+)>/)?.[1];
      expect(link).toBeDefined();
      const page = await fetch(link as string);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<form method="post">');
      const oneClick = await fetch(link as string, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      });
      expect(oneClick.status).toBe(200);
    }
    const forged = await fetch(`${server.unsubscribeUrl}?token=eyJlIjoiYUBiLmMifQ.AAAA`, { method: 'POST' });
    expect(forged.status).toBe(400);

    const next = await night(addDays(runDate, 1), new SesMailer(sesClient), { cooldownDays: 1 });
    const decision = next.decisions.find((d) => d.tenantId === target?.tenantId);
    expect(decision?.status).toBe('suppressed');
    expect(next.decisions.some((d) => d.status === 'sent')).toBe(true);
  });

  it('measures each play: treated vs holdout on health 28 days later', async () => {
    const scoreStore = new DynamoScoreStore(table.client, table.tableName, new DynamoCapacityMeter());
    const treated = first.decisions.filter((d) => d.status === 'sent');
    const held = first.decisions.filter((d) => d.status === 'held_out');
    const followUp = addDays(portfolio.asOf, FOLLOW_UP_DAYS);
    // Treated tenants recover by 10 points, held-out ones by 2: the report must find +8.
    const later = [...treated, ...held].map((decision) => ({
      ...(portfolio.scores.find((score) => score.tenantId === decision.tenantId) as ScoreRecord),
      asOf: followUp,
      healthScore: decision.healthScore + (decision.status === 'sent' ? 10 : 2),
    }));
    await scoreStore.put(later);
    await new DynamoFeedStore(
      table.client,
      table.tableName,
      portfolio.loaded.config.storage.tenantShards,
      new DynamoCapacityMeter(),
      () => new Date(),
    ).upsertTenants(portfolio.histories.map((h) => h.profile));
    const report = await measurePlays(addDays(portfolio.asOf, 30), 30, portfolio.loaded.config, {
      reader: new DynamoTenantReader(table.client, table.tableName, new DynamoCapacityMeter()),
      scores: scoreStore,
      campaigns: store,
    });
    const total = (group: 'treated' | 'holdout') => report.plays.reduce((sum, p) => sum + p[group].n, 0);
    expect(total('treated')).toBe(treated.length);
    expect(total('holdout')).toBe(held.length);
    const estimated = report.plays.filter((p) => p.healthChange !== null);
    expect(estimated.length).toBeGreaterThan(0);
    for (const play of estimated) expect(play.healthChange?.difference).toBeCloseTo(8, 6);
  });
});
