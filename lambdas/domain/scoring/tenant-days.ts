import { NUMERIC_METRICS, type NumericMetric } from '../feed/feed-records';
import { toDayNumber } from './day-number';
import { sharedKeyList } from './shared-key-lists';

/**
 * A tenant's stored days as columns, decoded once where the days leave storage (the DynamoDB
 * reader, the in-memory feed). Day records are differently shaped objects (any field may be
 * missing, usage maps vary), so reading one costs a dozen generic property lookups; scoring,
 * the portfolio context and every training snapshot each cut a window from the same days, and
 * from columns that cut is a few typed-array views (or copies). Typed arrays with NaN for "not
 * reported" (missing is not zero) are the reason for the speed: keep them.
 *
 * Days are dense from the oldest to the newest day with a record: index i is day firstDay + i.
 * Usage and onboarding keep the raw keys of the feed, not the configured ones: the store does
 * not know the product config, and a config change must not need a re-read.
 */

/** The part of a metric day (feed record or stored day) the columns hold. */
export interface DayFields {
  readonly activeUsers?: unknown;
  readonly coreActions?: unknown;
  readonly businessVolume?: unknown;
  readonly endCustomerReach?: unknown;
  readonly ticketsOpened?: unknown;
  readonly openBugs?: unknown;
  readonly slaBreaches?: unknown;
  readonly nps?: unknown;
  readonly csat?: unknown;
  readonly featureUsage?: unknown;
  readonly onboardingSteps?: unknown;
}

/** A day record with its date (a MetricRecord, or a test's hand-made day). */
export interface WindowDay extends DayFields {
  readonly date: string;
}

interface TenantDaysParts {
  readonly firstDay: number;
  readonly length: number;
  readonly origin: number;
  readonly stride: number;
  readonly values: Float64Array;
  readonly flags: Uint8Array;
  readonly usageKeys: readonly string[];
  readonly stepKeys: readonly string[];
  readonly stepListed: Int32Array;
  readonly onboardingFrom: number;
}

/**
 * The score stage's window length. Days are stored padded to at least this many (NaN days
 * before the first record): a window at the newest day is then a view even for a tenant with
 * less history, instead of a copy.
 */
export const DEFAULT_WINDOW_DAYS = 90;

/** Rows of TenantDays.flags. */
export const PRESENT = 0;
export const FIELD_COUNT = 1;
export const USAGE_REPORTED = 2;
export const FLAG_ROWS = 3;

/** The most known fields a day can carry (FIELD_COUNT): the metrics, featureUsage, onboardingSteps. */
export const MAX_DAY_FIELDS = NUMERIC_METRICS.length + 2;

export class TenantDays {
  /** Day number of index 0, the oldest day with a record; NaN when there is none. */
  readonly firstDay: number;
  /** Days from the oldest to the newest day with a record (0 when there is none). */
  readonly length: number;
  /**
   * Every number in one buffer, column after column: NUMERIC_METRICS, then one column per
   * usageKeys entry; day i (day number firstDay + i) of column c at c * stride + origin + i, and
   * the `origin` positions before it are padding (NaN, no record). One buffer, not an array per column:
   * scoring reads a few hundred tenants' days that are no longer in the CPU cache, and every
   * separate array is one more object to fetch from memory before its numbers.
   * Metrics: NaN = not reported. Usage: the count; 0 on a day whose map lacks the key; NaN on a
   * day without a map.
   */
  readonly values: Float64Array;
  readonly stride: number;
  readonly origin: number;
  /**
   * Per day, in rows of `stride` like values: PRESENT (1 = the day has a record), FIELD_COUNT
   * (how many of the known metric fields its record carried: freshness, partial days) and
   * USAGE_REPORTED (1 = its record carried a featureUsage map).
   */
  readonly flags: Uint8Array;
  /** Every key any usage map carried, in order of first appearance. */
  readonly usageKeys: readonly string[];
  /** Every onboarding step key ever listed. */
  readonly stepKeys: readonly string[];
  /** Per stepKeys entry: the first day (number) that listed it. */
  readonly stepListed: Int32Array;
  /** First day (number) whose record reported onboardingSteps; NaN when none did. */
  readonly onboardingFrom: number;

  constructor(parts: TenantDaysParts) {
    this.firstDay = parts.firstDay;
    this.length = parts.length;
    this.origin = parts.origin;
    this.stride = parts.stride;
    this.values = parts.values;
    this.flags = parts.flags;
    this.usageKeys = parts.usageKeys;
    this.stepKeys = parts.stepKeys;
    this.stepListed = parts.stepListed;
    this.onboardingFrom = parts.onboardingFrom;
  }

  static readonly EMPTY = new TenantDays({
    firstDay: Number.NaN,
    length: 0,
    origin: 0,
    stride: 0,
    values: new Float64Array(0),
    flags: new Uint8Array(0),
    usageKeys: [],
    stepKeys: [],
    stepListed: new Int32Array(0),
    onboardingFrom: Number.NaN,
  });

  /** Day number of the newest day with a record; NaN when there is none. */
  get lastDay(): number {
    return this.firstDay + this.length - 1;
  }

  /** One metric's values per day (a view). */
  metric(name: NumericMetric): Float64Array {
    return this.#column(NUMERIC_METRICS.indexOf(name));
  }

  /** The usage counts per day of usageKeys[k] (a view). */
  usage(k: number): Float64Array {
    return this.#column(NUMERIC_METRICS.length + k);
  }

  /** One row of flags (PRESENT, FIELD_COUNT, USAGE_REPORTED) per day (a view). */
  flag(row: number): Uint8Array {
    const start = row * this.stride + this.origin;
    return this.flags.subarray(start, start + this.length);
  }

  #column(c: number): Float64Array {
    const start = c * this.stride + this.origin;
    return this.values.subarray(start, start + this.length);
  }

  /**
   * The days up to and including `day` (the same buffers, no copy): a feed rewound to a past
   * date, as a backtest sees it. Onboarding first listed later was not listed by then.
   */
  through(day: number): TenantDays {
    if (!(day < this.lastDay)) return this;
    let end = Math.min(this.length, day - this.firstDay + 1);
    while (end > 0 && this.flags[PRESENT * this.stride + this.origin + end - 1] === 0) end--;
    if (end <= 0) return TenantDays.EMPTY;
    const stepKeys: string[] = [];
    const stepListed: number[] = [];
    this.stepKeys.forEach((key, s) => {
      if ((this.stepListed[s] as number) <= day) {
        stepKeys.push(key);
        stepListed.push(this.stepListed[s] as number);
      }
    });
    return new TenantDays({
      firstDay: this.firstDay,
      length: end,
      origin: this.origin,
      stride: this.stride,
      values: this.values,
      flags: this.flags,
      usageKeys: this.usageKeys,
      stepKeys,
      stepListed: Int32Array.from(stepListed),
      onboardingFrom: this.onboardingFrom <= day ? this.onboardingFrom : Number.NaN,
    });
  }
}

/**
 * Decodes day records into TenantDays for the days fromDay..toDay (inclusive): allocated once
 * for that span, then trimmed to the days that have records. Days may come in any order; a
 * repeated day overwrites the fields its later record carries (a later usage map replaces the
 * earlier one whole).
 */
export class TenantDaysBuilder {
  readonly #from: number;
  readonly #capacity: number;
  readonly #metrics: Float64Array[];
  readonly #activeUsers: Float64Array;
  readonly #coreActions: Float64Array;
  readonly #businessVolume: Float64Array;
  readonly #endCustomerReach: Float64Array;
  readonly #ticketsOpened: Float64Array;
  readonly #openBugs: Float64Array;
  readonly #slaBreaches: Float64Array;
  readonly #nps: Float64Array;
  readonly #csat: Float64Array;
  readonly #present: Uint8Array;
  readonly #fieldCount: Uint8Array;
  readonly #usageReported: Uint8Array;
  readonly #usage: Float64Array[] = [];
  readonly #usageColumns = new KeyColumns();
  readonly #stepColumns = new KeyColumns();
  readonly #stepListed: number[] = [];
  #onboardingFrom = Number.NaN;
  #oldest = Number.POSITIVE_INFINITY;
  #newest = Number.NEGATIVE_INFINITY;

  constructor(fromDay: number, toDay: number) {
    if (!Number.isInteger(fromDay) || !Number.isInteger(toDay) || toDay < fromDay) {
      throw new RangeError(`not a span of day numbers: ${fromDay}..${toDay}`);
    }
    const capacity = toDay - fromDay + 1;
    this.#from = fromDay;
    this.#capacity = capacity;
    const buffer = new Float64Array(NUMERIC_METRICS.length * capacity).fill(Number.NaN);
    const column = (m: number) => buffer.subarray(m * capacity, (m + 1) * capacity);
    // In NUMERIC_METRICS order.
    this.#activeUsers = column(0);
    this.#coreActions = column(1);
    this.#businessVolume = column(2);
    this.#endCustomerReach = column(3);
    this.#ticketsOpened = column(4);
    this.#openBugs = column(5);
    this.#slaBreaches = column(6);
    this.#nps = column(7);
    this.#csat = column(8);
    this.#metrics = NUMERIC_METRICS.map((_, m) => column(m));
    this.#present = new Uint8Array(capacity);
    this.#fieldCount = new Uint8Array(capacity);
    this.#usageReported = new Uint8Array(capacity);
  }

  /**
   * Writes one day's record. Each field is read by name, once: a loop over the metric names
   * would make every read a keyed lookup on objects of many shapes, the cost this replaces.
   */
  add(day: number, record: DayFields): void {
    const i = this.open(day);
    let fields = 0;
    const activeUsers = record.activeUsers;
    if (typeof activeUsers === 'number') {
      this.#activeUsers[i] = activeUsers;
      fields++;
    }
    const coreActions = record.coreActions;
    if (typeof coreActions === 'number') {
      this.#coreActions[i] = coreActions;
      fields++;
    }
    const businessVolume = record.businessVolume;
    if (typeof businessVolume === 'number') {
      this.#businessVolume[i] = businessVolume;
      fields++;
    }
    const endCustomerReach = record.endCustomerReach;
    if (typeof endCustomerReach === 'number') {
      this.#endCustomerReach[i] = endCustomerReach;
      fields++;
    }
    const ticketsOpened = record.ticketsOpened;
    if (typeof ticketsOpened === 'number') {
      this.#ticketsOpened[i] = ticketsOpened;
      fields++;
    }
    const openBugs = record.openBugs;
    if (typeof openBugs === 'number') {
      this.#openBugs[i] = openBugs;
      fields++;
    }
    const slaBreaches = record.slaBreaches;
    if (typeof slaBreaches === 'number') {
      this.#slaBreaches[i] = slaBreaches;
      fields++;
    }
    const nps = record.nps;
    if (typeof nps === 'number') {
      this.#nps[i] = nps;
      fields++;
    }
    const csat = record.csat;
    if (typeof csat === 'number') {
      this.#csat[i] = csat;
      fields++;
    }
    const usage = record.featureUsage;
    if (usage !== undefined && usage !== null) {
      fields++;
      this.usageMap(i);
      // Walking the map's own keys is cheaper than looking each known key up in it.
      const counts = usage as Readonly<Record<string, unknown>>;
      let position = 0;
      for (const key in counts) {
        const column = this.usageColumn(position++, key);
        const count = counts[key];
        if (typeof count === 'number') this.usageCount(i, column, count);
      }
    }
    const steps = record.onboardingSteps;
    if (steps !== undefined && steps !== null) {
      fields++;
      this.stepList(day);
      if (Array.isArray(steps)) {
        for (let position = 0; position < steps.length; position++) {
          const step = steps[position];
          if (typeof step === 'string') this.step(day, position, step);
        }
      }
    }
    this.close(i, fields);
  }

  // The field-by-field form of add, for decoders that read a stored day without making an
  // object of it: open, then the fields, then close with how many known fields the day had.

  /** The index of `day` in the builder's span. */
  open(day: number): number {
    const i = day - this.#from;
    if (!(i >= 0 && i < this.#capacity)) {
      throw new RangeError(`day ${day} is outside ${this.#from}..${this.#from + this.#capacity - 1}`);
    }
    return i;
  }

  /** NUMERIC_METRICS[m] of day index i. */
  metric(i: number, m: number, value: number): void {
    (this.#metrics[m] as Float64Array)[i] = value;
  }

  /** Day index i reported a usage map (a second map for the same day replaces the first). */
  usageMap(i: number): void {
    if (this.#usageReported[i] === 1) for (const column of this.#usage) column[i] = Number.NaN;
    this.#usageReported[i] = 1;
  }

  /** The usage column of `key`, found at `position` of its map (a new column for a new key). */
  usageColumn(position: number, key: string): number {
    const column = this.#usageColumns.columnAt(position, key);
    if (column === this.#usage.length) this.#usage.push(new Float64Array(this.#capacity).fill(Number.NaN));
    return column;
  }

  usageCount(i: number, column: number, count: number): void {
    (this.#usage[column] as Float64Array)[i] = count;
  }

  /** `day` reported onboardingSteps. */
  stepList(day: number): void {
    if (!(this.#onboardingFrom <= day)) this.#onboardingFrom = day;
  }

  /** `day` listed `step` (at `position` of its list) as done. */
  step(day: number, position: number, step: string): void {
    const listed = this.#stepListed;
    const s = this.#stepColumns.columnAt(position, step);
    if (s === listed.length) listed.push(day);
    else if (day < (listed[s] as number)) listed[s] = day;
  }

  /** Day index i has a record carrying `fields` of the known metric fields. */
  close(i: number, fields: number): void {
    if (!(fields >= 0 && fields <= MAX_DAY_FIELDS)) {
      throw new RangeError(`a day carries 0..${MAX_DAY_FIELDS} known fields, not ${fields}`);
    }
    this.#present[i] = 1;
    if (fields > (this.#fieldCount[i] as number)) this.#fieldCount[i] = fields;
    if (i < this.#oldest) this.#oldest = i;
    if (i > this.#newest) this.#newest = i;
  }

  /**
   * The decoded days, trimmed to the oldest..newest day with a record, in one buffer, padded
   * to DEFAULT_WINDOW_DAYS.
   */
  build(): TenantDays {
    if (this.#newest < this.#oldest) return TenantDays.EMPTY;
    const from = this.#oldest;
    const to = this.#newest + 1;
    const length = to - from;
    const origin = Math.max(0, DEFAULT_WINDOW_DAYS - length);
    const stride = origin + length;
    const reported = this.#usageReported;
    const columns = [...this.#metrics, ...this.#usage];
    // Numbers and flags in one allocation, the flags right after the numbers: scoring reads both
    // from memory, and one stream of addresses is fetched ahead by the CPU where two are not.
    const valueCount = columns.length * stride;
    const buffer = new ArrayBuffer(valueCount * Float64Array.BYTES_PER_ELEMENT + FLAG_ROWS * stride);
    const values = new Float64Array(buffer, 0, valueCount).fill(Number.NaN);
    for (let c = 0; c < columns.length; c++) {
      values.set((columns[c] as Float64Array).subarray(from, to), c * stride + origin);
    }
    for (let u = this.#metrics.length; u < columns.length; u++) {
      for (let i = 0; i < length; i++) {
        const at = u * stride + origin + i;
        if (reported[from + i] === 1 && Number.isNaN(values[at] as number)) values[at] = 0;
      }
    }
    const flags = new Uint8Array(buffer, valueCount * Float64Array.BYTES_PER_ELEMENT, FLAG_ROWS * stride);
    flags.set(this.#present.subarray(from, to), PRESENT * stride + origin);
    flags.set(this.#fieldCount.subarray(from, to), FIELD_COUNT * stride + origin);
    flags.set(reported.subarray(from, to), USAGE_REPORTED * stride + origin);
    return new TenantDays({
      firstDay: this.#from + from,
      length,
      origin,
      stride,
      values,
      flags,
      usageKeys: sharedKeyList(this.#usageColumns.keys),
      stepKeys: sharedKeyList(this.#stepColumns.keys),
      stepListed: Int32Array.from(this.#stepListed),
      onboardingFrom: this.#onboardingFrom,
    });
  }
}

/** TenantDays of day records (malformed dates skipped). */
export function tenantDays(records: ArrayLike<WindowDay>): TenantDays {
  const dayNumbers = new Float64Array(records.length);
  let oldest = Number.POSITIVE_INFINITY;
  let newest = Number.NEGATIVE_INFINITY;
  for (let r = 0; r < records.length; r++) {
    const day = toDayNumber((records[r] as WindowDay).date);
    dayNumbers[r] = day;
    if (day < oldest) oldest = day;
    if (day > newest) newest = day;
  }
  if (newest < oldest) return TenantDays.EMPTY;
  const builder = new TenantDaysBuilder(oldest, newest);
  for (let r = 0; r < records.length; r++) {
    const day = dayNumbers[r] as number;
    if (!Number.isNaN(day)) builder.add(day, records[r] as WindowDay);
  }
  return builder.build();
}

/**
 * The column of a key (usage key, step key) from the key and its position in its map or list,
 * adding a column for a key not seen before. A feed writes its maps with the same keys in the
 * same order day after day, so one comparison per key finds the column.
 */
export class KeyColumns {
  readonly keys: string[] = [];
  readonly #byPositionKey: string[] = [];
  readonly #byPositionColumn: number[] = [];

  /** Index in `keys` of `key`, found at `position`; keys.length - 1 when it was just added. */
  columnAt(position: number, key: string): number {
    if (this.#byPositionKey[position] === key) return this.#byPositionColumn[position] as number;
    let column = this.keys.indexOf(key);
    if (column < 0) column = this.keys.push(key) - 1;
    this.#byPositionKey[position] = key;
    this.#byPositionColumn[position] = column;
    return column;
  }
}
