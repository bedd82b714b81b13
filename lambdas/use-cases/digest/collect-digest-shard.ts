import type { DigestConfig } from '../../config/product-config';
import { addDays } from '../../domain/calendar';
import { csmOf, type DigestEntry, digestEntry } from '../../domain/digest/digest';
import type { CampaignStore, DigestStore, ScoreHistory } from '../../ports';
import { loadShardProfiles, type TenantHistoryReader } from '../scoring/load-histories';

/** Nights of health shown in a row's sparkline. */
export const TREND_NIGHTS = 14;

export interface CollectDigestDeps {
  readonly reader: Pick<TenantHistoryReader, 'shardProfiles'>;
  readonly scores: ScoreHistory;
  readonly campaigns: Pick<CampaignStore, 'tenantCampaigns'>;
  readonly digests: Pick<DigestStore, 'putEntries'>;
}

/**
 * The digest's fan-out step, once per tenant shard: tonight's and last night's score of each
 * tenant, and for the tenants worth a line, their trend and tonight's play decision; the entries
 * are stored under their CSM for the per-CSM send step. Idempotent: entries are overwrites.
 */
export async function collectDigestShard(
  date: string,
  shard: number,
  digest: Pick<DigestConfig, 'fallbackEmail'>,
  deps: CollectDigestDeps,
): Promise<DigestEntry[]> {
  const profiles = await loadShardProfiles(deps.reader, [shard]);
  const ids = profiles.map((profile) => profile.tenantId);
  const [today, yesterday] = await Promise.all([
    deps.scores.at(ids, date),
    deps.scores.at(ids, addDays(date, -1)),
  ]);
  const drafts = profiles.flatMap((profile) => {
    const entry = digestEntry(
      {
        profile,
        today: today.get(profile.tenantId) ?? null,
        yesterday: yesterday.get(profile.tenantId) ?? null,
        trend: [],
        decision: null,
      },
      date,
      digest.fallbackEmail,
    );
    return entry === null ? [] : [{ profile }];
  });
  // Only tenants with a line need their trend and tonight's decision: a fraction of the shard.
  const campaigns = await deps.campaigns.tenantCampaigns(
    drafts.map((draft) => draft.profile.tenantId),
    date,
  );
  const entries: DigestEntry[] = [];
  for (const { profile } of drafts) {
    const history = await deps.scores.history(profile.tenantId, addDays(date, 1 - TREND_NIGHTS), date);
    const decision = campaigns.get(profile.tenantId)?.find((d) => d.runDate === date) ?? null;
    const full = digestEntry(
      {
        profile,
        today: today.get(profile.tenantId) ?? null,
        yesterday: yesterday.get(profile.tenantId) ?? null,
        trend: history.map((score) => score.healthScore),
        decision,
      },
      date,
      digest.fallbackEmail,
    );
    if (full) entries.push(full);
  }
  const csms = profiles
    .filter((profile) => profile.status !== 'churned')
    .map((profile) => csmOf(profile, digest.fallbackEmail));
  await deps.digests.putEntries(date, entries, csms);
  return entries;
}
