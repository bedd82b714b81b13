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
 * nothing is allocated. NaN when no day reported. A selection, not a sort: the stale-data guard
 * asks for five medians per tenant, and sorting was most of its cost.
 */
export function medianOf(values: Float64Array, from: number, to: number, scratch: Float64Array): number {
  let count = 0;
  const end = Math.min(to, values.length - 1);
  for (let i = Math.max(0, from); i <= end; i++) {
    const value = values[i] as number;
    if (!Number.isNaN(value)) scratch[count++] = value;
  }
  if (count === 0) return Number.NaN;
  const middle = count >> 1;
  const upper = selectInPlace(scratch, count, middle);
  if (count % 2 === 1) return upper;
  // Selection left every value before `middle` at or below it: the lower middle is their maximum.
  let lower = scratch[0] as number;
  for (let i = 1; i < middle; i++) if ((scratch[i] as number) > lower) lower = scratch[i] as number;
  return (lower + upper) / 2;
}

/**
 * The k-th smallest of values[0..count) (no NaN), rearranging them so that everything before
 * index k is at or below it and everything after at or above (Hoare's selection).
 */
function selectInPlace(values: Float64Array, count: number, k: number): number {
  let left = 0;
  let right = count - 1;
  while (left < right) {
    const pivot = values[(left + right) >> 1] as number;
    let i = left;
    let j = right;
    while (i <= j) {
      while ((values[i] as number) < pivot) i++;
      while ((values[j] as number) > pivot) j--;
      if (i <= j) {
        const swap = values[i] as number;
        values[i++] = values[j] as number;
        values[j--] = swap;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else break;
  }
  return values[k] as number;
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
