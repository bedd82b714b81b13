import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoCampaignStore } from '../../lambdas/adapters/dynamodb/campaign-store';
import { DynamoCapacityMeter } from '../../lambdas/adapters/dynamodb/capacity-meter';
import { DynamoConsoleStore } from '../../lambdas/adapters/dynamodb/console-store';
import { DynamoDigestStore } from '../../lambdas/adapters/dynamodb/digest-store';
import { DynamoFeedStore } from '../../lambdas/adapters/dynamodb/feed-store';
import { DynamoRunStore } from '../../lambdas/adapters/dynamodb/run-store';
import { DynamoScoreStore } from '../../lambdas/adapters/dynamodb/score-store';
import { DynamoTenantReader } from '../../lambdas/adapters/dynamodb/tenant-reader';
import { addDays } from '../../lambdas/domain/calendar';
import { digestEntry } from '../../lambdas/domain/digest/digest';
import type { CampaignDecision } from '../../lambdas/domain/plays/campaign-decision';
import { nightStartOf } from '../../lambdas/domain/run/night-start';
import { planCampaigns } from '../../lambdas/use-cases/campaigns/plan-campaigns';
import { planShard } from '../../lambdas/use-cases/campaigns/plan-shard';
import { handleConsoleRequest } from '../../lambdas/use-cases/console/console-api';
import type { ConsoleDeps } from '../../lambdas/use-cases/console/console-deps';
import { freshTable } from '../support/local-table';
import { scoredPortfolio } from '../support/scored-portfolio';

// biome-ignore lint/suspicious/noExplicitAny: response bodies are JSON; the assertions check their shape.
type Json = any;

const SCRIPT_NAME = '<script>alert(1)</script>';

/**
 * The console API end to end on DynamoDB Local: a planned night (profiles, scores, decisions,
 * run record) read and changed through the same request mapping the Lambda and the local
 * server use.
 */
describe('the console API on a planned night', () => {
  let table: Awaited<ReturnType<typeof freshTable>>;
  let deps: ConsoleDeps;
  let night: string;
  let scriptTenant: string;
  let start: number;
  let digests: DynamoDigestStore;
  const queued: CampaignDecision[] = [];
  let portfolio: Awaited<ReturnType<typeof scoredPortfolio>>;

  beforeAll(async () => {
    [table, portfolio] = await Promise.all([freshTable(), scoredPortfolio(200, 120, 11)]);
    const { config, configVersion } = portfolio.loaded;
    night = portfolio.asOf;
    const meter = new DynamoCapacityMeter();
    const shards = { tenantShards: config.storage.tenantShards };
    // One at-risk tenant gets markup for a name: it must come out inert everywhere.
    const target = portfolio.scores.find(
      (score) => score.cause === 'business_decline' && score.band !== 'healthy',
    );
    scriptTenant = target?.tenantId ?? '';
    const histories = portfolio.histories.map((history) =>
      history.profile.tenantId === scriptTenant
        ? { ...history, profile: { ...history.profile, name: SCRIPT_NAME } }
        : history,
    );
    await new DynamoFeedStore(
      table.client,
      table.tableName,
      config.storage.tenantShards,
      meter,
      () => new Date(),
    ).upsertTenants(histories.map((history) => history.profile));
    await new DynamoScoreStore(table.client, table.tableName, meter).put(portfolio.scores);
    await new DynamoRunStore(table.client, table.tableName, meter).putSummary(night, {});
    const campaigns = new DynamoCampaignStore(table.client, table.tableName, meter, shards);
    digests = new DynamoDigestStore(table.client, table.tableName, meter);
    await planCampaigns(
      {
        scores: portfolio.scores,
        histories,
        runDate: night,
        now: nightStartOf(night, config.schedules.nightlyRun),
        config,
        configVersion,
        dryRun: false,
      },
      campaigns,
    );
    // From 10:00 in Berlin on the morning after the night, a second per call: audit entries sort by time.
    start = nightStartOf(night, config.schedules.nightlyRun).getTime() + 8 * 3_600_000;
    let ticks = 0;
    deps = {
      loaded: portfolio.loaded,
      console: new DynamoConsoleStore(table.client, table.tableName, meter, shards),
      campaigns,
      scores: new DynamoScoreStore(table.client, table.tableName, meter),
      reader: new DynamoTenantReader(table.client, table.tableName, meter),
      digests,
      outbox: { enqueue: async (decisions) => void queued.push(...decisions) },
      clock: () => new Date(start + 1000 * ticks++),
    };
  }, 180_000);
  afterAll(() => table.drop());

  const call = async (
    method: string,
    path: string,
    options: { query?: Record<string, string>; body?: unknown } = {},
  ) => {
    const response = await handleConsoleRequest(
      {
        method,
        path,
        query: options.query ?? {},
        body:
          options.body === undefined
            ? undefined
            : typeof options.body === 'string'
              ? options.body
              : JSON.stringify(options.body),
        identity: { id: 'maria@marketing.example' },
      },
      deps,
      (error) => console.error(error),
    );
    return { status: response.statusCode, json: JSON.parse(response.body) as Json };
  };
  const approvalPath = (key: string) => `/api/approvals/${encodeURIComponent(key)}`;
  const pendingKeys = async () =>
    ((await call('GET', '/api/approvals')).json.pending as { key: string }[]).map((item) => item.key);

  it('lists every play with its state and decisions by status, and its uplift apart', async () => {
    const { status, json } = await call('GET', '/api/plays');
    expect(status).toBe(200);
    expect(json.night).toBe(night);
    expect(json.plays).toHaveLength(6);
    const decline = json.plays.find((play: { play: string }) => play.play === 'business_decline');
    expect(decline).toMatchObject({ status: 'active', approval: 'always' });
    expect(decline.lastNight.pending_approval).toBeGreaterThan(0);
    expect(decline.last30Days).toEqual(decline.lastNight);
    const effects = await call('GET', '/api/plays/effects');
    expect(effects.json.report).toMatchObject({ asOf: night, followUpDays: 28 });
    expect(effects.json.report.plays.length).toBeGreaterThan(0);
    for (const effect of effects.json.report.plays) {
      expect(effect.treated.n + effect.holdout.n).toBeGreaterThan(0);
    }
  });

  it('lists pending approvals with the cause and numbers, riskiest first', async () => {
    const { json } = await call('GET', '/api/approvals');
    expect(json.pending.length).toBeGreaterThan(1);
    for (const item of json.pending) {
      expect(item).toMatchObject({ status: 'pending_approval', runDate: night });
      expect(item.explanation).not.toBe('');
    }
    const risks = json.pending.map((item: { churnProbability: number }) => item.churnProbability);
    expect(risks).toEqual([...risks].sort((a, b) => b - a));
  });

  it('renders a pending email from its merge data with tenant markup escaped', async () => {
    const key = `${scriptTenant}|business_decline|${night}`;
    const { status, json } = await call('GET', `/api/sends/${encodeURIComponent(key)}/email`);
    expect(status).toBe(200);
    expect(json).toMatchObject({ key, sent: false, status: 'pending_approval' });
    expect(json.html).not.toContain(SCRIPT_NAME);
    expect(json.html).toContain('&lt;script&gt;');
    expect(json.defaultCopy.subject).toContain('{{');
  });

  it('approves a pending send into the send window, hands it to the outbox and audits it', async () => {
    const [key] = await pendingKeys();
    const { status, json } = await call('POST', approvalPath(key as string), { body: { action: 'approve' } });
    expect(status).toBe(200);
    expect(['queued', 'quiet_hours']).toContain(json.decision.status);
    expect(Date.parse(json.decision.sendAt)).toBeGreaterThanOrEqual(start);
    expect(json.decision).toMatchObject({
      key,
      review: { action: 'approve', by: 'maria@marketing.example' },
    });
    expect(queued.map((decision) => decision.key)).toContain(key);
    expect(await pendingKeys()).not.toContain(key);
    // The budget ledger counts it like a planned send.
    const states = await deps.campaigns.recipientStates(json.decision.recipients, addDays(night, -1));
    expect(states.get(json.decision.recipients[0])?.outboundAt.length).toBeGreaterThan(0);
    const again = await call('POST', approvalPath(key as string), { body: { action: 'approve' } });
    expect(again.status).toBe(409);
    const audit = await call('GET', '/api/audit');
    expect(audit.json.entries[0]).toMatchObject({
      action: 'approve',
      target: key,
      actor: 'maria@marketing.example',
    });
  });

  it('approves with edited copy, and the stored email is the edited one', async () => {
    const [key] = await pendingKeys();
    const refused = await call('POST', approvalPath(key as string), {
      body: { action: 'edit_and_approve', copy: { subject: 'A 20% discount for {{tenantName}}' } },
    });
    expect(refused.status).toBe(400);
    expect(refused.json.error.message).toMatch(/discount/);
    const { status } = await call('POST', approvalPath(key as string), {
      body: { action: 'edit_and_approve', copy: { subject: 'A growth playbook for {{tenantName}}' } },
    });
    expect(status).toBe(200);
    const email = await call('GET', `/api/sends/${encodeURIComponent(key as string)}/email`);
    expect(email.json.subject).toMatch(/^A growth playbook for /);
    expect(email.json.copy).toEqual({ subject: 'A growth playbook for {{tenantName}}' });
  });

  it('skips a pending send without queueing it', async () => {
    const [key] = await pendingKeys();
    const before = queued.length;
    const { json } = await call('POST', approvalPath(key as string), { body: { action: 'skip' } });
    expect(json.decision).toMatchObject({ status: 'skipped', sendAt: null });
    expect(queued).toHaveLength(before);
  });

  it('applies a bulk action key by key and reports each', async () => {
    const [first] = await pendingKeys();
    const done = `${scriptTenant}|business_decline|${addDays(night, -3)}`;
    const { status, json } = await call('POST', '/api/approvals', {
      body: { action: 'approve', keys: [first, done, 'not-a-key'] },
    });
    expect(status).toBe(200);
    expect(json.results[2]).toMatchObject({
      key: 'not-a-key',
      ok: false,
      error: expect.stringMatching(/campaign key/),
    });
    expect(json.results[0]).toMatchObject({ key: first, ok: true });
    expect(['queued', 'quiet_hours']).toContain(json.results[0].status);
    expect(json.results[1]).toMatchObject({ key: done, ok: false });
  });

  it('refuses bad input with 400 and says what is wrong', async () => {
    const bad = [
      await call('GET', '/api/sends', { query: { status: 'posted' } }),
      await call('GET', '/api/sends', { query: { from: addDays(night, -40), to: night } }),
      await call('GET', '/api/plays', { query: { verbose: '1' } }),
      await call('POST', approvalPath(`t|business_decline|${night}`), { body: 'not json' }),
      await call('POST', approvalPath(`t|business_decline|${night}`), { body: { action: 'send_now' } }),
      await call('POST', approvalPath(`t|business_decline|${night}`), {
        body: { action: 'edit_and_approve', copy: {} },
      }),
      await call('POST', '/api/approvals', { body: { action: 'approve', keys: [] } }),
      await call('POST', '/api/plays/discounts/pause'),
    ];
    expect(bad.map((response) => response.status)).toEqual([400, 400, 400, 400, 400, 400, 400, 400]);
    expect(bad[0]?.json.error.message).toMatch(/status/);
    expect(bad[1]?.json.error.message).toMatch(/31 nights/);
    expect(bad[7]?.json.error.message).toMatch(/play/);
    expect((await call('GET', '/api/nothing')).status).toBe(404);
    expect((await call('DELETE', '/api/plays')).status).toBe(405);
    expect(
      (await call('GET', `/api/sends/${encodeURIComponent(`nobody|low_adoption|${night}`)}/email`)).status,
    ).toBe(404);
    expect((await call('GET', '/api/tenants/nobody')).status).toBe(404);
  });

  it('searches sends by tenant, play and status', async () => {
    const byPlay = await call('GET', '/api/sends', { query: { play: 'business_decline' } });
    expect(byPlay.json.total).toBeGreaterThan(4);
    expect(byPlay.json.decisions.every((d: CampaignDecision) => d.play === 'business_decline')).toBe(true);
    const skipped = await call('GET', '/api/sends', {
      query: { play: 'business_decline', status: 'skipped' },
    });
    expect(skipped.json.decisions.map((d: CampaignDecision) => d.status)).toEqual(['skipped']);
    const byTenant = await call('GET', '/api/sends', { query: { tenant: scriptTenant } });
    expect(byTenant.json.decisions.map((d: CampaignDecision) => d.tenantId)).toEqual([scriptTenant]);
  });

  it('shows a tenant: profile, trend, cause history and decisions', async () => {
    const { status, json } = await call('GET', `/api/tenants/${encodeURIComponent(scriptTenant)}`);
    expect(status).toBe(200);
    expect(json.profile.name).toBe(SCRIPT_NAME);
    expect(json.trend).toHaveLength(1);
    expect(json.causeHistory[0]).toMatchObject({ cause: 'business_decline', from: night });
    expect(json.decisions[0]).toMatchObject({ play: 'business_decline', runDate: night });
  });

  it("shows the mornings a tenant was in its CSM's digest", async () => {
    const { fallbackEmail } = portfolio.loaded.config.digest;
    const [mentioned] = portfolio.histories.flatMap(({ profile }) => {
      const today = portfolio.scores.find((score) => score.tenantId === profile.tenantId) ?? null;
      const entry = digestEntry(
        { profile, today, yesterday: null, trend: [], decision: null },
        night,
        fallbackEmail,
      );
      return entry ? [entry] : [];
    });
    expect(mentioned).toBeDefined();
    await digests.putEntries(night, mentioned ? [mentioned] : [], []);
    const { json } = await call('GET', `/api/tenants/${encodeURIComponent(mentioned?.row.tenantId ?? '')}`);
    expect(json.digestMentions).toEqual([
      expect.objectContaining({ date: night, section: mentioned?.section, csmEmail: mentioned?.csmEmail }),
    ]);
  });

  it('pauses a play: the dry-run plan and the next run leave it out; resume brings it back', async () => {
    const decline = (plan: Json) =>
      plan.plays.find((play: { play: string }) => play.play === 'business_decline');
    const before = (await call('GET', '/api/tonight')).json;
    expect(before.night).toBe(addDays(night, 1));
    expect(decline(before).decisions.length).toBeGreaterThan(0);

    expect((await call('POST', '/api/plays/business_decline/pause')).json).toMatchObject({
      status: 'paused',
      changed: true,
    });
    const after = (await call('GET', '/api/tonight')).json;
    expect(decline(after)).toMatchObject({ status: 'paused', pausedBy: 'console', decisions: [] });

    // The plan stage reads the switch: a shard planned now has no business_decline decision.
    const next = addDays(night, 1);
    const { config, configVersion } = portfolio.loaded;
    const meter = new DynamoCapacityMeter();
    await new DynamoScoreStore(table.client, table.tableName, meter).put(
      portfolio.scores.map((score) => ({ ...score, asOf: next })),
    );
    const planned: CampaignDecision[] = [];
    for (let shard = 0; shard < config.storage.tenantShards; shard++) {
      planned.push(
        ...(await planShard(
          { runId: next, runDate: next, shard, now: deps.clock(), dryRun: true },
          config,
          configVersion,
          {
            reader: deps.reader,
            scores: deps.scores,
            campaigns: deps.campaigns as DynamoCampaignStore,
            outbox: { enqueue: async () => undefined },
            overrides: deps.console,
            runs: new DynamoRunStore(table.client, table.tableName, meter),
            meter,
            clock: deps.clock,
          },
        )),
      );
    }
    expect(planned.length).toBeGreaterThan(0);
    expect(planned.filter((decision) => decision.play === 'business_decline')).toEqual([]);

    expect((await call('POST', '/api/plays/business_decline/resume')).json).toMatchObject({
      status: 'active',
    });
    const actions = (await call('GET', '/api/audit')).json.entries.map(
      (entry: { action: string }) => entry.action,
    );
    expect(actions.slice(0, 2)).toEqual(['resume', 'pause']);
  });
});
