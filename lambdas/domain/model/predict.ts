import { checkModel } from './check-model';
import { mergeEqualBins } from './merge-bins';
import type { AdditiveModel, BinSpec } from './model-schema';

/**
 * Scoring with an exact explanation. `predict` returns the logit and, on request, fills one
 * contribution per term such that intercept + sum(contributions) is the logit (summed in the
 * same order, so equal up to float rounding). The JSON model is compiled once into flat typed
 * arrays; a call then allocates nothing.
 *
 * Speed comes from binning each feature once per row: a term's binning ("axis") that repeats
 * another's is shared, and a pair's coarse bins, whose edges are a subset of the main term's,
 * are read from a fine-to-coarse map instead of searched again. So a 25-feature model with 10
 * pairs does 25 binary searches per row, not 45. Each main term's equal neighbouring bins are
 * merged first (merge-bins.ts), which halves the steps of every search.
 */

const MAIN = 0;
const PAIR = 1;
const PIECEWISE = 2;

interface Axis {
  readonly feature: number;
  readonly categorical: boolean;
  readonly cuts: readonly number[];
}

export class CompiledModel {
  readonly intercept: number;
  readonly featureCount: number;
  readonly termCount: number;
  /** Axes binned by search: feature, categorical flag, and where their cuts sit in `cuts`. */
  readonly searchedFeature: Int32Array;
  readonly searchedCategorical: Uint8Array;
  readonly cutStart: Int32Array;
  readonly cutCount: Int32Array;
  readonly cuts: Float64Array;
  /** Axes binned by lookup: bin = binMap[mapStart + bin of the parent axis]. */
  readonly mappedParent: Int32Array;
  readonly mapStart: Int32Array;
  readonly binMap: Int32Array;
  /** Per term: type, its axes (indexes into `bins`), where its table starts, second-axis size. */
  readonly type: Uint8Array;
  readonly axis0: Int32Array;
  readonly axis1: Int32Array;
  readonly tableStart: Int32Array;
  readonly stride: Int32Array;
  /** All score tables back to back (piecewise: the missing value, then the y values). */
  readonly tables: Float64Array;
  /** Piecewise terms: feature and the x values (in `cuts`). */
  readonly pieceFeature: Int32Array;
  /** Scratch: the bin of every axis for the row being scored (searched axes first). */
  readonly bins: Int32Array;
  /** The piecewise terms' indexes, and scratch for every term's value when the caller wants none. */
  readonly pieceTerms: Int32Array;
  readonly values: Float64Array;

  constructor(readonly model: AdditiveModel) {
    checkModel(model);
    const featureIndex = new Map(model.featureNames.map((name, index) => [name, index]));
    const indexOf = (name: string) => featureIndex.get(name) ?? -1;
    const axisOf = (feature: string, spec: BinSpec): Axis => ({
      feature: indexOf(feature),
      categorical: spec.kind === 'categorical',
      cuts: spec.kind === 'numeric' ? spec.edges : spec.categories,
    });
    const terms = mergeEqualBins(model.terms);
    const plan = planAxes(
      terms.flatMap((term) => {
        if (term.type === 'main') return [axisOf(term.feature, term.bins)];
        if (term.type === 'pair') {
          return [axisOf(term.features[0], term.bins[0]), axisOf(term.features[1], term.bins[1])];
        }
        return [];
      }),
    );

    this.intercept = model.intercept;
    this.featureCount = model.featureNames.length;
    this.termCount = model.terms.length;
    const searched = plan.searched;
    this.searchedFeature = Int32Array.from(searched, (axis) => axis.feature);
    this.searchedCategorical = Uint8Array.from(searched, (axis) => (axis.categorical ? 1 : 0));
    const cuts: number[] = [];
    this.cutStart = new Int32Array(searched.length);
    this.cutCount = new Int32Array(searched.length);
    searched.forEach((axis, k) => {
      this.cutStart[k] = cuts.length;
      this.cutCount[k] = axis.cuts.length;
      append(cuts, axis.cuts);
    });
    const binMap: number[] = [];
    this.mappedParent = new Int32Array(plan.mapped.length);
    this.mapStart = new Int32Array(plan.mapped.length);
    plan.mapped.forEach((mapped, k) => {
      this.mappedParent[k] = mapped.parent;
      this.mapStart[k] = binMap.length;
      append(binMap, mapped.map);
    });
    this.binMap = Int32Array.from(binMap);
    this.bins = new Int32Array(searched.length + plan.mapped.length);

    this.type = new Uint8Array(terms.length);
    this.axis0 = new Int32Array(terms.length);
    this.axis1 = new Int32Array(terms.length);
    this.tableStart = new Int32Array(terms.length);
    this.stride = new Int32Array(terms.length);
    this.pieceFeature = new Int32Array(terms.length);
    const tables: number[] = [];
    let nextAxis = 0;
    const slot = () => plan.slots[nextAxis++] ?? 0;
    terms.forEach((term, t) => {
      this.tableStart[t] = tables.length;
      if (term.type === 'main') {
        this.type[t] = MAIN;
        this.axis0[t] = slot();
        append(tables, term.scores);
      } else if (term.type === 'pair') {
        this.type[t] = PAIR;
        this.axis0[t] = slot();
        this.axis1[t] = slot();
        const second = term.bins[1];
        this.stride[t] = (second.kind === 'numeric' ? second.edges.length : second.categories.length) + 2;
        append(tables, term.scores);
      } else {
        this.type[t] = PIECEWISE;
        this.pieceFeature[t] = indexOf(term.feature);
        // The x values live in `cuts`, after the searched axes; the y values in `tables`.
        this.axis0[t] = cuts.length;
        this.axis1[t] = term.points.length;
        append(
          cuts,
          term.points.map(([x]) => x),
        );
        tables.push(term.missing);
        append(
          tables,
          term.points.map(([, y]) => y),
        );
      }
    });
    this.cuts = Float64Array.from(cuts);
    this.pieceTerms = Int32Array.from(terms.flatMap((term, t) => (term.type === 'piecewise' ? [t] : [])));
    this.values = new Float64Array(terms.length);
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
    throw new RangeError(
      `contributions has room for ${contributions.length} terms, the model has ${m.termCount}`,
    );
  }
  // Every index below comes from the compiled model, which checkModel validated: reads are
  // `as number`, since a fallback per element costs in the hottest loop of scoring.
  const {
    bins,
    cuts,
    tables,
    tableStart,
    axis0,
    axis1,
    searchedFeature,
    cutStart,
    cutCount,
    searchedCategorical,
  } = m;
  const searched = searchedFeature.length;
  // The search is written out here, not called: a call takes its arguments boxed, and passing
  // each feature value to a function allocated a heap number per axis per row.
  for (let k = 0; k < searched; k++) {
    const x = row[searchedFeature[k] as number] as number;
    const start = cutStart[k] as number;
    const count = cutCount[k] as number;
    // Same rule as bins.ts: bin 0 missing, then 1 + number of cuts below x; categorical: unseen
    // last. No cuts: one value bin (numeric) or every code unseen (categorical); both are bin 1.
    if (Number.isNaN(x)) {
      bins[k] = 0;
      continue;
    }
    if (count === 0) {
      bins[k] = 1;
      continue;
    }
    // A fixed-trip binary search whose only data-dependent choice is arithmetic: a conditional
    // compiles to a branch that a tenant's values mispredict about every other step.
    let base = start;
    let n = count;
    while (n > 1) {
      const half = n >>> 1;
      base += -Number((cuts[base + half] as number) < x) & half;
      n -= half;
    }
    const below = base - start + Number((cuts[base] as number) < x);
    bins[k] =
      searchedCategorical[k] !== 1
        ? below + 1
        : below < count && cuts[start + below] === x
          ? below + 1
          : count + 1;
  }
  const { mappedParent, mapStart, binMap, type, stride } = m;
  for (let k = 0; k < mappedParent.length; k++) {
    bins[searched + k] = binMap[
      (mapStart[k] as number) + (bins[mappedParent[k] as number] as number)
    ] as number;
  }
  // Table terms first, piecewise terms in a loop of their own, then the sum in term order: with
  // the interpolate() call inside the table loop, V8 kept every term's value boxed, a heap
  // number per term per row, even for a model without a piecewise term.
  const values = contributions ?? m.values;
  const termCount = m.termCount;
  for (let t = 0; t < termCount; t++) {
    const kind = type[t];
    if (kind === MAIN) {
      values[t] = tables[(tableStart[t] as number) + (bins[axis0[t] as number] as number)] as number;
    } else if (kind === PAIR) {
      const first = bins[axis0[t] as number] as number;
      const second = bins[axis1[t] as number] as number;
      values[t] = tables[(tableStart[t] as number) + first * (stride[t] as number) + second] as number;
    }
  }
  const pieces = m.pieceTerms;
  for (let p = 0; p < pieces.length; p++) {
    const t = pieces[p] as number;
    const x = row[m.pieceFeature[t] as number] as number;
    values[t] = interpolate(cuts, tables, axis0[t] as number, axis1[t] as number, tableStart[t] as number, x);
  }
  let logit = m.intercept;
  for (let t = 0; t < termCount; t++) logit += values[t] as number;
  return logit;
}

export function probability(logit: number): number {
  return 1 / (1 + Math.exp(-logit));
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

interface AxisPlan {
  /** Axes binned by binary search: slots 0..searched-1. */
  readonly searched: Axis[];
  /** Axes binned through a searched parent's bin: the slots after the searched ones. */
  readonly mapped: { parent: number; map: number[] }[];
  /** The slot of each requested axis, in request order. */
  readonly slots: number[];
}

/**
 * Shares identical axes, and maps a numeric axis whose cuts are a subset of another axis of the
 * same feature (a pair's coarse bins vs the main term's fine bins) onto that one.
 */
function planAxes(axes: readonly Axis[]): AxisPlan {
  const keyOf = (axis: Axis) => `${axis.feature}|${axis.categorical}|${axis.cuts.join(',')}`;
  const unique = new Map<string, Axis>();
  for (const axis of axes) if (!unique.has(keyOf(axis))) unique.set(keyOf(axis), axis);
  // Finest first, so a coarse axis finds its parent whatever the term order.
  const byFineness = [...unique.entries()].sort(([, a], [, b]) => b.cuts.length - a.cuts.length);
  const searched: Axis[] = [];
  const pendingMapped: { key: string; parent: number; map: number[] }[] = [];
  const searchedSlot = new Map<string, number>();
  for (const [key, axis] of byFineness) {
    const parent = axis.categorical
      ? -1
      : searched.findIndex(
          (other) => other.feature === axis.feature && !other.categorical && isSubset(axis.cuts, other.cuts),
        );
    const parentAxis = searched[parent];
    if (parentAxis === undefined) {
      searchedSlot.set(key, searched.length);
      searched.push(axis);
    } else {
      pendingMapped.push({ key, parent, map: coarseMap(parentAxis.cuts, axis.cuts) });
    }
  }
  const slotOf = new Map(searchedSlot);
  pendingMapped.forEach((mapped, k) => {
    slotOf.set(mapped.key, searched.length + k);
  });
  return {
    searched,
    mapped: pendingMapped.map(({ parent, map }) => ({ parent, map })),
    slots: axes.map((axis) => slotOf.get(keyOf(axis)) ?? 0),
  };
}

function isSubset(small: readonly number[], large: readonly number[]): boolean {
  const set = new Set(large);
  return small.every((cut) => set.has(cut));
}

/** Fine bin -> coarse bin when the coarse cuts are a subset of the fine cuts (missing stays 0). */
function coarseMap(fine: readonly number[], coarse: readonly number[]): number[] {
  const map = [0];
  let coarseBin = 1;
  let next = 0;
  for (let bin = 1; bin <= fine.length + 1; bin++) {
    map.push(coarseBin);
    // Fine value bin `bin` ends at fine[bin - 1]; if that is the next coarse cut, move on.
    if (next < coarse.length && fine[bin - 1] === coarse[next]) {
      coarseBin++;
      next++;
    }
  }
  return map;
}

/** push(...values) overflows the stack on big arrays. */
function append(target: number[], values: readonly number[]): void {
  for (const value of values) target.push(value);
}
