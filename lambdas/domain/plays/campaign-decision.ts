import { z } from 'zod';
import { CAUSE_IDS } from '../cause-ids';

/**
 * The output contract of the plan stage (DESIGN.md "Outputs of a run": campaigns.jsonl): one
 * decision per tenant x play per night. `queued` extends the contract's statuses: cleared to
 * send and waiting for the sender, which turns it into `sent` or `failed`.
 */
export const CAMPAIGN_STATUSES = [
  'sent',
  'queued',
  'held_out',
  'suppressed',
  'cooldown',
  'budget',
  'quiet_hours',
  'pending_approval',
  'stale_data',
  'lifecycle',
  'dry_run',
  'failed',
] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

/** Statuses whose email is on its way or out: they count against cooldown and budgets. */
export const OUTBOUND_STATUSES: ReadonlySet<CampaignStatus> = new Set(['sent', 'queued', 'quiet_hours']);

export const CampaignDecisionSchema = z.object({
  /** Deterministic per tenant x play x run date: the exactly-once key of the send. */
  key: z.string(),
  tenantId: z.string(),
  play: z.enum(CAUSE_IDS),
  cause: z.enum(CAUSE_IDS),
  runDate: z.string(),
  recipients: z.array(z.string()),
  status: z.enum(CAMPAIGN_STATUSES),
  reason: z.string(),
  messageId: z.string().nullable(),
  /** When the email may go out (the recipient's send window); null when it will not be sent. */
  sendAt: z.string().nullable(),
  /** For budget deferrals: the first day the recipient has budget again. */
  notBefore: z.string().nullable(),
  priority: z.number().int(),
  healthScore: z.number(),
  churnProbability: z.number(),
  explanation: z.string(),
  configVersion: z.string(),
  decidedAt: z.string(),
  sentAt: z.string().nullable(),
  /** SES events counted on the campaign (delivered, opens, clicks, scannerClicks, bounces, ...). */
  engagement: z.record(z.string(), z.number()).optional(),
});
export type CampaignDecision = z.infer<typeof CampaignDecisionSchema>;

export function campaignKey(tenantId: string, play: string, runDate: string): string {
  return `${tenantId}|${play}|${runDate}`;
}
