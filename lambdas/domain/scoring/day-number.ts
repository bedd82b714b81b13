/**
 * Calendar days as integers (days since 1970-01-01). Scoring touches every day of every tenant,
 * so dates are turned into numbers by arithmetic instead of through `Date`, which costs an
 * allocation and a parse per call. The feed validated the dates on the way in.
 */

/** Day number of a YYYY-MM-DD date; NaN when the text is not shaped like one. */
export function toDayNumber(isoDate: string): number {
  if (isoDate.length !== 10 || isoDate.charCodeAt(4) !== 45 || isoDate.charCodeAt(7) !== 45) {
    return Number.NaN;
  }
  const y0 = isoDate.charCodeAt(0) - 48;
  const y1 = isoDate.charCodeAt(1) - 48;
  const y2 = isoDate.charCodeAt(2) - 48;
  const y3 = isoDate.charCodeAt(3) - 48;
  const m0 = isoDate.charCodeAt(5) - 48;
  const m1 = isoDate.charCodeAt(6) - 48;
  const d0 = isoDate.charCodeAt(8) - 48;
  const d1 = isoDate.charCodeAt(9) - 48;
  // `>>> 0` turns a character below '0' into a large number: one comparison per digit.
  if (
    y0 >>> 0 > 9 ||
    y1 >>> 0 > 9 ||
    y2 >>> 0 > 9 ||
    y3 >>> 0 > 9 ||
    m0 >>> 0 > 9 ||
    m1 >>> 0 > 9 ||
    d0 >>> 0 > 9 ||
    d1 >>> 0 > 9
  ) {
    return Number.NaN;
  }
  const year = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
  const month = m0 * 10 + m1;
  const day = d0 * 10 + d1;
  if (month < 1 || month > 12 || day < 1 || day > 31) return Number.NaN;
  // Howard Hinnant's days_from_civil: years start in March so the leap day is the last one.
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = (((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) | 0) + day - 1;
  const dayOfEra = yearOfEra * 365 + ((yearOfEra / 4) | 0) - ((yearOfEra / 100) | 0) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/**
 * YYYY-MM-DD of a day number, by arithmetic (Howard Hinnant's civil_from_days): explanations
 * quote dates for thousands of tenants a night, and a Date per call cost more than the rest of
 * the sentence. Years outside 0000-9999, which ISO writes with a sign, go through Date.
 */
export function fromDayNumber(day: number): string {
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const date = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  if (!(year >= 0 && year <= 9999)) return new Date(day * 86_400_000).toISOString().slice(0, 10);
  return `${String(year).padStart(4, '0')}-${month < 10 ? '0' : ''}${month}-${date < 10 ? '0' : ''}${date}`;
}
