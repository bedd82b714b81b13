import { SeededRandom } from './seeded-random';

export interface RowSplit {
  /** Row indexes, ascending (so later passes read the columns in memory order). */
  readonly train: Uint32Array;
  readonly validation: Uint32Array;
}

/**
 * The internal validation splits (early stopping, calibration), one per bag, stratified so every
 * side keeps the base rate even when churners are rare. Deterministic for a seed. This is not
 * the time-based holdout: the caller keeps later snapshots out of training altogether.
 *
 * One bag: `share` of the units validate. Several bags: the units are dealt into as many folds
 * and bag k validates on fold k (cross-fitting), so every row is out of bag exactly once.
 *
 * A unit is a group (with `groups`, e.g. a tenant's snapshots: on both sides, early stopping
 * would reward memorising tenants) or else a row. Strata: units with any churned row, the rest.
 */
export function internalSplits(
  labels: Uint8Array,
  bags: number,
  share: number,
  seed: number,
  groups?: Int32Array,
): RowSplit[] {
  const { unitOfRow, unitPositive } = units(labels, groups);
  const random = new SeededRandom(seed, 1);
  // The validation fold of each unit; with one bag, fold 0 validates and -1 trains.
  const foldOf = new Int32Array(unitPositive.length).fill(-1);
  for (const stratum of [0, 1]) {
    const members: number[] = [];
    unitPositive.forEach((positive, unit) => {
      if (positive === stratum) members.push(unit);
    });
    const shuffled = Uint32Array.from(members);
    random.shuffle(shuffled);
    if (bags > 1) {
      shuffled.forEach((unit, k) => {
        foldOf[unit] = k % bags;
      });
    } else {
      // Each side gets at least one unit of the stratum whenever the stratum has two.
      const take = Math.min(shuffled.length - 1, Math.max(1, Math.round(shuffled.length * share)));
      for (let k = 0; k < take; k++) foldOf[shuffled[k] ?? 0] = 0;
    }
  }
  return Array.from({ length: bags }, (_, fold) => {
    const train: number[] = [];
    const validation: number[] = [];
    unitOfRow.forEach((unit, row) => {
      (foldOf[unit] === fold ? validation : train).push(row);
    });
    return { train: Uint32Array.from(train), validation: Uint32Array.from(validation) };
  });
}

/** One bag's split: `share` of the units validate. */
export function stratifiedSplit(
  labels: Uint8Array,
  share: number,
  seed: number,
  groups?: Int32Array,
): RowSplit {
  return (
    internalSplits(labels, 1, share, seed, groups)[0] ?? {
      train: new Uint32Array(0),
      validation: new Uint32Array(0),
    }
  );
}

/** Each row's unit (its group's first-seen order, or the row itself) and whether a unit has a positive. */
function units(labels: Uint8Array, groups: Int32Array | undefined) {
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
  return { unitOfRow, unitPositive };
}
