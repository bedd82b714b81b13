import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../lambdas/config/load-config';
import type { CauseId } from '../../lambdas/domain/cause-ids';
import type { TenantRecord } from '../../lambdas/domain/feed/feed-records';
import type { CampaignDecision } from '../../lambdas/domain/plays/campaign-decision';
import { isHeldOut } from '../../lambdas/domain/plays/holdout';
import {
  type PlanningState,
  type PlanSettings,
  type PlayCandidate,
  planNight,
} from '../../lambdas/domain/plays/plan-night';
import type { ScoreRecord } from '../../lambdas/domain/score-record';

const { config } = loadConfigFile('lifeline.config.json');
// Monday 2026-11-23, 10:00 in Berlin: inside the default send window.
const IN_WINDOW = new Date('2026-11-23T09:00:00Z');
const NIGHT = new Date('2026-11-23T01:00:00Z');

const settings = (overrides: Partial<PlanSettings> = {}): PlanSettings => ({
  runDate: '2026-11-23',
  now: IN_WINDOW,
  configVersion: 'cfg',
  plays: config.plays,
  guardrails: { ...config.guardrails, holdoutPercent: 0 },
  dryRun: false,
  ...overrides,
});

function score(tenantId: string, overrides: Partial<ScoreRecord> = {}): ScoreRecord {
  return {
    tenantId,
    asOf: '2026-11-22',
    healthScore: 60,
    dimensions: {} as ScoreRecord['dimensions'],
    band: 'at_risk',
    churnProbability: 0.4,
    drivers: [],
    cause: 'engagement_drop',
    explanation: 'active users 12 -> 4 (-67%) vs 28-day baseline',
    configVersion: 'cfg',
    modelVersion: 'm1',
    dataFreshness: 'fresh',
    frozen: false,
    ...overrides,
  };
}

function tenant(tenantId: string, overrides: Partial<TenantRecord> = {}): TenantRecord {
  return {
    tenantId,
    name: `Tenant ${tenantId}`,
    status: 'active',
    timezone: 'Europe/Berlin',
    contacts: [
      { email: `Admin@${tenantId}.example`, role: 'admin' },
      { email: `champ@${tenantId}.example`, role: 'champion' },
      { email: `user@${tenantId}.example`, role: 'user' },
    ],
    ...overrides,
  } as TenantRecord;
}

function candidate(
  tenantId: string,
  parts: { score?: Partial<ScoreRecord>; tenant?: Partial<TenantRecord> } & Partial<
    Omit<PlayCandidate, 'score' | 'tenant'>
  > = {},
): PlayCandidate {
  return {
    score: score(tenantId, parts.score),
    tenant: tenant(tenantId, parts.tenant),
    recentSlaBreaches: parts.recentSlaBreaches ?? 0,
    missingMergeData: parts.missingMergeData ?? [],
  };
}

const emptyState: PlanningState = { campaigns: new Map(), recipients: new Map() };

function pastDecision(tenantId: string, play: CauseId, runDate: string, status: CampaignDecision['status']) {
  return {
    key: `${tenantId}|${play}|${runDate}`,
    tenantId,
    play,
    cause: play,
    runDate,
    recipients: [],
    status,
    reason: '',
    messageId: null,
    sendAt: null,
    notBefore: null,
    priority: 1,
    healthScore: 50,
    churnProbability: 0.5,
    explanation: '',
    configVersion: 'cfg',
    decidedAt: `${runDate}T01:00:00.000Z`,
    sentAt: null,
  } satisfies CampaignDecision;
}

/** The first tenant id (t0, t1, ...) that the hash puts in the holdout of engagement_drop at 10%. */
const heldOutId = (() => {
  for (let i = 0; ; i++) if (isHeldOut(`t${i}`, 'engagement_drop', 10)) return `t${i}`;
})();

describe('planNight: which tenants get a play', () => {
  it('plans only tenants with a cause, in a trigger band, whose play is enabled', () => {
    const paused = { ...config.plays, low_adoption: { ...config.plays.low_adoption, enabled: false } };
    const decisions = planNight(
      [
        candidate('a'),
        candidate('b', { score: { cause: null } }),
        candidate('c', { score: { band: 'healthy' } }),
        candidate('d', { score: { cause: 'low_adoption' } }),
      ],
      emptyState,
      settings({ plays: paused }),
    );
    expect(decisions.map((d) => [d.tenantId, d.play, d.status])).toEqual([
      ['a', 'engagement_drop', 'queued'],
    ]);
    expect(decisions[0]?.recipients).toEqual(['admin@a.example', 'champ@a.example']);
  });
});

describe('planNight: guardrails apply in order, the first that holds is recorded', () => {
  const suppressedAll = (id: string): PlanningState => ({
    campaigns: new Map(),
    recipients: new Map(
      [`admin@${id}.example`, `champ@${id}.example`].map((email) => [
        email,
        { suppressed: 'hard bounce', outboundAt: [] },
      ]),
    ),
  });
  const cooling = (id: string): PlanningState => ({
    campaigns: new Map([[id, [pastDecision(id, 'engagement_drop', '2026-11-10', 'sent')]]]),
    recipients: new Map(),
  });
  const spent = (id: string): PlanningState => ({
    campaigns: new Map(),
    recipients: new Map(
      [`admin@${id}.example`, `champ@${id}.example`].map((email) => [
        email,
        { suppressed: null, outboundAt: ['2026-11-20T09:00:00Z', '2026-11-21T09:00:00Z'] },
      ]),
    ),
  });
  const merge = (...states: PlanningState[]): PlanningState => ({
    campaigns: new Map(states.flatMap((s) => [...s.campaigns])),
    recipients: new Map(states.flatMap((s) => [...s.recipients])),
  });
  const withHoldout = { guardrails: { ...config.guardrails, holdoutPercent: 10 } };
  const always = {
    ...config.plays,
    engagement_drop: { ...config.plays.engagement_drop, approval: 'always' as const },
  };
  const id = heldOutId;

  it.each([
    {
      expected: 'lifecycle',
      candidate: candidate(id, { tenant: { status: 'churned' }, score: { frozen: true } }),
      state: merge(suppressedAll(id), cooling(id)),
      settings: withHoldout,
    },
    {
      expected: 'stale_data',
      candidate: candidate(id, { score: { frozen: true, dataFreshness: 'late' } }),
      state: merge(suppressedAll(id), cooling(id)),
      settings: withHoldout,
    },
    {
      expected: 'suppressed',
      candidate: candidate(id),
      state: merge(suppressedAll(id), cooling(id)),
      settings: withHoldout,
    },
    {
      expected: 'held_out',
      candidate: candidate(id),
      state: merge(cooling(id), spent(id)),
      settings: withHoldout,
    },
    { expected: 'cooldown', candidate: candidate(id), state: merge(cooling(id), spent(id)), settings: {} },
    {
      expected: 'budget',
      candidate: candidate(id),
      state: spent(id),
      settings: { plays: always, dryRun: true },
    },
    {
      expected: 'pending_approval',
      candidate: candidate(id),
      state: emptyState,
      settings: { plays: always, dryRun: true },
    },
    {
      expected: 'dry_run',
      candidate: candidate(id),
      state: emptyState,
      settings: { dryRun: true, now: NIGHT },
    },
    { expected: 'quiet_hours', candidate: candidate(id), state: emptyState, settings: { now: NIGHT } },
    { expected: 'queued', candidate: candidate(id), state: emptyState, settings: {} },
  ])('$expected', ({ expected, candidate: c, state, settings: s }) => {
    const [decision] = planNight([c], state, settings(s));
    expect(decision?.status).toBe(expected);
    expect(decision?.reason).not.toBe('');
  });
});

describe('planNight: lifecycle', () => {
  it('an open P1 or a recent SLA breach holds every play but support_friction', () => {
    const decisions = planNight(
      [
        candidate('p1', { tenant: { attributes: { openP1: true } } }),
        candidate('sla', { recentSlaBreaches: 2 }),
        candidate('sup', { tenant: { attributes: { openP1: 1 } }, score: { cause: 'support_friction' } }),
      ],
      emptyState,
      settings(),
    );
    expect(Object.fromEntries(decisions.map((d) => [d.tenantId, d.status]))).toEqual({
      p1: 'lifecycle',
      sla: 'lifecycle',
      sup: 'queued',
    });
  });

  it('a renewal under negotiation holds every play, support included', () => {
    const [decision] = planNight(
      [
        candidate('n', {
          tenant: { attributes: { renewalUnderNegotiation: 'yes' } },
          score: { cause: 'support_friction' },
        }),
      ],
      emptyState,
      settings(),
    );
    expect(decision?.status).toBe('lifecycle');
    expect(decision?.reason).toMatch(/renewal under negotiation/);
  });
});

describe('planNight: recipients, holdout, budget', () => {
  it('drops a suppressed recipient and sends to the others', () => {
    const state: PlanningState = {
      campaigns: new Map(),
      recipients: new Map([['admin@a.example', { suppressed: 'unsubscribed', outboundAt: [] }]]),
    };
    const [decision] = planNight([candidate('a')], state, settings());
    expect(decision?.status).toBe('queued');
    expect(decision?.recipients).toEqual(['champ@a.example']);
  });

  it('holds out close to the configured share, the same tenants every night', () => {
    const ids = Array.from({ length: 20_000 }, (_, i) => `tenant-${i}`);
    const held = ids.filter((id) => isHeldOut(id, 'low_adoption', 10));
    expect(held.length / ids.length).toBeGreaterThan(0.09);
    expect(held.length / ids.length).toBeLessThan(0.11);
    expect(ids.filter((id) => isHeldOut(id, 'low_adoption', 10))).toEqual(held);
    // Independent per play: not the same tenants held out of every play.
    expect(held.filter((id) => isHeldOut(id, 'engagement_drop', 10)).length).toBeLessThan(held.length / 2);
  });

  it('gives a shared recipient to the higher-priority play and reschedules the other', () => {
    const shared = [{ email: 'ceo@group.example', role: 'admin' as const }];
    const budget = { ...config.guardrails, holdoutPercent: 0, recipientBudget: { maxEmails: 1, perDays: 7 } };
    const decisions = planNight(
      [
        candidate('adoption', {
          tenant: { contacts: shared },
          score: { cause: 'low_adoption', churnProbability: 0.9 },
        }),
        candidate('support', {
          tenant: { contacts: shared },
          score: { cause: 'support_friction', churnProbability: 0.2 },
        }),
      ],
      emptyState,
      settings({ guardrails: budget }),
    );
    const byTenant = Object.fromEntries(decisions.map((d) => [d.tenantId, d]));
    expect(byTenant.support?.status).toBe('queued');
    expect(byTenant.adoption?.status).toBe('budget');
    expect(byTenant.adoption?.notBefore).toBe('2026-11-30');
  });

  it('does not count pending approvals or dry runs against the budget', () => {
    const shared = [{ email: 'ceo@group.example', role: 'admin' as const }];
    const plays = {
      ...config.plays,
      support_friction: { ...config.plays.support_friction, approval: 'always' as const },
    };
    const decisions = planNight(
      [
        candidate('support', { tenant: { contacts: shared }, score: { cause: 'support_friction' } }),
        candidate('adoption', { tenant: { contacts: shared }, score: { cause: 'low_adoption' } }),
      ],
      emptyState,
      settings({
        plays,
        guardrails: {
          ...config.guardrails,
          holdoutPercent: 0,
          recipientBudget: { maxEmails: 1, perDays: 7 },
        },
      }),
    );
    expect(decisions.map((d) => d.status).sort()).toEqual(['pending_approval', 'queued']);
  });
});

describe('planNight: approval and merge data', () => {
  const mode = (approval: 'always' | 'on_error' | 'never') => ({
    ...config.plays,
    engagement_drop: { ...config.plays.engagement_drop, approval },
  });
  it.each([
    ['on_error', ['csm name'], 'pending_approval'],
    ['never', ['csm name'], 'failed'],
    ['on_error', [], 'queued'],
    ['never', [], 'queued'],
  ] as const)('approval %s with missing %j -> %s', (approval, missing, expected) => {
    const [decision] = planNight(
      [candidate('a', { missingMergeData: missing })],
      emptyState,
      settings({ plays: mode(approval) }),
    );
    expect(decision?.status).toBe(expected);
  });

  it('a tenant with no contact in the audience waits for a person to pick one', () => {
    const [decision] = planNight([candidate('a', { tenant: { contacts: [] } })], emptyState, settings());
    expect(decision?.status).toBe('pending_approval');
    expect(decision?.reason).toMatch(/recipient/);
  });
});

describe('planNight: re-running a night', () => {
  it('returns the stored decision for the same tenant x play x night unchanged', () => {
    const first = planNight([candidate('a')], emptyState, settings());
    const sent = { ...(first[0] as CampaignDecision), status: 'sent' as const, messageId: 'm-1' };
    const again = planNight(
      [candidate('a')],
      { campaigns: new Map([['a', [sent]]]), recipients: new Map() },
      settings({ now: new Date('2026-11-23T11:00:00Z') }),
    );
    expect(again).toEqual([sent]);
  });
});
