import { F } from './feature-catalog';
import { MIN_DAYS_PER_28 } from './portfolio-entry';
import type { TenantWindow } from './tenant-window';
import { slopeOf } from './window-stats';

/** Engagement features: how many people use the product, and whether that is falling. */

/** Reported days needed: 3 of the last 7, 10 of the 28-day baseline, 3 per week of the trend. */
const MIN_RECENT_DAYS = 3;
const MIN_BASELINE_DAYS = 10;
const MIN_WEEK_DAYS = 3;
const MIN_WEEKS = 4;

// Scratch: JS is single-threaded and nothing here re-enters, so the hot loop never allocates.
const weekly = new Float64Array(8);

/** Depth, recent vs baseline activity (users, core actions) and the 8-week engagement trend. */
export function activityFeatures(window: TenantWindow, end: number, seats: number, out: Float64Array): void {
  activeUsers(window.columnValues[0] as Float64Array, window.columnBase[0] as number, end, seats, out);
  coreActions(window.columnValues[1] as Float64Array, window.columnBase[1] as number, end, out);
}

/**
 * One pass over 8 weeks of active users (window index i at values[at + i]), newest week first;
 * every range is made of whole weeks:
 * recent = week 0, baseline = weeks 1-4 (the 28 days before), depth = weeks 0-3, trend = all 8.
 */
function activeUsers(values: Float64Array, at: number, end: number, seats: number, out: Float64Array): void {
  let recent = 0;
  let recentDays = 0;
  let base = 0;
  let baseDays = 0;
  let month = 0;
  let monthDays = 0;
  let weeks = 0;
  let weeksSum = 0;
  for (let w = 0; w < 8; w++) {
    let sum = 0;
    let count = 0;
    const top = end - 7 * w;
    const bottom = Math.max(0, top - 6);
    for (let i = top; i >= bottom; i--) {
      const value = values[at + i] as number;
      if (Number.isNaN(value)) continue;
      sum += value;
      count++;
    }
    const mean = count >= MIN_WEEK_DAYS ? sum / count : Number.NaN;
    weekly[7 - w] = mean;
    if (!Number.isNaN(mean)) {
      weeks++;
      weeksSum += mean;
    }
    if (w === 0) {
      recent = sum;
      recentDays = count;
    } else if (w <= 4) {
      base += sum;
      baseDays += count;
    }
    if (w < 4) {
      month += sum;
      monthDays += count;
    }
  }
  out[F.depth] = monthDays >= MIN_DAYS_PER_28 ? month / monthDays / seats : Number.NaN;
  setChange(
    recent,
    recentDays,
    base,
    baseDays,
    out,
    F.activeUsersRecent,
    F.activeUsersBaseline,
    F.activeUsersChange,
  );
  const mean = weeks >= MIN_WEEKS ? weeksSum / weeks : Number.NaN;
  out[F.engagementSlope] = mean > 0 ? slopeOf(weekly, 8, MIN_WEEKS) / mean : Number.NaN;
}

function coreActions(values: Float64Array, at: number, end: number, out: Float64Array): void {
  let recent = 0;
  let recentDays = 0;
  let base = 0;
  let baseDays = 0;
  const last = Math.min(34, end);
  for (let j = 0; j <= last; j++) {
    const value = values[at + end - j] as number;
    if (Number.isNaN(value)) continue;
    if (j < 7) {
      recent += value;
      recentDays++;
    } else {
      base += value;
      baseDays++;
    }
  }
  setChange(
    recent,
    recentDays,
    base,
    baseDays,
    out,
    F.coreActionsRecent,
    F.coreActionsBaseline,
    F.coreActionsChange,
  );
}

function setChange(
  recent: number,
  recentDays: number,
  base: number,
  baseDays: number,
  out: Float64Array,
  recentAt: number,
  baselineAt: number,
  changeAt: number,
): void {
  const recentMean = recentDays >= MIN_RECENT_DAYS ? recent / recentDays : Number.NaN;
  const baseMean = baseDays >= MIN_BASELINE_DAYS ? base / baseDays : Number.NaN;
  out[recentAt] = recentMean;
  out[baselineAt] = baseMean;
  out[changeAt] = baseMean > 0 ? recentMean / baseMean - 1 : Number.NaN;
}
