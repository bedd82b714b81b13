import type { ProductConfig } from '../../config/product-config';
import { type AdditiveModel, type ModelMetrics, parseModel, serializeModel } from '../../domain/model';
import { BANDS, type Band, riskChange, type ScoreRecord } from '../../domain/score-record';
import { toDayNumber } from '../../domain/scoring/day-number';
import type { ModelRepository, RiskEventSink, ScoreRepository } from '../../ports';
import { portfolioAt } from './feature-rows';
import { createTenantScorer } from './score-tenants';
import type { TenantHistory } from './tenant-history';
import { trainChurnModel } from './train-churn-model';
import { buildTrainingSet } from './training-set';

/** Churn probability from which a tenant counts as high risk in summaries. */
export const HIGH_RISK = 0.3;

export interface ScoreStageDeps {
  readonly models: ModelRepository;
  readonly scores: ScoreRepository;
  readonly events: RiskEventSink;
  readonly clock: () => Date;
  /** Force training tonight regardless of the cadence (backtests, `lifeline train`). */
  readonly forceTraining?: boolean;
}

export interface ModelReport {
  readonly version: string;
  readonly kind: AdditiveModel['kind'];
  readonly trainedTonight: boolean;
  readonly decision: 'trained' | 'kept' | 'expert_prior' | 'not_due';
  readonly reasons: readonly string[];
  readonly trainingRows: number;
  readonly trainingPositives: number;
  readonly validation: ModelMetrics | null;
  readonly currentValidation: ModelMetrics | null;
  readonly trainSeconds: number;
}

export interface ScoreStageResult {
  readonly scores: ScoreRecord[];
  readonly model: ModelReport;
  readonly counts: {
    readonly scored: number;
    readonly frozen: number;
    readonly excluded: number;
    readonly byBand: Readonly<Record<Band, number>>;
    readonly byCause: Readonly<Record<string, number>>;
    /** Per cause, tenants whose churn probability is at least HIGH_RISK. */
    readonly highRiskByCause: Readonly<Record<string, number>>;
    readonly riskChanged: number;
  };
}

/**
 * Train (when due) and score a night: the portfolio's context at asOf, a model through the
 * quality gate, a score per tenant, scores stored as latest + history, and tenant.risk.changed
 * for every band or cause change. Idempotent per night: the same inputs give the same scores,
 * and re-storing a night's scores overwrites them.
 */
export async function runScoreStage(
  histories: readonly TenantHistory[],
  asOf: string,
  config: ProductConfig,
  configVersion: string,
  deps: ScoreStageDeps,
): Promise<ScoreStageResult> {
  const asOfDay = toDayNumber(asOf);
  const portfolio = portfolioAt(histories, asOfDay, config.features);

  const model = await modelForTonight(histories, asOf, config, deps, portfolio.context);

  const previous = await deps.scores.latest(histories.map((history) => history.profile.tenantId));
  const feedNewest = histories.reduce((newest, history) => {
    const last = history.days[history.days.length - 1]?.date;
    return last !== undefined && last > newest && last <= asOf ? last : newest;
  }, '0000-00-00');
  const score = createTenantScorer({
    asOf,
    feedNewest,
    config,
    configVersion,
    model: model.model,
    portfolio,
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
  await deps.scores.put(scores);
  await deps.events.publish(changes);

  const byBand = Object.fromEntries(BANDS.map((band) => [band, 0])) as Record<Band, number>;
  const byCause: Record<string, number> = {};
  const highRiskByCause: Record<string, number> = {};
  for (const record of scores) {
    byBand[record.band]++;
    const cause = record.cause ?? 'none';
    byCause[cause] = (byCause[cause] ?? 0) + 1;
    if (record.churnProbability >= HIGH_RISK) highRiskByCause[cause] = (highRiskByCause[cause] ?? 0) + 1;
  }
  return {
    scores,
    model: model.report,
    counts: {
      scored: scores.length - frozen,
      frozen,
      excluded,
      byBand,
      byCause,
      highRiskByCause,
      riskChanged: changes.length,
    },
  };
}

async function modelForTonight(
  histories: readonly TenantHistory[],
  asOf: string,
  config: ProductConfig,
  deps: ScoreStageDeps,
  context: ReturnType<typeof portfolioAt>['context'],
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
