import { addDays } from '../../domain/calendar';
import type { CauseId } from '../../domain/cause-ids';
import { csmOf, type DigestSection, SECTION_TITLES } from '../../domain/digest/digest';
import type { TenantRecord } from '../../domain/feed/feed-records';
import type { CampaignDecision } from '../../domain/plays/campaign-decision';
import type { Band, ScoreRecord } from '../../domain/score-record';
import type { ConsoleDeps } from './console-deps';
import { ConsoleNotFoundError } from './console-errors';
import { latestNight } from './latest-night';

/** Nights of the health trend; decisions (emails received) go back further. */
const TREND_NIGHTS = 90;
const DECISION_DAYS = 180;
/** Digest entries are kept 35 days; the page lists the last 30 mornings. */
const DIGEST_DAYS = 30;

export interface DigestMention {
  readonly date: string;
  readonly section: DigestSection;
  readonly title: string;
  readonly csmEmail: string;
  readonly lifelineAction: string | null;
}

export interface CausePeriod {
  readonly from: string;
  readonly to: string;
  readonly cause: CauseId | null;
  readonly band: Band;
}

export interface TenantView {
  readonly profile: Pick<
    TenantRecord,
    'tenantId' | 'name' | 'industry' | 'plan' | 'mrr' | 'currency' | 'renewalDate' | 'csmEmail' | 'status'
  > & { readonly timezone: string | null };
  /** The newest score (dimensions, drivers, cause, explanation), or null before the first. */
  readonly score: ScoreRecord | null;
  readonly trend: ReadonlyArray<Pick<ScoreRecord, 'asOf' | 'healthScore' | 'band' | 'churnProbability'>>;
  /** Consecutive nights with the same cause and band, oldest first. */
  readonly causeHistory: readonly CausePeriod[];
  /** Every play decision of the last 180 days, newest first: what was sent, held or skipped. */
  readonly decisions: readonly CampaignDecision[];
  /** The mornings its CSM's digest listed it, newest first (a section shows its top rows). */
  readonly digestMentions: readonly DigestMention[];
}

export async function tenantView(tenantId: string, deps: ConsoleDeps): Promise<TenantView> {
  const profile = await deps.reader.readTenant(tenantId);
  if (profile === null) throw new ConsoleNotFoundError(`no tenant ${tenantId}`);
  const night = (await latestNight(deps)) ?? deps.clock().toISOString().slice(0, 10);
  const [history, byTenant, mentions] = await Promise.all([
    deps.scores.history(tenantId, addDays(night, -(TREND_NIGHTS - 1)), night),
    deps.campaigns.tenantCampaigns([tenantId], addDays(night, -DECISION_DAYS)),
    deps.digests.tenantEntries(
      tenantId,
      csmOf(profile, deps.loaded.config.digest.fallbackEmail),
      Array.from({ length: DIGEST_DAYS }, (_, back) => addDays(night, -back)),
    ),
  ]);
  return {
    profile: {
      tenantId: profile.tenantId,
      name: profile.name,
      industry: profile.industry,
      plan: profile.plan,
      mrr: profile.mrr,
      currency: profile.currency,
      renewalDate: profile.renewalDate,
      csmEmail: profile.csmEmail,
      status: profile.status,
      timezone: profile.timezone ?? null,
    },
    score: history[history.length - 1] ?? null,
    trend: history.map(({ asOf, healthScore, band, churnProbability }) => ({
      asOf,
      healthScore,
      band,
      churnProbability,
    })),
    causeHistory: causePeriods(history),
    decisions: [...(byTenant.get(tenantId) ?? [])].sort((a, b) => (a.runDate < b.runDate ? 1 : -1)),
    digestMentions: mentions.reverse().map(({ date, entry }) => ({
      date,
      section: entry.section,
      title: SECTION_TITLES[entry.section],
      csmEmail: entry.csmEmail,
      lifelineAction: entry.row.lifelineAction,
    })),
  };
}

function causePeriods(history: readonly ScoreRecord[]): CausePeriod[] {
  const periods: CausePeriod[] = [];
  for (const score of history) {
    const last = periods[periods.length - 1];
    if (last && last.cause === score.cause && last.band === score.band) {
      periods[periods.length - 1] = { ...last, to: score.asOf };
    } else {
      periods.push({ from: score.asOf, to: score.asOf, cause: score.cause, band: score.band });
    }
  }
  return periods;
}
