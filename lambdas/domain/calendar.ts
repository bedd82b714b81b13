/**
 * Calendar dates as the feed writes them (YYYY-MM-DD, no time zone). Kept as strings
 * end to end so that no conversion through local time can shift a day.
 */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** True for a real calendar day (rejects 2026-02-30, 2026-13-01). */
export function isCalendarDate(text: string): boolean {
  const match = ISO_DATE.exec(text);
  if (!match) return false;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

export function addDays(isoDate: string, days: number): string {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** "2026-11" for "2026-11-23": the month bucket a day is stored in. */
export function monthOf(isoDate: string): string {
  return isoDate.slice(0, 7);
}

/** The calendar date of an instant in an IANA time zone (a night belongs to the operator's zone). */
export function calendarDateIn(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(instant);
}

const knownZones = new Set(Intl.supportedValuesOf('timeZone'));

export function isIanaTimeZone(zone: string): boolean {
  if (zone === 'UTC' || knownZones.has(zone)) return true;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone.includes('/');
  } catch {
    return false;
  }
}
