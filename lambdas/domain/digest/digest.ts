import { daysBetween } from '../calendar';
import type { CauseId } from '../cause-ids';
import type { TenantRecord } from '../feed/feed-records';
import type { CampaignDecision } from '../plays/campaign-decision';
import type { Band, ScoreRecord } from '../score-record';

/**
 * The CS manager's morning email as data: one digest per CSM, rows ranked by revenue at risk x
 * size of change, each tenant in exactly one section (the most urgent that applies). Rendering
 * is separate (digest-email.ts); this decides what a CSM must see.
 */

export const DIGEST_SECTIONS = [
  'renewing_at_risk',
  'new_at_risk',
  'still_at_risk',
  'recovered',
  'data_problems',
] as const;
export type DigestSection = (typeof DIGEST_SECTIONS)[number];

export const SECTION_TITLES: Readonly<Record<DigestSection, string>> = {
  renewing_at_risk: 'Renewing within 90 days and at risk',
  new_at_risk: 'New at risk since yesterday',
  still_at_risk: 'Still at risk',
  recovered: 'Recovered',
  data_problems: 'Data problems',
};

/** One suggested next step per cause, for the CSM (the customer gets the play's email). */
export const NEXT_STEPS: Readonly<Record<CauseId, string>> = {
  onboarding_stalled: 'Offer a 30-minute guided setup for the missing step.',
  low_adoption: 'Show the admin the unused feature with a peer example from their industry.',
  engagement_drop: 'Call the champion this week; find out what changed and re-activate core users.',
  business_decline: 'Invite them to the industry peer session; share the top performers’ playbook.',
  support_friction: 'Review their open tickets with the support lead and send a status update.',
  low_satisfaction: 'Book a call to ask what is not working; follow up on their last survey answer.',
};

const AT_RISK: ReadonlySet<Band> = new Set(['at_risk', 'critical']);
const RENEWAL_DAYS = 90;

export interface DigestTenantInput {
  readonly profile: TenantRecord;
  readonly today: ScoreRecord | null;
  readonly yesterday: ScoreRecord | null;
  /** Health scores of recent nights, oldest first, for the sparkline. */
  readonly trend: readonly number[];
  /** Tonight's play decision for the tenant, if it had one. */
  readonly decision: CampaignDecision | null;
}

export interface DigestRow {
  readonly tenantId: string;
  readonly tenantName: string;
  readonly health: number;
  readonly healthChange: number | null;
  readonly band: Band;
  readonly churnProbability: number;
  readonly mrr: number | null;
  /** ISO 4217 code of mrr and revenueAtRisk, when the feed gives one. */
  readonly currency: string | null;
  readonly revenueAtRisk: number | null;
  readonly renewalInDays: number | null;
  readonly cause: CauseId | null;
  readonly explanation: string;
  readonly nextStep: string;
  /** What Lifeline did for this tenant tonight, in words ("sent onboarding_stalled play to 2 contacts"). */
  readonly lifelineAction: string | null;
  readonly trend: readonly number[];
  /** Ranking key: revenue at risk (MRR x churn probability, 1 when MRR unknown) x size of change. */
  readonly rank: number;
}

export interface DigestSectionRows {
  readonly section: DigestSection;
  /** The top rows, at most maxRowsPerSection. */
  readonly rows: readonly DigestRow[];
  /** Tenants in the section before the cut (total - rows.length were omitted). */
  readonly total: number;
}

export interface Digest {
  readonly csmEmail: string;
  readonly date: string;
  readonly sections: readonly DigestSectionRows[];
  /** Tenants whose data is late, partial or anomalous: scores frozen, emails held. */
  readonly staleTenants: number;
  /** Feed records quarantined in tonight's run (the whole feed's, not this CSM's). */
  readonly quarantinedRecords: number;
  /** Rows left out of long sections (the digest stays a two-minute read). */
  readonly omitted: number;
}

export interface DigestSettings {
  readonly date: string;
  readonly fallbackEmail: string;
  readonly maxRowsPerSection: number;
  readonly quarantinedRecords: number;
}

/** One tenant's line in its CSM's digest, computed where the tenant's data is (a shard). */
export interface DigestEntry {
  readonly csmEmail: string;
  readonly section: DigestSection;
  readonly row: DigestRow;
}

/** The entry for a tenant, or null when it has nothing to report (healthy, churned, not scored). */
export function digestEntry(
  tenant: DigestTenantInput,
  date: string,
  fallbackEmail: string,
): DigestEntry | null {
  const { today } = tenant;
  if (today === null || tenant.profile.status === 'churned') return null;
  const section = sectionOf(tenant, today, date);
  if (section === null) return null;
  return {
    csmEmail: csmOf(tenant.profile, fallbackEmail),
    section,
    row: rowOf(tenant, today, date),
  };
}

/** The CSM a tenant's lines go to: its csmEmail, else the team's fallback address. */
export function csmOf(profile: TenantRecord, fallbackEmail: string): string {
  return (profile.csmEmail ?? fallbackEmail).trim().toLowerCase();
}

/** Every CSM's digest from the tenants' inputs (the single-process path; tests and small portfolios). */
export function buildDigests(tenants: readonly DigestTenantInput[], settings: DigestSettings): Digest[] {
  const byCsm = new Map<string, DigestEntry[]>();
  for (const tenant of tenants) {
    const entry = digestEntry(tenant, settings.date, settings.fallbackEmail);
    if (entry) byCsm.set(entry.csmEmail, [...(byCsm.get(entry.csmEmail) ?? []), entry]);
  }
  return [...byCsm.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([csmEmail, entries]) => assembleDigest(csmEmail, entries, settings));
}

/** One CSM's digest from its entries: sections in priority order, ranked, capped. */
export function assembleDigest(
  csmEmail: string,
  entries: readonly DigestEntry[],
  settings: DigestSettings,
): Digest {
  let omitted = 0;
  const sections = DIGEST_SECTIONS.flatMap((section) => {
    const all = entries
      .filter((entry) => entry.section === section)
      .map((entry) => entry.row)
      .sort((a, b) => b.rank - a.rank || (a.tenantId < b.tenantId ? -1 : 1));
    omitted += Math.max(0, all.length - settings.maxRowsPerSection);
    return all.length === 0
      ? []
      : [{ section, rows: all.slice(0, settings.maxRowsPerSection), total: all.length }];
  });
  return {
    csmEmail,
    date: settings.date,
    sections,
    staleTenants: entries.filter((entry) => entry.section === 'data_problems').length,
    quarantinedRecords: settings.quarantinedRecords,
    omitted,
  };
}

/** The one section a tenant belongs in, most urgent first; null when there is nothing to say. */
function sectionOf(tenant: DigestTenantInput, today: ScoreRecord, date: string): DigestSection | null {
  if (today.frozen) return 'data_problems';
  const atRisk = AT_RISK.has(today.band);
  const wasAtRisk = tenant.yesterday !== null && AT_RISK.has(tenant.yesterday.band);
  const renewal = renewalInDays(tenant.profile, date);
  if (atRisk && renewal !== null && renewal >= 0 && renewal <= RENEWAL_DAYS) return 'renewing_at_risk';
  if (atRisk) return wasAtRisk ? 'still_at_risk' : 'new_at_risk';
  return wasAtRisk ? 'recovered' : null;
}

function rowOf(tenant: DigestTenantInput, today: ScoreRecord, date: string): DigestRow {
  const { profile, yesterday } = tenant;
  const healthChange = yesterday === null ? null : round1(today.healthScore - yesterday.healthScore);
  const mrr = profile.mrr ?? null;
  const revenueAtRisk = mrr === null ? null : Math.round(mrr * today.churnProbability);
  return {
    tenantId: profile.tenantId,
    tenantName: profile.name?.trim() || profile.tenantId,
    health: today.healthScore,
    healthChange,
    band: today.band,
    churnProbability: today.churnProbability,
    mrr,
    currency: profile.currency ?? null,
    revenueAtRisk,
    renewalInDays: renewalInDays(profile, date),
    cause: today.cause,
    explanation: today.frozen
      ? `Score frozen: data ${today.dataFreshness}. ${today.explanation}`
      : today.explanation,
    nextStep: today.frozen
      ? 'Check the data feed for this tenant before acting on its score.'
      : today.cause === null
        ? 'No action needed; watch the trend.'
        : NEXT_STEPS[today.cause],
    lifelineAction: actionOf(tenant.decision),
    trend: tenant.trend,
    rank: (revenueAtRisk ?? today.churnProbability) * Math.max(1, Math.abs(healthChange ?? 0)),
  };
}

function renewalInDays(profile: TenantRecord, date: string): number | null {
  return profile.renewalDate === undefined ? null : daysBetween(date, profile.renewalDate);
}

function actionOf(decision: CampaignDecision | null): string | null {
  if (decision === null) return null;
  const play = decision.play.replaceAll('_', ' ');
  const recipients = `${decision.recipients.length} contact${decision.recipients.length === 1 ? '' : 's'}`;
  switch (decision.status) {
    case 'sent':
      return `Sent the ${play} email to ${recipients}.`;
    case 'queued':
    case 'quiet_hours':
      return `The ${play} email goes to ${recipients} in their send window.`;
    case 'held_out':
      return `Held out of the ${play} play (control group): no email.`;
    case 'pending_approval':
      return `The ${play} email waits for marketing approval.`;
    default:
      return `No ${play} email: ${decision.reason}.`;
  }
}

const round1 = (x: number) => Math.round(x * 10) / 10;
