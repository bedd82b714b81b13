import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../lambdas/config/load-config';
import type { CauseId } from '../../lambdas/domain/cause-ids';
import { consoleIdentity } from '../../lambdas/domain/console/identity';
import { countByPlayAndStatus } from '../../lambdas/domain/console/play-counts';
import { type PlayOverride, playState, withPlayOverrides } from '../../lambdas/domain/console/play-overrides';
import { NotReviewableError, reviewedDecision } from '../../lambdas/domain/console/review';
import type { CampaignDecision } from '../../lambdas/domain/plays/campaign-decision';

const { config } = loadConfigFile('lifeline.config.json');

const pending: CampaignDecision = {
  key: 't-1|business_decline|2026-11-22',
  tenantId: 't-1',
  play: 'business_decline',
  cause: 'business_decline',
  runDate: '2026-11-22',
  recipients: ['ana@t-1.example'],
  status: 'pending_approval',
  reason: 'this play needs approval for every send',
  messageId: null,
  sendAt: null,
  notBefore: null,
  priority: 6,
  healthScore: 61,
  churnProbability: 0.4,
  explanation: 'Business volume down 23% over 28 days.',
  configVersion: 'abc',
  decidedAt: '2026-11-23T01:00:00.000Z',
  sentAt: null,
};

const review = (
  now: string,
  action: 'approve' | 'edit_and_approve' | 'skip' = 'approve',
  decision = pending,
) =>
  reviewedDecision(decision, action, {
    actor: 'maria',
    now: new Date(now),
    timeZone: 'Europe/Berlin',
    guardrails: config.guardrails,
  });

describe('reviewing a pending approval', () => {
  it('releases an approval in the send window at once, audited with who and when', () => {
    // Tuesday 10:00 in Berlin.
    const approved = review('2026-11-24T09:00:00.000Z');
    expect(approved).toMatchObject({
      status: 'queued',
      sendAt: '2026-11-24T09:00:00.000Z',
      reason: 'approved by maria',
      review: { action: 'approve', by: 'maria', at: '2026-11-24T09:00:00.000Z' },
    });
  });

  it('holds an approval outside the window until the recipient’s window opens', () => {
    // Saturday: the window opens Monday 09:00 in Berlin (08:00 UTC).
    const approved = review('2026-11-28T12:00:00.000Z', 'edit_and_approve');
    expect(approved).toMatchObject({ status: 'quiet_hours', sendAt: '2026-11-30T08:00:00.000Z' });
    expect(approved.reason).toMatch(/^approved by maria with edited copy; held for the send window/);
  });

  it('skips without a send time, and refuses to approve a send with nobody to send to', () => {
    expect(review('2026-11-24T09:00:00.000Z', 'skip')).toMatchObject({
      status: 'skipped',
      sendAt: null,
      reason: 'skipped by maria',
    });
    expect(() => review('2026-11-24T09:00:00.000Z', 'approve', { ...pending, recipients: [] })).toThrow(
      NotReviewableError,
    );
  });
});

describe('play overrides', () => {
  const paused = (play: CauseId): PlayOverride => ({
    play,
    paused: true,
    by: 'maria',
    at: '2026-11-24T09:00:00Z',
  });

  it('disables a play paused in the console and leaves the others as configured', () => {
    const plays = withPlayOverrides(config.plays, new Map([['low_adoption', paused('low_adoption')]]));
    expect(plays.low_adoption.enabled).toBe(false);
    expect(plays.engagement_drop).toEqual(config.plays.engagement_drop);
    expect(
      playState('low_adoption', config.plays, new Map([['low_adoption', paused('low_adoption')]])),
    ).toEqual({
      status: 'paused',
      pausedBy: 'console',
    });
  });

  it('a resume does not switch on a play the config file disables', () => {
    const plays = { ...config.plays, low_adoption: { ...config.plays.low_adoption, enabled: false } };
    const resumed = new Map([['low_adoption' as const, { ...paused('low_adoption'), paused: false }]]);
    expect(withPlayOverrides(plays, resumed).low_adoption.enabled).toBe(false);
    expect(playState('low_adoption', plays, resumed)).toEqual({ status: 'paused', pausedBy: 'config' });
  });
});

describe('console identity from the Cognito authorizer', () => {
  it('refuses a request without claims (401) and a user outside the group (403)', () => {
    expect(consoleIdentity(undefined, 'marketing')).toMatchObject({ ok: false, statusCode: 401 });
    expect(consoleIdentity({ iss: 'x' }, 'marketing')).toMatchObject({ ok: false, statusCode: 401 });
    expect(
      consoleIdentity({ email: 'sam@example.com', 'cognito:groups': '[support]' }, 'marketing'),
    ).toMatchObject({ ok: false, statusCode: 403 });
  });

  it('takes the email (ID token) or username (access token) of a group member', () => {
    expect(
      consoleIdentity(
        { email: 'maria@example.com', sub: 'u-1', 'cognito:groups': '[support marketing]' },
        'marketing',
      ),
    ).toEqual({ ok: true, identity: { id: 'maria@example.com' } });
    expect(consoleIdentity({ username: 'maria', 'cognito:groups': ['marketing'] }, 'marketing')).toEqual({
      ok: true,
      identity: { id: 'maria' },
    });
  });
});

it('counts decisions per play and status', () => {
  const counts = countByPlayAndStatus([
    { play: 'low_adoption', status: 'sent' },
    { play: 'low_adoption', status: 'sent' },
    { play: 'low_adoption', status: 'held_out' },
    { play: 'support_friction', status: 'pending_approval' },
  ]);
  expect(Object.fromEntries(counts)).toEqual({
    low_adoption: { sent: 2, held_out: 1 },
    support_friction: { pending_approval: 1 },
  });
});
