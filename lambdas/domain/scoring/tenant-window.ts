import type { FeatureMap } from '../../config/product-config';
import { NUMERIC_METRICS } from '../feed/feed-records';
import { toDayNumber } from './day-number';
import {
  DEFAULT_WINDOW_DAYS,
  FIELD_COUNT,
  FLAG_ROWS,
  PRESENT,
  TenantDays,
  tenantDays,
  USAGE_REPORTED,
  type WindowDay,
} from './tenant-days';

/**
 * A tenant's last N days ending at the as-of date, as columns indexed by day (index length - 1
 * is the as-of day). NaN means "not reported": missing is not zero, and every feature has to be
 * able to tell the two apart. Key features and onboarding steps are the configured ones (the
 * days keep the feed's raw keys).
 *
 * One window is refilled tenant after tenant (fillWindow). Column c's day i is
 * `columnValues[c][columnBase[c] + i]`, flag row r's is `flagValues[flagBase[r] + i]`. When the
 * tenant's days cover the whole window, the arrays are the days' own buffers and the bases
 * point at the window's part of them: nothing is copied and nothing is allocated (a view per
 * column, seventeen objects per tenant, cost the score stage more than some features), and the
 * features read only the days they need. Indexes stop at the as-of day, so the future is out of
 * reach whatever the days hold. Otherwise the arrays are the window's own buffers, holding the
 * days there are and NaN around them. The named getters (activeUsers, present, ...) return
 * views for code off the hot path (tests, reports).
 */

/** The numeric metrics of a metric day, in column order. */
export const WINDOW_METRICS = NUMERIC_METRICS;
export type WindowMetric = (typeof WINDOW_METRICS)[number];

/** Which key features and onboarding steps a window keeps columns for (from the product config). */
export interface WindowShape {
  readonly keyFeatures: readonly string[];
  readonly steps: readonly string[];
}

export function windowShape(features: Pick<FeatureMap, 'key' | 'onboardingSteps'>): WindowShape {
  return { keyFeatures: [...features.key], steps: features.onboardingSteps.map((step) => step.key) };
}

export { DEFAULT_WINDOW_DAYS, FIELD_COUNT, PRESENT, USAGE_REPORTED };

/** Column of a key feature's usage: after the metrics. */
export const USAGE_COLUMN = WINDOW_METRICS.length;

/**
 * The columns a window owns, for days that do not cover it (column c at c * length), and the
 * column of zeros every key feature no usage map named points at.
 */
interface WindowBuffers {
  readonly values: Float64Array;
  readonly flags: Uint8Array;
  readonly unnamed: Float64Array;
}

export class TenantWindow {
  readonly length: number;
  readonly shape: WindowShape;
  /** Day number of the last index (the as-of day); set by fillWindow. */
  asOfDay = Number.NaN;
  /**
   * Per column (WINDOW_METRICS, then one per shape.keyFeatures entry: that feature's usage
   * count per day) the array holding it and where its index 0 sits in that array. A key feature
   * no usage map of the tenant named reads 0 on every day (own.unnamed, filled by nobody): not
   * used wherever a map was reported, and the features read usage only on the days whose
   * USAGE_REPORTED flag says one was; column() gives NaN on the others.
   */
  readonly columnValues: Float64Array[];
  readonly columnBase: Int32Array;
  /**
   * The flag rows (PRESENT: 1 on days with a record; FIELD_COUNT: how many of the known metric
   * fields its record carried; USAGE_REPORTED: 1 on days whose record carried a featureUsage
   * map, where a feature absent from it was not used) and where each row's index 0 sits.
   */
  flagValues: Uint8Array;
  readonly flagBase: Int32Array;
  /**
   * Per shape.steps entry: the window index from which the step counts as done (the first day
   * listing it; 0 when it was listed before the window); NaN when not listed by asOf.
   */
  readonly stepDone: Float64Array;
  /**
   * First index from which onboardingSteps were reported (0 when reported before the window);
   * -1 when never reported by asOf, and onboarding progress is unknown.
   */
  onboardingFrom = -1;
  /** Index of the newest day with a record; -1 when the window is empty. */
  newestIndex = -1;
  readonly own: WindowBuffers;
  /**
   * Position of each configured key feature and step by key, and where the last tenant's days
   * kept each one. Keys are matched through maps: the days' keys are other string objects than
   * the config's, and comparing them character by character cost more than the window. Days
   * share their key lists (sharedKeyList), so the mapping of the last list is kept and reused
   * while the next tenant's days carry the same list.
   */
  readonly keyPosition: ReadonlyMap<string, number>;
  readonly stepPosition: ReadonlyMap<string, number>;
  readonly #daysColumn: Int32Array;
  #daysColumnOf: readonly string[] | null = null;
  #stepSlots = new Int32Array(0);
  #stepSlotsOf: readonly string[] | null = null;

  constructor(shape: WindowShape, length = DEFAULT_WINDOW_DAYS) {
    if (!Number.isInteger(length) || length < 1) {
      throw new RangeError(`window length must be >= 1: ${length}`);
    }
    this.length = length;
    this.shape = shape;
    const columns = USAGE_COLUMN + shape.keyFeatures.length;
    this.own = {
      values: new Float64Array(columns * length).fill(Number.NaN),
      flags: new Uint8Array(FLAG_ROWS * length),
      unnamed: new Float64Array(length),
    };
    this.columnValues = Array.from({ length: columns }, () => this.own.values);
    this.columnBase = Int32Array.from({ length: columns }, (_, c) => c * length);
    this.flagValues = this.own.flags;
    this.flagBase = Int32Array.from({ length: FLAG_ROWS }, (_, row) => row * length);
    this.stepDone = new Float64Array(shape.steps.length).fill(Number.NaN);
    this.keyPosition = new Map(shape.keyFeatures.map((key, k) => [key, k]));
    this.stepPosition = new Map(shape.steps.map((step, s) => [step, s]));
    this.#daysColumn = new Int32Array(shape.keyFeatures.length);
  }

  /**
   * Per configured key feature, the usage column (index into days.usageKeys) of the tenant's
   * days that holds it; -1 when no usage map named it.
   */
  usageColumnsOf(days: TenantDays): Int32Array {
    const keys = days.usageKeys;
    if (keys === this.#daysColumnOf) return this.#daysColumn;
    const columns = this.#daysColumn.fill(-1);
    for (let u = 0; u < keys.length; u++) {
      const k = this.keyPosition.get(keys[u] as string);
      if (k !== undefined) columns[k] = u;
    }
    this.#daysColumnOf = keys;
    return columns;
  }

  /** Per days.stepKeys entry, the position of that step in shape.steps; -1 when not configured. */
  stepSlotsOf(days: TenantDays): Int32Array {
    const keys = days.stepKeys;
    if (keys === this.#stepSlotsOf) return this.#stepSlots;
    if (this.#stepSlots.length < keys.length) this.#stepSlots = new Int32Array(keys.length);
    const slots = this.#stepSlots;
    for (let k = 0; k < keys.length; k++) slots[k] = this.stepPosition.get(keys[k] as string) ?? -1;
    this.#stepSlotsOf = keys;
    return slots;
  }

  /** Column c as a view (allocates: for code off the hot path). */
  column(c: number): Float64Array {
    if (this.columnValues[c] === this.own.unnamed) {
      return Float64Array.from(this.flagRow(USAGE_REPORTED), (reported) => (reported === 1 ? 0 : Number.NaN));
    }
    const base = this.columnBase[c] as number;
    return (this.columnValues[c] as Float64Array).subarray(base, base + this.length);
  }

  /** Flag row r as a view (allocates: for code off the hot path). */
  flagRow(row: number): Uint8Array {
    const base = this.flagBase[row] as number;
    return this.flagValues.subarray(base, base + this.length);
  }

  get metrics(): Float64Array[] {
    return WINDOW_METRICS.map((_, m) => this.column(m));
  }
  get featureUsage(): Float64Array[] {
    return this.shape.keyFeatures.map((_, k) => this.column(USAGE_COLUMN + k));
  }
  get activeUsers(): Float64Array {
    return this.column(0);
  }
  get coreActions(): Float64Array {
    return this.column(1);
  }
  get businessVolume(): Float64Array {
    return this.column(2);
  }
  get endCustomerReach(): Float64Array {
    return this.column(3);
  }
  get ticketsOpened(): Float64Array {
    return this.column(4);
  }
  get openBugs(): Float64Array {
    return this.column(5);
  }
  get slaBreaches(): Float64Array {
    return this.column(6);
  }
  get nps(): Float64Array {
    return this.column(7);
  }
  get csat(): Float64Array {
    return this.column(8);
  }
  get present(): Uint8Array {
    return this.flagRow(PRESENT);
  }
  get fieldCount(): Uint8Array {
    return this.flagRow(FIELD_COUNT);
  }
  get usageReported(): Uint8Array {
    return this.flagRow(USAGE_REPORTED);
  }

  /** Day number of a window index. */
  dayAt(index: number): number {
    return this.asOfDay - (this.length - 1) + index;
  }

  /** True when the tenant's feed reported onboarding progress by asOf. */
  get onboardingReported(): boolean {
    return this.onboardingFrom >= 0;
  }
}

/**
 * Refills a window for another tenant (or another as-of day) from the tenant's days: their own
 * buffers when they cover the whole window, copies into the window's buffers otherwise. Days
 * after asOf never come along; days before the window only count for onboarding (a step done
 * before the window is done).
 */
export function fillWindow(window: TenantWindow, days: TenantDays, asOfDay: number): TenantWindow {
  if (!Number.isInteger(asOfDay)) throw new RangeError(`asOfDay must be a day number: ${asOfDay}`);
  window.asOfDay = asOfDay;
  const length = window.length;
  const first = asOfDay - length + 1;
  // Day number of row position 0 of the days (padding included).
  const rowStart = days.firstDay - days.origin;
  if (days.length > 0 && rowStart <= first && days.lastDay >= asOfDay) {
    pointAtDays(window, days, first - rowStart);
  } else {
    copyDays(window, days, first - rowStart);
  }
  const { flagValues } = window;
  const present = window.flagBase[PRESENT] as number;
  let newest = length - 1;
  while (newest >= 0 && flagValues[present + newest] === 0) newest--;
  window.newestIndex = newest;
  const stepDone = window.stepDone.fill(Number.NaN);
  const { stepListed } = days;
  const slots = window.stepSlotsOf(days);
  for (let k = 0; k < stepListed.length; k++) {
    const s = slots[k] as number;
    const listed = stepListed[k] as number;
    if (s >= 0 && listed <= asOfDay) stepDone[s] = Math.max(0, listed - first);
  }
  const reportedFrom = days.onboardingFrom;
  window.onboardingFrom = reportedFrom <= asOfDay ? Math.max(0, reportedFrom - first) : -1;
  return window;
}

/** Days covering the whole window, from row position `from`: the window reads their buffers. */
function pointAtDays(window: TenantWindow, days: TenantDays, from: number): void {
  const { values, flags, stride } = days;
  const { columnValues, columnBase, flagBase } = window;
  // Every column: the usage ones too, which adoption and the stale-data guard walk.
  warm(days, from, window.length, values.length / stride);
  for (let m = 0; m < USAGE_COLUMN; m++) {
    columnValues[m] = values;
    columnBase[m] = m * stride + from;
  }
  window.flagValues = flags;
  for (let row = 0; row < FLAG_ROWS; row++) flagBase[row] = row * stride + from;
  placeUsage(window, days, from, null);
}

/**
 * Reads one number per 64-byte cache line of the window's part of the first `columns` columns
 * and of the flags. The score stage meets each tenant's days long after they were decoded, out
 * of the CPU cache; the features then stall on one memory fetch after another as they walk the
 * columns. These loads do not depend on each other, so the CPU has many fetches in flight at
 * once, and the features find the lines in cache. JavaScript has no prefetch instruction: this
 * is one.
 */
function warm(days: TenantDays, from: number, length: number, columns: number): void {
  const { values, flags, stride } = days;
  let sum = 0;
  for (let c = 0; c < columns; c++) {
    const end = c * stride + from + length;
    for (let i = c * stride + from; i < end; i += 8) sum += values[i] as number;
  }
  for (let row = 0; row < FLAG_ROWS; row++) {
    const end = row * stride + from + length;
    for (let i = row * stride + from; i < end; i += 64) sum += flags[i] as number;
  }
  warmed[0] = sum;
}
/** Where warm() leaves its sum, so the loads are not optimised away. */
const warmed = new Float64Array(1);

/** Days not covering the window: the ones there are copied into its own buffers, NaN around them. */
function copyDays(window: TenantWindow, days: TenantDays, offset: number): void {
  const { own, length, columnValues, columnBase, flagBase } = window;
  const { values, flags, stride } = days;
  // The window range [from, to) the days' rows cover (empty when they do not reach into it);
  // `offset` is the row position of window index 0. The days end at row origin + length, not at
  // the stride: days cut short (TenantDays.through) keep their buffers, later days included.
  const from = days.length === 0 ? 0 : Math.max(0, -offset);
  const to = days.length === 0 ? 0 : Math.min(length, days.origin + days.length - offset);
  for (let m = 0; m < USAGE_COLUMN; m++) {
    copyRange(own.values, m * length, values, m * stride + offset, from, to, length, Number.NaN);
    columnValues[m] = own.values;
    columnBase[m] = m * length;
  }
  for (let row = 0; row < FLAG_ROWS; row++) {
    copyRange(own.flags, row * length, flags, row * stride + offset, from, to, length, 0);
    flagBase[row] = row * length;
  }
  window.flagValues = own.flags;
  placeUsage(window, days, offset, { from, to });
}

/**
 * Each key feature's usage column: the days' column from row position `start` (read in place,
 * or, given the window range the days cover, copied into the window's own column), or no usage
 * when no map named the feature.
 */
function placeUsage(
  window: TenantWindow,
  days: TenantDays,
  start: number,
  copy: { readonly from: number; readonly to: number } | null,
): void {
  const { own, length, columnValues, columnBase } = window;
  const { values, stride } = days;
  const usage = window.usageColumnsOf(days);
  for (let k = 0; k < usage.length; k++) {
    const c = USAGE_COLUMN + k;
    const u = usage[k] as number;
    const source = (USAGE_COLUMN + u) * stride + start;
    if (u < 0) {
      noUsage(window, c);
    } else if (copy === null) {
      columnValues[c] = values;
      columnBase[c] = source;
    } else {
      copyRange(own.values, c * length, values, source, copy.from, copy.to, length, Number.NaN);
      columnValues[c] = own.values;
      columnBase[c] = c * length;
    }
  }
}

/** target[at + i] = source[i + offset] on [from, to), `outside` elsewhere in [0, length). */
function copyRange<T extends Float64Array | Uint8Array>(
  target: T,
  at: number,
  source: T,
  offset: number,
  from: number,
  to: number,
  length: number,
  outside: number,
): void {
  target.fill(outside, at, at + length);
  for (let i = from; i < to; i++) target[at + i] = source[i + offset] as number;
}

/** A key feature no usage map named: column c reads the zeros of own.unnamed (see columnValues). */
function noUsage(window: TenantWindow, c: number): void {
  window.columnValues[c] = window.own.unnamed;
  window.columnBase[c] = 0;
}

/**
 * A fresh window of `length` days (usually DEFAULT_WINDOW_DAYS) ending at asOf (YYYY-MM-DD or a
 * day number), from day records or decoded days. For many tenants, decode each tenant's days
 * once, create one TenantWindow and refill it with fillWindow instead.
 */
export function buildWindow(
  days: ArrayLike<WindowDay> | TenantDays,
  asOf: string | number,
  length: number,
  features: Pick<FeatureMap, 'key' | 'onboardingSteps'>,
): TenantWindow {
  const asOfDay = typeof asOf === 'number' ? asOf : toDayNumber(asOf);
  if (Number.isNaN(asOfDay)) throw new RangeError(`asOf is not a YYYY-MM-DD date: ${String(asOf)}`);
  const decoded = days instanceof TenantDays ? days : tenantDays(days);
  return fillWindow(new TenantWindow(windowShape(features), length), decoded, asOfDay);
}
