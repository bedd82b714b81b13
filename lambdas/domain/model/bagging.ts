import { type BoostSplit, type BoostTerm, boostCyclic } from './boost';
import type { TrainSettings } from './model-schema';
import { SeededRandom } from './seeded-random';

export interface BaggedTables {
  /** Per term, the score table averaged over the bags. */
  readonly tables: Float64Array[];
  /** Rounds kept per bag. */
  readonly rounds: number[];
}

/**
 * Boosts the terms once per bag and averages the tables. One bag trains on the whole training
 * split; more bags each train on a bootstrap (Poisson(1) row weights from their own seeded
 * stream) and average out some of the noise in the shapes. Early stopping always uses the
 * shared validation split.
 */
export function boostBags(
  terms: readonly BoostTerm[],
  train: BoostSplit,
  validation: BoostSplit,
  settings: TrainSettings,
  learningRate: number,
  stream: number,
): BaggedTables {
  const tables = terms.map((term) => new Float64Array(term.size));
  const rounds: number[] = [];
  if (terms.length === 0) return { tables, rounds };
  for (let bag = 0; bag < settings.bags; bag++) {
    let weights = train.weights;
    if (settings.bags > 1) {
      const random = new SeededRandom(settings.seed, stream + bag);
      weights = new Float64Array(train.weights.length);
      for (let i = 0; i < weights.length; i++) weights[i] = (train.weights[i] ?? 0) * random.poissonOne();
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
