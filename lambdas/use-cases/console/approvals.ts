import { randomUUID } from 'node:crypto';
import { addDays } from '../../domain/calendar';
import type { AuditEntry } from '../../domain/console/audit';
import { NotReviewableError, reviewedDecision } from '../../domain/console/review';
import type { CopyOverrides } from '../../domain/emails/render-play-email';
import {
  type CampaignDecision,
  OUTBOUND_STATUSES,
  type ReviewAction,
} from '../../domain/plays/campaign-decision';
import { MergeDataError } from '../campaigns/compose-play-email';
import type { ConsoleDeps, ConsoleIdentity } from './console-deps';
import { ConsoleConflictError, ConsoleInputError, ConsoleNotFoundError } from './console-errors';
import type { ListedDecision } from './console-ports';
import { decisionsOfNights, latestNight } from './latest-night';
import { renderCampaignEmail } from './render-email';
import { campaignOf } from './sends';

/** Nights whose pending approvals are listed: older ones carry numbers too stale to send. */
export const APPROVAL_NIGHTS = 7;

export interface PendingApproval extends ListedDecision {
  /** False when the decision cannot be sent as it is (no recipient, or no merge data to render). */
  readonly approvable: boolean;
}

/** Pending approvals of the last nights, riskiest tenant first. */
export async function listApprovals(
  deps: ConsoleDeps,
): Promise<{ night: string | null; pending: PendingApproval[] }> {
  const night = await latestNight(deps);
  if (night === null) return { night, pending: [] };
  const pending: PendingApproval[] = [];
  for (const decision of await decisionsOfNights(addDays(night, -(APPROVAL_NIGHTS - 1)), night, deps)) {
    if (decision.status !== 'pending_approval') continue;
    pending.push({ ...decision, approvable: decision.recipients.length > 0 && decision.tenantName !== null });
  }
  pending.sort((a, b) => b.churnProbability - a.churnProbability || (a.key < b.key ? -1 : 1));
  return { night, pending };
}

export interface ReviewOutcome {
  readonly key: string;
  readonly decision: CampaignDecision;
}

/**
 * Approve (optionally with edited copy) or skip one pending approval. An approved decision is
 * released like a cleared send (queued in the recipient's send window) and handed to the
 * outbox; the change, its audit entry and the budget ledger are stored in one transaction.
 */
export async function reviewApproval(
  key: string,
  action: ReviewAction,
  copy: CopyOverrides | null,
  identity: ConsoleIdentity,
  deps: ConsoleDeps,
): Promise<ReviewOutcome> {
  const outcome = await review(key, action, copy, identity, deps);
  if (OUTBOUND_STATUSES.has(outcome.decision.status)) await deps.outbox.enqueue([outcome.decision]);
  return outcome;
}

/** What makes one key of a bulk action fail on its own: it is reported, the others go on. */
const KEY_ERRORS = [
  ConsoleConflictError,
  ConsoleNotFoundError,
  ConsoleInputError,
  NotReviewableError,
  MergeDataError,
] as const;

export type BulkResult =
  | { readonly key: string; readonly ok: true; readonly status: CampaignDecision['status'] }
  | { readonly key: string; readonly ok: false; readonly error: string };

/** The same action on many pending approvals; each stands alone (one conflict does not stop the rest). */
export async function reviewApprovals(
  keys: readonly string[],
  action: Exclude<ReviewAction, 'edit_and_approve'>,
  identity: ConsoleIdentity,
  deps: ConsoleDeps,
): Promise<BulkResult[]> {
  const results: BulkResult[] = [];
  const released: CampaignDecision[] = [];
  try {
    for (const key of keys) {
      try {
        const { decision } = await review(key, action, null, identity, deps);
        if (OUTBOUND_STATUSES.has(decision.status)) released.push(decision);
        results.push({ key, ok: true, status: decision.status });
      } catch (error) {
        if (!KEY_ERRORS.some((type) => error instanceof type)) throw error;
        results.push({ key, ok: false, error: (error as Error).message });
      }
    }
  } finally {
    // Whatever stops the batch, the sends it already released must reach the sender.
    await deps.outbox.enqueue(released);
  }
  return results;
}

async function review(
  key: string,
  action: ReviewAction,
  copy: CopyOverrides | null,
  identity: ConsoleIdentity,
  deps: ConsoleDeps,
): Promise<ReviewOutcome> {
  const campaign = await campaignOf(key, deps);
  const { decision } = campaign;
  if (decision.status !== 'pending_approval') {
    throw new ConsoleConflictError(`${key} is ${decision.status}, not pending approval`);
  }
  const approving = action !== 'skip';
  if (approving) {
    // Render for every recipient now: bad copy or missing merge data fails here, not in the sender.
    const withCopy = copy ? { ...campaign, mergeData: { ...campaign.mergeData, copy } } : campaign;
    for (const recipient of decision.recipients) renderCampaignEmail(withCopy, recipient, deps);
  }
  const tenant = approving ? await deps.reader.readTenant(decision.tenantId) : null;
  const now = deps.clock();
  const reviewed = reviewedDecision(decision, action, {
    actor: identity.id,
    now,
    timeZone: tenant?.timezone ?? deps.loaded.config.guardrails.defaultTimeZone,
    guardrails: deps.loaded.config.guardrails,
  });
  const audit: AuditEntry = {
    id: randomUUID(),
    at: now.toISOString(),
    actor: identity.id,
    action,
    target: key,
    details: {
      tenantId: decision.tenantId,
      play: decision.play,
      status: reviewed.status,
      ...(reviewed.sendAt ? { sendAt: reviewed.sendAt } : {}),
      ...(copy ? { copy } : {}),
    },
  };
  if (!(await deps.console.saveReview(reviewed, copy, audit))) {
    throw new ConsoleConflictError(`${key} was reviewed by someone else a moment ago`);
  }
  return { key, decision: reviewed };
}
