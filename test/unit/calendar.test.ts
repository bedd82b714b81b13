import { describe, expect, it } from 'vitest';
import {
  addDays,
  calendarDateIn,
  daysBetween,
  isCalendarDate,
  isIanaTimeZone,
  monthOf,
} from '../../lambdas/domain/calendar';

describe('calendar dates', () => {
  it.each([
    ['2026-02-28', true],
    ['2028-02-29', true],
    ['2026-02-29', false],
    ['2026-02-30', false],
    ['2026-13-01', false],
    ['2026-1-01', false],
    ['26-01-01', false],
    ['2026-01-01T00:00:00Z', false],
  ])('%s is a calendar date: %s', (text, expected) => {
    expect(isCalendarDate(text)).toBe(expected);
  });

  it('adds days and counts them across month and year ends', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysBetween('2026-01-01', '2026-12-31')).toBe(364);
    expect(monthOf('2026-11-23')).toBe('2026-11');
  });

  it('dates an instant in the operator time zone', () => {
    const instant = new Date('2026-11-23T23:30:00Z');
    expect(calendarDateIn(instant, 'UTC')).toBe('2026-11-23');
    expect(calendarDateIn(instant, 'Europe/Berlin')).toBe('2026-11-24');
    expect(calendarDateIn(instant, 'America/Los_Angeles')).toBe('2026-11-23');
  });

  it('knows IANA zones', () => {
    expect(isIanaTimeZone('Europe/Berlin')).toBe(true);
    expect(isIanaTimeZone('UTC')).toBe(true);
    expect(isIanaTimeZone('Mars/Olympus')).toBe(false);
    expect(isIanaTimeZone('CET+1')).toBe(false);
  });
});
