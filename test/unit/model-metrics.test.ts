import { describe, expect, it } from 'vitest';
import {
  averagePrecision,
  baseRate,
  brierScore,
  computeMetrics,
  liftAtTopDecile,
  logLoss,
  rocAuc,
} from '../../lambdas/domain/model/metrics';

// Values checked by hand and against scikit-learn 1.2 (roc_auc_score, average_precision_score,
// brier_score_loss, log_loss).
describe('model metrics', () => {
  const scores = [0.1, 0.4, 0.35, 0.8, 0.4];
  const labels = [0, 0, 1, 1, 1];

  it('ROC AUC counts a tie between a churner and a non-churner as half a win', () => {
    // Positive/negative pairs: (0.35,0.1)=1 (0.35,0.4)=0 (0.8,*)=2 (0.4,0.1)=1 (0.4,0.4)=0.5 -> 4.5/6.
    expect(rocAuc(scores, labels)).toBeCloseTo(0.75, 12);
    expect(rocAuc([1, 1, 1, 1], [0, 1, 0, 1])).toBeCloseTo(0.5, 12);
    expect(rocAuc([0.9, 0.8, 0.1], [1, 1, 0])).toBe(1);
  });

  it('ROC AUC is undefined with one class', () => {
    expect(rocAuc([0.2, 0.3], [1, 1])).toBeNaN();
    expect(rocAuc([], [])).toBeNaN();
  });

  it('PR AUC is average precision with tied scores as one threshold', () => {
    // Thresholds 0.8: P=1, R=1/3; 0.4 (two rows): P=2/3, R=2/3; 0.35: P=3/4, R=1 -> 29/36.
    expect(averagePrecision(scores, labels)).toBeCloseTo(29 / 36, 12);
    expect(averagePrecision([0.2, 0.1], [0, 0])).toBeNaN();
  });

  it('Brier score and log loss', () => {
    const probabilities = [0.1, 0.9, 0.8, 0.3];
    const outcome = [0, 1, 0, 1];
    expect(brierScore(probabilities, outcome)).toBeCloseTo(0.2875, 12);
    expect(logLoss(probabilities, outcome)).toBeCloseTo(0.7560329370189223, 12);
    // Clipped like scikit-learn, so a confident miss is costly but finite.
    expect(logLoss([0], [1])).toBeCloseTo(-Math.log(1e-15), 9);
  });

  it('lift at the top decile, with a tie straddling the cut counted pro rata', () => {
    // 20 rows, 4 churners: base rate 0.2, the top decile is 2 rows.
    const twenty = Array.from({ length: 20 }, (_, i) => 0.5 - i / 100);
    const churn = Array.from({ length: 20 }, (_, i) => (i === 0 || i === 5 || i === 9 || i === 12 ? 1 : 0));
    expect(baseRate(churn)).toBe(0.2);
    // Top 2 = rows 0 (churned) and 1 (not): precision 0.5, lift 2.5.
    expect(liftAtTopDecile(twenty, churn)).toBeCloseTo(2.5, 12);
    // Rows 1 and 2 tie for the second slot, one of them churned: 1 + 0.5 captured of 2 -> lift 3.75.
    const tied = [...twenty];
    tied[2] = tied[1] ?? 0;
    const tiedChurn = [...churn];
    tiedChurn[2] = 1;
    tiedChurn[12] = 0;
    expect(liftAtTopDecile(tied, tiedChurn)).toBeCloseTo(3.75, 12);
  });

  it('computeMetrics ranks on logits and reports undefined measures as null', () => {
    const metrics = computeMetrics([-2, 0, 1, 3], [0, 0, 1, 1]);
    expect(metrics).toMatchObject({
      rows: 4,
      positives: 2,
      baseRate: 0.5,
      auc: 1,
      prAuc: 1,
      liftTopDecile: 2,
    });
    expect(metrics.brier).toBeCloseTo(
      ((1 / (1 + Math.exp(2))) ** 2 +
        0.25 +
        (1 - 1 / (1 + Math.exp(-1))) ** 2 +
        (1 - 1 / (1 + Math.exp(-3))) ** 2) /
        4,
      12,
    );
    const oneClass = computeMetrics([0.1, 0.2], [0, 0]);
    expect(oneClass).toMatchObject({ positives: 0, auc: null, prAuc: null, liftTopDecile: null });
    expect(JSON.parse(JSON.stringify(oneClass))).toEqual(oneClass);
  });
});
