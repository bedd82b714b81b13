import { HEALTH_DIMENSIONS, type ProductConfig } from '../../config/product-config';
import type { TenantRecord } from '../../domain/feed/feed-records';
import { type AdditiveModel, compileModel, predict, probability } from '../../domain/model';
import type { ScoreRecord } from '../../domain/score-record';
import { attributeCause } from '../../domain/scoring/causes';
import { toDayNumber } from '../../domain/scoring/day-number';
import { newFeatureVector } from '../../domain/scoring/feature-layout';
import { LazyBaselines } from '../../domain/scoring/features';
import { classifyFreshness } from '../../domain/scoring/freshness';
import { createHealthModel, healthBand, summarizeHealth } from '../../domain/scoring/health';
import { FeatureContributions } from './feature-contributions';
import type { PortfolioAt } from './feature-rows';
import type { TenantHistory } from './tenant-history';

export interface ScoreContext {
  readonly asOf: string;
  /** Newest date in the feed across tenants: a tenant behind it by more than the lag is late. */
  readonly feedNewest: string;
  readonly config: ProductConfig;
  readonly configVersion: string;
  readonly model: AdditiveModel;
  readonly portfolio: PortfolioAt;
  /** Last night's scores, carried forward when a tenant's data is stale or it has churned. */
  readonly previous: ReadonlyMap<string, ScoreRecord>;
}

/** Whether a tenant's score depends on its days: a churned tenant's is frozen or excluded. */
export const scoresFromDays = (profile: TenantRecord): boolean => profile.status !== 'churned';

export type ScoreOutcome =
  | { readonly kind: 'scored'; readonly score: ScoreRecord }
  | { readonly kind: 'frozen'; readonly score: ScoreRecord }
  | { readonly kind: 'excluded'; readonly reason: string };

/**
 * Scores tenants one by one with reused buffers: features -> health -> churn probability with
 * exact per-feature contributions -> cause, drivers and explanation. Stale data freezes the
 * last good score (and says why) instead of scoring an outage; churned tenants are frozen and
 * never scored again.
 */
export function createTenantScorer(context: ScoreContext): (history: TenantHistory) => ScoreOutcome {
  const { config, model, portfolio } = context;
  const layout = portfolio.context.layout;
  const compiled = compileModel(model);
  const contributions = new FeatureContributions(model, layout);
  const features = newFeatureVector(layout);
  const baselines = new LazyBaselines(portfolio.context);
  const row = new Float64Array(model.featureNames.length);
  const terms = new Float64Array(compiled.termCount);
  const health = createHealthModel(config.health);
  const dimensionScores = new Float64Array(HEALTH_DIMENSIONS.length);
  const asOfDay = toDayNumber(context.asOf);
  const feedNewestDay = toDayNumber(context.feedNewest);

  // Last night's score is looked up only for a tenant whose score it may replace (churned, or
  // stale data): most tenants' is never needed, and the lookup reads their id from memory.
  return (history) => {
    if (!scoresFromDays(history.profile)) {
      const previous = context.previous.get(history.profile.tenantId);
      return previous
        ? { kind: 'frozen', score: { ...previous, frozen: true, dataFreshness: 'churned' } }
        : { kind: 'excluded', reason: 'churned' };
    }
    portfolio.features(history, features);
    const freshness = classifyFreshness(portfolio.window, feedNewestDay, config.freshness);
    const previous =
      freshness.status === 'fresh' ? undefined : context.previous.get(history.profile.tenantId);
    if (previous) {
      return { kind: 'frozen', score: { ...previous, frozen: true, dataFreshness: freshness.status } };
    }
    baselines.start(portfolio.window, history.profile, asOfDay, features);
    const logit = predict(compiled, contributions.modelRow(features, row), terms);
    const report = summarizeHealth(health, features, dimensionScores);
    const healthScore = report.score ?? 50;
    const attribution = attributeCause({
      contributions: contributions.fold(terms),
      features,
      baselines,
      layout,
      healthScore: report.score,
      settings: config.causes,
      industry: history.profile.industry,
      asOfDay,
    });
    return {
      kind: 'scored',
      score: {
        tenantId: history.profile.tenantId,
        asOf: context.asOf,
        healthScore,
        dimensions: report.dimensions,
        band: report.band ?? healthBand(healthScore, config.health.bands),
        churnProbability: round(probability(logit), 4),
        drivers: attribution.drivers,
        cause: attribution.cause,
        explanation: attribution.explanation,
        configVersion: context.configVersion,
        modelVersion: model.version,
        dataFreshness: freshness.status,
        frozen: false,
      },
    };
  };
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;
