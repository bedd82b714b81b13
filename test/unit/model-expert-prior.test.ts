import { describe, expect, it } from 'vitest';
import { ModelFormatError } from '../../lambdas/domain/model/errors';
import { evaluate } from '../../lambdas/domain/model/evaluate';
import { buildExpertPrior } from '../../lambdas/domain/model/expert-prior';
import { predict, probability } from '../../lambdas/domain/model/predict';
import { parseModel, serializeModel } from '../../lambdas/domain/model/serialize';

const prior = buildExpertPrior({
  version: 'prior-1',
  featureNames: ['activeUsersChange', 'openBugs', 'tenureDays'],
  baseRate: 0.1,
  risks: [
    {
      feature: 'activeUsersChange',
      points: [
        [-0.8, 1.5],
        [-0.5, 0.8],
        [0, 0],
        [0.5, -0.2],
      ],
    },
    {
      feature: 'openBugs',
      points: [
        [0, 0],
        [10, 1],
      ],
      missing: 0.1,
    },
  ],
  reason: '12 churn labels, 40 needed',
});

describe('expert prior', () => {
  it('is an additive model of the same shape that says what it is', () => {
    expect(prior.kind).toBe('expert_prior');
    expect(prior.prior).toEqual({ baseRate: 0.1, reason: '12 churn labels, 40 needed' });
    expect(prior.terms.map((term) => term.name)).toEqual(['activeUsersChange', 'openBugs']);
    // A tenant whose curves all read 0 churns at the base rate.
    expect(probability(predict(prior, Float64Array.of(0, 0, 400)))).toBeCloseTo(0.1, 12);
  });

  it('is piecewise linear between the points, flat beyond them, and has a missing value', () => {
    const contribution = (change: number, bugs: number) => {
      const out = new Float64Array(2);
      predict(prior, Float64Array.of(change, bugs, 0), out);
      return out;
    };
    expect(contribution(-0.65, 5)[0]).toBeCloseTo(1.15, 12);
    expect(contribution(-0.5, 5)[0]).toBeCloseTo(0.8, 12);
    expect(contribution(0.25, 5)[0]).toBeCloseTo(-0.1, 12);
    expect(contribution(-3, 5)[0]).toBe(1.5);
    expect(contribution(9, 5)[0]).toBe(-0.2);
    expect(contribution(0, 5)[1]).toBeCloseTo(0.5, 12);
    expect(contribution(0, 40)[1]).toBe(1);
    expect(contribution(Number.NaN, Number.NaN)).toEqual(Float64Array.of(0, 0.1));
  });

  it('contributions sum exactly to the logit', () => {
    const contributions = new Float64Array(2);
    for (const row of [
      [-0.7, 3, 10],
      [0.3, Number.NaN, 100],
      [Number.NaN, 12, 1000],
    ]) {
      const logit = predict(prior, Float64Array.from(row), contributions);
      expect(Math.abs(contributions.reduce((sum, c) => sum + c, prior.intercept) - logit)).toBeLessThan(1e-9);
    }
  });

  it('round-trips through JSON and can be evaluated like a trained model', () => {
    expect(parseModel(serializeModel(prior))).toEqual(prior);
    const metrics = evaluate(prior, {
      featureNames: ['openBugs', 'activeUsersChange'],
      columns: [Float64Array.of(0, 8, 1, 9), Float64Array.of(0.2, -0.7, 0, -0.6)],
      labels: Uint8Array.of(0, 1, 0, 1),
    });
    expect(metrics.auc).toBe(1);
  });

  it('rejects curves it could not score', () => {
    const base = { version: 'p', featureNames: ['x'], baseRate: 0.1 };
    expect(() => buildExpertPrior({ ...base, risks: [{ feature: 'y', points: [[0, 1]] }] })).toThrow(
      ModelFormatError,
    );
    expect(() =>
      buildExpertPrior({
        ...base,
        risks: [
          {
            feature: 'x',
            points: [
              [1, 0],
              [0, 1],
            ],
          },
        ],
      }),
    ).toThrow(/strictly increasing/);
    expect(() => buildExpertPrior({ ...base, baseRate: 0, risks: [] })).toThrow(ModelFormatError);
    expect(() => buildExpertPrior({ ...base, risks: [{ feature: 'x', points: [] }] })).toThrow(
      ModelFormatError,
    );
  });
});
