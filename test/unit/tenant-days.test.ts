import { describe, expect, it } from 'vitest';
import {
  DEFAULT_WINDOW_DAYS,
  FIELD_COUNT,
  MAX_DAY_FIELDS,
  PRESENT,
  TenantDays,
  TenantDaysBuilder,
  tenantDays,
  USAGE_REPORTED,
} from '../../lambdas/domain/scoring/tenant-days';
import { AS_OF_DAY, day } from './scoring-fixtures';

describe('tenantDays: day records into columns', () => {
  it('puts each metric on its day, keeps missing as NaN and spans the oldest to the newest record', () => {
    const days = tenantDays([
      day(0, { activeUsers: 7, coreActions: 70 }),
      day(-3, { activeUsers: 5, nps: 9, note: 'unknown fields are not columns' } as never),
      day(-1, {}),
    ]);
    expect(days.firstDay).toBe(AS_OF_DAY - 3);
    expect(days.lastDay).toBe(AS_OF_DAY);
    expect(days.length).toBe(4);
    expect([...days.metric('activeUsers')]).toEqual([5, Number.NaN, Number.NaN, 7]);
    expect([...days.metric('coreActions')]).toEqual([Number.NaN, Number.NaN, Number.NaN, 70]);
    expect([...days.metric('nps')]).toEqual([9, Number.NaN, Number.NaN, Number.NaN]);
    expect([...days.flag(PRESENT)]).toEqual([1, 0, 1, 1]);
    expect([...days.flag(FIELD_COUNT)]).toEqual([2, 0, 0, 2]);
  });

  it('keeps every usage key: 0 where a reported map lacks it, NaN without a map', () => {
    const days = tenantDays([
      day(-3, { featureUsage: { reports: 4 } }),
      day(-2, { activeUsers: 1 }),
      day(-1, { featureUsage: { api: 2, reports: 'n/a' } as never }),
      day(0, { featureUsage: {} }),
    ]);
    expect(days.usageKeys).toEqual(['reports', 'api']);
    expect([...days.usage(0)]).toEqual([4, Number.NaN, 0, 0]);
    expect([...days.usage(1)]).toEqual([0, Number.NaN, 2, 0]);
    expect([...days.flag(USAGE_REPORTED)]).toEqual([1, 0, 1, 1]);
    expect([...days.flag(FIELD_COUNT)]).toEqual([1, 1, 1, 1]);
  });

  it('lets a repeated day overwrite the fields its later record carries, a usage map whole', () => {
    const days = tenantDays([
      day(0, { activeUsers: 1, coreActions: 2, featureUsage: { reports: 5, api: 1 } }),
      day(0, { activeUsers: 3, featureUsage: { api: 7 } }),
    ]);
    expect(days.metric('activeUsers')[0]).toBe(3);
    expect(days.metric('coreActions')[0]).toBe(2);
    expect([days.usage(0)[0], days.usage(1)[0]]).toEqual([0, 7]);
    expect(days.flag(FIELD_COUNT)[0]).toBe(3);
  });

  it('records the first day each onboarding step is listed and the first day progress was reported', () => {
    const days = tenantDays([
      day(-1, { onboardingSteps: ['invite_team', 'first_report'] }),
      day(-5, { onboardingSteps: [] }),
      day(-3, { onboardingSteps: ['invite_team'] }),
      day(0, { onboardingSteps: 'invite_team' as never }),
    ]);
    expect(days.stepKeys).toEqual(['invite_team', 'first_report']);
    expect([...days.stepListed]).toEqual([AS_OF_DAY - 3, AS_OF_DAY - 1]);
    expect(days.onboardingFrom).toBe(AS_OF_DAY - 5);
    expect(days.flag(FIELD_COUNT)[5]).toBe(1);
  });

  it('pads a short history to a window of days before its first record, out of sight of its columns', () => {
    const days = tenantDays([day(-2, { activeUsers: 1 }), day(0, { activeUsers: 3 })]);
    expect(days.origin).toBe(DEFAULT_WINDOW_DAYS - 3);
    expect(days.stride).toBe(DEFAULT_WINDOW_DAYS);
    expect([...days.metric('activeUsers')]).toEqual([1, Number.NaN, 3]);
    expect(days.values.slice(0, days.origin).every(Number.isNaN)).toBe(true);
    expect([...days.through(AS_OF_DAY - 1).flag(PRESENT)]).toEqual([1]);
    expect(tenantDays([day(-DEFAULT_WINDOW_DAYS, { activeUsers: 1 }), day(0, {})]).origin).toBe(0);
  });

  it('skips malformed dates; no valid record gives the empty days', () => {
    expect(tenantDays([{ date: '2026-13-01', activeUsers: 1 }, { date: 'soon' }])).toBe(TenantDays.EMPTY);
    expect(tenantDays([])).toBe(TenantDays.EMPTY);
    expect(TenantDays.EMPTY.length).toBe(0);
  });

  it('refuses a day outside the span a builder was made for', () => {
    const builder = new TenantDaysBuilder(10, 20);
    expect(() => builder.add(21, { activeUsers: 1 })).toThrow(RangeError);
    expect(() => new TenantDaysBuilder(20, 10)).toThrow(RangeError);
    // A day carries at most the known fields (the stale-data guard relies on the bound).
    expect(() => builder.close(builder.open(12), MAX_DAY_FIELDS + 1)).toThrow(RangeError);
  });
});

describe('TenantDays.through: the days as a past date saw them', () => {
  const days = tenantDays([
    day(-6, { activeUsers: 1, onboardingSteps: ['invite_team'] }),
    day(-4, { activeUsers: 2 }),
    day(-1, {
      activeUsers: 3,
      featureUsage: { reports: 1 },
      onboardingSteps: ['invite_team', 'first_report'],
    }),
  ]);

  it('ends at the last record on or before the date, without later onboarding', () => {
    const earlier = days.through(AS_OF_DAY - 2);
    expect(earlier.firstDay).toBe(days.firstDay);
    expect(earlier.lastDay).toBe(AS_OF_DAY - 4);
    expect([...earlier.metric('activeUsers')]).toEqual([1, Number.NaN, 2]);
    expect([...earlier.usage(0)]).toEqual([Number.NaN, Number.NaN, Number.NaN]);
    expect(earlier.stepKeys).toEqual(['invite_team']);
    expect(earlier.onboardingFrom).toBe(AS_OF_DAY - 6);
  });

  it('is the same days on or after the newest, none before the oldest', () => {
    expect(days.through(AS_OF_DAY)).toBe(days);
    expect(days.through(AS_OF_DAY - 1)).toBe(days);
    expect(days.through(AS_OF_DAY - 7)).toBe(TenantDays.EMPTY);
  });
});
