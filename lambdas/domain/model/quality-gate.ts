import type { ModelMetrics } from './model-schema';

/**
 * Whether a newly trained model may replace the current one. Both are measured on the same
 * (time-based) holdout by the caller; a candidate must be good in absolute terms, not much
 * worse than what is live, and measured on enough churners for its AUC to mean something.
 */
export interface QualityGate {
  readonly minAuc: number;
  /** Largest AUC loss vs the current model that is still accepted (retraining noise). */
  readonly maxAucDrop: number;
  readonly minPositives: number;
}

export interface GateDecision {
  readonly pass: boolean;
  /** Why it failed, one readable sentence per failed check; empty when it passes. */
  readonly reasons: string[];
}

// Keeps "exactly at the threshold" on the passing side despite float rounding (0.72 - 0.02).
const SLACK = 1e-12;

export function passesQualityGate(
  candidate: ModelMetrics,
  current: ModelMetrics | null,
  gate: QualityGate,
): GateDecision {
  const reasons: string[] = [];
  if (candidate.positives < gate.minPositives) {
    reasons.push(
      `only ${candidate.positives} churned tenants in the evaluation set; the gate needs ${gate.minPositives}`,
    );
  }
  const auc = candidate.auc;
  if (auc === null) {
    reasons.push('candidate AUC is undefined: the evaluation set needs both churned and retained tenants');
  } else {
    if (auc < gate.minAuc - SLACK) {
      reasons.push(`candidate AUC ${fixed(auc)} is below the minimum ${fixed(gate.minAuc)}`);
    }
    const currentAuc = current?.auc ?? null;
    if (currentAuc !== null && auc < currentAuc - gate.maxAucDrop - SLACK) {
      reasons.push(
        `candidate AUC ${fixed(auc)} is ${fixed(currentAuc - auc)} below the current model's ${fixed(currentAuc)} (allowed drop ${fixed(gate.maxAucDrop)})`,
      );
    }
  }
  return { pass: reasons.length === 0, reasons };
}

function fixed(value: number): string {
  return value.toFixed(4);
}
