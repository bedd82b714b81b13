import { z } from 'zod';
import { CAUSE_IDS } from '../cause-ids';
import { type CampaignDecision, campaignKey } from './campaign-decision';
import { normalizeEmail } from './recipients';

/**
 * SES configuration-set events (delivered through EventBridge) turned into what Lifeline does
 * about them: suppress an address, or count engagement on the campaign that sent the message.
 * Campaigns are found through the message tags the sender sets (campaignTags).
 */

/** Message tags identifying the campaign; tag values allow only [A-Za-z0-9_.@-], so the tenant id is base64url. */
export function campaignTags(decision: Pick<CampaignDecision, 'tenantId' | 'play' | 'runDate'>) {
  return {
    play: decision.play,
    runDate: decision.runDate,
    tenant: Buffer.from(decision.tenantId).toString('base64url'),
  };
}

const tagList = z.array(z.string()).min(1);

export const SesEventSchema = z.object({
  eventType: z.enum([
    'Send',
    'Delivery',
    'Bounce',
    'Complaint',
    'Reject',
    'Open',
    'Click',
    'Rendering Failure',
    'DeliveryDelay',
    'Subscription',
  ]),
  mail: z.object({
    messageId: z.string(),
    timestamp: z.string(),
    destination: z.array(z.string()).default([]),
    tags: z.record(z.string(), tagList).default({}),
  }),
  bounce: z
    .object({
      bounceType: z.string(),
      bouncedRecipients: z.array(z.object({ emailAddress: z.string() })),
    })
    .optional(),
  complaint: z.object({ complainedRecipients: z.array(z.object({ emailAddress: z.string() })) }).optional(),
  delivery: z.object({ timestamp: z.string() }).optional(),
  click: z.object({ timestamp: z.string(), link: z.string().optional() }).optional(),
  open: z.object({ timestamp: z.string() }).optional(),
});
export type SesEvent = z.infer<typeof SesEventSchema>;

export const ENGAGEMENT_FIELDS = [
  'delivered',
  'opens',
  'clicks',
  'scannerClicks',
  'bounces',
  'complaints',
  'rejects',
  'renderingFailures',
] as const;
export type EngagementField = (typeof ENGAGEMENT_FIELDS)[number];

export type EmailEventAction =
  | { readonly kind: 'suppress'; readonly email: string; readonly reason: 'hard bounce' | 'complaint' }
  | {
      readonly kind: 'engagement';
      readonly tenantId: string;
      readonly key: string;
      readonly field: EngagementField;
      readonly at: string;
    };

/**
 * Link scanners in mail gateways open every link within seconds of delivery; a person does not.
 * A click this soon after the message was sent is counted as a scanner's, not as engagement.
 */
export const SCANNER_CLICK_SECONDS = 15;

export function emailEventActions(event: SesEvent): EmailEventAction[] {
  const actions: EmailEventAction[] = [];
  if (event.eventType === 'Bounce' && event.bounce?.bounceType === 'Permanent') {
    for (const recipient of event.bounce.bouncedRecipients) {
      actions.push({
        kind: 'suppress',
        email: normalizeEmail(recipient.emailAddress),
        reason: 'hard bounce',
      });
    }
  }
  if (event.eventType === 'Complaint') {
    for (const recipient of event.complaint?.complainedRecipients ?? []) {
      actions.push({ kind: 'suppress', email: normalizeEmail(recipient.emailAddress), reason: 'complaint' });
    }
  }
  const campaign = campaignOf(event);
  const field = engagementField(event);
  if (campaign && field) actions.push({ kind: 'engagement', ...campaign, field, at: eventTime(event) });
  return actions;
}

function campaignOf(event: SesEvent): { tenantId: string; key: string } | null {
  const play = event.mail.tags.play?.[0];
  const runDate = event.mail.tags.runDate?.[0];
  const tenant = event.mail.tags.tenant?.[0];
  if (!play || !runDate || !tenant || !(CAUSE_IDS as readonly string[]).includes(play)) return null;
  const tenantId = Buffer.from(tenant, 'base64url').toString('utf8');
  return { tenantId, key: campaignKey(tenantId, play, runDate) };
}

function engagementField(event: SesEvent): EngagementField | null {
  switch (event.eventType) {
    case 'Delivery':
      return 'delivered';
    case 'Open':
      return 'opens';
    case 'Click': {
      const sent = Date.parse(event.mail.timestamp);
      const clicked = Date.parse(event.click?.timestamp ?? event.mail.timestamp);
      return clicked - sent < SCANNER_CLICK_SECONDS * 1000 ? 'scannerClicks' : 'clicks';
    }
    case 'Bounce':
      return 'bounces';
    case 'Complaint':
      return 'complaints';
    case 'Reject':
      return 'rejects';
    case 'Rendering Failure':
      return 'renderingFailures';
    default:
      return null;
  }
}

function eventTime(event: SesEvent): string {
  return event.click?.timestamp ?? event.open?.timestamp ?? event.delivery?.timestamp ?? event.mail.timestamp;
}
