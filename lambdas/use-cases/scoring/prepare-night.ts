import type { ProductConfig } from '../../config/product-config';
import { type AdditiveModel, parseModel, serializeModel } from '../../domain/model';
import type { ModelReport } from '../../domain/run/score-counts';
import { fromDayNumber, toDayNumber } from '../../domain/scoring/day-number';
import type { PortfolioContext } from '../../domain/scoring/portfolio-context';
import type { Clock, ModelRepository } from '../../ports';
import { portfolioAt } from './feature-rows';
import type { TenantHistory } from './tenant-history';
import { trainChurnModel } from './train-churn-model';
import { buildTrainingSet } from './training-set';

export interface TrainDeps {
  readonly models: ModelRepository;
  readonly clock: Clock;
  /** Force training tonight regardless of the cadence (backtests, `lifeline run --train`). */
  readonly forceTraining?: boolean;
}

/** What every tenant of a night is scored against: the portfolio's context and one model. */
export interface PreparedNight {
  readonly asOf: string;
  /** Newest metric date (<= asOf) among the tenants the context was built from. */
  readonly feedNewest: string;
  readonly context: PortfolioContext;
  readonly model: AdditiveModel;
  readonly report: ModelReport;
}

/**
 * The night's context from the given tenants (the whole portfolio, or a sample of it on AWS)
 * and the model for tonight: trained through the quality gate when the cadence says so,
 * otherwise the current one. Every model scoring may use is stored before it is used.
 */
export async function prepareNight(
  histories: readonly TenantHistory[],
  asOf: string,
  config: ProductConfig,
  deps: TrainDeps,
): Promise<PreparedNight> {
  const { context } = portfolioAt(histories, toDayNumber(asOf), config.features);
  const { model, report } = await modelForTonight(histories, asOf, config, deps, context);
  return { asOf, feedNewest: newestDay(histories, asOf), context, model, report };
}

/** The newest metric date <= asOf among the histories ('0000-00-00' when none). */
function newestDay(histories: readonly TenantHistory[], asOf: string): string {
  return histories.reduce((newest, history) => {
    const last = history.days.length > 0 ? fromDayNumber(history.days.lastDay) : undefined;
    return last !== undefined && last > newest && last <= asOf ? last : newest;
  }, '0000-00-00');
}

async function modelForTonight(
  histories: readonly TenantHistory[],
  asOf: string,
  config: ProductConfig,
  deps: TrainDeps,
  context: PortfolioContext,
): Promise<{ model: AdditiveModel; report: ModelReport }> {
  const stored = await deps.models.current();
  const current = stored ? parseModel(stored.model) : null;
  const trainedFor = typeof stored?.metrics.trainedFor === 'string' ? stored.metrics.trainedFor : null;
  const due =
    deps.forceTraining === true ||
    current === null ||
    trainedFor === null ||
    toDayNumber(asOf) - toDayNumber(trainedFor) >= config.model.retrainEveryDays;
  if (!due && current !== null) {
    return {
      model: current,
      report: {
        version: current.version,
        kind: current.kind,
        trainedTonight: false,
        decision: 'not_due',
        reasons: [`trained for ${trainedFor}; retrain every ${config.model.retrainEveryDays} days`],
        trainingRows: 0,
        trainingPositives: 0,
        validation: null,
        currentValidation: null,
        trainSeconds: 0,
      },
    };
  }
  const started = performance.now();
  const version = `churn-${asOf}`;
  const set = buildTrainingSet(
    histories,
    asOf,
    config.features,
    config.model,
    context.layout,
    context.attributes,
  );
  const outcome = trainChurnModel(set, context.layout, config.model, current, version);
  const trainSeconds = (performance.now() - started) / 1000;
  const trainedAt = deps.clock().toISOString();
  const metrics = {
    trainedFor: asOf,
    decision: outcome.decision,
    reasons: outcome.reasons,
    rows: outcome.rows,
    positives: outcome.positives,
    validation: outcome.candidateMetrics,
    currentValidation: outcome.currentMetrics,
  };
  if (outcome.candidate) {
    await deps.models.save({
      version: outcome.candidate.version,
      model: serializeModel(outcome.candidate),
      metrics,
      trainedAt,
    });
  }
  if (outcome.promoted) {
    if (!outcome.candidate || outcome.model !== outcome.candidate) {
      await deps.models.save({
        version: outcome.model.version,
        model: serializeModel(outcome.model),
        metrics,
        trainedAt,
      });
    }
    await deps.models.promote(outcome.model.version, trainedAt);
  }
  return {
    model: outcome.model,
    report: {
      version: outcome.model.version,
      kind: outcome.model.kind,
      trainedTonight: outcome.decision === 'trained',
      decision: outcome.decision,
      reasons: outcome.reasons,
      trainingRows: outcome.rows,
      trainingPositives: outcome.positives,
      validation: outcome.candidateMetrics,
      currentValidation: outcome.currentMetrics,
      trainSeconds: Math.round(trainSeconds * 100) / 100,
    },
  };
}
