import { SeededRandom } from './seeded-random';

export interface RowSplit {
  /** Row indexes, ascending (so later passes read the columns in memory order). */
  readonly train: Uint32Array;
  readonly validation: Uint32Array;
}

/**
 * The internal validation split (for early stopping and calibration), stratified so both sides
 * keep the base rate even when churners are rare. Deterministic for a seed. This is not the
 * time-based holdout: the caller keeps later snapshots out of training altogether.
 */
export function stratifiedSplit(labels: Uint8Array, share: number, seed: number): RowSplit {
  const random = new SeededRandom(seed, 1);
  const isValidation = new Uint8Array(labels.length);
  for (const label of [0, 1]) {
    const members: number[] = [];
    labels.forEach((value, row) => {
      if (value === label) members.push(row);
    });
    const shuffled = Uint32Array.from(members);
    random.shuffle(shuffled);
    // Each side gets at least one row of the class whenever the class has two.
    const take = Math.min(shuffled.length - 1, Math.max(1, Math.round(shuffled.length * share)));
    for (let k = 0; k < take; k++) isValidation[shuffled[k] ?? 0] = 1;
  }
  const train: number[] = [];
  const validation: number[] = [];
  isValidation.forEach((flag, row) => {
    (flag === 1 ? validation : train).push(row);
  });
  return { train: Uint32Array.from(train), validation: Uint32Array.from(validation) };
}
