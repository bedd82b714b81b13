import { describe, expect, it } from 'vitest';
import type { ModelMetrics } from '../../lambdas/domain/model/model-schema';
import { passesQualityGate } from '../../lambdas/domain/model/quality-gate';

const metrics = (auc: number | null, positives = 200): ModelMetrics => ({
  rows: 2000,
  positives,
  baseRate: positives / 2000,
  auc,
  prAuc: 0.4,
  brier: 0.08,
  logLoss: 0.3,
  liftTopDecile: 3,
});
const gate = { minAuc: 0.7, maxAucDrop: 0.02, minPositives: 40 };

describe('passesQualityGate', () => {
  it('passes a good first model', () => {
    expect(passesQualityGate(metrics(0.81), null, gate)).toEqual({ pass: true, reasons: [] });
  });

  it('fails below the minimum AUC, with the numbers', () => {
    const decision = passesQualityGate(metrics(0.65), null, gate);
    expect(decision.pass).toBe(false);
    expect(decision.reasons).toEqual(['candidate AUC 0.6500 is below the minimum 0.7000']);
  });

  it('fails when much worse than the current model, passes within the allowed drop', () => {
    const worse = passesQualityGate(metrics(0.75), metrics(0.8), gate);
    expect(worse.pass).toBe(false);
    expect(worse.reasons[0]).toContain("0.0500 below the current model's 0.8000");
    expect(passesQualityGate(metrics(0.79), metrics(0.8), gate).pass).toBe(true);
    // Exactly at the allowed drop passes despite 0.72 - 0.02 not being 0.7 in floating point.
    expect(passesQualityGate(metrics(0.7), metrics(0.72), gate).pass).toBe(true);
  });

  it('fails with too few churners, and says every reason at once', () => {
    const decision = passesQualityGate(metrics(0.6, 12), metrics(0.9), gate);
    expect(decision.pass).toBe(false);
    expect(decision.reasons).toHaveLength(3);
    expect(decision.reasons[0]).toBe('only 12 churned tenants in the evaluation set; the gate needs 40');
  });

  it('fails when the AUC is undefined; ignores a current model without an AUC', () => {
    expect(passesQualityGate(metrics(null), null, gate).reasons[0]).toMatch(/AUC is undefined/);
    expect(passesQualityGate(metrics(0.75), metrics(null), gate).pass).toBe(true);
  });
});
