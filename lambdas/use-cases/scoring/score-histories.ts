import type { ProductConfig } from '../../config/product-config';
import { countScores, type ScoreCounts } from '../../domain/run/score-counts';
import { riskChange, type ScoreRecord } from '../../domain/score-record';
import type { RiskEventSink, ScoreRepository } from '../../ports';
import { portfolioWith } from './feature-rows';
import { newestDay, type PreparedNight } from './prepare-night';
import { createTenantScorer } from './score-tenants';
import type { TenantHistory } from './tenant-history';

export interface ScoreDeps {
  readonly scores: ScoreRepository;
  readonly events: RiskEventSink;
}

export interface ScoredHistories {
  /** Tonight's scores, frozen ones included, in the histories' order. */
  readonly scores: ScoreRecord[];
  readonly counts: ScoreCounts;
}

/**
 * Scores some of a night's tenants (one shard, or all of them) against the night's context and
 * model, publishes tenant.risk.changed for every band or cause change, and stores the scores as
 * latest + history. Events go out before the scores are stored: a retry after a failed write
 * recomputes the same changes and publishes them again (at least once), whereas storing first
 * would make a retry see no change and lose them.
 */
export async function scoreHistories(
  histories: readonly TenantHistory[],
  night: Omit<PreparedNight, 'report'>,
  config: ProductConfig,
  configVersion: string,
  deps: ScoreDeps,
): Promise<ScoredHistories> {
  const previous = await deps.scores.latest(histories.map((history) => history.profile.tenantId));
  const score = createTenantScorer({
    asOf: night.asOf,
    feedNewest: newestDay(histories, night.asOf, night.feedNewest),
    config,
    configVersion,
    model: night.model,
    portfolio: portfolioWith(night.context, config.features),
    previous,
  });
  const scores: ScoreRecord[] = [];
  let frozen = 0;
  let excluded = 0;
  for (const history of histories) {
    const outcome = score(history);
    if (outcome.kind === 'excluded') excluded++;
    else {
      if (outcome.kind === 'frozen') frozen++;
      scores.push(outcome.score);
    }
  }
  const changes = scores.flatMap((record) => {
    const change = riskChange(previous.get(record.tenantId) ?? null, record);
    return change === null ? [] : [change];
  });
  await deps.events.publish(changes);
  await deps.scores.put(scores);
  return { scores, counts: countScores(scores, { frozen, excluded, riskChanged: changes.length }) };
}
