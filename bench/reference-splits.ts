import type { ProductConfig } from '../lambdas/config/product-config';
import { type Dataset, evaluate, type Ga2mModel, trainModel } from '../lambdas/domain/model';
import type { AttributeDictionary, FeatureLayout } from '../lambdas/domain/scoring/feature-layout';
import type { TenantHistory } from '../lambdas/use-cases/scoring/tenant-history';
import {
  buildTrainingSet,
  pickRows,
  splitByTimeAndTenant,
  timeCut,
  VALIDATION_SHARES,
} from '../lambdas/use-cases/scoring/training-set';

/**
 * The point-in-time rows the models are compared on, from our training-set builder over the
 * whole portfolio:
 *  - tenantDisjoint: exactly what the score stage trains and validates on
 *    (splitByTimeAndTenant with the config's seed: older snapshots of three quarters of the
 *    tenants train, the newest snapshots of the other quarter test), so every test tenant is
 *    new to the model, as next night's churners are;
 *  - sameRows: the same time cut with every tenant on both sides, kept to show what tenant
 *    memory is worth. A tenant's weekly snapshots share its static features (size, MRR,
 *    attributes) and often its label (a churn 60 days away labels several of them), so a model
 *    that recognises tenants scores well there by memory.
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
  const all = buildTrainingSet(histories, asOf, config.features, config.model, layout, attributes);
  const disjoint = splitByTimeAndTenant(all, config.model.seed);
  const cut = timeCut(all.rowDays, VALIDATION_SHARES.newest);
  const rows = (keep: (day: number) => boolean) =>
    [...all.rowDays.keys()].filter((row) => keep(all.rowDays[row] ?? 0));
  return {
    sameRows: {
      train: pickRows(
        all.dataset,
        rows((day) => day < cut),
      ),
      test: pickRows(
        all.dataset,
        rows((day) => day >= cut),
      ),
    },
    tenantDisjoint: { train: disjoint.train, test: disjoint.validation },
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
