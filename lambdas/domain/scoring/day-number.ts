/**
 * Calendar days as integers (days since 1970-01-01). Scoring touches every day of every tenant,
 * so dates are turned into numbers by arithmetic instead of through `Date`, which costs an
 * allocation and a parse per call. The feed validated the dates on the way in.
 */

const ZERO = 48;

function digits(text: string, from: number, to: number): number {
  let value = 0;
  for (let i = from; i < to; i++) {
    const digit = text.charCodeAt(i) - ZERO;
    if (digit < 0 || digit > 9) return Number.NaN;
    value = value * 10 + digit;
  }
  return value;
}

/** Day number of a YYYY-MM-DD date; NaN when the text is not shaped like one. */
export function toDayNumber(isoDate: string): number {
  if (isoDate.length !== 10 || isoDate.charCodeAt(4) !== 45 || isoDate.charCodeAt(7) !== 45) {
    return Number.NaN;
  }
  const year = digits(isoDate, 0, 4);
  const month = digits(isoDate, 5, 7);
  const day = digits(isoDate, 8, 10);
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= 31)) return Number.NaN;
  // Howard Hinnant's days_from_civil: years start in March so the leap day is the last one.
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** YYYY-MM-DD of a day number; for sentences and reports, not for hot loops. */
export function fromDayNumber(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}
