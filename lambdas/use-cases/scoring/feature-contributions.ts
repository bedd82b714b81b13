import type { AdditiveModel } from '../../domain/model';
import type { FeatureLayout } from '../../domain/scoring/feature-layout';

/**
 * Maps the model's per-term contributions onto the feature layout: a main or piecewise term
 * belongs to its feature, a pair term is split equally between its two features. The sum is
 * unchanged, so the explanation still adds up to the logit.
 */
export class FeatureContributions {
  readonly #first: Int32Array;
  readonly #second: Int32Array;
  /** Model row position -> layout position (the model may predate a new attribute). */
  readonly rowIndex: Int32Array;
  readonly perFeature: Float64Array;

  constructor(model: AdditiveModel, layout: FeatureLayout) {
    const at = (name: string) => layout.index.get(name) ?? -1;
    this.#first = Int32Array.from(model.terms, (term) =>
      at(term.type === 'pair' ? term.features[0] : term.feature),
    );
    this.#second = Int32Array.from(model.terms, (term) => (term.type === 'pair' ? at(term.features[1]) : -1));
    this.rowIndex = Int32Array.from(model.featureNames, at);
    this.perFeature = new Float64Array(layout.size);
  }

  /** The model's row (its own feature order) from a layout-ordered feature vector. */
  modelRow(features: Float64Array, out: Float64Array): Float64Array {
    for (let i = 0; i < this.rowIndex.length; i++) {
      const index = this.rowIndex[i] ?? -1;
      out[i] = index < 0 ? Number.NaN : (features[index] ?? Number.NaN);
    }
    return out;
  }

  fold(termContributions: Float64Array): Float64Array {
    const out = this.perFeature.fill(0);
    for (let t = 0; t < this.#first.length; t++) {
      const value = termContributions[t] ?? 0;
      const first = this.#first[t] ?? -1;
      const second = this.#second[t] ?? -1;
      if (second < 0) {
        if (first >= 0) out[first] = (out[first] ?? 0) + value;
      } else {
        if (first >= 0) out[first] = (out[first] ?? 0) + value / 2;
        out[second] = (out[second] ?? 0) + value / 2;
      }
    }
    return out;
  }
}
