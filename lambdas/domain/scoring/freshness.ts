import type { FreshnessSettings } from '../../config/product-config';
import { fromDayNumber, toDayNumber } from './day-number';
import { formatCount, formatMultiple, formatNumber } from './format';
import { MAX_DAY_FIELDS } from './tenant-days';
import {
  FIELD_COUNT,
  PRESENT,
  type TenantWindow,
  USAGE_COLUMN,
  WINDOW_METRICS,
  type WindowMetric,
} from './tenant-window';
import { medianOf } from './window-stats';

/**
 * The stale-data guard. A tenant whose data is late, partial or anomalous gets its score
 * frozen and its emails held: Lifeline must never tell an active customer "we miss you"
 * because an exporter broke. Checked in order: late (the newest day is behind the feed),
 * partial (the newest day carries too few of the fields the tenant usually sends), anomalous
 * (all activity exactly zero where the same weekday always had some, or a value above
 * SPIKE_FACTOR x its 28-day median).
 */

export type FreshnessStatus = 'fresh' | 'late' | 'partial' | 'anomalous';

export interface FreshnessResult {
  readonly status: FreshnessStatus;
  /** One sentence for the digest and the console; null when fresh. */
  readonly reason: string | null;
  /** The tenant's newest reported day; null when the window is empty. */
  readonly newestDate: string | null;
  /** The scores.jsonl `dataFreshness` value: the status. */
  readonly dataFreshness: FreshnessStatus;
}

/** A value this many times its 28-day median is an exporter bug (a unit change, a double count). */
export const SPIKE_FACTOR = 20;
/** Same-weekday history a zero day is compared with, and how much of it must have reported. */
const WEEKS_BACK = 4;
const MIN_WEEKS_REPORTED = 2;
/** Below this level (users, or core actions), a day of zero can be plain chance (Poisson). */
const MIN_USUAL_ACTIVITY = 8;

/** Metric columns (WINDOW_METRICS positions) checked for spikes, and how a sentence names them. */
const SPIKE_METRICS: readonly (readonly [WindowMetric, string])[] = [
  ['activeUsers', 'Active users'],
  ['coreActions', 'Core actions'],
  ['businessVolume', 'Business volume'],
  ['endCustomerReach', 'End customers reached'],
  ['ticketsOpened', 'Tickets opened'],
];
const SPIKE_COLUMNS = Int32Array.from(SPIKE_METRICS, ([metric]) => WINDOW_METRICS.indexOf(metric));

/** Workspace of the 28-day medians (allocation-free per tenant). */
const scratch = new Float64Array(28);
const fieldHistogram = new Uint32Array(256);

/**
 * Classifies the tenant's data at the window's as-of day. `feedNewest` is the newest date seen
 * across all tenants of the feed (YYYY-MM-DD or day number); a later date than the window's
 * as-of day is capped at it, so a backtest never calls history late.
 */
export function classifyFreshness(
  window: TenantWindow,
  feedNewest: string | number,
  settings: FreshnessSettings,
): FreshnessResult {
  const feedDay = Math.min(
    typeof feedNewest === 'number' ? feedNewest : toDayNumber(feedNewest),
    window.asOfDay,
  );
  if (Number.isNaN(feedDay)) throw new RangeError(`feedNewest is not a date: ${String(feedNewest)}`);
  const newest = window.newestIndex;
  if (newest < 0) {
    return result('late', `No data in the last ${formatCount(window.length)} days.`, null);
  }
  const newestDay = window.dayAt(newest);
  const newestDate = dateOf(newestDay);
  const lag = feedDay - newestDay;
  if (lag > settings.maxLagDays) {
    return result(
      'late',
      `Newest data is from ${newestDate}, ${formatCount(lag)} days behind the feed (${fromDayNumber(feedDay)}).`,
      newestDate,
    );
  }
  const fields = window.flagValues[(window.flagBase[FIELD_COUNT] as number) + newest] as number;
  // The usual count is a median of counts no day exceeds MAX_DAY_FIELDS by: a newest day with
  // that share of the most there can be is not partial whatever the usual, as most are, and the
  // pass over every day for the median is spared.
  if (fields < settings.minFieldsShare * MAX_DAY_FIELDS) {
    const usual = usualFieldCount(window, newest);
    if (usual > 0 && fields < settings.minFieldsShare * usual) {
      return result(
        'partial',
        `Newest day (${newestDate}) carries ${formatCount(fields)} of the ${formatCount(usual)} fields this tenant usually sends.`,
        newestDate,
      );
    }
  }
  if (zeroActivity(window, newest)) {
    return result(
      'anomalous',
      `All activity is exactly zero on ${newestDate}, a weekday that always had activity before.`,
      newestDate,
    );
  }
  for (let k = 0; k < SPIKE_COLUMNS.length; k++) {
    const column = SPIKE_COLUMNS[k] as number;
    const values = window.columnValues[column] as Float64Array;
    const base = window.columnBase[column] as number;
    const latest = values[base + newest] as number;
    // The 28 days before the newest, within the window (indexes into `values`).
    const from = base + Math.max(0, newest - 28);
    const to = base + newest - 1;
    if (!(latest > 0) || !mayBeSpike(values, from, to, latest)) continue;
    const median = medianOf(values, from, to, scratch);
    if (median > 0 && latest > SPIKE_FACTOR * median) {
      return result(
        'anomalous',
        `${(SPIKE_METRICS[k] as readonly [WindowMetric, string])[1]} on ${newestDate}: ${formatNumber(latest)}, ${formatMultiple(latest / median)} the 28-day median of ${formatNumber(median)}.`,
        newestDate,
      );
    }
  }
  return result('fresh', null, newestDate);
}

/**
 * False when the median of the reported days in the range is certainly not below
 * latest / SPIKE_FACTOR, so the guard can skip finding it (most tenants, most nights): values
 * below that bound are the smallest ones, and if they are no more than the lower middle's
 * index, the lower middle and so the median (it or the mean of it and the next) are not.
 */
function mayBeSpike(values: Float64Array, from: number, to: number, latest: number): boolean {
  let reported = 0;
  let below = 0;
  const end = Math.min(to, values.length - 1);
  for (let i = Math.max(0, from); i <= end; i++) {
    const value = values[i] as number;
    if (Number.isNaN(value)) continue;
    reported++;
    if (SPIKE_FACTOR * value < latest) below++;
  }
  return below > (reported - 1) >> 1;
}

/**
 * fromDayNumber for every tenant's newest day, remembering the last answer: tenants of one
 * feed nearly all end on the same day, and formatting goes through Date each time.
 */
let lastDay = Number.NaN;
let lastDate = '';
function dateOf(day: number): string {
  if (day !== lastDay) {
    lastDate = fromDayNumber(day);
    lastDay = day;
  }
  return lastDate;
}

function result(status: FreshnessStatus, reason: string | null, newestDate: string | null): FreshnessResult {
  return { status, reason, newestDate, dataFreshness: status };
}

/** Median fields per reported day before the newest one (0 without history). */
function usualFieldCount(window: TenantWindow, newest: number): number {
  const { flagValues, flagBase } = window;
  const present = flagBase[PRESENT] as number;
  const fieldCount = flagBase[FIELD_COUNT] as number;
  let days = 0;
  let most = 0;
  for (let i = 0; i < newest; i++) {
    if (flagValues[present + i] === 1) {
      const fields = flagValues[fieldCount + i] as number;
      // Only the counts up to the largest seen are cleared: a day carries about a dozen fields.
      for (; most <= fields; most++) fieldHistogram[most] = 0;
      fieldHistogram[fields] = (fieldHistogram[fields] as number) + 1;
      days++;
    }
  }
  if (days === 0) return 0;
  const half = days / 2;
  let seen = 0;
  for (let count = 0; count < most; count++) {
    seen += fieldHistogram[count] as number;
    if (seen >= half) return count;
  }
  return 0;
}

/** Activity on a day: active users (core actions if users are not reported); NaN if neither. */
function activity(window: TenantWindow, day: number): number {
  const { columnValues, columnBase } = window;
  const users = (columnValues[0] as Float64Array)[(columnBase[0] as number) + day] as number;
  const actions = (columnValues[1] as Float64Array)[(columnBase[1] as number) + day] as number;
  if (!Number.isNaN(users)) {
    if (users > 0) return users;
  } else if (!(actions >= 0)) {
    return Number.NaN;
  }
  if (actions > 0) return actions;
  for (let c = USAGE_COLUMN; c < columnValues.length; c++) {
    const used = (columnValues[c] as Float64Array)[(columnBase[c] as number) + day] as number;
    if (used > 0) return used;
  }
  return 0;
}

/**
 * Zero activity on the newest day where the same weekday of each past week had at least
 * MIN_USUAL_ACTIVITY, and so had the days just before: a quiet Sunday in a small office, or a
 * team whose use has been falling for days, may really reach zero; a stop out of a busy week
 * is an exporter that sent zeros.
 */
function zeroActivity(window: TenantWindow, newest: number): boolean {
  if (activity(window, newest) !== 0) return false;
  let reported = 0;
  for (let week = 1; week <= WEEKS_BACK; week++) {
    const day = newest - 7 * week;
    if (day < 0) break;
    const past = activity(window, day);
    if (past < MIN_USUAL_ACTIVITY) return false;
    if (!Number.isNaN(past)) reported++;
  }
  if (reported < MIN_WEEKS_REPORTED) return false;
  let recent = 0;
  let recentDays = 0;
  for (let day = Math.max(0, newest - 6); day < newest; day++) {
    const past = activity(window, day);
    if (past >= 0) {
      recent += past;
      recentDays++;
    }
  }
  return recentDays > 0 && recent / recentDays >= MIN_USUAL_ACTIVITY;
}
