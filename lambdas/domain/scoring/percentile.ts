/**
 * Percentiles against a sorted sample of peers. Large industries are kept as a quantile sketch
 * of at most MAX_POINTS values, so the context of a million tenants stays a few hundred KB and
 * can be handed to every scoring shard.
 */

export const MAX_POINTS = 2001;
/** A percentile among fewer peers than this is noise: the feature is NaN. */
export const MIN_PEERS = 10;

/** Sorted copy of the finite values, sketched to MAX_POINTS quantiles when longer. */
export function sortedSample(values: readonly number[] | Float64Array): Float64Array {
  const finite = Float64Array.from(values).filter(Number.isFinite).sort();
  if (finite.length <= MAX_POINTS) return finite;
  const sketch = new Float64Array(MAX_POINTS);
  const step = (finite.length - 1) / (MAX_POINTS - 1);
  for (let j = 0; j < MAX_POINTS; j++) sketch[j] = finite[Math.round(j * step)] ?? Number.NaN;
  return sketch;
}

/** Share of the sample strictly below `value` (0 = the lowest); NaN for an empty sample. */
export function percentileIn(sorted: Float64Array, value: number): number {
  const n = sorted.length;
  if (n === 0 || !Number.isFinite(value)) return Number.NaN;
  let low = 0;
  let high = n;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] as number) < value) low = middle + 1;
    else high = middle;
  }
  return low / n;
}

export function medianIn(sorted: Float64Array): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const middle = n >> 1;
  return n % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}
