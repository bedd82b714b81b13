import { TrainingError } from './errors';
import { type TrainSettings, TrainSettingsSchema } from './model-schema';

/**
 * Defaults, checked on the generated feed (bench/scoring-reference.ts rows, validation on the
 * newest snapshots of unseen tenants, 8 folds of 5,000 tenants and 4 of 14,000) and on the
 * synthetic churn benchmark (bench/model.ts, 80k rows):
 * - 256 bins for mains (as XGBoost's histograms): churn comes at renewals, so the risk of
 *   daysToRenewal changes at exact days (a month, the 90-day horizon) that 32 quantile bins
 *   blur; 32 bins lost 0.009-0.015 AUC on the feed (0 on the synthetic data);
 * - gating (minGainShare 0.1, see boost.ts): +0.005 AUC on the feed, +0.003 on 14,000 tenants;
 * - 4 bags, each early-stopped on its own quarter of the tenants, averaged (see train.ts):
 *   +0.005 AUC on the feed (8 bags: no better), +0.0007 on the synthetic data, training time
 *   x1.3-4 (the pair ranking is shared);
 * - 3-leaf steps (as EBM) rather than one Newton step per bin: per-bin steps chase each bin's
 *   noise, stop early and lost 0.015 AUC there (0.824 vs 0.839), worst on the 2-D pair tables;
 * - learning rate 0.2: same AUC as 0.05 or 0.1 in a third of the rounds, and order effects
 *   between correlated features stay ~0.02 logit;
 * - 32 bins for pairs (as EBM): 16 pair bins cost 0.002 AUC;
 * - early stopping on the validation loss is the real regulariser; l2 and the minimum rows per
 *   leaf only keep tiny segments from getting an opinion of their own.
 */
export const DEFAULT_TRAIN_SETTINGS: TrainSettings = {
  seed: 42,
  maxBins: 256,
  interactions: 10,
  pairBins: 32,
  rankBins: 8,
  learningRate: 0.2,
  maxLeaves: 3,
  pairLearningRate: 0.2,
  maxRounds: 1000,
  minGainShare: 0.1,
  earlyStoppingRounds: 15,
  earlyStoppingTolerance: 1e-5,
  l2: 1,
  minSamplesPerBin: 10,
  validationShare: 0.15,
  bags: 4,
  calibrate: true,
};

export interface TrainOptions extends Partial<TrainSettings> {
  /** Version id stamped on the model (e.g. "churn-2026-11-23"). */
  readonly version: string;
}

export function resolveTrainSettings(options: TrainOptions): TrainSettings {
  const { version: _version, ...overrides } = options;
  const parsed = TrainSettingsSchema.safeParse({ ...DEFAULT_TRAIN_SETTINGS, ...overrides });
  if (!parsed.success) {
    throw new TrainingError(
      `invalid training settings: ${parsed.error.issues.map(describeIssue).join('; ')}`,
    );
  }
  return parsed.data;
}

function describeIssue(issue: { path: readonly PropertyKey[]; message: string }): string {
  return `${issue.path.map(String).join('.')}: ${issue.message}`;
}
