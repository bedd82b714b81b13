import type { BinSpec } from './model-schema';

/** Bin 0 of every feature: the value is missing. Missing is its own evidence, never zero. */
export const MISSING_BIN = 0;

/** Number of bins of a spec, including the missing bin (and the unseen-code bin of a categorical). */
export function binCount(spec: BinSpec): number {
  return spec.kind === 'numeric' ? spec.edges.length + 2 : spec.categories.length + 2;
}

/**
 * Bin of a numeric value: 1 + the number of edges strictly below it (binary search, no
 * allocation). Edges are sorted; `sorted` may be a number[] or a Float64Array.
 */
export function numericBin(edges: ArrayLike<number>, value: number): number {
  // NaN compares false with everything: test it first so it never lands in a value bin.
  if (Number.isNaN(value)) return MISSING_BIN;
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((edges[mid] ?? 0) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo + 1;
}

/** Bin of a categorical code: 1 + its index in the sorted codes, or the last bin for an unseen code. */
export function categoricalBin(categories: ArrayLike<number>, value: number): number {
  if (Number.isNaN(value)) return MISSING_BIN;
  let lo = 0;
  let hi = categories.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((categories[mid] ?? 0) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo < categories.length && categories[lo] === value ? lo + 1 : categories.length + 1;
}

export function binOf(spec: BinSpec, value: number): number {
  return spec.kind === 'numeric' ? numericBin(spec.edges, value) : categoricalBin(spec.categories, value);
}
