import { InvalidArgumentError } from 'commander';
import { isCalendarDate } from '../domain/calendar';

/** Flag value parsers: a bad value fails with the flag, the rule and what was given. */
export function wholeNumber(flag: string, min: number): (value: string) => number {
  return (value) => {
    const parsed = Number(value);
    if (!/^\d+$/.test(value) || !Number.isSafeInteger(parsed) || parsed < min) {
      throw new InvalidArgumentError(`${flag} must be a whole number >= ${min}, got "${value}"`);
    }
    return parsed;
  };
}

export function shareOf(flag: string): (value: string) => number {
  return (value) => {
    const parsed = Number(value);
    if (value.trim() === '' || !Number.isFinite(parsed) || parsed < 0 || parsed > 1) {
      throw new InvalidArgumentError(`${flag} must be a number between 0 and 1, got "${value}"`);
    }
    return parsed;
  };
}

export function calendarDate(value: string): string {
  if (!isCalendarDate(value)) throw new InvalidArgumentError(`"${value}" is not a date written YYYY-MM-DD`);
  return value;
}
