import { type FeatureMap, FeatureMapSchema } from '../../lambdas/config/product-config';
import type { TenantRecord } from '../../lambdas/domain/feed/feed-records';
import { fromDayNumber, toDayNumber } from '../../lambdas/domain/scoring/day-number';
import type { PortfolioEntry } from '../../lambdas/domain/scoring/portfolio-entry';
import type { WindowDay } from '../../lambdas/domain/scoring/tenant-days';

/** Hand-made tenants and days for the scoring tests: small, explicit, relative to AS_OF. */

export const FEATURES: FeatureMap = FeatureMapSchema.parse({
  key: ['reports', 'automations', 'dashboards', 'integrations', 'bulk_import', 'api'],
  core: ['reports', 'automations', 'dashboards'],
  retention: ['reports', 'integrations'],
  onboardingSteps: [
    { key: 'invite_team', label: 'Invite your team', expectedDay: 7 },
    { key: 'bulk_user_import', label: 'Import your existing users in bulk', expectedDay: 14 },
    { key: 'first_report', label: 'Build your first report', expectedDay: 21 },
    { key: 'connect_integration', label: 'Connect your first integration', expectedDay: 30 },
  ],
});

export const AS_OF = '2026-11-22';
export const AS_OF_DAY = toDayNumber(AS_OF);

/** The date `offset` days from AS_OF (0 = AS_OF, -1 = the day before). */
export function dateAt(offset: number): string {
  return fromDayNumber(AS_OF_DAY + offset);
}

export type Day = WindowDay & { readonly tenantId: string };

export function day(offset: number, fields: Omit<WindowDay, 'date'> = {}): Day {
  return { tenantId: 'tn-1', date: dateAt(offset), ...fields };
}

/** One record per day from `from` to `to` (offsets, inclusive). */
export function days(from: number, to: number, fields: (offset: number) => Omit<WindowDay, 'date'>): Day[] {
  const out: Day[] = [];
  for (let offset = from; offset <= to; offset++) out.push(day(offset, fields(offset)));
  return out;
}

export function tenant(overrides: Partial<TenantRecord> = {}): TenantRecord {
  return {
    tenantId: 'tn-1',
    industry: 'retail',
    mrr: 1000,
    seatsPurchased: 20,
    entitledFeatures: ['reports', 'automations', 'dashboards', 'integrations', 'api'],
    signupDate: dateAt(-400),
    renewalDate: dateAt(45),
    status: 'active',
    ...overrides,
  };
}

/** `count` retail peers with business volume 1..count x `step` over 28 days, flat trend. */
export function peers(count: number, step = 1000, industry = 'retail'): PortfolioEntry[] {
  return Array.from({ length: count }, (_, i) => ({
    industry,
    businessVolume28d: (i + 1) * step,
    businessTrend: 0,
    reachPerDollar: i + 1,
  }));
}
