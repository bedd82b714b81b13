import { binCount } from './bins';
import { type BinGrouping, binColumn, fitBinSpec, groupBins } from './binning';
import { type BoostSplit, type BoostTerm, boostCyclic } from './boost';
import { fitPlatt } from './calibration';
import { type Dataset, featureKind, validateDataset } from './dataset';
import { TrainingError } from './errors';
import { rankPairs } from './interactions';
import { computeMetrics } from './metrics';
import { type BinSpec, type Ga2mModel, MODEL_FORMAT, type Term, type TrainSettings } from './model-schema';
import { centreTable, purifyPair } from './purify';
import { SeededRandom } from './seeded-random';
import { stratifiedSplit } from './split';
import { resolveTrainSettings, type TrainOptions } from './train-settings';

/**
 * Trains a GA2M (explainable boosting machine): per-feature shape functions boosted
 * cyclically, then the top-K feature pairs by FAST gain boosted as 2-D shape functions on the
 * residual, then pairs purified into mains, every term centred, and Platt scaling folded in.
 * Pure and deterministic: the same data and settings give the same JSON.
 */
export function trainModel(dataset: Dataset, options: TrainOptions): Ga2mModel {
  const rows = validateDataset(dataset);
  const settings = resolveTrainSettings(options);
  const weights = dataset.weights ?? new Float64Array(rows).fill(1);
  const positives = countPositives(dataset.labels);
  if (positives < 2 || rows - positives < 2) {
    throw new TrainingError(`need at least 2 churned and 2 retained rows, got ${positives} of ${rows}`);
  }
  const split = stratifiedSplit(dataset.labels, settings.validationShare, settings.seed);
  const features = dataset.featureNames.length;
  const specs = dataset.columns.map((column, f) => fitBinSpec(column, featureKind(dataset, f), settings.maxBins));
  const bins = dataset.columns.map((column, f) => binColumn(column, specAt(specs, f)));

  const train = splitData(dataset.labels, weights, split.train);
  const validation = splitData(dataset.labels, weights, split.validation);
  const startLogit = logit(weightedRate(train));
  train.base.fill(startLogit);
  validation.base.fill(startLogit);

  const mainTerms: BoostTerm[] = bins.map((column, f) => ({
    size: binCount(specAt(specs, f)),
    trainCells: gather(column, split.train),
    validationCells: gather(column, split.validation),
  }));
  const mains = boostBags(mainTerms, train, validation, settings, settings.learningRate, 100);

  const trainCells = mainTerms.map((term) => term.trainCells);
  const validationCells = mainTerms.map((term) => term.validationCells);
  const trainWithMains = { ...train, base: addTerms(train.base, trainCells, mains.tables) };
  const validationWithMains = {
    ...validation,
    base: addTerms(validation.base, validationCells, mains.tables),
  };
  const fineWeights = mainTerms.map((term) => histogram(term.trainCells, train.weights, term.size));
  const selected =
    settings.interactions > 0 && features > 1
      ? selectPairs(mainTerms, specs, fineWeights, trainWithMains, settings)
      : [];
  const pairGroups = new Map<number, BinGrouping>();
  const pairGrouping = (f: number) => {
    let grouping = pairGroups.get(f);
    if (grouping === undefined) {
      grouping = groupBins(specAt(specs, f), fineWeights[f] ?? new Float64Array(0), settings.pairBins);
      pairGroups.set(f, grouping);
    }
    return grouping;
  };
  const pairCells = (pair: { a: number; b: number }, rowsOf: readonly Int32Array[]) =>
    pairCellsOf(rowsOf[pair.a], rowsOf[pair.b], pairGrouping(pair.a), pairGrouping(pair.b));
  const pairTerms: BoostTerm[] = selected.map((pair) => ({
    size: pairGrouping(pair.a).size * pairGrouping(pair.b).size,
    trainCells: pairCells(pair, trainCells),
    validationCells: pairCells(pair, validationCells),
  }));
  const pairs = boostBags(pairTerms, trainWithMains, validationWithMains, settings, settings.pairLearningRate, 200);

  // Explainability: purify pairs into mains, then centre every term over all rows.
  const allRowWeights = bins.map((column, f) => histogram(column, weights, binCount(specAt(specs, f))));
  selected.forEach((pair, k) => {
    const cells = pairCells(pair, bins);
    purifyPair(
      {
        scores: pairs.tables[k] ?? new Float64Array(0),
        weights: histogram(cells, weights, pairTerms[k]?.size ?? 0),
        sizeA: pairGrouping(pair.a).size,
        sizeB: pairGrouping(pair.b).size,
        mapA: pairGrouping(pair.a).map,
        mapB: pairGrouping(pair.b).map,
      },
      mains.tables[pair.a] ?? new Float64Array(0),
      mains.tables[pair.b] ?? new Float64Array(0),
    );
  });
  let intercept = startLogit;
  mains.tables.forEach((table, f) => {
    intercept += centreTable(table, allRowWeights[f] ?? new Float64Array(0));
  });
  selected.forEach((pair, k) => {
    const cellWeights = histogram(pairCells(pair, bins), weights, pairTerms[k]?.size ?? 0);
    intercept += centreTable(pairs.tables[k] ?? new Float64Array(0), cellWeights);
  });

  const allTables = [...mains.tables, ...pairs.tables];
  const allValidationCells = [...mainTerms, ...pairTerms].map((term) => term.validationCells);
  const validationLogits = () =>
    addTerms(new Float64Array(split.validation.length).fill(intercept), allValidationCells, allTables);
  const uncalibrated = computeMetrics(validationLogits(), validation.labels);
  const calibration = settings.calibrate
    ? fitPlatt(validationLogits(), validation.labels, validation.weights)
    : null;
  if (calibration !== null) {
    for (const table of allTables) for (let c = 0; c < table.length; c++) table[c] = (table[c] ?? 0) * calibration.slope;
    intercept = calibration.slope * intercept + calibration.offset;
  }
  const calibrated = calibration === null ? uncalibrated : computeMetrics(validationLogits(), validation.labels);

  const name = (f: number) => dataset.featureNames[f] ?? '';
  const terms: Term[] = [
    ...mains.tables.map(
      (table, f): Term => ({
        type: 'main',
        name: name(f),
        feature: name(f),
        bins: specAt(specs, f),
        scores: Array.from(table),
      }),
    ),
    ...selected.map(
      (pair, k): Term => ({
        type: 'pair',
        name: `${name(pair.a)} × ${name(pair.b)}`,
        features: [name(pair.a), name(pair.b)],
        bins: [pairGrouping(pair.a).spec, pairGrouping(pair.b).spec],
        scores: Array.from(pairs.tables[k] ?? []),
      }),
    ),
  ];
  return {
    format: MODEL_FORMAT,
    kind: 'ga2m',
    version: options.version,
    featureNames: [...dataset.featureNames],
    intercept,
    terms,
    training: {
      rows,
      positives,
      trainRows: split.train.length,
      validationRows: split.validation.length,
      settings,
      rounds: { mains: mains.rounds, pairs: pairs.rounds },
      pairs: selected.map((pair) => ({ features: [name(pair.a), name(pair.b)], gain: pair.gain })),
      calibration,
      validation: calibrated,
      validationUncalibrated: uncalibrated,
    },
  };
}

function splitData(labels: Uint8Array, weights: Float64Array, rows: Uint32Array): BoostSplit {
  return {
    labels: Float64Array.from(rows, (row) => labels[row] ?? 0),
    weights: Float64Array.from(rows, (row) => weights[row] ?? 0),
    base: new Float64Array(rows.length),
  };
}

/**
 * Boosts the terms once per bag and averages the tables. One bag trains on the whole training
 * split; more bags each train on a bootstrap (Poisson(1) row weights) and smooth the shapes.
 */
function boostBags(
  terms: readonly BoostTerm[],
  train: BoostSplit,
  validation: BoostSplit,
  settings: TrainSettings,
  learningRate: number,
  stream: number,
): { tables: Float64Array[]; rounds: number[] } {
  const tables = terms.map((term) => new Float64Array(term.size));
  const rounds: number[] = [];
  if (terms.length === 0) return { tables, rounds };
  for (let bag = 0; bag < settings.bags; bag++) {
    let weights = train.weights;
    if (settings.bags > 1) {
      const random = new SeededRandom(settings.seed, stream + bag);
      weights = Float64Array.from(train.weights, (weight) => weight * random.poissonOne());
    }
    const result = boostCyclic(terms, { ...train, weights }, validation, { ...settings, learningRate });
    rounds.push(result.rounds);
    result.scores.forEach((scores, k) => {
      const table = tables[k];
      if (table === undefined) return;
      for (let c = 0; c < table.length; c++) table[c] = (table[c] ?? 0) + (scores[c] ?? 0) / settings.bags;
    });
  }
  return { tables, rounds };
}

function selectPairs(
  mainTerms: readonly BoostTerm[],
  specs: readonly BinSpec[],
  fineWeights: readonly Float64Array[],
  train: BoostSplit,
  settings: TrainSettings,
): { a: number; b: number; gain: number }[] {
  const n = train.labels.length;
  const gradients = new Float64Array(n);
  const hessians = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const p = 1 / (1 + Math.exp(-(train.base[i] ?? 0)));
    const w = train.weights[i] ?? 0;
    gradients[i] = w * (p - (train.labels[i] ?? 0));
    hessians[i] = w * p * (1 - p);
  }
  const groupings = mainTerms.map((_, f) =>
    groupBins(specAt(specs, f), fineWeights[f] ?? new Float64Array(0), settings.rankBins),
  );
  const ranked = rankPairs(
    {
      bins: mainTerms.map((term, f) => remap(term.trainCells, groupings[f]?.map ?? new Int32Array(0))),
      sizes: groupings.map((grouping) => grouping.size),
      gradients,
      hessians,
      weights: train.weights,
    },
    settings.l2,
    settings.minSamplesPerBin,
  );
  return ranked.slice(0, settings.interactions);
}

function pairCellsOf(
  first: Int32Array | undefined,
  second: Int32Array | undefined,
  groupA: BinGrouping,
  groupB: BinGrouping,
): Int32Array {
  const a = first ?? new Int32Array(0);
  const b = second ?? new Int32Array(0);
  const cells = new Int32Array(a.length);
  for (let i = 0; i < a.length; i++) {
    cells[i] = (groupA.map[a[i] ?? 0] ?? 0) * groupB.size + (groupB.map[b[i] ?? 0] ?? 0);
  }
  return cells;
}

/** Base logits plus each term's score of each row (a new array). */
function addTerms(base: Float64Array, cells: readonly Int32Array[], tables: readonly Float64Array[]): Float64Array {
  const out = Float64Array.from(base);
  cells.forEach((rows, k) => {
    const table = tables[k] ?? new Float64Array(0);
    for (let i = 0; i < rows.length; i++) out[i] = (out[i] ?? 0) + (table[rows[i] ?? 0] ?? 0);
  });
  return out;
}

function histogram(cells: Int32Array, weights: Float64Array, size: number): Float64Array {
  const out = new Float64Array(size);
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i] ?? 0;
    out[c] = (out[c] ?? 0) + (weights[i] ?? 0);
  }
  return out;
}

function gather(column: Int32Array, rows: Uint32Array): Int32Array {
  return Int32Array.from(rows, (row) => column[row] ?? 0);
}

function remap(cells: Int32Array, map: Int32Array): Int32Array {
  return Int32Array.from(cells, (cell) => map[cell] ?? 0);
}

function specAt(specs: readonly BinSpec[], f: number): BinSpec {
  const spec = specs[f];
  if (spec === undefined) throw new RangeError(`no bins for feature ${f}`);
  return spec;
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

function countPositives(labels: Uint8Array): number {
  let positives = 0;
  for (const label of labels) positives += label;
  return positives;
}

