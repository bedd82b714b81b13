import { binCount } from './bins';
import { ModelFormatError } from './errors';
import type { AdditiveModel, BinSpec } from './model-schema';

/**
 * The consistency rules zod cannot express: terms name known features, tables have one score
 * per bin, edges and points are strictly increasing. A model that passes can be scored without
 * any bounds surprises.
 */
export function checkModel(model: AdditiveModel): void {
  const known = new Set(model.featureNames);
  if (known.size !== model.featureNames.length) throw new ModelFormatError('feature names must be unique');
  model.terms.forEach((term, index) => {
    const where = `term ${index} (${term.name})`;
    const features = term.type === 'pair' ? term.features : [term.feature];
    for (const feature of features) {
      if (!known.has(feature)) throw new ModelFormatError(`${where}: unknown feature ${feature}`);
    }
    if (term.type === 'main') {
      checkBins(term.bins, where);
      expectLength(term.scores.length, binCount(term.bins), where);
    } else if (term.type === 'pair') {
      checkBins(term.bins[0], where);
      checkBins(term.bins[1], where);
      expectLength(term.scores.length, binCount(term.bins[0]) * binCount(term.bins[1]), where);
    } else {
      checkIncreasing(
        term.points.map(([x]) => x),
        `${where}: point x values`,
      );
    }
  });
}

function checkBins(spec: BinSpec, where: string): void {
  checkIncreasing(spec.kind === 'numeric' ? spec.edges : spec.categories, `${where}: bins`);
}

function checkIncreasing(values: readonly number[], what: string): void {
  for (let i = 1; i < values.length; i++) {
    if (!((values[i] ?? 0) > (values[i - 1] ?? 0)))
      throw new ModelFormatError(`${what} must be strictly increasing`);
  }
}

function expectLength(actual: number, expected: number, where: string): void {
  if (actual !== expected) throw new ModelFormatError(`${where}: ${actual} scores for ${expected} bins`);
}
