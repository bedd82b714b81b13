import { binCount } from './bins';
import { type FittedPair, pairCells } from './pair-stage';
import { centreTable, purifyPair } from './purify';
import { histogram, type TrainingFrame } from './training-frame';

/**
 * Stage three, for the explanation: purify every pair into its two main terms, then centre
 * every term over all rows of the dataset (train and validation). Tables are changed in place;
 * returns what moved into the intercept. Predictions do not change (up to float rounding).
 */
export function finaliseTerms(
  frame: TrainingFrame,
  mainTables: readonly Float64Array[],
  pairs: readonly FittedPair[],
): number {
  const pairWeights = pairs.map((pair) =>
    histogram(
      pairCells(frame.bins[pair.a], frame.bins[pair.b], pair.groupA, pair.groupB),
      frame.weights,
      pair.term.size,
    ),
  );
  pairs.forEach((pair, k) => {
    purifyPair(
      {
        scores: pair.table,
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
    const spec = frame.specs[f];
    const column = frame.bins[f];
    if (spec === undefined || column === undefined) return;
    moved += centreTable(table, histogram(column, frame.weights, binCount(spec)));
  });
  pairs.forEach((pair, k) => {
    moved += centreTable(pair.table, pairWeights[k] ?? new Float64Array(0));
  });
  return moved;
}
