import { checkModel } from './check-model';
import type { AdditiveModel, BinSpec } from './model-schema';

/**
 * Scoring with an exact explanation. `predict` returns the logit and, on request, fills one
 * contribution per term such that intercept + sum(contributions) is the logit (summed in the
 * same order, so equal up to float rounding). The JSON model is compiled once into flat typed
 * arrays (bin edges, score tables); a call then allocates nothing: a binary search per term
 * axis and a table read.
 */

const MAIN = 0;
const PAIR = 1;
const PIECEWISE = 2;

export class CompiledModel {
  readonly intercept: number;
  readonly featureCount: number;
  readonly termCount: number;
  /** Per term: MAIN, PAIR or PIECEWISE. */
  readonly type: Uint8Array;
  /** Per term and axis (2 per term): the row index of the feature, where its cuts start, how many, categorical? */
  readonly feature: Int32Array;
  readonly cutStart: Int32Array;
  readonly cutCount: Int32Array;
  readonly categorical: Uint8Array;
  /** Per term: where its scores start in `tables`; for pairs, the size of the second axis. */
  readonly tableStart: Int32Array;
  readonly stride: Int32Array;
  /** All bin edges, category codes and piecewise x values, back to back. */
  readonly cuts: Float64Array;
  /** All score tables (piecewise: the missing value, then the y values), back to back. */
  readonly tables: Float64Array;

  constructor(readonly model: AdditiveModel) {
    checkModel(model);
    const terms = model.terms;
    const featureIndex = new Map(model.featureNames.map((name, index) => [name, index]));
    const indexOf = (name: string) => featureIndex.get(name) ?? -1;
    this.intercept = model.intercept;
    this.featureCount = model.featureNames.length;
    this.termCount = terms.length;
    this.type = new Uint8Array(terms.length);
    this.feature = new Int32Array(terms.length * 2);
    this.cutStart = new Int32Array(terms.length * 2);
    this.cutCount = new Int32Array(terms.length * 2);
    this.categorical = new Uint8Array(terms.length * 2);
    this.tableStart = new Int32Array(terms.length);
    this.stride = new Int32Array(terms.length);
    const cuts: number[] = [];
    const tables: number[] = [];
    const addAxis = (t: number, axis: number, feature: string, values: readonly number[], cat: boolean) => {
      const k = t * 2 + axis;
      this.feature[k] = indexOf(feature);
      this.cutStart[k] = cuts.length;
      this.cutCount[k] = values.length;
      this.categorical[k] = cat ? 1 : 0;
      cuts.push(...values);
    };
    const axisValues = (spec: BinSpec) => (spec.kind === 'numeric' ? spec.edges : spec.categories);
    terms.forEach((term, t) => {
      this.tableStart[t] = tables.length;
      if (term.type === 'main') {
        this.type[t] = MAIN;
        addAxis(t, 0, term.feature, axisValues(term.bins), term.bins.kind === 'categorical');
        tables.push(...term.scores);
      } else if (term.type === 'pair') {
        this.type[t] = PAIR;
        const [first, second] = term.bins;
        addAxis(t, 0, term.features[0], axisValues(first), first.kind === 'categorical');
        addAxis(t, 1, term.features[1], axisValues(second), second.kind === 'categorical');
        this.stride[t] = axisValues(second).length + 2;
        tables.push(...term.scores);
      } else {
        this.type[t] = PIECEWISE;
        addAxis(
          t,
          0,
          term.feature,
          term.points.map(([x]) => x),
          false,
        );
        tables.push(term.missing, ...term.points.map(([, y]) => y));
      }
    });
    this.cuts = Float64Array.from(cuts);
    this.tables = Float64Array.from(tables);
  }
}

/** A JSON model (compiled on first use and cached) or an already compiled one. */
export type ScoringModel = AdditiveModel | CompiledModel;

// Models are immutable values: compiling once per model object is safe.
const compiledModels = new WeakMap<AdditiveModel, CompiledModel>();

export function compileModel(model: ScoringModel): CompiledModel {
  if (model instanceof CompiledModel) return model;
  let compiled = compiledModels.get(model);
  if (compiled === undefined) {
    compiled = new CompiledModel(model);
    compiledModels.set(model, compiled);
  }
  return compiled;
}

/**
 * The logit of one row (`row[i]` = value of `model.featureNames[i]`, NaN = missing). When
 * `contributions` is given, `contributions[t]` receives term t's part of the logit.
 */
export function predict(model: ScoringModel, row: Float64Array, contributions?: Float64Array): number {
  const m = compileModel(model);
  if (row.length < m.featureCount) {
    throw new RangeError(`row has ${row.length} values, the model needs ${m.featureCount}`);
  }
  if (contributions !== undefined && contributions.length < m.termCount) {
    throw new RangeError(`contributions has room for ${contributions.length} terms, the model has ${m.termCount}`);
  }
  const { type, feature, cutStart, cutCount, categorical, tableStart, stride, cuts, tables } = m;
  let logit = m.intercept;
  for (let t = 0; t < m.termCount; t++) {
    const a = t * 2;
    const x = row[feature[a] ?? 0] ?? Number.NaN;
    const start = cutStart[a] ?? 0;
    const count = cutCount[a] ?? 0;
    const kind = type[t];
    let value: number;
    if (kind === MAIN) {
      value = tables[(tableStart[t] ?? 0) + bin(cuts, start, count, categorical[a] === 1, x)] ?? 0;
    } else if (kind === PAIR) {
      const b = a + 1;
      const second = bin(
        cuts,
        cutStart[b] ?? 0,
        cutCount[b] ?? 0,
        categorical[b] === 1,
        row[feature[b] ?? 0] ?? Number.NaN,
      );
      const first = bin(cuts, start, count, categorical[a] === 1, x);
      value = tables[(tableStart[t] ?? 0) + first * (stride[t] ?? 0) + second] ?? 0;
    } else {
      value = interpolate(cuts, tables, start, count, tableStart[t] ?? 0, x);
    }
    if (contributions !== undefined) contributions[t] = value;
    logit += value;
  }
  return logit;
}

export function probability(logit: number): number {
  return 1 / (1 + Math.exp(-logit));
}

/** Same rule as bins.ts (bin 0 missing, then 1 + edges below; categorical: unseen last), on flat arrays. */
function bin(cuts: Float64Array, start: number, count: number, categorical: boolean, x: number): number {
  if (Number.isNaN(x)) return 0;
  let lo = start;
  let hi = start + count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((cuts[mid] ?? 0) < x) lo = mid + 1;
    else hi = mid;
  }
  if (!categorical) return lo - start + 1;
  return lo < start + count && cuts[lo] === x ? lo - start + 1 : count + 1;
}

function interpolate(
  cuts: Float64Array,
  tables: Float64Array,
  start: number,
  count: number,
  table: number,
  x: number,
): number {
  if (Number.isNaN(x)) return tables[table] ?? 0;
  const last = start + count - 1;
  if (x <= (cuts[start] ?? 0)) return tables[table + 1] ?? 0;
  if (x >= (cuts[last] ?? 0)) return tables[table + count] ?? 0;
  // First point at or above x; x lies between it and the one before.
  let lo = start + 1;
  let hi = last;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((cuts[mid] ?? 0) < x) lo = mid + 1;
    else hi = mid;
  }
  const x0 = cuts[lo - 1] ?? 0;
  const x1 = cuts[lo] ?? 0;
  const y0 = tables[table + lo - start] ?? 0;
  const y1 = tables[table + lo - start + 1] ?? 0;
  return y0 + ((y1 - y0) * (x - x0)) / (x1 - x0);
}
