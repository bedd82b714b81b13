import type { ModelMetrics } from './model-schema';

/**
 * Model quality measures over (scores, labels), labels 0/1. Ranking measures (ROC AUC, PR AUC,
 * lift) accept any score that orders rows (logits or probabilities); Brier and log loss need
 * probabilities. A measure that is undefined on the data (no positives, no rows) is NaN here
 * and null in `computeMetrics`, so it survives JSON.
 */

type Numbers = ArrayLike<number>;

/** ROC AUC (Mann-Whitney U); tied scores get their average rank, i.e. count as half a win. */
export function rocAuc(scores: Numbers, labels: Numbers): number {
  const order = sortedIndexes(scores, 1);
  let positives = 0;
  let positiveRankSum = 0;
  let start = 0;
  while (start < order.length) {
    const end = endOfTies(order, scores, start);
    // Ranks start..end-1 (1-based: start+1..end) share their average.
    const averageRank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) {
      if (labels[order[k] ?? 0] === 1) {
        positives++;
        positiveRankSum += averageRank;
      }
    }
    start = end;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (positiveRankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/**
 * PR AUC as average precision: sum over score thresholds of (recall gained) x precision at that
 * threshold, tied scores forming one threshold (as scikit-learn's average_precision_score).
 */
export function averagePrecision(scores: Numbers, labels: Numbers): number {
  const order = sortedIndexes(scores, -1);
  const positives = countPositives(labels);
  if (positives === 0) return Number.NaN;
  let truePositives = 0;
  let seen = 0;
  let previousRecall = 0;
  let sum = 0;
  let start = 0;
  while (start < order.length) {
    const end = endOfTies(order, scores, start);
    for (let k = start; k < end; k++) if (labels[order[k] ?? 0] === 1) truePositives++;
    seen = end;
    const recall = truePositives / positives;
    sum += (recall - previousRecall) * (truePositives / seen);
    previousRecall = recall;
    start = end;
  }
  return sum;
}

/** Mean squared error of the probabilities. */
export function brierScore(probabilities: Numbers, labels: Numbers): number {
  if (probabilities.length === 0) return Number.NaN;
  let sum = 0;
  for (let i = 0; i < probabilities.length; i++) {
    const error = (probabilities[i] ?? 0) - (labels[i] ?? 0);
    sum += error * error;
  }
  return sum / probabilities.length;
}

/** Mean negative log-likelihood; probabilities clipped to [1e-15, 1 - 1e-15] like scikit-learn. */
export function logLoss(probabilities: Numbers, labels: Numbers): number {
  if (probabilities.length === 0) return Number.NaN;
  let sum = 0;
  for (let i = 0; i < probabilities.length; i++) {
    const p = Math.min(1 - 1e-15, Math.max(1e-15, probabilities[i] ?? 0));
    sum -= labels[i] === 1 ? Math.log(p) : Math.log(1 - p);
  }
  return sum / probabilities.length;
}

export function baseRate(labels: Numbers): number {
  return labels.length === 0 ? Number.NaN : countPositives(labels) / labels.length;
}

/**
 * Churn rate among the top 10% by score over the overall rate. The decile is exactly n/10 rows;
 * a group of tied scores straddling its boundary contributes pro rata, so the answer never
 * depends on how ties happen to be ordered.
 */
export function liftAtTopDecile(scores: Numbers, labels: Numbers): number {
  const rate = baseRate(labels);
  if (!(rate > 0)) return Number.NaN;
  const order = sortedIndexes(scores, -1);
  const decile = order.length / 10;
  let taken = 0;
  let captured = 0;
  let start = 0;
  while (start < order.length && taken < decile) {
    const end = endOfTies(order, scores, start);
    let groupPositives = 0;
    for (let k = start; k < end; k++) if (labels[order[k] ?? 0] === 1) groupPositives++;
    const share = Math.min(1, (decile - taken) / (end - start));
    captured += groupPositives * share;
    taken += (end - start) * share;
    start = end;
  }
  return captured / decile / rate;
}

/** All measures from logits (ranking on logits avoids ties from probabilities rounding to 1). */
export function computeMetrics(logits: Numbers, labels: Numbers): ModelMetrics {
  const probabilities = Float64Array.from(logits, (logit) => 1 / (1 + Math.exp(-logit)));
  return {
    rows: labels.length,
    positives: countPositives(labels),
    baseRate: orNull(baseRate(labels)),
    auc: orNull(rocAuc(logits, labels)),
    prAuc: orNull(averagePrecision(logits, labels)),
    brier: orNull(brierScore(probabilities, labels)),
    logLoss: orNull(logLoss(probabilities, labels)),
    liftTopDecile: orNull(liftAtTopDecile(logits, labels)),
  };
}

function orNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

function countPositives(labels: Numbers): number {
  let positives = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === 1) positives++;
  return positives;
}

/** Row indexes by score, ascending (direction 1) or descending (-1); ties keep row order. */
function sortedIndexes(scores: Numbers, direction: 1 | -1): Uint32Array {
  const order = new Uint32Array(scores.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  return order.sort((x, y) => {
    const a = scores[x] ?? 0;
    const b = scores[y] ?? 0;
    return a < b ? -direction : a > b ? direction : x - y;
  });
}

function endOfTies(order: Uint32Array, scores: Numbers, start: number): number {
  const value = scores[order[start] ?? 0];
  let end = start + 1;
  while (end < order.length && scores[order[end] ?? 0] === value) end++;
  return end;
}
