/**
 * Statistics over a range of window days that skip unreported (NaN) days, never counting them
 * as zeros. Ranges are inclusive and clipped to the window. Reads are `as number` because
 * every index is checked against the range first; a fallback per element would cost in the
 * hottest loops of scoring.
 */

/** True when any reported day in the range has a value above zero. */
export function anyPositive(values: Float64Array, from: number, to: number): boolean {
  const end = Math.min(to, values.length - 1);
  for (let i = Math.max(0, from); i <= end; i++) if ((values[i] as number) > 0) return true;
  return false;
}

/**
 * Median of the reported days, using `scratch` (at least as long as the range) as workspace so
 * nothing is allocated. NaN when no day reported.
 */
export function medianOf(values: Float64Array, from: number, to: number, scratch: Float64Array): number {
  let count = 0;
  const end = Math.min(to, values.length - 1);
  for (let i = Math.max(0, from); i <= end; i++) {
    const value = values[i] as number;
    if (!Number.isNaN(value)) scratch[count++] = value;
  }
  if (count === 0) return Number.NaN;
  const sorted = scratch.subarray(0, count).sort();
  const middle = count >> 1;
  return count % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Least-squares slope of y over x = 0..n-1, skipping NaN points; NaN below `minPoints`. */
export function slopeOf(y: Float64Array, n: number, minPoints: number): number {
  let count = 0;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  for (let x = 0; x < n; x++) {
    const value = y[x] as number;
    if (Number.isNaN(value)) continue;
    count++;
    sx += x;
    sy += value;
    sxx += x * x;
    sxy += x * value;
  }
  if (count < minPoints) return Number.NaN;
  const denominator = count * sxx - sx * sx;
  return denominator === 0 ? Number.NaN : (count * sxy - sx * sy) / denominator;
}
