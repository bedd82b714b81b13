import { describe, expect, it } from 'vitest';
import type { AdditiveModel } from '../../lambdas/domain/model';
import { createFeatureLayout } from '../../lambdas/domain/scoring/feature-layout';
import { FeatureContributions } from '../../lambdas/use-cases/scoring/feature-contributions';

const layout = createFeatureLayout(
  { key: ['reports'], core: ['reports'], retention: [], onboardingSteps: [] },
  [],
);
const names = ['activeUsersChange', 'breadth', 'nps'];
// Only the term shapes matter here: which features each term belongs to.
const model = {
  featureNames: ['nps', 'breadth', 'activeUsersChange', 'attr.retired'],
  terms: [
    { type: 'main', feature: 'activeUsersChange' },
    { type: 'pair', features: ['breadth', 'nps'] },
    { type: 'piecewise', feature: 'nps' },
  ],
} as unknown as AdditiveModel;

describe('FeatureContributions', () => {
  it('splits pair terms between their features and keeps the total exact', () => {
    const folded = new FeatureContributions(model, layout).fold(Float64Array.from([0.8, 0.5, -0.2]));
    const at = (name: string) => folded[layout.index.get(name) ?? -1] ?? Number.NaN;
    expect(at('activeUsersChange')).toBeCloseTo(0.8, 12);
    expect(at('breadth')).toBeCloseTo(0.25, 12);
    expect(at('nps')).toBeCloseTo(0.05, 12);
    expect(folded.reduce((sum, value) => sum + value, 0)).toBeCloseTo(1.1, 12);
    expect(names.every((name) => layout.index.has(name))).toBe(true);
  });

  it("lays a feature vector out in the model's own order, unknown features missing", () => {
    const contributions = new FeatureContributions(model, layout);
    const features = new Float64Array(layout.size).fill(Number.NaN);
    features[layout.index.get('nps') ?? 0] = 9;
    features[layout.index.get('activeUsersChange') ?? 0] = -0.5;
    const row = contributions.modelRow(features, new Float64Array(4));
    expect([...row]).toEqual([9, Number.NaN, -0.5, Number.NaN]);
  });
});
