import { boostCyclic } from './boost';
import { fitPlatt } from './calibration';
import { type Dataset, validateDataset } from './dataset';
import { TrainingError } from './errors';
import { finaliseTerms } from './finalise-terms';
import { computeMetrics } from './metrics';
import { type Ga2mModel, MODEL_FORMAT, type Term } from './model-schema';
import { boostPairs, type SelectedPair, selectPairs } from './pair-stage';
import { internalSplits } from './split';
import { resolveTrainSettings, type TrainOptions } from './train-settings';
import { addTerms, binData, buildFrame, gather, type TrainingFrame } from './training-frame';

/**
 * Trains a GA2M (explainable boosting machine): per-feature shape functions boosted
 * cyclically, then the top-K feature pairs by FAST gain boosted as 2-D shape functions on the
 * residual, then pairs purified into mains, every term centred, and Platt scaling folded in.
 * Pure and deterministic: the same data and settings give the same JSON.
 *
 * With several bags (EBM's outer bags), each bag early-stops on its own fold of the tenants and
 * the model is the average of the bags' tables: still one additive model with exact
 * contributions, but the stopping point and the noise each bag fitted average out (+0.003 AUC
 * on the generated feed with 4 bags, for 4x the training time). Pairs are chosen once, on the
 * averaged main effects. Calibration and the recorded validation metrics use every row's
 * out-of-bag logit: the bag that early-stopped on it and never trained on it.
 */
export function trainModel(dataset: Dataset, options: TrainOptions): Ga2mModel {
  const rows = validateDataset(dataset);
  const settings = resolveTrainSettings(options);
  const positives = dataset.labels.reduce((sum, label) => sum + label, 0);
  if (positives < 2 || rows - positives < 2) {
    throw new TrainingError(`need at least 2 churned and 2 retained rows, got ${positives} of ${rows}`);
  }
  const data = binData(dataset, dataset.weights ?? new Float64Array(rows).fill(1), settings);
  const frames = internalSplits(
    dataset.labels,
    settings.bags,
    settings.validationShare,
    settings.seed,
    dataset.groups,
  ).map((split) => buildFrame(data, split));

  const mains = frames.map((frame) => boostCyclic(frame.mainTerms, frame.train, frame.validation, settings));
  const mainTables = average(mains.map((bag) => bag.scores));
  let intercept = frames.reduce((sum, frame) => sum + frame.startLogit, 0) / frames.length;

  const everyRow = addTerms(new Float64Array(rows).fill(intercept), data.bins, mainTables);
  const pairs = selectPairs(data, everyRow, settings);
  const pairSettings = { ...settings, learningRate: settings.pairLearningRate };
  const pairBags = frames.map((frame, bag) =>
    boostPairs(frame, mains[bag]?.scores ?? [], pairs, pairSettings),
  );
  const pairTables = average(pairBags.map((bag) => bag.tables));
  const outOfBag = outOfBagLogits(frames, pairs, (bag) => [
    ...(mains[bag]?.scores ?? []),
    ...(pairBags[bag]?.tables ?? []),
  ]);

  intercept += finaliseTerms(data, mainTables, pairs, pairTables);
  const uncalibrated = computeMetrics(outOfBag.logits, outOfBag.labels);
  // Platt scaling folded into the terms: every score and the intercept move together, so the
  // explanation still sums exactly to the calibrated logit.
  const calibration = settings.calibrate
    ? fitPlatt(outOfBag.logits, outOfBag.labels, outOfBag.weights)
    : null;
  const tables = [...mainTables, ...pairTables];
  let calibrated = uncalibrated;
  if (calibration !== null) {
    const { slope, offset } = calibration;
    for (const table of tables) for (let c = 0; c < table.length; c++) table[c] = (table[c] ?? 0) * slope;
    intercept = slope * intercept + offset;
    calibrated = computeMetrics(
      outOfBag.logits.map((logit) => slope * logit + offset),
      outOfBag.labels,
    );
  }

  const names = dataset.featureNames;
  const name = (f: number) => names[f] ?? '';
  const terms: Term[] = [
    ...mainTables.map(
      (table, f): Term => ({
        type: 'main',
        name: name(f),
        feature: name(f),
        bins: data.specs[f] ?? { kind: 'numeric', edges: [] },
        scores: Array.from(table),
      }),
    ),
    ...pairs.map(
      (pair, k): Term => ({
        type: 'pair',
        name: `${name(pair.a)} × ${name(pair.b)}`,
        features: [name(pair.a), name(pair.b)],
        bins: [pair.groupA.spec, pair.groupB.spec],
        scores: Array.from(pairTables[k] ?? []),
      }),
    ),
  ];
  return {
    format: MODEL_FORMAT,
    kind: 'ga2m',
    version: options.version,
    featureNames: [...names],
    intercept,
    terms,
    training: {
      rows,
      positives,
      trainRows: frames[0]?.split.train.length ?? 0,
      validationRows: outOfBag.labels.length,
      settings,
      rounds: {
        mains: mains.map((bag) => bag.rounds),
        pairs: pairs.length === 0 ? [] : pairBags.map((bag) => bag.rounds),
      },
      pairs: pairs.map((pair) => ({ features: [name(pair.a), name(pair.b)], gain: pair.gain })),
      calibration,
      validation: calibrated,
      validationUncalibrated: uncalibrated,
    },
  };
}

/** Cell-wise mean of each term's table over the bags (tables of one term have one size). */
function average(bags: readonly (readonly Float64Array[])[]): Float64Array[] {
  const first = bags[0] ?? [];
  return first.map((table, k) => {
    const out = new Float64Array(table.length);
    for (const bag of bags) {
      const scores = bag[k] ?? new Float64Array(0);
      for (let c = 0; c < out.length; c++) out[c] = (out[c] ?? 0) + (scores[c] ?? 0) / bags.length;
    }
    return out;
  });
}

/**
 * Each bag's validation rows scored by that bag alone (its start logit and tables, before
 * purification and centring, which change no prediction), in bag order.
 */
function outOfBagLogits(
  frames: readonly TrainingFrame[],
  pairs: readonly SelectedPair[],
  tablesOf: (bag: number) => readonly Float64Array[],
): { logits: Float64Array; labels: Float64Array; weights: Float64Array } {
  const logits: number[] = [];
  const labels: number[] = [];
  const weights: number[] = [];
  frames.forEach((frame, bag) => {
    const { validation } = frame;
    const cells = [
      ...frame.mainTerms.map((term) => term.validationCells),
      ...pairs.map((pair) => gather(pair.cells, frame.split.validation)),
    ];
    const scored = addTerms(validation.base, cells, tablesOf(bag));
    logits.push(...scored);
    labels.push(...validation.labels);
    weights.push(...validation.weights);
  });
  return {
    logits: Float64Array.from(logits),
    labels: Float64Array.from(labels),
    weights: Float64Array.from(weights),
  };
}
