import type { ProductConfig } from '../../config/product-config';
import type { ModelReport, ScoreCounts } from '../../domain/run/score-counts';
import type { ScoreRecord } from '../../domain/score-record';
import { prepareNight, type TrainDeps } from './prepare-night';
import { historiesSource, type ScoreDeps, scoreHistories } from './score-histories';
import type { TenantHistory } from './tenant-history';

export { HIGH_RISK, type ModelReport } from '../../domain/run/score-counts';

export interface ScoreStageDeps extends TrainDeps, ScoreDeps {}

export interface ScoreStageResult {
  readonly scores: ScoreRecord[];
  readonly model: ModelReport;
  readonly counts: ScoreCounts;
}

/**
 * A whole night's train-and-score in one process over histories in memory (backtests, benches,
 * tests): the night's context and model from every tenant, then every tenant scored as one
 * shard. The deployed and local runs split the same two steps into prepareScoring and
 * scoreShard, which store the context in between; both give the same scores as this.
 * Idempotent per night: the same inputs give the same scores, and re-storing overwrites them.
 */
export async function runScoreStage(
  histories: readonly TenantHistory[],
  asOf: string,
  config: ProductConfig,
  configVersion: string,
  deps: ScoreStageDeps,
): Promise<ScoreStageResult> {
  const night = await prepareNight(histories, asOf, config, deps);
  const { scores, counts } = await scoreHistories(
    historiesSource(histories),
    night,
    config,
    configVersion,
    deps,
  );
  return { scores, model: night.report, counts };
}
