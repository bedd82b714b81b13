/**
 * Day arithmetic on integer epoch days (days since 1970-01-01, UTC). The simulation touches
 * millions of tenant-days, so it counts in integers and only formats a date string when a
 * record is written; UTC throughout, so no local time zone can shift a day.
 */

const DAY_MS = 86_400_000;

export function toEpochDay(isoDate: string): number {
  return Math.round(Date.parse(`${isoDate}T00:00:00Z`) / DAY_MS);
}

export function fromEpochDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Monday ... 6 = Sunday. 1970-01-01 (day 0) was a Thursday. */
export function weekdayOf(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

/** Fractional month position (0 = mid-January ... 11 = mid-December) for smooth yearly seasons. */
export function monthPosition(day: number): number {
  const date = new Date(day * DAY_MS);
  const month = date.getUTCMonth();
  const daysInMonth = new Date(Date.UTC(date.getUTCFullYear(), month + 1, 0)).getUTCDate();
  return month + (date.getUTCDate() - 0.5) / daysInMonth - 0.5;
}

/** The date `months` calendar months after `anchor`, clamped to the month's end (Jan 31 -> Feb 28). */
export function addMonths(anchor: number, months: number): number {
  const date = new Date(anchor * DAY_MS);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return Math.round(Date.UTC(year, month, Math.min(date.getUTCDate(), lastDay)) / DAY_MS);
}

/**
 * The first contract renewal on or after `notBefore`: renewals fall every `termMonths` after
 * signup, always computed from the signup anniversary so month-end clamping never drifts.
 */
export function nextRenewal(signupDay: number, termMonths: number, notBefore: number): number {
  let k = Math.max(1, Math.floor((notBefore - signupDay) / (30.44 * termMonths)) - 1);
  while (k > 1 && addMonths(signupDay, (k - 1) * termMonths) >= notBefore) k--;
  let renewal = addMonths(signupDay, k * termMonths);
  while (renewal < notBefore) {
    k++;
    renewal = addMonths(signupDay, k * termMonths);
  }
  return renewal;
}
