import { describe, expect, it } from 'vitest';
import { mergeEqualBins } from '../../lambdas/domain/model/merge-bins';
import type { MainTerm, PairTerm, Term } from '../../lambdas/domain/model/model-schema';

const main = (bins: MainTerm['bins'], scores: number[]): MainTerm => ({
  type: 'main',
  name: 'f',
  feature: 'f',
  bins,
  scores,
});

describe('mergeEqualBins', () => {
  it('drops a numeric edge between two bins that score the same, never the missing bin', () => {
    // Bins: missing, <=1, (1,2], (2,3], (3,4], (4,5], >5.
    const [merged] = mergeEqualBins([
      main({ kind: 'numeric', edges: [1, 2, 3, 4, 5] }, [0.2, 1, 1, 2, 2, 2, 3]),
    ]);
    expect(merged).toEqual(main({ kind: 'numeric', edges: [2, 5] }, [0.2, 1, 2, 3]));
    const [flat] = mergeEqualBins([main({ kind: 'numeric', edges: [1, 2] }, [1, 1, 1, 1])]);
    expect(flat).toEqual(main({ kind: 'numeric', edges: [] }, [1, 1]));
  });

  it('keeps the edges a pair of the same feature bins on, so the pair still maps onto the main term', () => {
    const pair: PairTerm = {
      type: 'pair',
      name: 'f x g',
      features: ['f', 'g'],
      bins: [
        { kind: 'numeric', edges: [3] },
        { kind: 'numeric', edges: [0] },
      ],
      scores: new Array(12).fill(0),
    };
    const terms: Term[] = [main({ kind: 'numeric', edges: [1, 2, 3, 4, 5] }, [0.2, 1, 1, 2, 2, 2, 3]), pair];
    const [merged, samePair] = mergeEqualBins(terms);
    expect(merged).toEqual(main({ kind: 'numeric', edges: [2, 3, 5] }, [0.2, 1, 2, 2, 3]));
    expect(samePair).toBe(pair);
  });

  it('drops a category that scores as an unseen code, unless a pair bins on it', () => {
    // Bins: missing, codes 1, 2, 3, unseen.
    const term = main({ kind: 'categorical', categories: [1, 2, 3] }, [0.5, 0, 0.7, 0, 0]);
    expect(mergeEqualBins([term])[0]).toEqual(main({ kind: 'categorical', categories: [2] }, [0.5, 0.7, 0]));
    const pair: PairTerm = {
      type: 'pair',
      name: 'f x g',
      features: ['g', 'f'],
      bins: [
        { kind: 'numeric', edges: [] },
        { kind: 'categorical', categories: [1] },
      ],
      scores: new Array(9).fill(0),
    };
    expect(mergeEqualBins([term, pair])[0]).toEqual(
      main({ kind: 'categorical', categories: [1, 2] }, [0.5, 0, 0.7, 0]),
    );
  });

  it('tells 0 from -0: merged bins must add the very same number', () => {
    const [merged] = mergeEqualBins([main({ kind: 'numeric', edges: [1] }, [0, 0, -0])]);
    expect(merged).toEqual(main({ kind: 'numeric', edges: [1] }, [0, 0, -0]));
  });
});
