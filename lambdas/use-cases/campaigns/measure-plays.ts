import type { ProductConfig } from '../../config/product-config';
import { addDays } from '../../domain/calendar';
import type { PlayEffect, PlayOutcome } from '../../domain/plays/effectiveness';
import { playEffects } from '../../domain/plays/effectiveness';
import type { ScoreRecord } from '../../domain/score-record';
import type { CampaignStore } from '../../ports';
import { loadShardProfiles, type TenantHistoryReader } from '../scoring/load-histories';

/** Days after a decision at which its health change is read. */
export const FOLLOW_UP_DAYS = 28;

export interface MeasurePlaysDeps {
  readonly reader: Pick<TenantHistoryReader, 'shardProfiles'>;
  readonly scores: { history(tenantId: string, from: string, to: string): Promise<ScoreRecord[]> };
  readonly campaigns: Pick<CampaignStore, 'tenantCampaigns'>;
}

export interface PlaysReport {
  readonly asOf: string;
  readonly since: string;
  readonly followUpDays: number;
  readonly horizonDays: number;
  readonly plays: readonly PlayEffect[];
}

/**
 * Effectiveness per play up to `asOf`: every sent and held-out decision of the lookback, its
 * tenant's health `FOLLOW_UP_DAYS` later and churn within the model horizon. Reads per tenant,
 * so it is a report to run on demand (console, CLI), not part of the nightly path.
 */
export async function measurePlays(
  asOf: string,
  lookbackDays: number,
  config: Pick<ProductConfig, 'storage' | 'model'>,
  deps: MeasurePlaysDeps,
): Promise<PlaysReport> {
  const since = addDays(asOf, -lookbackDays);
  const shards = Array.from({ length: config.storage.tenantShards }, (_, shard) => shard);
  const profiles = new Map((await loadShardProfiles(deps.reader, shards)).map((p) => [p.tenantId, p]));
  const campaigns = await deps.campaigns.tenantCampaigns([...profiles.keys()], since);
  const horizon = config.model.horizonDays;
  const outcomes: PlayOutcome[] = [];
  for (const [tenantId, decisions] of campaigns) {
    const measured = decisions.filter(
      (decision) =>
        (decision.status === 'sent' || decision.status === 'held_out') && decision.runDate <= asOf,
    );
    if (measured.length === 0) continue;
    const history = await deps.scores.history(tenantId, since, asOf);
    const churnDate = profiles.get(tenantId)?.churnDate;
    for (const decision of measured) {
      const followUp = addDays(decision.runDate, FOLLOW_UP_DAYS);
      const after = followUp <= asOf ? latestAtOrBefore(history, followUp, decision.runDate) : null;
      outcomes.push({
        play: decision.play,
        group: decision.status === 'sent' ? 'treated' : 'holdout',
        healthBefore: decision.healthScore,
        healthAfter: after?.healthScore ?? null,
        churned:
          churnDate !== undefined &&
          churnDate > decision.runDate &&
          churnDate <= addDays(decision.runDate, horizon),
      });
    }
  }
  return { asOf, since, followUpDays: FOLLOW_UP_DAYS, horizonDays: horizon, plays: playEffects(outcomes) };
}

function latestAtOrBefore(history: readonly ScoreRecord[], date: string, after: string): ScoreRecord | null {
  let found: ScoreRecord | null = null;
  for (const score of history) if (score.asOf > after && score.asOf <= date) found = score;
  return found;
}
