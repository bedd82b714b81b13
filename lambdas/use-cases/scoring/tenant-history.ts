import type { TenantRecord } from '../../domain/feed/feed-records';
import { toDayNumber } from '../../domain/scoring/day-number';
import type { TenantDays } from '../../domain/scoring/tenant-days';

/** A tenant as the score stage reads it: profile and stored days (decoded into columns). */
export interface TenantHistory {
  readonly profile: TenantRecord;
  readonly days: TenantDays;
}

/** Whether the tenant was a customer on `day`: signed up (or first seen) and not yet churned. */
export function activeOn(history: TenantHistory, day: number): boolean {
  const { profile } = history;
  const start = profile.signupDate === undefined ? history.days.firstDay : toDayNumber(profile.signupDate);
  if (!(start <= day)) return false;
  return profile.churnDate === undefined || toDayNumber(profile.churnDate) > day;
}

/** 1 when the tenant churned within (day, day + horizon]. */
export function churnedWithin(history: TenantHistory, day: number, horizonDays: number): 0 | 1 {
  const churn = history.profile.churnDate;
  if (churn === undefined) return 0;
  const churnDay = toDayNumber(churn);
  return churnDay > day && churnDay <= day + horizonDays ? 1 : 0;
}
