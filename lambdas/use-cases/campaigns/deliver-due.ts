import type { CampaignDecision } from '../../domain/plays/campaign-decision';
import { type SendCampaignDeps, type SendOutcome, sendCampaign } from './send-campaign';

export interface DeliveryReport {
  /** Per campaign that went out now: its SES message ids. */
  readonly sent: ReadonlyArray<{
    readonly decision: CampaignDecision;
    readonly messageIds: readonly string[];
  }>;
  /** Campaigns whose send hit a transient error: left queued for the next attempt. */
  readonly retry: readonly CampaignDecision[];
  readonly outcomes: Readonly<Record<SendOutcome['outcome'], number>>;
}

/**
 * Plays out the sender between `from` and `until` on a simulated clock: each queued campaign is
 * sent at its send-window time, in time order. The local runner's stand-in for the SQS queue and
 * send Lambda; a transient failure leaves the campaign for the next attempt, like a redelivery.
 */
export async function deliverDueCampaigns(
  decisions: readonly CampaignDecision[],
  from: Date,
  until: Date,
  deps: Omit<SendCampaignDeps, 'clock'>,
): Promise<DeliveryReport> {
  const due = decisions
    .filter((decision) => decision.status === 'queued' || decision.status === 'quiet_hours')
    .filter((decision) => decision.sendAt !== null && Date.parse(decision.sendAt) <= until.getTime())
    .sort((a, b) => ((a.sendAt ?? '') < (b.sendAt ?? '') ? -1 : a.key < b.key ? -1 : 1));
  const sent: { decision: CampaignDecision; messageIds: readonly string[] }[] = [];
  const retry: CampaignDecision[] = [];
  const outcomes: Record<SendOutcome['outcome'], number> = {
    sent: 0,
    deferred: 0,
    already_sent: 0,
    not_sendable: 0,
    in_flight: 0,
    missing: 0,
    failed: 0,
  };
  for (const decision of due) {
    const at = new Date(Math.max(from.getTime(), Date.parse(decision.sendAt ?? '')));
    try {
      const outcome = await sendCampaign(decision.tenantId, decision.key, { ...deps, clock: () => at });
      outcomes[outcome.outcome]++;
      if (outcome.outcome === 'sent') sent.push({ decision, messageIds: outcome.messageIds });
    } catch {
      retry.push(decision);
    }
  }
  return { sent, retry, outcomes };
}
