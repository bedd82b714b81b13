import type { ModelSettings } from '../../config/product-config';
import {
  type AdditiveModel,
  evaluate,
  type ModelMetrics,
  passesQualityGate,
  trainModel,
} from '../../domain/model';
import type { FeatureLayout } from '../../domain/scoring/feature-layout';
import { expertPrior } from './expert-prior';
import { splitByTimeAndTenant, type TrainingSet } from './training-set';

export interface TrainOutcome {
  /** The model scoring should use after this step (the promoted candidate, or the one kept). */
  readonly model: AdditiveModel;
  /** The model trained tonight, when there were enough labels. */
  readonly candidate: AdditiveModel | null;
  readonly promoted: boolean;
  /** 'trained' when tonight's model is used, 'kept' when the current one stays, 'expert_prior'. */
  readonly decision: 'trained' | 'kept' | 'expert_prior';
  readonly candidateMetrics: ModelMetrics | null;
  readonly currentMetrics: ModelMetrics | null;
  /** Readable reasons: why the prior is used, or why the gate refused the candidate. */
  readonly reasons: readonly string[];
  readonly rows: number;
  readonly positives: number;
}

/**
 * Trains a candidate on older snapshots of some tenants, measures it and the current model on
 * the newest snapshots of the others (splitByTimeAndTenant), and promotes it only through the
 * quality gate. With too few churn labels the expert prior is
 * used instead — and says so — unless a trained model is already live.
 */
export function trainChurnModel(
  set: TrainingSet,
  layout: FeatureLayout,
  settings: ModelSettings,
  current: AdditiveModel | null,
  version: string,
): TrainOutcome {
  const rows = set.dataset.labels.length;
  const positives = set.dataset.labels.reduce((sum, label) => sum + label, 0);
  const { train, validation } = splitByTimeAndTenant(set, settings.seed);
  const tooFew =
    positives < settings.minPositives
      ? `${positives} churn labels in ${rows} snapshots; training needs ${settings.minPositives}`
      : !bothClasses(train.labels) || !bothClasses(validation.labels)
        ? `the history is too short to split ${rows} snapshots by time and tenant into training and validation with both outcomes`
        : null;
  if (tooFew !== null) {
    const reason = tooFew;
    const keep = current !== null && current.kind === 'ga2m';
    return {
      model: keep ? current : expertPrior(layout, version, reason),
      candidate: null,
      promoted: !keep,
      decision: keep ? 'kept' : 'expert_prior',
      candidateMetrics: null,
      currentMetrics: null,
      reasons: [reason],
      rows,
      positives,
    };
  }
  const candidate = trainModel(train, { version, seed: settings.seed, interactions: settings.interactions });
  const candidateMetrics = evaluate(candidate, validation);
  const comparable = current !== null && sameLayout(current, layout);
  const currentMetrics = comparable ? evaluate(current, validation) : null;
  const gate = passesQualityGate(candidateMetrics, current?.kind === 'ga2m' ? currentMetrics : null, {
    minAuc: settings.qualityGate.minAuc,
    maxAucDrop: settings.qualityGate.maxAucDrop,
    // The gate's label minimum applies to the evaluation set: the newest snapshots of a
    // quarter of the tenants. A quarter of the training minimum keeps its AUC meaningful.
    minPositives: Math.max(1, Math.floor(settings.minPositives / 4)),
  });
  const promoted = gate.pass;
  const fallback = current ?? expertPrior(layout, version, 'no model has passed the quality gate yet');
  return {
    model: promoted ? candidate : fallback,
    candidate,
    promoted: promoted || current === null,
    decision: promoted ? 'trained' : current === null ? 'expert_prior' : 'kept',
    candidateMetrics,
    currentMetrics,
    reasons: gate.reasons,
    rows,
    positives,
  };
}

function sameLayout(model: AdditiveModel, layout: FeatureLayout): boolean {
  return (
    model.featureNames.length === layout.names.length &&
    model.featureNames.every((name, i) => name === layout.names[i])
  );
}

/** Training and evaluation need at least two examples of each outcome. */
function bothClasses(labels: ArrayLike<number>): boolean {
  let positives = 0;
  for (let i = 0; i < labels.length; i++) positives += labels[i] as number;
  return positives >= 2 && labels.length - positives >= 2;
}
