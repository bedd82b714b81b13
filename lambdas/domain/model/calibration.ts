/**
 * Platt scaling: p = sigmoid(slope * logit + offset), fitted on held-out rows. The model folds
 * it into its terms (every score times slope, the intercept mapped the same way) rather than
 * wrapping the output, so the per-term explanation still sums exactly to the final logit.
 */
export interface PlattScaling {
  readonly slope: number;
  readonly offset: number;
}

const MAX_ITERATIONS = 50;

/** Newton's method on the weighted logistic loss of (slope, offset); null when it has no sane answer. */
export function fitPlatt(
  logits: Float64Array,
  labels: Float64Array,
  weights: Float64Array,
): PlattScaling | null {
  let slope = 1;
  let offset = 0;
  let loss = plattLoss(logits, labels, weights, slope, offset);
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    let gSlope = 0;
    let gOffset = 0;
    let hSS = 0;
    let hSO = 0;
    let hOO = 0;
    for (let i = 0; i < logits.length; i++) {
      const s = logits[i] ?? 0;
      const w = weights[i] ?? 0;
      const p = 1 / (1 + Math.exp(-(slope * s + offset)));
      const r = w * (p - (labels[i] ?? 0));
      const v = w * p * (1 - p);
      gSlope += r * s;
      gOffset += r;
      hSS += v * s * s;
      hSO += v * s;
      hOO += v;
    }
    const det = hSS * hOO - hSO * hSO;
    if (!(det > 0)) return null;
    const dSlope = (hOO * gSlope - hSO * gOffset) / det;
    const dOffset = (hSS * gOffset - hSO * gSlope) / det;
    // Halve the step until the loss does not rise: Newton can overshoot on separable data.
    let scale = 1;
    let next = plattLoss(logits, labels, weights, slope - dSlope, offset - dOffset);
    while (next > loss && scale > 1e-6) {
      scale /= 2;
      next = plattLoss(logits, labels, weights, slope - scale * dSlope, offset - scale * dOffset);
    }
    if (next > loss) break;
    slope -= scale * dSlope;
    offset -= scale * dOffset;
    const improvement = loss - next;
    loss = next;
    if (improvement < 1e-12) break;
  }
  return Number.isFinite(slope) && Number.isFinite(offset) && slope > 0 ? { slope, offset } : null;
}

function plattLoss(
  logits: Float64Array,
  labels: Float64Array,
  weights: Float64Array,
  slope: number,
  offset: number,
): number {
  let loss = 0;
  for (let i = 0; i < logits.length; i++) {
    const z = slope * (logits[i] ?? 0) + offset;
    const softplus = z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
    loss += (weights[i] ?? 0) * (softplus - (labels[i] ?? 0) * z);
  }
  return loss;
}
