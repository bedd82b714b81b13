import { computeStep, type StepLayout, type StepSettings } from './steps';

/**
 * Cyclic gradient boosting of binned shape functions under logistic loss (EBM-style).
 * Each round visits every term once and moves its cells by damped Newton steps
 * -lr * G / (H + l2), G and H summing the gradient and hessian of the rows concerned (see
 * steps.ts: per cell or per leaf of a tiny tree over the cells).
 * Damped steps taken in turn keep correlated features from grabbing each other's signal in
 * whatever order they come (on the benchmark, reversing the feature order moves a tenant's
 * contributions by ~0.02 logit). Stops on the validation loss; returns the best round.
 *
 * Not every term steps every round: only those whose step gains at least `minGainShare` of the
 * previous round's largest gain (round 1 only measures). Plain cyclic boosting makes weak and
 * pure-noise terms fit their noise in every round while the strong ones still need rounds, and
 * the validation loss then stops the whole model early; gating gives most of greedy boosting's
 * focus (XGBoost stumps) at the cost of a cyclic pass. On the generated feed (tenant-disjoint
 * validation, 5,000 tenants, 8 folds) a share of 0.1 gained 0.005 AUC.
 */

/** A term as the booster sees it: each row's cell in the term's score table. */
export interface BoostTerm {
  readonly size: number;
  readonly layout: StepLayout;
  readonly trainCells: Int32Array;
  readonly validationCells: Int32Array;
}

export interface BoostSplit {
  readonly labels: Float64Array;
  readonly weights: Float64Array;
  /** Logit of each row before these terms (intercept plus any fixed terms). */
  readonly base: Float64Array;
}

export interface BoostSettings extends StepSettings {
  readonly maxRounds: number;
  readonly minGainShare: number;
  readonly earlyStoppingRounds: number;
  readonly earlyStoppingTolerance: number;
}

export interface BoostResult {
  readonly scores: Float64Array[];
  /** Rounds kept: the round with the lowest validation loss (0 = the terms add nothing). */
  readonly rounds: number;
}

export function boostCyclic(
  terms: readonly BoostTerm[],
  train: BoostSplit,
  validation: BoostSplit,
  settings: BoostSettings,
): BoostResult {
  const scores = terms.map((term) => new Float64Array(term.size));
  const best = terms.map((term) => new Float64Array(term.size));
  const first = terms[0];
  if (first === undefined) return { scores: best, rounds: 0 };

  const n = train.labels.length;
  const { labels: y, weights: w } = train;
  // exp(logit) per row, updated multiplicatively: one multiply per row and term instead of an exp.
  const odds = new Float64Array(n);
  for (let i = 0; i < n; i++) odds[i] = Math.exp(train.base[i] ?? 0);
  const validationLogits = Float64Array.from(validation.base);

  const maxSize = Math.max(...terms.map((term) => term.size));
  let gradients = new Float64Array(maxSize);
  let hessians = new Float64Array(maxSize);
  let nextGradients = new Float64Array(maxSize);
  let nextHessians = new Float64Array(maxSize);
  const stepFactors = new Float64Array(maxSize);
  const steps = terms.map((term) => new Float64Array(term.size));
  const counts = terms.map((term) => rowsPerCell(term, w));

  accumulate(first.trainCells, odds, y, w, gradients, hessians);
  let bestLoss = logLossOfLogits(validationLogits, validation);
  let referenceLoss = bestLoss;
  let bestRound = 0;
  let lastProgress = 0;
  let previousTopGain = Number.POSITIVE_INFINITY;

  for (let round = 1; round <= settings.maxRounds; round++) {
    let topGain = 0;
    for (let k = 0; k < terms.length; k++) {
      const term = terms[k] ?? first;
      const step = steps[k] ?? new Float64Array(0);
      const table = scores[k] ?? new Float64Array(0);
      computeStep(
        term.layout,
        gradients,
        hessians,
        counts[k] ?? new Float64Array(0),
        term.size,
        settings,
        step,
      );
      // Loss reduction of the step, up to a factor common to all terms (-sum g * step).
      let gain = 0;
      for (let c = 0; c < term.size; c++) gain -= (gradients[c] ?? 0) * (step[c] ?? 0);
      topGain = Math.max(topGain, gain);
      if (gain < settings.minGainShare * previousTopGain) step.fill(0, 0, term.size);
      for (let c = 0; c < term.size; c++) {
        const delta = step[c] ?? 0;
        table[c] = (table[c] ?? 0) + delta;
        stepFactors[c] = Math.exp(delta);
      }
      const next = terms[(k + 1) % terms.length] ?? first;
      nextGradients.fill(0, 0, next.size);
      nextHessians.fill(0, 0, next.size);
      // Apply this term's step and gather the next term's gradients in the same pass over the rows.
      applyAndAccumulate(
        term.trainCells,
        stepFactors,
        next.trainCells,
        odds,
        y,
        w,
        nextGradients,
        nextHessians,
      );
      [gradients, nextGradients] = [nextGradients, gradients];
      [hessians, nextHessians] = [nextHessians, hessians];
    }
    previousTopGain = topGain;

    for (let k = 0; k < terms.length; k++) {
      const cells = terms[k]?.validationCells ?? new Int32Array(0);
      const step = steps[k] ?? new Float64Array(0);
      for (let i = 0; i < cells.length; i++) {
        validationLogits[i] = (validationLogits[i] ?? 0) + (step[cells[i] ?? 0] ?? 0);
      }
    }
    const loss = logLossOfLogits(validationLogits, validation);
    if (loss < bestLoss) {
      bestLoss = loss;
      bestRound = round;
      scores.forEach((table, k) => {
        best[k]?.set(table);
      });
    }
    // Patience restarts only on real progress, so a long tail of negligible gains still stops.
    if (loss < referenceLoss - settings.earlyStoppingTolerance) {
      referenceLoss = loss;
      lastProgress = round;
    }
    if (round - lastProgress >= settings.earlyStoppingRounds) break;
  }
  return { scores: best, rounds: bestRound };
}

function accumulate(
  cells: Int32Array,
  odds: Float64Array,
  y: Float64Array,
  w: Float64Array,
  gradients: Float64Array,
  hessians: Float64Array,
): void {
  gradients.fill(0);
  hessians.fill(0);
  for (let i = 0; i < cells.length; i++) {
    const o = odds[i] ?? 0;
    const p = o / (1 + o);
    const wi = w[i] ?? 0;
    const c = cells[i] ?? 0;
    gradients[c] = (gradients[c] ?? 0) + wi * (p - (y[i] ?? 0));
    hessians[c] = (hessians[c] ?? 0) + wi * p * (1 - p);
  }
}

function applyAndAccumulate(
  cells: Int32Array,
  stepFactors: Float64Array,
  nextCells: Int32Array,
  odds: Float64Array,
  y: Float64Array,
  w: Float64Array,
  gradients: Float64Array,
  hessians: Float64Array,
): void {
  for (let i = 0; i < cells.length; i++) {
    const o = (odds[i] ?? 0) * (stepFactors[cells[i] ?? 0] ?? 1);
    odds[i] = o;
    const p = o / (1 + o);
    const wi = w[i] ?? 0;
    const c = nextCells[i] ?? 0;
    gradients[c] = (gradients[c] ?? 0) + wi * (p - (y[i] ?? 0));
    hessians[c] = (hessians[c] ?? 0) + wi * p * (1 - p);
  }
}

/** Rows per cell (bagged-out rows excluded), for the minimum-samples guard. */
function rowsPerCell(term: BoostTerm, weights: Float64Array): Float64Array {
  const counts = new Float64Array(term.size);
  for (let i = 0; i < term.trainCells.length; i++) {
    if ((weights[i] ?? 0) > 0) {
      const c = term.trainCells[i] ?? 0;
      counts[c] = (counts[c] ?? 0) + 1;
    }
  }
  return counts;
}

/** Weighted mean logistic loss, computed from logits without overflow. */
function logLossOfLogits(logits: Float64Array, split: BoostSplit): number {
  let loss = 0;
  let total = 0;
  for (let i = 0; i < logits.length; i++) {
    const s = logits[i] ?? 0;
    const wi = split.weights[i] ?? 0;
    const softplus = s > 0 ? s + Math.log1p(Math.exp(-s)) : Math.log1p(Math.exp(s));
    loss += wi * (softplus - (split.labels[i] ?? 0) * s);
    total += wi;
  }
  return total > 0 ? loss / total : 0;
}
