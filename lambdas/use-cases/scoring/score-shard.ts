import type { ProductConfig } from '../../config/product-config';
import { parseModel } from '../../domain/model';
import type { ScorePart } from '../../domain/run/run-record';
import { EMPTY_SCORE_COUNTS } from '../../domain/run/score-counts';
import type { ScoreRecord } from '../../domain/score-record';
import { parsePortfolioContext } from '../../domain/scoring/portfolio-context';
import type { CapacityMeter, Clock, ModelVersions, RunStore, ScoringContextStore } from '../../ports';
import { recordPart } from '../record-part';
import {
  loadShardProfiles,
  scoringWindowFrom,
  type TenantHistoryReader,
  visitHistories,
} from './load-histories';
import type { PreparedNight } from './prepare-night';
import { type ScoreDeps, scoreHistories } from './score-histories';
import { scoresFromDays } from './score-tenants';

export interface ScoreShardInput {
  readonly runId: string;
  readonly asOf: string;
  readonly shard: number;
}

export interface ScoreShardDeps extends ScoreDeps {
  readonly reader: TenantHistoryReader;
  readonly contexts: ScoringContextStore;
  readonly models: ModelVersions;
  readonly runs: RunStore;
  /** Capacity consumed by this shard's adapters; the part records the difference. */
  readonly meter: CapacityMeter;
  readonly clock: Clock;
}

/** The night's context is missing or does not fit this shard's run: the prepare step must run first. */
export class ScoringContextError extends Error {
  override readonly name = 'ScoringContextError';
}

export const scorePartId = (shard: number) => `shard-${String(shard).padStart(4, '0')}`;

/**
 * The second half of the score stage, once per tenant shard: reads the context and model the
 * prepare step stored for the run, then scores the shard's tenants, publishes their risk
 * changes and stores their scores. Records a `score` run part with the shard's counts; a
 * failure records the part as failed and is rethrown. Re-running a shard overwrites its scores
 * and its part.
 */
export async function scoreShard(
  input: ScoreShardInput,
  config: ProductConfig,
  configVersion: string,
  deps: ScoreShardDeps,
): Promise<{ readonly part: ScorePart; readonly scores: readonly ScoreRecord[] }> {
  const { result, part } = await recordPart(
    deps,
    async () => {
      const night = await storedNight(input, config, configVersion, deps);
      const profiles = await loadShardProfiles(deps.reader, [input.shard]);
      // Streamed: each tenant is scored as its window's days arrive, and they are then dropped.
      // A churned tenant's score never reads its days: they are not read at all.
      const from = scoringWindowFrom(input.asOf);
      const source = {
        profiles,
        forEach: (visit: Parameters<typeof visitHistories>[4]) =>
          visitHistories(deps.reader, profiles, from, input.asOf, visit, { needsDays: scoresFromDays }),
      };
      return scoreHistories(source, night, config, configVersion, deps);
    },
    (scored, frame): ScorePart => ({
      runId: input.runId,
      stage: 'score',
      partId: scorePartId(input.shard),
      shard: input.shard,
      counts: scored?.counts ?? EMPTY_SCORE_COUNTS,
      ...frame,
    }),
  );
  return { part, scores: result.scores };
}

async function storedNight(
  input: ScoreShardInput,
  config: ProductConfig,
  configVersion: string,
  deps: ScoreShardDeps,
): Promise<Omit<PreparedNight, 'report'>> {
  const stored = await deps.contexts.get(input.runId);
  if (stored === null) {
    throw new ScoringContextError(`no scoring context for run ${input.runId}: run the prepare step first`);
  }
  if (stored.asOf !== input.asOf || stored.configVersion !== configVersion) {
    throw new ScoringContextError(
      `the scoring context of run ${input.runId} is for ${stored.asOf} with config ${stored.configVersion}; ` +
        `this shard scores ${input.asOf} with config ${configVersion}: re-run the night from the prepare step`,
    );
  }
  const model = await deps.models.get(stored.modelVersion);
  if (model === null) {
    throw new ScoringContextError(`model ${stored.modelVersion} named by run ${input.runId} is not stored`);
  }
  return {
    asOf: stored.asOf,
    feedNewest: stored.feedNewest,
    context: parsePortfolioContext(stored.portfolio, config.features),
    model: parseModel(model.model),
  };
}
