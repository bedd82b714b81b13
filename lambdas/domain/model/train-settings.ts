import { TrainingError } from './errors';
import { type TrainSettings, TrainSettingsSchema } from './model-schema';

/**
 * Defaults chosen on the synthetic churn benchmark (bench/model.ts): enough bins to follow a
 * curve, early stopping doing the real regularisation, a few rows per bin so a tiny segment
 * never gets its own opinion.
 */
export const DEFAULT_TRAIN_SETTINGS: TrainSettings = {
  seed: 42,
  maxBins: 32,
  interactions: 10,
  pairBins: 32,
  rankBins: 8,
  learningRate: 0.1,
  maxLeaves: 3,
  pairLearningRate: 0.1,
  maxRounds: 1000,
  earlyStoppingRounds: 25,
  earlyStoppingTolerance: 1e-5,
  l2: 1,
  minSamplesPerBin: 10,
  validationShare: 0.15,
  bags: 1,
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
