import { binCount, categoricalBin, numericBin } from './bins';
import type { FeatureKind } from './dataset';
import type { BinSpec } from './model-schema';

/**
 * Training-time binning: bin edges from the data, columns turned into bin indexes, and coarse
 * groupings of fine bins for interactions. Coarse bins are unions of fine bins (their edges are
 * a subset of the fine edges), so a pair's row and column effects can be moved exactly into
 * the main terms.
 */

/** Bin edges of a feature: quantiles of its non-missing values (deterministic, ties respected). */
export function fitBinSpec(column: Float64Array, kind: FeatureKind, maxBins: number): BinSpec {
  if (kind === 'categorical') return { kind, categories: distinctSorted(column, false) };
  // Infinite values are real extremes: they land in the end bins, but never become an edge.
  const values = finiteSorted(column);
  const distinct = distinctSorted(values, true);
  if (distinct.length <= maxBins) return { kind, edges: midpoints(distinct) };
  return { kind, edges: quantileEdges(values, maxBins) };
}

/** The bin of every row. */
export function binColumn(column: Float64Array, spec: BinSpec): Int32Array {
  const bins = new Int32Array(column.length);
  if (spec.kind === 'numeric') {
    const edges = Float64Array.from(spec.edges);
    for (let i = 0; i < column.length; i++) bins[i] = numericBin(edges, column[i] ?? Number.NaN);
  } else {
    const categories = Float64Array.from(spec.categories);
    for (let i = 0; i < column.length; i++) bins[i] = categoricalBin(categories, column[i] ?? Number.NaN);
  }
  return bins;
}

export interface BinGrouping {
  /** The coarse bins, as a spec in their own right (used by pair terms). */
  readonly spec: BinSpec;
  /** Fine bin -> coarse bin. Missing stays missing. */
  readonly map: Int32Array;
  readonly size: number;
}

/**
 * Merges contiguous fine value bins into at most `maxGroups` coarse bins of similar weight.
 * Categorical codes are never merged: their order means nothing.
 */
export function groupBins(spec: BinSpec, binWeights: Float64Array, maxGroups: number): BinGrouping {
  const fine = binCount(spec);
  const identity = Int32Array.from({ length: fine }, (_, bin) => bin);
  if (spec.kind === 'categorical' || fine - 1 <= maxGroups) return { spec, map: identity, size: fine };
  const valueBins = fine - 1;
  let remaining = 0;
  for (let bin = 1; bin < fine; bin++) remaining += binWeights[bin] ?? 0;
  const map = new Int32Array(fine);
  const edges: number[] = [];
  let group = 1;
  let groupsLeft = maxGroups;
  let mass = 0;
  for (let bin = 1; bin < fine; bin++) {
    map[bin] = group;
    mass += binWeights[bin] ?? 0;
    const isLast = bin === valueBins;
    if (!isLast && groupsLeft > 1 && mass > 0 && mass >= remaining / groupsLeft) {
      // Value bin `bin` ends at edges[bin - 1].
      edges.push(spec.edges[bin - 1] ?? 0);
      remaining -= mass;
      mass = 0;
      groupsLeft--;
      group++;
    }
  }
  return { spec: { kind: 'numeric', edges }, map, size: edges.length + 2 };
}

function finiteSorted(column: Float64Array): Float64Array {
  let n = 0;
  for (const value of column) if (Number.isFinite(value)) n++;
  const values = new Float64Array(n);
  let i = 0;
  for (const value of column) if (Number.isFinite(value)) values[i++] = value;
  return values.sort();
}

function distinctSorted(column: Float64Array, alreadySorted: boolean): number[] {
  const values = alreadySorted ? column : column.filter((value) => !Number.isNaN(value)).sort();
  const out: number[] = [];
  for (const value of values) if (out.length === 0 || out[out.length - 1] !== value) out.push(value);
  return out;
}

function midpoints(distinct: readonly number[]): number[] {
  const edges: number[] = [];
  for (let i = 1; i < distinct.length; i++) edges.push(cut(distinct[i - 1] ?? 0, distinct[i] ?? 0));
  return edges;
}

/**
 * Equal-count cuts that adapt to ties: after a cut lands past a run of equal values, the
 * remaining bins share the remaining rows, so a feature that is 50% zeros still gets its
 * other bins spread over the non-zero values.
 */
function quantileEdges(sorted: Float64Array, maxBins: number): number[] {
  const n = sorted.length;
  const edges: number[] = [];
  let start = 0;
  let binsLeft = maxBins;
  while (binsLeft > 1 && start < n) {
    const pos = start + Math.max(1, Math.round((n - start) / binsLeft));
    if (pos >= n) break;
    const below = sorted[pos - 1] ?? 0;
    const next = upperBound(sorted, below, pos);
    if (next >= n) break;
    edges.push(cut(below, sorted[next] ?? 0));
    start = next;
    binsLeft--;
  }
  return edges;
}

/** First index >= from whose value is greater than `value`. */
function upperBound(sorted: Float64Array, value: number, from: number): number {
  let lo = from;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] ?? 0) <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * An edge between two adjacent distinct values: the shortest decimal in [below, above), found
 * by rounding the midpoint to ever more digits, so a stored model of 256-bin terms stays small
 * ("0.1235", not "0.12345678901234566"). A value equal to the edge counts as below it.
 */
function cut(below: number, above: number): number {
  const mid = below / 2 + above / 2;
  for (let digits = 1; digits <= 17; digits++) {
    const candidate = Number(mid.toPrecision(digits));
    if (candidate >= below && candidate < above) return candidate;
  }
  return below;
}
