import type { MainTerm, Term } from './model-schema';

/**
 * The terms with each main term's neighbouring bins merged where they score exactly the same:
 * a numeric edge between two equal bins is dropped, and so is a category that scores as an
 * unseen code does. Every value then lands in a bin with the very score it had, so predictions
 * and contributions are unchanged to the bit. Boosted shape functions are flat over long
 * stretches (256 bins hold ~20 distinct scores), so the binary search over the merged edges takes
 * half the steps, and the edges of all terms fit in the CPU's first-level cache.
 *
 * Edges and categories a pair term of the same feature bins on are kept, so the pair's bins
 * still map onto the main term's (or share its axis) instead of needing a search of their own.
 */
export function mergeEqualBins(terms: readonly Term[]): Term[] {
  const pairValues = new Map<string, Set<number>>();
  for (const term of terms) {
    if (term.type !== 'pair') continue;
    term.features.forEach((feature, i) => {
      const spec = term.bins[i === 0 ? 0 : 1];
      const values = pairValues.get(feature) ?? new Set<number>();
      for (const value of spec.kind === 'numeric' ? spec.edges : spec.categories) values.add(value);
      pairValues.set(feature, values);
    });
  }
  return terms.map((term) =>
    term.type === 'main' ? mergeMainTerm(term, pairValues.get(term.feature) ?? new Set()) : term,
  );
}

function mergeMainTerm(term: MainTerm, keep: ReadonlySet<number>): MainTerm {
  const { bins, scores } = term;
  const scoreAt = (bin: number) => scores[bin] ?? Number.NaN;
  // Bin 0 (missing) is never merged: a missing value is not any value.
  const merged = [scoreAt(0)];
  if (bins.kind === 'numeric') {
    // Edge j separates value bins j + 1 and j + 2.
    const edges: number[] = [];
    merged.push(scoreAt(1));
    bins.edges.forEach((edge, j) => {
      const right = scoreAt(j + 2);
      if (keep.has(edge) || !Object.is(right, merged[merged.length - 1])) {
        edges.push(edge);
        merged.push(right);
      }
    });
    return { ...term, bins: { kind: 'numeric', edges }, scores: merged };
  }
  const unseen = scoreAt(bins.categories.length + 1);
  const categories: number[] = [];
  bins.categories.forEach((code, i) => {
    const score = scoreAt(i + 1);
    if (keep.has(code) || !Object.is(score, unseen)) {
      categories.push(code);
      merged.push(score);
    }
  });
  merged.push(unseen);
  return { ...term, bins: { kind: 'categorical', categories }, scores: merged };
}
