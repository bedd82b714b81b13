import type { Guardrails } from '../../config/product-config';
import type { CampaignDecision, Review, ReviewAction } from '../plays/campaign-decision';
import { sendSlot } from '../plays/plan-night';

/** A pending approval that cannot be released as it is (no recipient, no merge data). */
export class NotReviewableError extends Error {
  override readonly name = 'NotReviewableError';
}

/**
 * The decision after marketing's review of a pending approval. Approving releases it like a
 * cleared send (queued now, or quiet_hours until the recipient's send window opens); skipping
 * records it as never sent, without cooldown, so a later night may propose the play again.
 */
export function reviewedDecision(
  decision: CampaignDecision,
  action: ReviewAction,
  context: {
    readonly actor: string;
    readonly now: Date;
    readonly timeZone: string;
    readonly guardrails: Pick<Guardrails, 'sendWindow'>;
  },
): CampaignDecision {
  const review: Review = { action, by: context.actor, at: context.now.toISOString() };
  if (action === 'skip') {
    return { ...decision, status: 'skipped', reason: `skipped by ${context.actor}`, sendAt: null, review };
  }
  if (decision.recipients.length === 0) {
    throw new NotReviewableError(`${decision.key} has no recipient in the play's audience`);
  }
  const slot = sendSlot(context.now, context.timeZone, context.guardrails);
  const approved = `approved by ${context.actor}${action === 'edit_and_approve' ? ' with edited copy' : ''}`;
  return {
    ...decision,
    status: slot.status,
    reason: slot.status === 'queued' ? approved : `${approved}; ${slot.reason}`,
    sendAt: slot.sendAt,
    review,
  };
}
