import { boostBags } from './bagging';
import { type BinGrouping, groupBins } from './binning';
import type { BoostSplit, BoostTerm } from './boost';
import { rankPairs } from './interactions';
import type { TrainSettings } from './model-schema';
import { addTerms, histogram, remap, type TrainingFrame } from './training-frame';

/** A selected feature pair, its coarse binning and its row cells. */
export interface FittedPair {
  readonly a: number;
  readonly b: number;
  /** FAST ranking gain (loss reduction of the best four-quadrant split of the residual). */
  readonly gain: number;
  readonly groupA: BinGrouping;
  readonly groupB: BinGrouping;
  readonly term: BoostTerm;
  readonly table: Float64Array;
}

/**
 * Stage two: rank all feature pairs on the residual of the main effects (FAST on coarse
 * `rankBins` bins), keep the top `interactions`, and boost 2-D shape functions for them on
 * `pairBins` bins, starting from the main-effects logits.
 */
export function fitPairs(
  frame: TrainingFrame,
  mainTables: readonly Float64Array[],
  settings: TrainSettings,
): { pairs: FittedPair[]; rounds: number[] } {
  if (settings.interactions === 0 || frame.mainTerms.length < 2) return { pairs: [], rounds: [] };
  const { mainTerms } = frame;
  const train: BoostSplit = {
    ...frame.train,
    base: addTerms(
      frame.train.base,
      mainTerms.map((term) => term.trainCells),
      mainTables,
    ),
  };
  const validation: BoostSplit = {
    ...frame.validation,
    base: addTerms(
      frame.validation.base,
      mainTerms.map((term) => term.validationCells),
      mainTables,
    ),
  };
  const binWeights = mainTerms.map((term) => histogram(term.trainCells, train.weights, term.size));
  const grouping = (f: number, maxGroups: number) =>
    groupBins(
      frame.specs[f] ?? { kind: 'numeric', edges: [] },
      binWeights[f] ?? new Float64Array(0),
      maxGroups,
    );

  const rankGroups = mainTerms.map((_, f) => grouping(f, settings.rankBins));
  const ranked = rankPairs(
    {
      ...residuals(train),
      bins: mainTerms.map((term, f) => remap(term.trainCells, rankGroups[f]?.map ?? new Int32Array(0))),
      sizes: rankGroups.map((group) => group.size),
      weights: train.weights,
    },
    settings.l2,
    settings.minSamplesPerBin,
  ).slice(0, settings.interactions);

  const groups = new Map<number, BinGrouping>();
  const pairGrouping = (f: number) => {
    const known = groups.get(f) ?? grouping(f, settings.pairBins);
    groups.set(f, known);
    return known;
  };
  const selected = ranked.map(({ a, b, gain }) => {
    const groupA = pairGrouping(a);
    const groupB = pairGrouping(b);
    const cellsOf = (side: 'trainCells' | 'validationCells') =>
      pairCells(mainTerms[a]?.[side], mainTerms[b]?.[side], groupA, groupB);
    const term: BoostTerm = {
      size: groupA.size * groupB.size,
      layout: { kind: 'pair', sizeA: groupA.size, sizeB: groupB.size },
      trainCells: cellsOf('trainCells'),
      validationCells: cellsOf('validationCells'),
    };
    return { a, b, gain, groupA, groupB, term };
  });
  const boosted = boostBags(
    selected.map((pair) => pair.term),
    train,
    validation,
    settings,
    settings.pairLearningRate,
    200,
  );
  return {
    pairs: selected.map((pair, k) => ({ ...pair, table: boosted.tables[k] ?? new Float64Array(0) })),
    rounds: boosted.rounds,
  };
}

/** The cell of every row in a pair's (coarse A x coarse B) table. */
export function pairCells(
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

function residuals(train: BoostSplit): { gradients: Float64Array; hessians: Float64Array } {
  const n = train.labels.length;
  const gradients = new Float64Array(n);
  const hessians = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const p = 1 / (1 + Math.exp(-(train.base[i] ?? 0)));
    const w = train.weights[i] ?? 0;
    gradients[i] = w * (p - (train.labels[i] ?? 0));
    hessians[i] = w * p * (1 - p);
  }
  return { gradients, hessians };
}
