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
 *
 * With `groups`, whole groups are drawn (strata: groups with any churned row, groups without):
 * several snapshots of one tenant on both sides would let early stopping reward memorising
 * tenants. Without, every row is its own group.
 */
export function stratifiedSplit(
  labels: Uint8Array,
  share: number,
  seed: number,
  groups?: Int32Array,
): RowSplit {
  const random = new SeededRandom(seed, 1);
  const unitOfRow = new Uint32Array(labels.length);
  const unitPositive: number[] = [];
  const unitOfGroup = new Map<number, number>();
  labels.forEach((label, row) => {
    let unit = row;
    if (groups !== undefined) {
      const group = groups[row] ?? 0;
      unit = unitOfGroup.get(group) ?? unitOfGroup.size;
      unitOfGroup.set(group, unit);
    }
    unitOfRow[row] = unit;
    unitPositive[unit] = Math.max(unitPositive[unit] ?? 0, label);
  });
  const isValidation = new Uint8Array(unitPositive.length);
  for (const stratum of [0, 1]) {
    const members: number[] = [];
    unitPositive.forEach((positive, unit) => {
      if (positive === stratum) members.push(unit);
    });
    const shuffled = Uint32Array.from(members);
    random.shuffle(shuffled);
    // Each side gets at least one unit of the stratum whenever the stratum has two.
    const take = Math.min(shuffled.length - 1, Math.max(1, Math.round(shuffled.length * share)));
    for (let k = 0; k < take; k++) isValidation[shuffled[k] ?? 0] = 1;
  }
  const train: number[] = [];
  const validation: number[] = [];
  unitOfRow.forEach((unit, row) => {
    (isValidation[unit] === 1 ? validation : train).push(row);
  });
  return { train: Uint32Array.from(train), validation: Uint32Array.from(validation) };
}
