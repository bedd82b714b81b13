import type { ProductConfig } from '../../config/product-config';
import type { TenantRecord } from '../../domain/feed/feed-records';
import { countScores, type ScoreCounts } from '../../domain/run/score-counts';
import { riskChange, type ScoreRecord } from '../../domain/score-record';
import type { RiskEventSink, ScoreRepository } from '../../ports';
import { portfolioWith } from './feature-rows';
import type { PreparedNight } from './prepare-night';
import { createTenantScorer, type ScoreOutcome } from './score-tenants';
import type { TenantHistory } from './tenant-history';

export interface ScoreDeps {
  readonly scores: ScoreRepository;
  readonly events: RiskEventSink;
}

export interface ScoredHistories {
  /** Tonight's scores, frozen ones included, in the profiles' order. */
  readonly scores: ScoreRecord[];
  readonly counts: ScoreCounts;
}

/** A night's tenants: their profiles, and a pass that hands over each one's history. */
export interface TenantSource {
  readonly profiles: readonly TenantRecord[];
  /** Calls `visit` once per profile, with its index in `profiles`, in any order. */
  forEach(visit: (history: TenantHistory, index: number) => void): Promise<void>;
}

/** Histories already in memory as a source. */
export function historiesSource(histories: readonly TenantHistory[]): TenantSource {
  return {
    profiles: histories.map((history) => history.profile),
    forEach: async (visit) => histories.forEach(visit),
  };
}

/**
 * Scores some of a night's tenants (one shard, or all of them) against the night's context and
 * model, publishes tenant.risk.changed for every band or cause change, and stores the scores as
 * latest + history. Each tenant is scored as soon as the source hands it over: a shard then
 * never holds more than the histories in flight (a tenant's days are the bulk of its memory),
 * and scores each one while its just-decoded days are still in the CPU cache.
 *
 * A tenant is late when its newest day is behind the night's feedNewest by more than the
 * allowed lag: one date for the whole night (the prepare step's), so every shard judges
 * lateness against the same feed. Events go out before the scores are stored: a retry after a
 * failed write recomputes the same changes and publishes them again (at least once), whereas
 * storing first would make a retry see no change and lose them.
 */
export async function scoreHistories(
  source: TenantSource,
  night: Omit<PreparedNight, 'report'>,
  config: ProductConfig,
  configVersion: string,
  deps: ScoreDeps,
): Promise<ScoredHistories> {
  const previous = await deps.scores.latest(source.profiles.map((profile) => profile.tenantId));
  const score = createTenantScorer({
    asOf: night.asOf,
    feedNewest: night.feedNewest,
    config,
    configVersion,
    model: night.model,
    portfolio: portfolioWith(night.context, config.features),
    previous,
  });
  const outcomes: ScoreOutcome[] = new Array(source.profiles.length);
  await source.forEach((history, index) => {
    outcomes[index] = score(history);
  });
  const scores: ScoreRecord[] = [];
  let frozen = 0;
  let excluded = 0;
  for (const outcome of outcomes) {
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
