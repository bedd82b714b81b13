/**
 * Churn model benchmark: trains our GA2M on a deterministic synthetic churn dataset (100k rows
 * x 25 features, non-linear shapes, interactions, missing values), measures training time,
 * single-row scoring speed (with the explanation) and test AUC, and runs the Python reference
 * (bench/reference_model.py: logistic regression and XGBoost) on the very same rows.
 *
 * `npx tsx bench/model.ts` prints the result as JSON.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Dataset } from '../lambdas/domain/model/dataset';
import { scoreDataset } from '../lambdas/domain/model/evaluate';
import { computeMetrics, rocAuc } from '../lambdas/domain/model/metrics';
import { compileModel, predict } from '../lambdas/domain/model/predict';
import { syntheticChurnData } from '../lambdas/domain/model/synthetic-dataset';
import { trainModel } from '../lambdas/domain/model/train';
import { datasetCsv } from './dataset-csv';
import { runPythonReference, type Unavailable } from './python-reference';

const REFERENCE_SCRIPT = 'bench/reference_model.py';

export interface ReferenceResult {
  readonly logreg_auc: number;
  readonly xgboost_auc: number;
  readonly xgboost_train_seconds: number;
  readonly xgboost_predictions_per_second: number;
  readonly [more: string]: unknown;
}

export interface ModelBenchResult {
  readonly rows: number;
  readonly features: number;
  readonly trainRows: number;
  readonly testRows: number;
  readonly trainSeconds: number;
  /** Single-row predict() calls per second on one core, contributions included. */
  readonly predictionsPerSecond: number;
  readonly auc: number | null;
  readonly prAuc: number | null;
  readonly brier: number | null;
  /** The same model without pair terms: what the interactions are worth. */
  readonly aucWithoutPairs: number | null;
  /** AUC of the true logit: the ceiling for any model on this data. */
  readonly oracleAuc: number;
  readonly pairs: string[];
  readonly reference: ReferenceResult | Unavailable;
}

export function benchModel(
  options: { rows?: number; seed?: number; outDir?: string } = {},
): ModelBenchResult {
  const rows = options.rows ?? 100_000;
  const outDir = options.outDir ?? 'out/bench/model';
  const data = syntheticChurnData(rows, options.seed ?? 1);
  const train = subset(data.dataset, data.isTest, 0);
  const test = subset(data.dataset, data.isTest, 1);

  const started = performance.now();
  const model = trainModel(train, { version: 'bench' });
  const trainSeconds = (performance.now() - started) / 1000;
  const metrics = computeMetrics(scoreDataset(model, test), test.labels);
  const withoutPairs = trainModel(train, { version: 'bench-mains', interactions: 0 });
  const testLogits = data.trueLogits.filter((_, i) => data.isTest[i] === 1);

  mkdirSync(outDir, { recursive: true });
  const csvPath = join(outDir, 'dataset.csv');
  writeFileSync(
    csvPath,
    datasetCsv([
      { dataset: train, split: 'train' },
      { dataset: test, split: 'test' },
    ]),
  );

  return {
    rows,
    features: data.dataset.featureNames.length,
    trainRows: train.labels.length,
    testRows: test.labels.length,
    trainSeconds: round(trainSeconds, 3),
    predictionsPerSecond: measurePredictions(model, test),
    auc: metrics.auc,
    prAuc: metrics.prAuc,
    brier: metrics.brier,
    aucWithoutPairs: computeMetrics(scoreDataset(withoutPairs, test), test.labels).auc,
    oracleAuc: rocAuc(testLogits, test.labels),
    pairs: model.terms.flatMap((term) => (term.type === 'pair' ? [term.name] : [])),
    reference: runPythonReference<ReferenceResult>(REFERENCE_SCRIPT, [csvPath]),
  };
}

/** Scores the test rows one at a time, explanation included, for about a second. */
function measurePredictions(model: Parameters<typeof compileModel>[0], test: Dataset): number {
  const compiled = compileModel(model);
  const n = test.labels.length;
  const rows = Array.from({ length: n }, (_, i) =>
    Float64Array.from(test.columns, (column) => column[i] ?? 0),
  );
  const contributions = new Float64Array(compiled.termCount);
  let sink = 0;
  let done = 0;
  const started = performance.now();
  let elapsed = 0;
  while (elapsed < 1000) {
    for (const row of rows) sink += predict(compiled, row, contributions);
    done += n;
    elapsed = performance.now() - started;
  }
  // The sum keeps the loop from being optimised away.
  if (Number.isNaN(sink)) throw new Error('prediction produced NaN');
  return Math.round(done / (elapsed / 1000));
}

function subset(dataset: Dataset, flags: Uint8Array, keep: number): Dataset {
  const rows: number[] = [];
  flags.forEach((flag, i) => {
    if (flag === keep) rows.push(i);
  });
  return {
    ...dataset,
    columns: dataset.columns.map((column) => Float64Array.from(rows, (i) => column[i] ?? Number.NaN)),
    labels: Uint8Array.from(rows, (i) => dataset.labels[i] ?? 0),
  };
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(benchModel(), null, 2));
}
