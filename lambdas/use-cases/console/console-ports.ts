import type { AuditEntry } from '../../domain/console/audit';
import type { PlayOverride } from '../../domain/console/play-overrides';
import type { DigestEntry } from '../../domain/digest/digest';
import type { CopyOverrides } from '../../domain/emails/render-play-email';
import type { CampaignDecision } from '../../domain/plays/campaign-decision';
import type { PlayOverrideSource } from '../../ports';

/** A decision as the console lists it: without merge data, with the tenant's name from it. */
export type ListedDecision = CampaignDecision & { readonly tenantName: string | null };

/** What the review console reads and writes beyond the pipeline's own stores. */
export interface ConsoleStore extends PlayOverrideSource {
  /** The nights from `from` to `to` (inclusive) that have a run record, oldest first. */
  nights(from: string, to: string): Promise<string[]>;
  /** Every decision of one night (all shards of the night index), without merge data. */
  nightDecisions(runDate: string): Promise<ListedDecision[]>;
  /** Stores a pause or resume together with its audit entry (both or neither). */
  setPlayOverride(override: PlayOverride, audit: AuditEntry): Promise<void>;
  /**
   * Stores a reviewed decision only if it is still pending approval, together with its audit
   * entry, the approved copy and, for a released send, the recipients' budget ledger (all or
   * nothing). False: someone else reviewed it first.
   */
  saveReview(reviewed: CampaignDecision, copy: CopyOverrides | null, audit: AuditEntry): Promise<boolean>;
  /** The newest audit entries first. */
  recentAudit(limit: number, now: Date): Promise<AuditEntry[]>;
}

/** Where a tenant appeared in its CSM's morning digests. */
export interface DigestMentions {
  tenantEntries(
    tenantId: string,
    csmEmail: string,
    dates: readonly string[],
  ): Promise<{ date: string; entry: DigestEntry }[]>;
}
