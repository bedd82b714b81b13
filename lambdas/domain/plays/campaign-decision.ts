import { z } from 'zod';
import { CAUSE_IDS } from '../cause-ids';

/**
 * The output contract of the plan stage (DESIGN.md "Outputs of a run": campaigns.jsonl): one
 * decision per tenant x play per night. `queued` extends the contract's statuses: cleared to
 * send and waiting for the sender, which turns it into `sent` or `failed`; `skipped`: a
 * pending approval that marketing declined in the review console (never sent, no cooldown).
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
  'skipped',
] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

/** Statuses whose email is on its way or out: they count against cooldown and budgets. */
export const OUTBOUND_STATUSES: ReadonlySet<CampaignStatus> = new Set(['sent', 'queued', 'quiet_hours']);

export const REVIEW_ACTIONS = ['approve', 'edit_and_approve', 'skip'] as const;
export type ReviewAction = (typeof REVIEW_ACTIONS)[number];

export const ReviewSchema = z.object({
  action: z.enum(REVIEW_ACTIONS),
  by: z.string(),
  at: z.string(),
});
export type Review = z.infer<typeof ReviewSchema>;

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
  /** Who released or declined a pending approval in the review console, and when. */
  review: ReviewSchema.optional(),
});
export type CampaignDecision = z.infer<typeof CampaignDecisionSchema>;

export function campaignKey(tenantId: string, play: string, runDate: string): string {
  return `${tenantId}|${play}|${runDate}`;
}
