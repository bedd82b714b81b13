import { type BinGrouping, groupBins } from './binning';
import { binCount } from './bins';
import { type BoostSettings, type BoostSplit, type BoostTerm, boostCyclic } from './boost';
import { rankPairs } from './interactions';
import type { TrainSettings } from './model-schema';
import { addTerms, type BinnedData, gather, histogram, remap, type TrainingFrame } from './training-frame';

/** A selected feature pair, its coarse binning and the cell of every row of the dataset. */
export interface SelectedPair {
  readonly a: number;
  readonly b: number;
  /** FAST ranking gain (loss reduction of the best four-quadrant split of the residual). */
  readonly gain: number;
  readonly groupA: BinGrouping;
  readonly groupB: BinGrouping;
  readonly size: number;
  readonly cells: Int32Array;
}

/**
 * Stage two, first half: rank all feature pairs on the residual of the main effects over every
 * row (FAST on coarse `rankBins` bins) and keep the top `interactions`, binned on `pairBins`.
 * `logits` are the main-effects logits of every row.
 */
export function selectPairs(data: BinnedData, logits: Float64Array, settings: TrainSettings): SelectedPair[] {
  const features = data.specs.length;
  if (settings.interactions === 0 || features < 2) return [];
  const binWeights = data.specs.map((spec, f) =>
    histogram(data.bins[f] ?? new Int32Array(0), data.weights, binCount(spec)),
  );
  const grouping = (f: number, maxGroups: number) =>
    groupBins(
      data.specs[f] ?? { kind: 'numeric', edges: [] },
      binWeights[f] ?? new Float64Array(0),
      maxGroups,
    );
  const rankGroups = data.specs.map((_, f) => grouping(f, settings.rankBins));
  const ranked = rankPairs(
    {
      ...residuals(data, logits),
      bins: data.bins.map((column, f) => remap(column, rankGroups[f]?.map ?? new Int32Array(0))),
      sizes: rankGroups.map((group) => group.size),
      weights: data.weights,
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
  return ranked.map(({ a, b, gain }) => {
    const groupA = pairGrouping(a);
    const groupB = pairGrouping(b);
    const cells = pairCells(data.bins[a], data.bins[b], groupA, groupB);
    return { a, b, gain, groupA, groupB, size: groupA.size * groupB.size, cells };
  });
}

/**
 * Stage two, second half, for one bag: boost 2-D shape functions of the selected pairs on the
 * residual of that bag's main effects (`mainTables`), early-stopped on the bag's validation rows.
 */
export function boostPairs(
  frame: TrainingFrame,
  mainTables: readonly Float64Array[],
  pairs: readonly SelectedPair[],
  settings: BoostSettings,
): { tables: Float64Array[]; rounds: number } {
  const withMains = (split: BoostSplit, side: 'trainCells' | 'validationCells'): BoostSplit => ({
    ...split,
    base: addTerms(
      split.base,
      frame.mainTerms.map((term) => term[side]),
      mainTables,
    ),
  });
  const terms: BoostTerm[] = pairs.map((pair) => ({
    size: pair.size,
    layout: { kind: 'pair', sizeA: pair.groupA.size, sizeB: pair.groupB.size },
    trainCells: gather(pair.cells, frame.split.train),
    validationCells: gather(pair.cells, frame.split.validation),
  }));
  const boosted = boostCyclic(
    terms,
    withMains(frame.train, 'trainCells'),
    withMains(frame.validation, 'validationCells'),
    settings,
  );
  return { tables: boosted.scores, rounds: boosted.rounds };
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

function residuals(
  data: BinnedData,
  logits: Float64Array,
): { gradients: Float64Array; hessians: Float64Array } {
  const n = data.labels.length;
  const gradients = new Float64Array(n);
  const hessians = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const p = 1 / (1 + Math.exp(-(logits[i] ?? 0)));
    const w = data.weights[i] ?? 0;
    gradients[i] = w * (p - (data.labels[i] ?? 0));
    hessians[i] = w * p * (1 - p);
  }
  return { gradients, hessians };
}
