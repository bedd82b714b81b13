import type { CauseId } from '../../lambdas/domain/cause-ids';
import type { CampaignStatus } from '../../lambdas/domain/plays/campaign-decision';

export const PLAY_LABELS: Readonly<Record<CauseId, string>> = {
  onboarding_stalled: 'Onboarding stalled',
  low_adoption: 'Low adoption',
  engagement_drop: 'Engagement drop',
  business_decline: 'Business decline',
  support_friction: 'Support friction',
  low_satisfaction: 'Low satisfaction',
};

/** What each play does, in marketing's words (DESIGN.md: the play per cause, never a discount). */
export const PLAY_DESCRIPTIONS: Readonly<Record<CauseId, string>> = {
  onboarding_stalled: 'Step-specific guide for the missing setup step, offer of guided setup',
  low_adoption: 'How-to for a specific unused feature, with a peer example',
  engagement_drop: 'Personal check-in from the CSM, re-activation of core users',
  business_decline: 'Growth playbook from top performers in the industry, peer session',
  support_friction: 'Status of their open issues, fixes shipped, direct line to the support lead',
  low_satisfaction: 'CSM follow-up: what is not working, book a call',
};

/** Status columns in the order of the guardrails (what happened to a decision). */
export const STATUS_ORDER: readonly CampaignStatus[] = [
  'sent',
  'queued',
  'quiet_hours',
  'pending_approval',
  'held_out',
  'suppressed',
  'cooldown',
  'budget',
  'stale_data',
  'lifecycle',
  'dry_run',
  'skipped',
  'failed',
];

export const statusLabel = (status: string) => status.replaceAll('_', ' ');
export const playLabel = (play: string) => PLAY_LABELS[play as CauseId] ?? play;

export const percent = (value: number, digits = 0) => `${(value * 100).toFixed(digits)}%`;
/** A measured value at a readable precision (3 significant digits), or a dash when missing. */
export const number = (value: number | null) =>
  value === null ? '—' : Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(3)));
export const signed = (value: number, digits = 1) => `${value > 0 ? '+' : ''}${value.toFixed(digits)}`;

export function dateTime(iso: string | null): string {
  if (!iso) return '—';
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}
