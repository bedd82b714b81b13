import { writeFileSync } from 'node:fs';
import type { FeatureMap, HealthSettings } from '../lambdas/config/product-config';
import { newFeatureVector } from '../lambdas/domain/scoring/feature-layout';
import { HEALTH_INPUTS } from '../lambdas/domain/scoring/health';
import { DEFAULT_WINDOW_DAYS } from '../lambdas/domain/scoring/tenant-window';
import type { PortfolioAt } from '../lambdas/use-cases/scoring/feature-rows';
import type { TenantHistory } from '../lambdas/use-cases/scoring/tenant-history';
import { csvNumber } from './dataset-csv';

/**
 * What bench/reference_features.py reads besides the feed: the configuration (not the feature
 * definitions, which it implements itself) and our features, to check its own against.
 */

/** As-of date, window, feature map, health curves and weights, feature order. */
export function writeReferenceSpec(
  path: string,
  asOf: string,
  features: FeatureMap,
  health: HealthSettings,
  featureNames: readonly string[],
): void {
  const inputs = Object.fromEntries(
    Object.entries(HEALTH_INPUTS).map(([dimension, specs]) => [
      dimension,
      specs.map(({ feature, weight, curve }) => ({ feature, weight, xs: [...curve.xs], ys: [...curve.ys] })),
    ]),
  );
  const spec = {
    asOf,
    windowDays: DEFAULT_WINDOW_DAYS,
    features,
    featureNames,
    health: { weights: health.weights, bands: health.bands, inputs },
  };
  writeFileSync(path, `${JSON.stringify(spec, null, 2)}\n`);
}

/** tenantId, then our feature vector at the portfolio's day (empty = unknown), one row per tenant. */
export function writeOurFeatures(
  path: string,
  portfolio: PortfolioAt,
  histories: readonly TenantHistory[],
): void {
  const { layout } = portfolio.context;
  const vector = newFeatureVector(layout);
  const lines = [['tenantId', ...layout.names].join(',')];
  for (const history of histories) {
    portfolio.features(history, vector);
    lines.push([history.profile.tenantId, ...Array.from(vector, csvNumber)].join(','));
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
}
