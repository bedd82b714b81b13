/**
 * Makes the terms explainable without changing any prediction:
 * - purification moves whatever a pair term says about one feature alone into that feature's
 *   main term, so a pair shows only the interaction ("renewal soon AND usage falling");
 * - centring makes each term average zero over the training rows and moves the mean into the
 *   intercept, so a contribution reads as "vs the average tenant".
 * Both are exact re-parametrisations: every cell gains what its row/column loses.
 */

export interface PairTable {
  readonly scores: Float64Array;
  /** Training weight of each cell, first feature major. */
  readonly weights: Float64Array;
  readonly sizeA: number;
  readonly sizeB: number;
  /** Fine (main-term) bin -> coarse (pair) bin, per feature. */
  readonly mapA: Int32Array;
  readonly mapB: Int32Array;
}

const MAX_SWEEPS = 100;
const CONVERGED = 1e-13;

export function purifyPair(pair: PairTable, mainA: Float64Array, mainB: Float64Array): void {
  const { scores, weights, sizeA, sizeB } = pair;
  const rowShift = new Float64Array(sizeA);
  const columnShift = new Float64Array(sizeB);
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let largest = 0;
    for (let i = 0; i < sizeA; i++) {
      const mean = weightedMean(scores, weights, i * sizeB, 1, sizeB);
      if (mean === 0) continue;
      for (let j = 0; j < sizeB; j++) scores[i * sizeB + j] = (scores[i * sizeB + j] ?? 0) - mean;
      rowShift[i] = (rowShift[i] ?? 0) + mean;
      largest = Math.max(largest, Math.abs(mean));
    }
    for (let j = 0; j < sizeB; j++) {
      const mean = weightedMean(scores, weights, j, sizeB, sizeA);
      if (mean === 0) continue;
      for (let i = 0; i < sizeA; i++) scores[i * sizeB + j] = (scores[i * sizeB + j] ?? 0) - mean;
      columnShift[j] = (columnShift[j] ?? 0) + mean;
      largest = Math.max(largest, Math.abs(mean));
    }
    if (largest < CONVERGED) break;
  }
  for (let bin = 0; bin < mainA.length; bin++) {
    mainA[bin] = (mainA[bin] ?? 0) + (rowShift[pair.mapA[bin] ?? 0] ?? 0);
  }
  for (let bin = 0; bin < mainB.length; bin++) {
    mainB[bin] = (mainB[bin] ?? 0) + (columnShift[pair.mapB[bin] ?? 0] ?? 0);
  }
}

/**
 * Subtracts the weighted mean from a score table and returns it (for the intercept). Cells no
 * training row fell in carry no evidence: they are set to 0, i.e. "like the average tenant".
 */
export function centreTable(scores: Float64Array, weights: Float64Array): number {
  const mean = weightedMean(scores, weights, 0, 1, scores.length);
  for (let c = 0; c < scores.length; c++) {
    scores[c] = (weights[c] ?? 0) > 0 ? (scores[c] ?? 0) - mean : 0;
  }
  return mean;
}

function weightedMean(
  scores: Float64Array,
  weights: Float64Array,
  start: number,
  step: number,
  count: number,
): number {
  let sum = 0;
  let total = 0;
  for (let k = 0, c = start; k < count; k++, c += step) {
    const w = weights[c] ?? 0;
    sum += w * (scores[c] ?? 0);
    total += w;
  }
  return total > 0 ? sum / total : 0;
}
