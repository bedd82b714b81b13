import type { Dataset } from './dataset';
import { validateDataset } from './dataset';
import { computeMetrics } from './metrics';
import type { ModelMetrics } from './model-schema';
import { compileModel, predict, type ScoringModel } from './predict';

/**
 * Scores every row of a dataset (matched to the model by feature name, so column order does
 * not matter; a feature the dataset lacks counts as missing) and measures the result. Use it on
 * the caller's time-based holdout, and on the same holdout for the current model, before the
 * quality gate. Metrics are unweighted.
 */
export function evaluate(model: ScoringModel, dataset: Dataset): ModelMetrics {
  return computeMetrics(scoreDataset(model, dataset), dataset.labels);
}

/** The logit of every row. */
export function scoreDataset(model: ScoringModel, dataset: Dataset): Float64Array {
  const rows = validateDataset(dataset);
  const compiled = compileModel(model);
  const columnOf = new Map(dataset.featureNames.map((name, index) => [name, dataset.columns[index]]));
  const columns = compiled.model.featureNames.map((name) => columnOf.get(name));
  const row = new Float64Array(columns.length);
  const logits = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    for (let f = 0; f < columns.length; f++) row[f] = columns[f]?.[i] ?? Number.NaN;
    logits[i] = predict(compiled, row);
  }
  return logits;
}
