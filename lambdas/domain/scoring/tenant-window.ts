import type { FeatureMap } from '../../config/product-config';
import { NUMERIC_METRICS } from '../feed/feed-records';
import { fromDayNumber, toDayNumber } from './day-number';

/**
 * A tenant's last N days ending at the as-of date, as columns: one Float64Array per metric
 * indexed by day (index length - 1 is the as-of day). NaN means "not reported": missing is not
 * zero, and every feature has to be able to tell the two apart. Columns are views into one
 * buffer, so a window can be refilled for the next tenant without allocating.
 */

/** The numeric metrics of a metric day, in column order. */
export const WINDOW_METRICS = NUMERIC_METRICS;
export type WindowMetric = (typeof WINDOW_METRICS)[number];

/** The part of a metric day (feed record or stored day) a window reads. */
export interface WindowDay {
  readonly date: string;
  readonly activeUsers?: number;
  readonly coreActions?: number;
  readonly businessVolume?: number;
  readonly endCustomerReach?: number;
  readonly ticketsOpened?: number;
  readonly openBugs?: number;
  readonly slaBreaches?: number;
  readonly nps?: number;
  readonly csat?: number;
  readonly featureUsage?: Readonly<Record<string, number>>;
  readonly onboardingSteps?: readonly string[];
  /** When the stored day last changed (StoredMetricDay); absent on raw feed records. */
  readonly _receivedAt?: string;
}

/** Which key features and onboarding steps a window keeps columns for (from the product config). */
export interface WindowShape {
  readonly keyFeatures: readonly string[];
  readonly steps: readonly string[];
}

export function windowShape(features: Pick<FeatureMap, 'key' | 'onboardingSteps'>): WindowShape {
  return { keyFeatures: [...features.key], steps: features.onboardingSteps.map((step) => step.key) };
}

export const DEFAULT_WINDOW_DAYS = 90;

export class TenantWindow {
  readonly length: number;
  readonly shape: WindowShape;
  /** Day number of the last index (the as-of day); set by fillWindow. */
  asOfDay = Number.NaN;
  readonly activeUsers: Float64Array;
  readonly coreActions: Float64Array;
  readonly businessVolume: Float64Array;
  readonly endCustomerReach: Float64Array;
  readonly ticketsOpened: Float64Array;
  readonly openBugs: Float64Array;
  readonly slaBreaches: Float64Array;
  readonly nps: Float64Array;
  readonly csat: Float64Array;
  /** Per shape.keyFeatures entry: that feature's usage count per day. */
  readonly featureUsage: readonly Float64Array[];
  /** 1 on days whose record carried a featureUsage map (a feature absent from it was not used). */
  readonly usageReported: Uint8Array;
  /** Which featureUsage column a usage map's key fills (fillWindow's lookup, kept across refills). */
  readonly usageColumns: UsageColumns;
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
  readonly present: Uint8Array;
  /** How many of the known metric fields each day's record carried (freshness: partial days). */
  readonly fieldCount: Uint8Array;
  /** `_receivedAt` of each day's record, when the store supplied it. */
  readonly receivedAt: (string | undefined)[];
  /** False while no day carried `_receivedAt` (raw feed records): copies can skip the column. */
  hasReceivedAt = false;
  /** Index of the newest day with a record; -1 when the window is empty. */
  newestIndex = -1;
  recordCount = 0;
  /** Every numeric column, column-major (WINDOW_METRICS, then key features), `length` each. */
  readonly columns: Float64Array;

  constructor(shape: WindowShape, length = DEFAULT_WINDOW_DAYS) {
    if (!Number.isInteger(length) || length < 1) {
      throw new RangeError(`window length must be >= 1: ${length}`);
    }
    this.length = length;
    this.shape = shape;
    const columns = WINDOW_METRICS.length + shape.keyFeatures.length;
    this.columns = new Float64Array(columns * length).fill(Number.NaN);
    const column = (index: number) => this.columns.subarray(index * length, (index + 1) * length);
    this.activeUsers = column(0);
    this.coreActions = column(1);
    this.businessVolume = column(2);
    this.endCustomerReach = column(3);
    this.ticketsOpened = column(4);
    this.openBugs = column(5);
    this.slaBreaches = column(6);
    this.nps = column(7);
    this.csat = column(8);
    this.featureUsage = shape.keyFeatures.map((_, index) => column(WINDOW_METRICS.length + index));
    this.usageReported = new Uint8Array(length);
    this.usageColumns = new UsageColumns(shape.keyFeatures);
    this.stepDone = new Float64Array(shape.steps.length).fill(Number.NaN);
    this.present = new Uint8Array(length);
    this.fieldCount = new Uint8Array(length);
    this.receivedAt = new Array<string | undefined>(length).fill(undefined);
  }

  /** Day number of a window index. */
  dayAt(index: number): number {
    return this.asOfDay - (this.length - 1) + index;
  }

  /** True when the tenant's feed reported onboarding progress by asOf. */
  get onboardingReported(): boolean {
    return this.onboardingFrom >= 0;
  }

  reset(asOfDay: number): void {
    this.asOfDay = asOfDay;
    this.columns.fill(Number.NaN);
    this.usageReported.fill(0);
    this.stepDone.fill(Number.NaN);
    this.present.fill(0);
    this.fieldCount.fill(0);
    if (this.hasReceivedAt) this.receivedAt.fill(undefined);
    this.hasReceivedAt = false;
    this.onboardingFrom = -1;
    this.newestIndex = -1;
    this.recordCount = 0;
  }
}

/**
 * The featureUsage column of a usage map's key, remembered by the key's position in the map: a
 * feed writes its maps with the same keys in the same order day after day, so one comparison
 * per key finds the column that otherwise takes a search through the key features.
 */
export class UsageColumns {
  readonly #keyFeatures: readonly string[];
  readonly #keys: string[] = [];
  readonly #columns: number[] = [];

  constructor(keyFeatures: readonly string[]) {
    this.#keyFeatures = keyFeatures;
  }

  /** Index in keyFeatures of `key`, found at `position` of a usage map; -1 when not a key feature. */
  columnAt(position: number, key: string): number {
    if (this.#keys[position] === key) return this.#columns[position] as number;
    const column = this.#keyFeatures.indexOf(key);
    this.#keys[position] = key;
    this.#columns[position] = column;
    return column;
  }
}

/**
 * Refills a window for another tenant (or another as-of day) without allocating. Days after
 * asOf are ignored, so a window never holds the future whatever the caller passes in; days
 * before the window only count for onboarding (a step done before the window is done). Days
 * may come in any order; a repeated date overwrites the fields its later record carries.
 */
export function fillWindow(window: TenantWindow, days: ArrayLike<WindowDay>, asOfDay: number): TenantWindow {
  if (!Number.isInteger(asOfDay)) throw new RangeError(`asOfDay must be a day number: ${asOfDay}`);
  window.reset(asOfDay);
  const { length, featureUsage, usageColumns } = window;
  const first = asOfDay - length + 1;
  const before = dateBefore(first);
  for (let r = 0; r < days.length; r++) {
    const day = days[r];
    if (day === undefined) continue;
    const date = day.date;
    // Half a history is older than the window and only counts for onboarding: a string
    // comparison tells those days apart without parsing their dates.
    if (date < before) {
      const steps = day.onboardingSteps;
      if (steps !== undefined && steps !== null && !Number.isNaN(toDayNumber(date)))
        markSteps(window, steps, 0);
      continue;
    }
    const i = toDayNumber(date) - first;
    // Also false for NaN: a malformed date is skipped, never placed on some day.
    if (!(i < length)) continue;
    if (i < 0) {
      if (day.onboardingSteps !== undefined && day.onboardingSteps !== null) {
        markSteps(window, day.onboardingSteps, 0);
      }
      continue;
    }
    let fields = 0;
    const activeUsers = day.activeUsers;
    if (typeof activeUsers === 'number') {
      window.activeUsers[i] = activeUsers;
      fields++;
    }
    const coreActions = day.coreActions;
    if (typeof coreActions === 'number') {
      window.coreActions[i] = coreActions;
      fields++;
    }
    const businessVolume = day.businessVolume;
    if (typeof businessVolume === 'number') {
      window.businessVolume[i] = businessVolume;
      fields++;
    }
    const endCustomerReach = day.endCustomerReach;
    if (typeof endCustomerReach === 'number') {
      window.endCustomerReach[i] = endCustomerReach;
      fields++;
    }
    const ticketsOpened = day.ticketsOpened;
    if (typeof ticketsOpened === 'number') {
      window.ticketsOpened[i] = ticketsOpened;
      fields++;
    }
    const openBugs = day.openBugs;
    if (typeof openBugs === 'number') {
      window.openBugs[i] = openBugs;
      fields++;
    }
    const slaBreaches = day.slaBreaches;
    if (typeof slaBreaches === 'number') {
      window.slaBreaches[i] = slaBreaches;
      fields++;
    }
    const nps = day.nps;
    if (typeof nps === 'number') {
      window.nps[i] = nps;
      fields++;
    }
    const csat = day.csat;
    if (typeof csat === 'number') {
      window.csat[i] = csat;
      fields++;
    }
    const usage = day.featureUsage;
    if (usage !== undefined && usage !== null) {
      fields++;
      window.usageReported[i] = 1;
      // A key feature absent from a reported map was not used that day.
      for (let k = 0; k < featureUsage.length; k++) (featureUsage[k] as Float64Array)[i] = 0;
      // Walking the map's own keys is cheaper than looking each configured key up in it.
      let position = 0;
      for (const key in usage) {
        const k = usageColumns.columnAt(position++, key);
        const count = usage[key];
        if (k >= 0 && typeof count === 'number') (featureUsage[k] as Float64Array)[i] = count;
      }
    }
    const done = day.onboardingSteps;
    if (done !== undefined && done !== null) {
      fields++;
      markSteps(window, done, i);
    }
    if (window.present[i] === 0) window.recordCount++;
    window.present[i] = 1;
    if (fields > (window.fieldCount[i] as number)) window.fieldCount[i] = fields;
    const receivedAt = day._receivedAt;
    if (receivedAt !== undefined) {
      window.receivedAt[i] = receivedAt;
      window.hasReceivedAt = true;
    }
    if (i > window.newestIndex) window.newestIndex = i;
  }
  return window;
}

/**
 * A YYYY-MM-DD date such that every YYYY-MM-DD string sorting before it is a day before `first`
 * (or malformed, and skipped anyway); '' when there is none. Three days of slack because
 * toDayNumber reads day 29-31 of a shorter month as a day of the next one. Remembered: every
 * tenant of a pass asks for the same day.
 */
let beforeFirst = Number.NaN;
let beforeDate = '';
function dateBefore(first: number): string {
  if (first !== beforeFirst) {
    // Only years 1970-9999 print as YYYY-MM-DD; outside them, no shortcut.
    const bound = first - 3;
    beforeDate = bound >= 0 && bound <= LAST_FOUR_DIGIT_DAY ? fromDayNumber(bound) : '';
    beforeFirst = first;
  }
  return beforeDate;
}
/** 9999-12-31. */
const LAST_FOUR_DIGIT_DAY = 2_932_896;

/** Records that the steps in `done` were listed on window index `i` (the earliest listing wins). */
function markSteps(window: TenantWindow, done: readonly string[], i: number): void {
  if (!(window.onboardingFrom >= 0 && window.onboardingFrom <= i)) window.onboardingFrom = i;
  const { stepDone } = window;
  const steps = window.shape.steps;
  for (let s = 0; s < steps.length; s++) {
    // Already listed on an earlier day: nothing to learn from this one.
    if ((stepDone[s] as number) <= i) continue;
    if (done.includes(steps[s] as string)) stepDone[s] = i;
  }
}

/**
 * A fresh window of `length` days (usually DEFAULT_WINDOW_DAYS) ending at asOf (YYYY-MM-DD or a
 * day number). For many tenants, create one TenantWindow and refill it with fillWindow instead.
 */
export function buildWindow(
  days: ArrayLike<WindowDay>,
  asOf: string | number,
  length: number,
  features: Pick<FeatureMap, 'key' | 'onboardingSteps'>,
): TenantWindow {
  const asOfDay = typeof asOf === 'number' ? asOf : toDayNumber(asOf);
  if (Number.isNaN(asOfDay)) throw new RangeError(`asOf is not a YYYY-MM-DD date: ${String(asOf)}`);
  return fillWindow(new TenantWindow(windowShape(features), length), days, asOfDay);
}
