/** The churn model: an explainable additive classifier (GA2M) and its expert-prior fallback. */
export { binCount, binOf, MISSING_BIN } from './bins';
export { type Dataset, DatasetError, type FeatureKind, validateDataset } from './dataset';
export { ModelFormatError, TrainingError } from './errors';
export { evaluate, scoreDataset } from './evaluate';
export { buildExpertPrior, type ExpertPriorSpec, type ExpertRisk } from './expert-prior';
export {
  averagePrecision,
  baseRate,
  brierScore,
  computeMetrics,
  liftAtTopDecile,
  logLoss,
  rocAuc,
} from './metrics';
export * from './model-schema';
export { CompiledModel, compileModel, predict, probability, type ScoringModel } from './predict';
export { type GateDecision, passesQualityGate, type QualityGate } from './quality-gate';
export { parseModel, serializeModel } from './serialize';
export { trainModel } from './train';
export { DEFAULT_TRAIN_SETTINGS, type TrainOptions } from './train-settings';
