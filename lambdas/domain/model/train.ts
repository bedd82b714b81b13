import { boostBags } from './bagging';
import { fitPlatt } from './calibration';
import { type Dataset, validateDataset } from './dataset';
import { TrainingError } from './errors';
import { finaliseTerms } from './finalise-terms';
import { computeMetrics } from './metrics';
import { type Ga2mModel, MODEL_FORMAT, type Term } from './model-schema';
import { fitPairs } from './pair-stage';
import { resolveTrainSettings, type TrainOptions } from './train-settings';
import { addTerms, buildFrame } from './training-frame';

/**
 * Trains a GA2M (explainable boosting machine): per-feature shape functions boosted
 * cyclically, then the top-K feature pairs by FAST gain boosted as 2-D shape functions on the
 * residual, then pairs purified into mains, every term centred, and Platt scaling folded in.
 * Pure and deterministic: the same data and settings give the same JSON.
 */
export function trainModel(dataset: Dataset, options: TrainOptions): Ga2mModel {
  const rows = validateDataset(dataset);
  const settings = resolveTrainSettings(options);
  const positives = dataset.labels.reduce((sum, label) => sum + label, 0);
  if (positives < 2 || rows - positives < 2) {
    throw new TrainingError(`need at least 2 churned and 2 retained rows, got ${positives} of ${rows}`);
  }
  const frame = buildFrame(dataset, dataset.weights ?? new Float64Array(rows).fill(1), settings);
  const { train, validation, mainTerms, split } = frame;

  const mains = boostBags(mainTerms, train, validation, settings, settings.learningRate, 100);
  const { pairs, rounds: pairRounds } = fitPairs(frame, mains.tables, settings);
  let intercept = frame.startLogit + finaliseTerms(frame, mains.tables, pairs);

  const tables = [...mains.tables, ...pairs.map((pair) => pair.table)];
  const validationCells = [...mainTerms, ...pairs.map((pair) => pair.term)].map(
    (term) => term.validationCells,
  );
  const validationLogits = () =>
    addTerms(new Float64Array(split.validation.length).fill(intercept), validationCells, tables);
  const uncalibrated = computeMetrics(validationLogits(), validation.labels);
  // Platt scaling folded into the terms: every score and the intercept move together, so the
  // explanation still sums exactly to the calibrated logit.
  const calibration = settings.calibrate
    ? fitPlatt(validationLogits(), validation.labels, validation.weights)
    : null;
  if (calibration !== null) {
    for (const table of tables)
      for (let c = 0; c < table.length; c++) table[c] = (table[c] ?? 0) * calibration.slope;
    intercept = calibration.slope * intercept + calibration.offset;
  }
  const calibrated =
    calibration === null ? uncalibrated : computeMetrics(validationLogits(), validation.labels);

  const names = dataset.featureNames;
  const name = (f: number) => names[f] ?? '';
  const terms: Term[] = [
    ...mains.tables.map(
      (table, f): Term => ({
        type: 'main',
        name: name(f),
        feature: name(f),
        bins: frame.specs[f] ?? { kind: 'numeric', edges: [] },
        scores: Array.from(table),
      }),
    ),
    ...pairs.map(
      (pair): Term => ({
        type: 'pair',
        name: `${name(pair.a)} × ${name(pair.b)}`,
        features: [name(pair.a), name(pair.b)],
        bins: [pair.groupA.spec, pair.groupB.spec],
        scores: Array.from(pair.table),
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
      trainRows: split.train.length,
      validationRows: split.validation.length,
      settings,
      rounds: { mains: mains.rounds, pairs: pairRounds },
      pairs: pairs.map((pair) => ({ features: [name(pair.a), name(pair.b)], gain: pair.gain })),
      calibration,
      validation: calibrated,
      validationUncalibrated: uncalibrated,
    },
  };
}
