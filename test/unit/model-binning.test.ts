import { describe, expect, it } from 'vitest';
import { binColumn, fitBinSpec, groupBins } from '../../lambdas/domain/model/binning';
import { binCount, binOf, categoricalBin, MISSING_BIN, numericBin } from '../../lambdas/domain/model/bins';

describe('model binning', () => {
  it('puts missing in bin 0 and a value in 1 + the number of edges below it', () => {
    const edges = [1, 2, 3];
    expect(numericBin(edges, Number.NaN)).toBe(MISSING_BIN);
    expect(numericBin(edges, -5)).toBe(1);
    expect(numericBin(edges, 1)).toBe(1);
    expect(numericBin(edges, 1.5)).toBe(2);
    expect(numericBin(edges, 3.5)).toBe(4);
    expect(numericBin(edges, Number.POSITIVE_INFINITY)).toBe(4);
    expect(binCount({ kind: 'numeric', edges })).toBe(5);
  });

  it('gives each category code its bin and unseen codes the last one', () => {
    const categories = [0, 2, 5];
    expect(categoricalBin(categories, 2)).toBe(2);
    expect(categoricalBin(categories, 3)).toBe(4);
    expect(categoricalBin(categories, Number.NaN)).toBe(0);
    expect(binOf({ kind: 'categorical', categories }, 5)).toBe(3);
  });

  it('cuts between distinct values when there are few, at quantiles otherwise', () => {
    expect(fitBinSpec(Float64Array.of(3, 1, Number.NaN, 2, 1), 'numeric', 32)).toEqual({
      kind: 'numeric',
      edges: [1.5, 2.5],
    });
    const many = Float64Array.from({ length: 1000 }, (_, i) => i);
    const spec = fitBinSpec(many, 'numeric', 4);
    expect(spec).toEqual({ kind: 'numeric', edges: [249.5, 499.5, 749.5] });
    expect(fitBinSpec(Float64Array.of(4, 1, 4, Number.NaN), 'categorical', 32)).toEqual({
      kind: 'categorical',
      categories: [1, 4],
    });
  });

  it('cuts at the shortest decimal between neighbours, values equal to it below', () => {
    const spec = fitBinSpec(Float64Array.of(0.123456789, 0.1235999, -2.7, -2.5), 'numeric', 32);
    expect(spec).toEqual({ kind: 'numeric', edges: [-2.6, -1, 0.1235] });
    expect(binColumn(Float64Array.of(-3, 0.1235, 0.12351), spec)).toEqual(Int32Array.of(1, 3, 4));
  });

  it('spreads the bins over the rest when one value dominates', () => {
    // Half zeros: the zeros get one bin, the other values share the remaining ones.
    const column = Float64Array.from({ length: 1000 }, (_, i) => (i < 500 ? 0 : i));
    const spec = fitBinSpec(column, 'numeric', 5);
    if (spec.kind !== 'numeric') throw new Error('numeric expected');
    expect(spec.edges).toHaveLength(4);
    // The zeros end at the first edge, somewhere before the next value (the shortest decimal).
    expect(spec.edges[0]).toBeGreaterThanOrEqual(0);
    expect(spec.edges[0]).toBeLessThan(500);
    const bins = binColumn(column, spec);
    const counts = new Map<number, number>();
    for (const bin of bins) counts.set(bin, (counts.get(bin) ?? 0) + 1);
    expect(counts.get(1)).toBe(500);
    for (const bin of [2, 3, 4, 5]) expect(counts.get(bin)).toBeGreaterThan(100);
  });

  it('ignores infinities when cutting but bins them at the ends', () => {
    const column = Float64Array.of(Number.NEGATIVE_INFINITY, 1, 2, Number.POSITIVE_INFINITY);
    const spec = fitBinSpec(column, 'numeric', 32);
    expect(spec).toEqual({ kind: 'numeric', edges: [1.5] });
    expect(Array.from(binColumn(column, spec))).toEqual([1, 1, 2, 2]);
  });

  it('groups fine bins into coarse bins whose edges are a subset, missing kept apart', () => {
    const spec = { kind: 'numeric' as const, edges: [1, 2, 3, 4, 5, 6, 7] };
    const weights = Float64Array.of(50, 10, 10, 10, 10, 10, 10, 10, 10);
    const grouping = groupBins(spec, weights, 4);
    expect(grouping.spec).toEqual({ kind: 'numeric', edges: [2, 4, 6] });
    expect(Array.from(grouping.map)).toEqual([0, 1, 1, 2, 2, 3, 3, 4, 4]);
    expect(grouping.size).toBe(5);
    const categorical = { kind: 'categorical' as const, categories: [1, 2, 3, 4, 5, 6] };
    expect(groupBins(categorical, new Float64Array(8).fill(1), 2).spec).toBe(categorical);
  });
});
