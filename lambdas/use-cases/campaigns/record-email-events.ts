import { emailEventActions, type SesEvent } from '../../domain/plays/email-events';
import type { CampaignStore } from '../../ports';

export interface EmailEventCounts {
  readonly suppressed: number;
  readonly engagement: number;
}

/**
 * The feedback loop: hard bounces and complaints suppress the address for every play from now
 * on; deliveries, opens and clicks (scanner clicks apart) are counted on the campaign.
 * Suppressing and counting are safe to repeat when SES or EventBridge delivers an event twice,
 * except that a counter can count the duplicate: engagement is a measure, not a send decision.
 */
export async function recordEmailEvents(
  events: readonly SesEvent[],
  store: Pick<CampaignStore, 'suppress' | 'recordEngagement'>,
  now: Date,
): Promise<EmailEventCounts> {
  let suppressed = 0;
  let engagement = 0;
  for (const event of events) {
    for (const action of emailEventActions(event)) {
      if (action.kind === 'suppress') {
        await store.suppress(action.email, action.reason, now);
        suppressed++;
      } else {
        await store.recordEngagement(action.tenantId, action.key, action.field, action.at);
        engagement++;
      }
    }
  }
  return { suppressed, engagement };
}
