import type { Guardrails, PlaysConfig } from '../../config/product-config';
import { addDays } from '../calendar';
import type { CauseId } from '../cause-ids';
import type { TenantRecord } from '../feed/feed-records';
import type { ScoreRecord } from '../score-record';
import {
  type CampaignDecision,
  type CampaignStatus,
  campaignKey,
  OUTBOUND_STATUSES,
} from './campaign-decision';
import { isHeldOut } from './holdout';
import { audienceOf } from './recipients';
import { nextSendTime } from './send-window';

/** A scored tenant the plan looks at, with what the guardrails need beyond the score. */
export interface PlayCandidate {
  readonly score: ScoreRecord;
  readonly tenant: TenantRecord;
  /** SLA breaches within guardrails.lifecycle.slaBreachLookbackDays before the run date. */
  readonly recentSlaBreaches: number;
  /** Merge fields the play's email needs and the data lacks (approval on_error holds these). */
  readonly missingMergeData: readonly string[];
}

export interface RecipientState {
  /** Why the address must not be emailed (bounce, complaint, unsubscribe), or null. */
  readonly suppressed: string | null;
  /** Instants (ISO) of emails on their way or out to this address: the fatigue budget's count. */
  readonly outboundAt: readonly string[];
}

/** What earlier nights left behind, read from the store before planning. */
export interface PlanningState {
  /** Per tenant, its stored decisions of the cooldown period, this night's included on a re-run. */
  readonly campaigns: ReadonlyMap<string, readonly CampaignDecision[]>;
  /** Per normalised email address. */
  readonly recipients: ReadonlyMap<string, RecipientState>;
}

export interface PlanSettings {
  readonly runDate: string;
  readonly now: Date;
  readonly configVersion: string;
  readonly plays: PlaysConfig;
  readonly guardrails: Guardrails;
  readonly dryRun: boolean;
}

interface Draft {
  readonly candidate: PlayCandidate;
  readonly play: CauseId;
  readonly recipients: string[];
}

type Verdict = { readonly status: CampaignStatus; readonly reason: string; readonly notBefore?: string };

const DAY_MS = 86_400_000;

/**
 * Tonight's decision for every tenant whose cause has an enabled play, through the guardrails
 * in this order: lifecycle, stale data, suppression, holdout, cooldown, recipient budget (in
 * play priority order), approval, dry run, send window. A decision already stored for the same
 * tenant x play x night is returned unchanged, so re-running a night plans nothing new.
 */
export function planNight(
  candidates: readonly PlayCandidate[],
  state: PlanningState,
  settings: PlanSettings,
): CampaignDecision[] {
  const decisions: CampaignDecision[] = [];
  const cleared: Draft[] = [];
  for (const candidate of candidates) {
    const play = playFor(candidate.score, settings);
    if (play === null) continue;
    const key = campaignKey(candidate.tenant.tenantId, play, settings.runDate);
    const stored = state.campaigns.get(candidate.tenant.tenantId)?.find((decision) => decision.key === key);
    if (stored) {
      decisions.push(stored);
      continue;
    }
    const recipients = audienceOf(candidate.tenant, settings.plays[play].audience);
    const draft: Draft = { candidate, play, recipients };
    const held = holdBeforeBudget(draft, state, settings);
    if (held) decisions.push(decide(draft, held, settings));
    else cleared.push(draft);
  }

  // The budget is shared across plays, so the most important plays claim it first.
  cleared.sort(
    (a, b) =>
      settings.plays[a.play].priority - settings.plays[b.play].priority ||
      b.candidate.score.churnProbability - a.candidate.score.churnProbability ||
      (a.candidate.tenant.tenantId < b.candidate.tenant.tenantId ? -1 : 1),
  );
  const outbound = new Map<string, string[]>();
  for (const [email, recipient] of state.recipients) outbound.set(email, [...recipient.outboundAt]);
  for (const draft of cleared) {
    const budget = applyBudget(draft, outbound, settings);
    const verdict = budget ?? holdAfterBudget(draft, settings);
    const decision = decide(draft, verdict, settings);
    if (OUTBOUND_STATUSES.has(decision.status)) {
      for (const email of decision.recipients) {
        outbound.set(email, [...(outbound.get(email) ?? []), decision.sendAt ?? settings.now.toISOString()]);
      }
    }
    decisions.push(decision);
  }
  return decisions.sort((a, b) => (a.key < b.key ? -1 : 1));
}

function playFor(score: ScoreRecord, settings: PlanSettings): CauseId | null {
  if (score.cause === null) return null;
  if (score.band === 'healthy' || !settings.guardrails.triggerBands.includes(score.band)) return null;
  return settings.plays[score.cause].enabled ? score.cause : null;
}

function holdBeforeBudget(draft: Draft, state: PlanningState, settings: PlanSettings): Verdict | null {
  const { candidate, play } = draft;
  const { guardrails } = settings;
  const lifecycle = lifecycleHold(candidate, play, guardrails);
  if (lifecycle) return { status: 'lifecycle', reason: lifecycle };

  if (candidate.score.frozen) {
    return {
      status: 'stale_data',
      reason: `data ${candidate.score.dataFreshness}: the score is frozen and no email goes out on it`,
    };
  }

  const suppressed = draft.recipients.filter((email) => state.recipients.get(email)?.suppressed);
  if (suppressed.length > 0) {
    const reasons = suppressed.map((email) => state.recipients.get(email)?.suppressed).join(', ');
    draft.recipients.splice(
      0,
      draft.recipients.length,
      ...draft.recipients.filter((e) => !suppressed.includes(e)),
    );
    if (draft.recipients.length === 0) {
      return { status: 'suppressed', reason: `every recipient is suppressed (${reasons})` };
    }
  }

  if (isHeldOut(candidate.tenant.tenantId, play, guardrails.holdoutPercent)) {
    return {
      status: 'held_out',
      reason: `in the ${guardrails.holdoutPercent}% holdout of this play: never sent, measured against`,
    };
  }

  const lastOutbound = (state.campaigns.get(candidate.tenant.tenantId) ?? [])
    .filter(
      (decision) =>
        decision.play === play &&
        OUTBOUND_STATUSES.has(decision.status) &&
        decision.runDate > addDays(settings.runDate, -guardrails.cooldownDays),
    )
    .sort((a, b) => (a.runDate < b.runDate ? 1 : -1))[0];
  if (lastOutbound) {
    return {
      status: 'cooldown',
      reason: `this play went out on ${lastOutbound.runDate} (${lastOutbound.status}); cooldown ${guardrails.cooldownDays} days`,
      notBefore: addDays(lastOutbound.runDate, guardrails.cooldownDays),
    };
  }
  return null;
}

/** Churned tenants, renewals under negotiation and open P1s are for people, not automation. */
function lifecycleHold(candidate: PlayCandidate, play: CauseId, guardrails: Guardrails): string | null {
  const { tenant, score } = candidate;
  if (tenant.status === 'churned' || score.dataFreshness === 'churned') return 'tenant has churned';
  const attributes = tenant.attributes ?? {};
  if (isSet(attributes[guardrails.lifecycle.renewalNegotiationAttribute])) {
    return 'renewal under negotiation: the account team talks to this tenant';
  }
  if (play === 'support_friction') return null;
  if (isSet(attributes[guardrails.lifecycle.openP1Attribute])) {
    return 'open P1 incident: support first, no other play until it is resolved';
  }
  if (candidate.recentSlaBreaches > 0) {
    return `${candidate.recentSlaBreaches} SLA breach(es) in the last ${guardrails.lifecycle.slaBreachLookbackDays} days: support first`;
  }
  return null;
}

function isSet(value: string | number | boolean | undefined): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value > 0;
  return value !== undefined && ['true', 'yes', '1'].includes(value.trim().toLowerCase());
}

/** Drops recipients over their budget; a send left with nobody is deferred to when budget frees up. */
function applyBudget(
  draft: Draft,
  outbound: ReadonlyMap<string, string[]>,
  settings: PlanSettings,
): Verdict | null {
  const { maxEmails, perDays } = settings.guardrails.recipientBudget;
  const since = settings.now.getTime() - perDays * DAY_MS;
  const counted = (email: string) =>
    (outbound.get(email) ?? [])
      .map(Date.parse)
      .filter((at) => at > since)
      .sort((a, b) => a - b);
  const over = draft.recipients.filter((email) => counted(email).length >= maxEmails);
  if (over.length === 0 || draft.recipients.length === 0) return null;
  if (over.length < draft.recipients.length) {
    draft.recipients.splice(0, draft.recipients.length, ...draft.recipients.filter((e) => !over.includes(e)));
    return null;
  }
  // The earliest day on which one of the recipients has room again: the plan retries then.
  const frees = Math.min(
    ...over.map((email) => {
      const times = counted(email);
      return (times[times.length - maxEmails] as number) + perDays * DAY_MS;
    }),
  );
  return {
    status: 'budget',
    reason: `every recipient already has ${maxEmails} emails in ${perDays} days; rescheduled`,
    notBefore: new Date(frees).toISOString().slice(0, 10),
  };
}

function holdAfterBudget(draft: Draft, settings: PlanSettings): Verdict {
  const { approval } = settings.plays[draft.play];
  const missing = [
    ...draft.candidate.missingMergeData,
    ...(draft.recipients.length === 0 ? ['recipient'] : []),
  ];
  if (approval === 'always')
    return { status: 'pending_approval', reason: 'this play needs approval for every send' };
  if (missing.length > 0) {
    return approval === 'on_error'
      ? { status: 'pending_approval', reason: `missing merge data: ${missing.join(', ')}` }
      : { status: 'failed', reason: `missing merge data: ${missing.join(', ')} (approval mode never)` };
  }
  if (settings.dryRun) return { status: 'dry_run', reason: 'dry run: planned, not sent' };
  return { status: 'queued', reason: 'cleared every guardrail' };
}

function decide(draft: Draft, verdict: Verdict, settings: PlanSettings): CampaignDecision {
  const { candidate, play } = draft;
  const { score, tenant } = candidate;
  let { status, reason } = verdict;
  let sendAt: string | null = null;
  if (status === 'queued') {
    const slot = sendSlot(
      settings.now,
      tenant.timezone ?? settings.guardrails.defaultTimeZone,
      settings.guardrails,
    );
    ({ sendAt } = slot);
    if (slot.status === 'quiet_hours') ({ status, reason } = slot);
  }
  return {
    key: campaignKey(tenant.tenantId, play, settings.runDate),
    tenantId: tenant.tenantId,
    play,
    cause: play,
    runDate: settings.runDate,
    recipients: [...draft.recipients],
    status,
    reason,
    messageId: null,
    sendAt,
    notBefore: verdict.notBefore ?? null,
    priority: settings.plays[play].priority,
    healthScore: score.healthScore,
    churnProbability: score.churnProbability,
    explanation: score.explanation,
    configVersion: settings.configVersion,
    decidedAt: settings.now.toISOString(),
    sentAt: null,
  };
}

/**
 * When a cleared send goes out: now (`queued`) when the recipient's send window is open, else
 * `quiet_hours` until it opens. Shared by the plan and by approvals in the review console.
 */
export function sendSlot(
  now: Date,
  timeZone: string,
  guardrails: Pick<Guardrails, 'sendWindow'>,
): { status: 'queued' | 'quiet_hours'; sendAt: string; reason: string } {
  const at = nextSendTime(now, timeZone, guardrails.sendWindow);
  const sendAt = at.toISOString();
  return at.getTime() > now.getTime()
    ? {
        status: 'quiet_hours',
        sendAt,
        reason: `held for the send window: goes out ${sendAt.slice(0, 16).replace('T', ' ')} UTC (${timeZone})`,
      }
    : { status: 'queued', sendAt, reason: 'cleared every guardrail' };
}
