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
 * A tenant's last N days ending at the as-of date, as columns: one Float64Array per metric
 * indexed by day (index length - 1 is the as-of day). NaN means "not reported": missing is not
 * zero, and every feature has to be able to tell the two apart. Key features and onboarding
 * steps are the configured ones (the days keep the feed's raw keys).
 *
 * One window is refilled tenant after tenant (fillWindow). When the tenant's days cover the
 * whole window, its columns are views into them, ending at the as-of day: the features then
 * read only the days they need (most of a usage column never is), and nothing is copied. The
 * views end at asOf, so the future is out of reach whatever the days hold. Otherwise the
 * columns are the window's own buffers, holding the days there are and NaN around them.
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

export { DEFAULT_WINDOW_DAYS };

/** The columns a window owns, for days that do not cover it. */
interface WindowBuffers {
  readonly metrics: readonly Float64Array[];
  readonly featureUsage: readonly Float64Array[];
  readonly usageReported: Uint8Array;
  readonly present: Uint8Array;
  readonly fieldCount: Uint8Array;
}

export class TenantWindow {
  readonly length: number;
  readonly shape: WindowShape;
  /** Day number of the last index (the as-of day); set by fillWindow. */
  asOfDay = Number.NaN;
  /** The metric columns in WINDOW_METRICS order (also by name below). */
  readonly metrics: Float64Array[];
  /** Per shape.keyFeatures entry: that feature's usage count per day. */
  readonly featureUsage: Float64Array[];
  /** 1 on days whose record carried a featureUsage map (a feature absent from it was not used). */
  usageReported: Uint8Array;
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
  /** 1 on days with a record. */
  present: Uint8Array;
  /** How many of the known metric fields each day's record carried (freshness: partial days). */
  fieldCount: Uint8Array;
  /** Index of the newest day with a record; -1 when the window is empty. */
  newestIndex = -1;
  readonly own: WindowBuffers;

  constructor(shape: WindowShape, length = DEFAULT_WINDOW_DAYS) {
    if (!Number.isInteger(length) || length < 1) {
      throw new RangeError(`window length must be >= 1: ${length}`);
    }
    this.length = length;
    this.shape = shape;
    const columns = WINDOW_METRICS.length + shape.keyFeatures.length;
    const buffer = new Float64Array(columns * length).fill(Number.NaN);
    const column = (index: number) => buffer.subarray(index * length, (index + 1) * length);
    this.own = {
      metrics: WINDOW_METRICS.map((_, index) => column(index)),
      featureUsage: shape.keyFeatures.map((_, index) => column(WINDOW_METRICS.length + index)),
      usageReported: new Uint8Array(length),
      present: new Uint8Array(length),
      fieldCount: new Uint8Array(length),
    };
    this.metrics = [...this.own.metrics];
    this.featureUsage = [...this.own.featureUsage];
    this.usageReported = this.own.usageReported;
    this.present = this.own.present;
    this.fieldCount = this.own.fieldCount;
    this.stepDone = new Float64Array(shape.steps.length).fill(Number.NaN);
  }

  get activeUsers(): Float64Array {
    return this.metrics[0] as Float64Array;
  }
  get coreActions(): Float64Array {
    return this.metrics[1] as Float64Array;
  }
  get businessVolume(): Float64Array {
    return this.metrics[2] as Float64Array;
  }
  get endCustomerReach(): Float64Array {
    return this.metrics[3] as Float64Array;
  }
  get ticketsOpened(): Float64Array {
    return this.metrics[4] as Float64Array;
  }
  get openBugs(): Float64Array {
    return this.metrics[5] as Float64Array;
  }
  get slaBreaches(): Float64Array {
    return this.metrics[6] as Float64Array;
  }
  get nps(): Float64Array {
    return this.metrics[7] as Float64Array;
  }
  get csat(): Float64Array {
    return this.metrics[8] as Float64Array;
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
 * Refills a window for another tenant (or another as-of day) from the tenant's days: views
 * into them when they cover the whole window, copies into the window's own buffers otherwise.
 * Days after asOf never come along; days before the window only count for onboarding (a step
 * done before the window is done).
 */
export function fillWindow(window: TenantWindow, days: TenantDays, asOfDay: number): TenantWindow {
  if (!Number.isInteger(asOfDay)) throw new RangeError(`asOfDay must be a day number: ${asOfDay}`);
  window.asOfDay = asOfDay;
  const length = window.length;
  const first = asOfDay - length + 1;
  // Day number of row position 0 of the days (padding included).
  const rowStart = days.firstDay - days.origin;
  if (days.length > 0 && rowStart <= first && days.lastDay >= asOfDay) {
    viewDays(window, days, first - rowStart);
  } else {
    copyDays(window, days, first - rowStart);
  }
  const present = window.present;
  let newest = length - 1;
  while (newest >= 0 && present[newest] === 0) newest--;
  window.newestIndex = newest;
  const steps = window.shape.steps;
  for (let s = 0; s < steps.length; s++) {
    const k = keyIndex(days.stepKeys, steps[s] as string, s);
    const listed = k < 0 ? Number.NaN : (days.stepListed[k] as number);
    window.stepDone[s] = listed <= asOfDay ? Math.max(0, listed - first) : Number.NaN;
  }
  const reportedFrom = days.onboardingFrom;
  window.onboardingFrom = reportedFrom <= asOfDay ? Math.max(0, reportedFrom - first) : -1;
  return window;
}

/** Days covering the whole window, from row position `from`: views, except for unreported usage. */
function viewDays(window: TenantWindow, days: TenantDays, from: number): void {
  const { values, flags, stride } = days;
  const length = window.length;
  const metrics = window.metrics;
  warm(days, from, length, metrics.length);
  for (let m = 0; m < metrics.length; m++) {
    metrics[m] = values.subarray(m * stride + from, m * stride + from + length);
  }
  window.present = flags.subarray(PRESENT * stride + from, PRESENT * stride + from + length);
  window.fieldCount = flags.subarray(FIELD_COUNT * stride + from, FIELD_COUNT * stride + from + length);
  window.usageReported = flags.subarray(
    USAGE_REPORTED * stride + from,
    USAGE_REPORTED * stride + from + length,
  );
  const keyFeatures = window.shape.keyFeatures;
  for (let k = 0; k < keyFeatures.length; k++) {
    const u = keyIndex(days.usageKeys, keyFeatures[k] as string, k);
    if (u < 0) {
      window.featureUsage[k] = noUsage(window.own.featureUsage[k] as Float64Array, window.usageReported);
    } else {
      const start = (metrics.length + u) * stride + from;
      window.featureUsage[k] = values.subarray(start, start + length);
    }
  }
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
  const { own, length } = window;
  const { values, flags, stride } = days;
  // The window range [from, to) the days' rows cover (empty when they do not reach into it);
  // `offset` is the row position of window index 0.
  const from = days.length === 0 ? 0 : Math.max(0, -offset);
  const to = days.length === 0 ? 0 : Math.min(length, stride - offset);
  for (let m = 0; m < own.metrics.length; m++) {
    const target = own.metrics[m] as Float64Array;
    copyRange(target, values, m * stride + offset, from, to, Number.NaN);
    window.metrics[m] = target;
  }
  window.present = copyRange(own.present, flags, PRESENT * stride + offset, from, to, 0);
  window.fieldCount = copyRange(own.fieldCount, flags, FIELD_COUNT * stride + offset, from, to, 0);
  window.usageReported = copyRange(own.usageReported, flags, USAGE_REPORTED * stride + offset, from, to, 0);
  const keyFeatures = window.shape.keyFeatures;
  for (let k = 0; k < keyFeatures.length; k++) {
    const target = own.featureUsage[k] as Float64Array;
    const u = keyIndex(days.usageKeys, keyFeatures[k] as string, k);
    window.featureUsage[k] =
      u < 0
        ? noUsage(target, window.usageReported)
        : copyRange(target, values, (own.metrics.length + u) * stride + offset, from, to, Number.NaN);
  }
}

/** target[i] = source[i + offset] on [from, to), `outside` elsewhere. */
function copyRange<T extends Float64Array | Uint8Array>(
  target: T,
  source: T,
  offset: number,
  from: number,
  to: number,
  outside: number,
): T {
  target.fill(outside);
  if (from < to) target.set(source.subarray(from + offset, to + offset), from);
  return target;
}

/** A key feature no usage map named: 0 where a map was reported (not used), else NaN. */
function noUsage(target: Float64Array, reported: Uint8Array): Float64Array {
  for (let i = 0; i < target.length; i++) target[i] = reported[i] === 1 ? 0 : Number.NaN;
  return target;
}

/**
 * Index of a configured key among the days' raw keys, tried first at the configured position:
 * a feed tends to list its keys in the configured order.
 */
function keyIndex(keys: readonly string[], key: string, guess: number): number {
  return keys[guess] === key ? guess : keys.indexOf(key);
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
