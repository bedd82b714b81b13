/**
 * FAST interaction ranking (Lou et al., 2013): for every feature pair, how much of the
 * residual of the main-effects model the best four-quadrant split of the pair's coarse 2-D
 * histogram explains. Cumulative sums make each pair cost one pass over the rows plus
 * (bins_a x bins_b) cut evaluations, so all 300 pairs of 25 features stay cheap.
 */

export interface RankedPair {
  readonly a: number;
  readonly b: number;
  readonly gain: number;
}

export interface RankInput {
  /** Per feature, each training row's coarse bin. */
  readonly bins: readonly Int32Array[];
  readonly sizes: readonly number[];
  /** Per training row, gradient and hessian of the logistic loss under the main-effects model. */
  readonly gradients: Float64Array;
  readonly hessians: Float64Array;
  /** Rows with weight 0 (bagged out) do not count towards the minimum leaf size. */
  readonly weights: Float64Array;
}

/** All pairs with a positive gain, best first (ties: lower feature indexes first, deterministic). */
export function rankPairs(input: RankInput, l2: number, minSamplesPerLeaf: number): RankedPair[] {
  const ranked: RankedPair[] = [];
  const features = input.bins.length;
  for (let a = 0; a < features; a++) {
    for (let b = a + 1; b < features; b++) {
      const gain = pairGain(input, a, b, l2, minSamplesPerLeaf);
      if (gain > 0) ranked.push({ a, b, gain });
    }
  }
  return ranked.sort((x, y) => y.gain - x.gain || x.a - y.a || x.b - y.b);
}

function pairGain(input: RankInput, a: number, b: number, l2: number, minLeaf: number): number {
  const binsA = input.bins[a] ?? new Int32Array(0);
  const binsB = input.bins[b] ?? new Int32Array(0);
  const na = input.sizes[a] ?? 0;
  const nb = input.sizes[b] ?? 0;
  // Prefix sums over (row bin <= i, column bin <= j), stored (na + 1) x (nb + 1) with a zero border.
  const stride = nb + 1;
  const g = new Float64Array((na + 1) * stride);
  const h = new Float64Array((na + 1) * stride);
  const n = new Float64Array((na + 1) * stride);
  const { gradients, hessians, weights } = input;
  for (let i = 0; i < binsA.length; i++) {
    const cell = ((binsA[i] ?? 0) + 1) * stride + (binsB[i] ?? 0) + 1;
    g[cell] = (g[cell] ?? 0) + (gradients[i] ?? 0);
    h[cell] = (h[cell] ?? 0) + (hessians[i] ?? 0);
    if ((weights[i] ?? 0) > 0) n[cell] = (n[cell] ?? 0) + 1;
  }
  for (const table of [g, h, n]) prefixSums2d(table, na + 1, stride);

  const at = (table: Float64Array, i: number, j: number) => table[(i + 1) * stride + j + 1] ?? 0;
  const gTotal = at(g, na - 1, nb - 1);
  const hTotal = at(h, na - 1, nb - 1);
  const nTotal = at(n, na - 1, nb - 1);
  const parent = (gTotal * gTotal) / (hTotal + l2);
  let best = 0;
  for (let i = 0; i < na - 1; i++) {
    const gRow = at(g, i, nb - 1);
    const hRow = at(h, i, nb - 1);
    const nRow = at(n, i, nb - 1);
    for (let j = 0; j < nb - 1; j++) {
      const gCol = at(g, na - 1, j);
      const hCol = at(h, na - 1, j);
      const nCol = at(n, na - 1, j);
      const g00 = at(g, i, j);
      const h00 = at(h, i, j);
      const n00 = at(n, i, j);
      const n01 = nRow - n00;
      const n10 = nCol - n00;
      const n11 = nTotal - nRow - nCol + n00;
      if (n00 < minLeaf || n01 < minLeaf || n10 < minLeaf || n11 < minLeaf) continue;
      const g01 = gRow - g00;
      const h01 = hRow - h00;
      const g10 = gCol - g00;
      const h10 = hCol - h00;
      const g11 = gTotal - gRow - gCol + g00;
      const h11 = hTotal - hRow - hCol + h00;
      const gain =
        (g00 * g00) / (h00 + l2) +
        (g01 * g01) / (h01 + l2) +
        (g10 * g10) / (h10 + l2) +
        (g11 * g11) / (h11 + l2) -
        parent;
      if (gain > best) best = gain;
    }
  }
  return best;
}

function prefixSums2d(table: Float64Array, rows: number, stride: number): void {
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < stride; j++) {
      const k = i * stride + j;
      table[k] =
        (table[k] ?? 0) + (table[k - stride] ?? 0) + (table[k - 1] ?? 0) - (table[k - stride - 1] ?? 0);
    }
  }
}
