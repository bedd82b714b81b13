import { binCount } from './bins';
import type { SelectedPair } from './pair-stage';
import { centreTable, purifyPair } from './purify';
import { type BinnedData, histogram } from './training-frame';

/**
 * Stage three, for the explanation: purify every pair into its two main terms, then centre
 * every term over all rows of the dataset (train and validation). Tables are changed in place;
 * returns what moved into the intercept. Predictions do not change (up to float rounding).
 */
export function finaliseTerms(
  data: BinnedData,
  mainTables: readonly Float64Array[],
  pairs: readonly SelectedPair[],
  pairTables: readonly Float64Array[],
): number {
  const pairWeights = pairs.map((pair) => histogram(pair.cells, data.weights, pair.size));
  pairs.forEach((pair, k) => {
    purifyPair(
      {
        scores: pairTables[k] ?? new Float64Array(0),
        weights: pairWeights[k] ?? new Float64Array(0),
        sizeA: pair.groupA.size,
        sizeB: pair.groupB.size,
        mapA: pair.groupA.map,
        mapB: pair.groupB.map,
      },
      mainTables[pair.a] ?? new Float64Array(0),
      mainTables[pair.b] ?? new Float64Array(0),
    );
  });
  let moved = 0;
  mainTables.forEach((table, f) => {
    const spec = data.specs[f];
    const column = data.bins[f];
    if (spec === undefined || column === undefined) return;
    moved += centreTable(table, histogram(column, data.weights, binCount(spec)));
  });
  pairTables.forEach((table, k) => {
    moved += centreTable(table, pairWeights[k] ?? new Float64Array(0));
  });
  return moved;
}
