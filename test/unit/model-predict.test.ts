import { describe, expect, it } from 'vitest';
import { binCount, binOf } from '../../lambdas/domain/model/bins';
import type { AdditiveModel } from '../../lambdas/domain/model/model-schema';
import { compileModel, predict, probability } from '../../lambdas/domain/model/predict';
import { SeededRandom } from '../../lambdas/domain/model/seeded-random';
import { syntheticChurnData } from '../../lambdas/domain/model/synthetic-dataset';
import { trainModel } from '../../lambdas/domain/model/train';

/** Scoring written the obvious way, straight from the JSON, to check the compiled fast path. */
function referenceContributions(model: AdditiveModel, row: Float64Array): number[] {
  const value = (feature: string) => row[model.featureNames.indexOf(feature)] ?? Number.NaN;
  return model.terms.map((term) => {
    if (term.type === 'main') return term.scores[binOf(term.bins, value(term.feature))] ?? Number.NaN;
    if (term.type === 'pair') {
      const first = binOf(term.bins[0], value(term.features[0]));
      const second = binOf(term.bins[1], value(term.features[1]));
      return term.scores[first * binCount(term.bins[1]) + second] ?? Number.NaN;
    }
    throw new Error('no piecewise terms here');
  });
}

describe('predict', () => {
  // Coarse pair bins (8) under fine main bins (32): pairs read their bins through the fine-to-
  // coarse map; "plan" and "industry" are categorical.
  const data = syntheticChurnData(4000, 21);
  const model = trainModel(data.dataset, { version: 'p', pairBins: 8, interactions: 15 });

  it('matches a plain lookup of every term, including unseen codes, extremes and missing values', () => {
    const random = new SeededRandom(3);
    const contributions = new Float64Array(model.terms.length);
    for (let i = 0; i < 2000; i++) {
      const row = Float64Array.from(data.dataset.columns, (column) => column[i] ?? Number.NaN);
      // Perturb: missing, far out of range, exactly on an edge, unseen category codes.
      const f = random.below(row.length);
      const pick = random.below(4);
      row[f] = [Number.NaN, 1e9 * (random.next() - 0.5), 0.5, 99][pick] ?? 0;
      const logit = predict(model, row, contributions);
      expect(Array.from(contributions)).toEqual(referenceContributions(model, row));
      expect(logit).toBe(contributions.reduce((sum, c) => sum + c, model.intercept));
    }
  });

  it('bins a value exactly on, just below and just above every edge of the model as the plain lookup does', () => {
    // The model's own edges, not the compiled ones: compiling drops edges between equal bins, and
    // a value at a dropped edge must still score as the plain lookup scores it.
    const edges = model.terms.flatMap((term) =>
      term.type === 'main' && term.bins.kind === 'numeric'
        ? term.bins.edges.map((edge) => ({ feature: model.featureNames.indexOf(term.feature), edge }))
        : [],
    );
    expect(edges.length).toBeGreaterThan(100);
    const contributions = new Float64Array(model.terms.length);
    const base = Float64Array.from(data.dataset.columns, (column) => column[0] ?? Number.NaN);
    for (const { feature, edge } of edges) {
      for (const x of [
        edge,
        edge - Math.abs(edge) * 1e-12 - 1e-300,
        edge + Math.abs(edge) * 1e-12 + 1e-300,
      ]) {
        const row = base.slice();
        row[feature] = x;
        predict(model, row, contributions);
        expect(Array.from(contributions)).toEqual(referenceContributions(model, row));
      }
    }
  });

  it('searches fewer edges than the model has: equal neighbouring bins are merged', () => {
    const compiled = compileModel(model);
    const modelEdges = model.terms.reduce(
      (sum, term) =>
        sum + (term.type === 'main' && term.bins.kind === 'numeric' ? term.bins.edges.length : 0),
      0,
    );
    expect(compiled.cuts.length).toBeLessThan(modelEdges);
  });

  it('bins every feature once: pair axes share or map onto the main axes', () => {
    const compiled = compileModel(model);
    expect(compiled.searchedFeature.length).toBe(data.dataset.featureNames.length);
    expect(compiled.mappedParent.length).toBeGreaterThan(0);
    expect(compileModel(model)).toBe(compiled);
  });

  it('checks its buffers instead of reading past them', () => {
    expect(() => predict(model, new Float64Array(3))).toThrow(RangeError);
    const row = Float64Array.from(data.dataset.columns, (column) => column[0] ?? Number.NaN);
    expect(() => predict(model, row, new Float64Array(2))).toThrow(RangeError);
    // Contributions may be longer than needed; the rest is left alone.
    const roomy = new Float64Array(model.terms.length + 3).fill(7);
    predict(model, row, roomy);
    expect(Array.from(roomy.slice(-3))).toEqual([7, 7, 7]);
  });

  it('probability is the logistic function', () => {
    expect(probability(0)).toBe(0.5);
    expect(probability(Math.log(3))).toBeCloseTo(0.75, 12);
    expect(probability(-800)).toBe(0);
  });
});
