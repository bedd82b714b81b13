import { binColumn, fitBinSpec } from './binning';
import { binCount } from './bins';
import type { BoostSplit, BoostTerm } from './boost';
import { type Dataset, featureKind } from './dataset';
import type { BinSpec, TrainSettings } from './model-schema';
import type { RowSplit } from './split';

/** What every bag shares: the bins of every feature (fitted on all rows), labels and weights. */
export interface BinnedData {
  readonly featureNames: readonly string[];
  readonly specs: readonly BinSpec[];
  /** Per feature, the bin of every row of the dataset. */
  readonly bins: readonly Int32Array[];
  readonly labels: Uint8Array;
  /** Row weights of the whole dataset (1 when the dataset has none). */
  readonly weights: Float64Array;
}

/**
 * One bag as the boosting stages see it: its internal train/validation split with labels,
 * weights and starting logits, and each feature's main term (bin of each row on each side).
 */
export interface TrainingFrame {
  readonly split: RowSplit;
  readonly train: BoostSplit;
  readonly validation: BoostSplit;
  /** Log-odds of the (weighted) training base rate: every row's logit before any term. */
  readonly startLogit: number;
  readonly mainTerms: readonly BoostTerm[];
}

export function binData(dataset: Dataset, weights: Float64Array, settings: TrainSettings): BinnedData {
  const specs = dataset.columns.map((column, f) =>
    fitBinSpec(column, featureKind(dataset, f), settings.maxBins),
  );
  const bins = specs.map((spec, f) => binColumn(dataset.columns[f] ?? new Float64Array(0), spec));
  return { featureNames: dataset.featureNames, specs, bins, labels: dataset.labels, weights };
}

export function buildFrame(data: BinnedData, split: RowSplit): TrainingFrame {
  const train = splitData(data.labels, data.weights, split.train);
  const startLogit = logit(weightedRate(train));
  train.base.fill(startLogit);
  const validation = splitData(data.labels, data.weights, split.validation);
  validation.base.fill(startLogit);
  const mainTerms: BoostTerm[] = data.specs.map((spec, f) => {
    const column = data.bins[f] ?? new Int32Array(0);
    return {
      size: binCount(spec),
      // Numeric bins are ordered, so a step may pool neighbours; category codes are not.
      layout: spec.kind === 'numeric' ? { kind: 'ordered' } : { kind: 'cells' },
      trainCells: gather(column, split.train),
      validationCells: gather(column, split.validation),
    };
  });
  return { split, train, validation, startLogit, mainTerms };
}

/** Base logits plus each term's score of each row (a new array). */
export function addTerms(
  base: Float64Array,
  cells: readonly Int32Array[],
  tables: readonly Float64Array[],
): Float64Array {
  const out = Float64Array.from(base);
  cells.forEach((rows, k) => {
    const table = tables[k] ?? new Float64Array(0);
    for (let i = 0; i < rows.length; i++) out[i] = (out[i] ?? 0) + (table[rows[i] ?? 0] ?? 0);
  });
  return out;
}

/** Total weight of the rows in each cell. */
export function histogram(cells: Int32Array, weights: Float64Array, size: number): Float64Array {
  const out = new Float64Array(size);
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i] ?? 0;
    out[c] = (out[c] ?? 0) + (weights[i] ?? 0);
  }
  return out;
}

// Plain loops: TypedArray.from with a mapping function is several times slower on V8.
export function remap(cells: Int32Array, map: Int32Array): Int32Array {
  const out = new Int32Array(cells.length);
  for (let k = 0; k < cells.length; k++) out[k] = map[cells[k] ?? 0] ?? 0;
  return out;
}

export function gather(column: Int32Array, rows: Uint32Array): Int32Array {
  const out = new Int32Array(rows.length);
  for (let k = 0; k < rows.length; k++) out[k] = column[rows[k] ?? 0] ?? 0;
  return out;
}

function splitData(labels: Uint8Array, weights: Float64Array, rows: Uint32Array): BoostSplit {
  const out = { labels: new Float64Array(rows.length), weights: new Float64Array(rows.length) };
  for (let k = 0; k < rows.length; k++) {
    const row = rows[k] ?? 0;
    out.labels[k] = labels[row] ?? 0;
    out.weights[k] = weights[row] ?? 0;
  }
  return { ...out, base: new Float64Array(rows.length) };
}

function weightedRate(data: BoostSplit): number {
  let positive = 0;
  let total = 0;
  for (let i = 0; i < data.labels.length; i++) {
    positive += (data.weights[i] ?? 0) * (data.labels[i] ?? 0);
    total += data.weights[i] ?? 0;
  }
  return Math.min(1 - 1e-6, Math.max(1e-6, positive / total));
}

function logit(p: number): number {
  return Math.log(p / (1 - p));
}
