/**
 * How one boosting step turns a term's per-cell gradient sums into score updates. Newton steps
 * -lr * G / (H + l2) either per cell, or per leaf of a tiny tree over the cells (EBM's
 * approach): a 1-D term gets at most `maxLeaves` contiguous ranges of value bins (plus its own
 * step for the missing bin), a pair at most four rectangles. Leaves pool many cells, so a step
 * follows the signal instead of each bin's noise; the minimum-samples guard applies per leaf.
 */

export interface StepSettings {
  readonly learningRate: number;
  readonly l2: number;
  readonly minSamplesPerBin: number;
  /** 0 = one Newton step per cell; otherwise the leaf budget of a 1-D step. */
  readonly maxLeaves: number;
}

export type StepLayout =
  | { readonly kind: 'cells' }
  /** Bin 0 = missing; bins 1.. are ordered values (numeric) or unordered codes (categorical). */
  | { readonly kind: 'ordered' }
  | { readonly kind: 'pair'; readonly sizeA: number; readonly sizeB: number };

/** Fills `step[c]` for every cell of the term. */
export function computeStep(
  layout: StepLayout,
  g: Float64Array,
  h: Float64Array,
  n: Float64Array,
  size: number,
  settings: StepSettings,
  step: Float64Array,
): void {
  if (layout.kind === 'cells' || settings.maxLeaves === 0) {
    for (let c = 0; c < size; c++) step[c] = newton(g[c] ?? 0, h[c] ?? 0, n[c] ?? 0, settings);
  } else if (layout.kind === 'ordered') {
    // Missing is evidence of its own: never pooled with the lowest values.
    step[0] = newton(g[0] ?? 0, h[0] ?? 0, n[0] ?? 0, settings);
    orderedStep(g, h, n, 1, size, settings, step);
  } else {
    pairStep(g, h, n, layout.sizeA, layout.sizeB, settings, step);
  }
}

function newton(g: number, h: number, n: number, settings: StepSettings): number {
  const denominator = h + settings.l2;
  return n >= settings.minSamplesPerBin && denominator > 0 ? (-settings.learningRate * g) / denominator : 0;
}

function leafGain(g: number, h: number, l2: number): number {
  const denominator = h + l2;
  return denominator > 0 ? (g * g) / denominator : 0;
}

/** Cells [from, to) split greedily into at most maxLeaves contiguous leaves by loss reduction. */
function orderedStep(
  g: Float64Array,
  h: Float64Array,
  n: Float64Array,
  from: number,
  to: number,
  settings: StepSettings,
  step: Float64Array,
): void {
  // Leaves as [start, end) ranges; each round splits the leaf whose best cut gains the most.
  const starts = [from];
  const ends = [to];
  while (starts.length < settings.maxLeaves) {
    let bestGain = 0;
    let bestLeaf = -1;
    let bestCut = -1;
    for (let leaf = 0; leaf < starts.length; leaf++) {
      const found = bestCut1d(g, h, n, starts[leaf] ?? 0, ends[leaf] ?? 0, settings);
      if (found.gain > bestGain) {
        bestGain = found.gain;
        bestLeaf = leaf;
        bestCut = found.cut;
      }
    }
    if (bestLeaf < 0) break;
    starts.push(bestCut);
    ends.push(ends[bestLeaf] ?? 0);
    ends[bestLeaf] = bestCut;
  }
  for (let leaf = 0; leaf < starts.length; leaf++) {
    const start = starts[leaf] ?? 0;
    const end = ends[leaf] ?? 0;
    let gs = 0;
    let hs = 0;
    let ns = 0;
    for (let c = start; c < end; c++) {
      gs += g[c] ?? 0;
      hs += h[c] ?? 0;
      ns += n[c] ?? 0;
    }
    const value = newton(gs, hs, ns, settings);
    for (let c = start; c < end; c++) step[c] = value;
  }
}

/** Best cut of [start, end) into [start, cut) and [cut, end), or gain 0 if none is allowed. */
function bestCut1d(
  g: Float64Array,
  h: Float64Array,
  n: Float64Array,
  start: number,
  end: number,
  settings: StepSettings,
): { gain: number; cut: number } {
  let gTotal = 0;
  let hTotal = 0;
  let nTotal = 0;
  for (let c = start; c < end; c++) {
    gTotal += g[c] ?? 0;
    hTotal += h[c] ?? 0;
    nTotal += n[c] ?? 0;
  }
  const parent = leafGain(gTotal, hTotal, settings.l2);
  const minLeaf = settings.minSamplesPerBin;
  let gLeft = 0;
  let hLeft = 0;
  let nLeft = 0;
  let best = { gain: 0, cut: -1 };
  for (let cut = start + 1; cut < end; cut++) {
    gLeft += g[cut - 1] ?? 0;
    hLeft += h[cut - 1] ?? 0;
    nLeft += n[cut - 1] ?? 0;
    if (nLeft < minLeaf) continue;
    if (nTotal - nLeft < minLeaf) break;
    const gain =
      leafGain(gLeft, hLeft, settings.l2) + leafGain(gTotal - gLeft, hTotal - hLeft, settings.l2) - parent;
    if (gain > best.gain) best = { gain, cut };
  }
  return best;
}

/**
 * A two-level tree on a pair's table: cut one axis, then cut each side along the other axis
 * (at most four rectangles), whichever axis goes first gains more. Prefix sums make it
 * O(sizeA x sizeB).
 */
function pairStep(
  g: Float64Array,
  h: Float64Array,
  n: Float64Array,
  sizeA: number,
  sizeB: number,
  settings: StepSettings,
  step: Float64Array,
): void {
  const table = new RectangleSums(g, h, n, sizeA, sizeB, settings.l2);
  const byRows = table.bestTwoLevel(false, settings.minSamplesPerBin);
  const byColumns = table.bestTwoLevel(true, settings.minSamplesPerBin);
  const best = byColumns.gain > byRows.gain ? byColumns : byRows;
  for (const [a0, a1, b0, b1] of best.leaves) {
    const value = newton(table.g(a0, a1, b0, b1), table.h(a0, a1, b0, b1), table.n(a0, a1, b0, b1), settings);
    for (let a = a0; a < a1; a++) for (let b = b0; b < b1; b++) step[a * sizeB + b] = value;
  }
}

/** Rows [a0, a1) x columns [b0, b1). */
type Rectangle = readonly [number, number, number, number];

interface Split {
  readonly gain: number;
  readonly leaves: readonly Rectangle[];
}

/** 2-D prefix sums of G, H and N over a (sizeA x sizeB) table, for O(1) rectangle sums. */
class RectangleSums {
  private readonly stride: number;
  private readonly sums: Float64Array[];

  constructor(
    g: Float64Array,
    h: Float64Array,
    n: Float64Array,
    private readonly sizeA: number,
    private readonly sizeB: number,
    private readonly l2: number,
  ) {
    this.stride = sizeB + 1;
    this.sums = [g, h, n].map((source) => {
      const out = new Float64Array((sizeA + 1) * this.stride);
      for (let a = 0; a < sizeA; a++) {
        for (let b = 0; b < sizeB; b++) {
          const k = (a + 1) * this.stride + b + 1;
          out[k] =
            (source[a * sizeB + b] ?? 0) +
            (out[k - 1] ?? 0) +
            (out[k - this.stride] ?? 0) -
            (out[k - this.stride - 1] ?? 0);
        }
      }
      return out;
    });
  }

  g(a0: number, a1: number, b0: number, b1: number): number {
    return this.sum(0, a0, a1, b0, b1);
  }

  h(a0: number, a1: number, b0: number, b1: number): number {
    return this.sum(1, a0, a1, b0, b1);
  }

  n(a0: number, a1: number, b0: number, b1: number): number {
    return this.sum(2, a0, a1, b0, b1);
  }

  /**
   * The best "cut the first axis, then each side along the second" tree. `transposed` makes
   * the columns the first axis; f/s below are positions on the first/second axis.
   */
  bestTwoLevel(transposed: boolean, minLeaf: number): Split {
    const first = transposed ? this.sizeB : this.sizeA;
    const whole = this.rect(transposed, 0, first, 0, transposed ? this.sizeA : this.sizeB);
    const parent = this.gain(whole);
    let best: Split = { gain: 0, leaves: [whole] };
    for (let cut = 1; cut < first; cut++) {
      const low = this.bestSide(transposed, 0, cut, minLeaf);
      const high = this.bestSide(transposed, cut, first, minLeaf);
      if (low === null || high === null) continue;
      const gain = low.gain + high.gain - parent;
      if (gain > best.gain) best = { gain, leaves: [...low.leaves, ...high.leaves] };
    }
    return best;
  }

  /** Best split of first-axis range [f0, f1) along the second axis (or none); null if too small. */
  private bestSide(transposed: boolean, f0: number, f1: number, minLeaf: number): Split | null {
    const second = transposed ? this.sizeA : this.sizeB;
    const side = this.rect(transposed, f0, f1, 0, second);
    if (this.count(side) < minLeaf) return null;
    let best: Split = { gain: this.gain(side), leaves: [side] };
    for (let cut = 1; cut < second; cut++) {
      const low = this.rect(transposed, f0, f1, 0, cut);
      const high = this.rect(transposed, f0, f1, cut, second);
      if (this.count(low) < minLeaf || this.count(high) < minLeaf) continue;
      const gain = this.gain(low) + this.gain(high);
      if (gain > best.gain) best = { gain, leaves: [low, high] };
    }
    return best;
  }

  private rect(transposed: boolean, f0: number, f1: number, s0: number, s1: number): Rectangle {
    return transposed ? [s0, s1, f0, f1] : [f0, f1, s0, s1];
  }

  private gain(r: Rectangle): number {
    return leafGain(this.sum(0, r[0], r[1], r[2], r[3]), this.sum(1, r[0], r[1], r[2], r[3]), this.l2);
  }

  private count(r: Rectangle): number {
    return this.sum(2, r[0], r[1], r[2], r[3]);
  }

  private sum(which: number, a0: number, a1: number, b0: number, b1: number): number {
    const t = this.sums[which] ?? new Float64Array(0);
    const s = this.stride;
    return (t[a1 * s + b1] ?? 0) - (t[a0 * s + b1] ?? 0) - (t[a1 * s + b0] ?? 0) + (t[a0 * s + b0] ?? 0);
  }
}
