import type { ProductConfig } from '../lambdas/config/product-config';
import { type Dataset, evaluate, type Ga2mModel, trainModel } from '../lambdas/domain/model';
import type { AttributeDictionary, FeatureLayout } from '../lambdas/domain/scoring/feature-layout';
import type { TenantHistory } from '../lambdas/use-cases/scoring/tenant-history';
import { buildTrainingSet, splitByTime } from '../lambdas/use-cases/scoring/training-set';

/**
 * The point-in-time rows the models are compared on, from our training-set builder:
 *  - sameRows: what the score stage trains and validates on (splitByTime: older snapshots
 *    train, the newest test). A tenant sits on both sides of that split, its label often the
 *    same (a churn 60 days away labels several weekly snapshots), so a model that can recognise
 *    a tenant from its static features (size, MRR, attributes) scores well by memory;
 *  - tenantDisjoint: the same time split with the tenants halved (odd rows train, even rows
 *    test), so every test tenant is new to the model, as next night's churners are. Industry
 *    percentiles are then among each half's own peers.
 */

export interface Split {
  readonly train: Dataset;
  readonly test: Dataset;
}

export interface ModelFigures {
  readonly trainRows: number;
  readonly testRows: number;
  readonly trainPositives: number;
  readonly testPositives: number;
  readonly trainSeconds: number;
  readonly auc: number | null;
  readonly prAuc: number | null;
  readonly brier: number | null;
}

export function referenceSplits(
  histories: readonly TenantHistory[],
  asOf: string,
  config: ProductConfig,
  layout: FeatureLayout,
  attributes: readonly AttributeDictionary[],
): { readonly sameRows: Split; readonly tenantDisjoint: Split; readonly snapshots: readonly string[] } {
  const build = (part: readonly TenantHistory[]) =>
    buildTrainingSet(part, asOf, config.features, config.model, layout, attributes);
  const all = build(histories);
  const same = splitByTime(all);
  return {
    sameRows: { train: same.train, test: same.validation },
    tenantDisjoint: {
      train: splitByTime(build(histories.filter((_, i) => i % 2 === 1))).train,
      test: splitByTime(build(histories.filter((_, i) => i % 2 === 0))).validation,
    },
    snapshots: all.snapshotDates,
  };
}

/** Our GA2M trained on the split's train rows as the score stage trains it, measured on its test rows. */
export function fitOurs(split: Split, config: ProductConfig): { model: Ga2mModel; figures: ModelFigures } {
  const started = performance.now();
  const model = trainModel(split.train, {
    version: 'bench-reference',
    seed: config.model.seed,
    interactions: config.model.interactions,
  });
  const trainSeconds = (performance.now() - started) / 1000;
  const metrics = evaluate(model, split.test);
  const positives = (labels: Uint8Array) => labels.reduce((sum, label) => sum + label, 0);
  return {
    model,
    figures: {
      trainRows: split.train.labels.length,
      testRows: split.test.labels.length,
      trainPositives: positives(split.train.labels),
      testPositives: positives(split.test.labels),
      trainSeconds: Math.round(trainSeconds * 100) / 100,
      auc: metrics.auc,
      prAuc: metrics.prAuc,
      brier: metrics.brier,
    },
  };
}
