import { describe, expect, it } from 'vitest';
import {
  decodeDay,
  decodeDayInto,
  encodeDay,
  KeyCache,
  RECEIVED_AT,
} from '../../lambdas/adapters/dynamodb/day-codec';
import { type DayFields, TenantDaysBuilder } from '../../lambdas/domain/scoring/tenant-days';

const AT = '2026-11-23T02:00:00.000Z';

/** Days as a feed sends them: any field may be missing, unknown fields and odd types included. */
const DAYS: Record<string, unknown>[] = [
  {
    activeUsers: 157,
    coreActions: 2911,
    businessVolume: 58887.59,
    endCustomerReach: 1277,
    ticketsOpened: 4,
    openBugs: 5,
    slaBreaches: 0,
    nps: 7.5,
    csat: 4.2,
    featureUsage: { reports: 251, automations: 107, 'über-export': 3 },
    onboardingSteps: ['invite_team', 'first_report'],
  },
  { activeUsers: 0, featureUsage: {}, onboardingSteps: [] },
  { customField: 'kept', nested: { a: [1, 'two'] }, receivedAt: 'a customer field, not the stamp' },
  { featureUsage: { automations: 2, reports: 1 } },
  {},
  // Known fields of unexpected types: kept as they came, and read the way JSON days are.
  { activeUsers: '12', featureUsage: null, onboardingSteps: 'invite_team', nps: 9 },
  { featureUsage: { reports: 'n/a', api: 2 }, onboardingSteps: ['invite_team', 4] },
];

describe('stored day codec', () => {
  it.each(DAYS.map((day, i) => [i, day]))(
    'round-trips day %i with its stamp, unknown fields included',
    (_, day) => {
      const stored = encodeDay(day as Record<string, unknown>, AT);
      expect(stored).toBeInstanceOf(Uint8Array);
      expect(decodeDay(stored)).toEqual({ ...(day as object), [RECEIVED_AT]: AT });
    },
  );

  it('is smaller than the JSON it replaces', () => {
    const stored = encodeDay(DAYS[0] as Record<string, unknown>, AT);
    expect(stored.length).toBeLessThan(JSON.stringify({ ...DAYS[0], [RECEIVED_AT]: AT }).length);
  });

  it('still reads days stored as JSON, and refuses what is not a stored day', () => {
    expect(decodeDay(JSON.stringify({ activeUsers: 1, [RECEIVED_AT]: AT }))).toEqual({
      activeUsers: 1,
      [RECEIVED_AT]: AT,
    });
    expect(decodeDay(undefined)).toBeUndefined();
    expect(decodeDay('[1]')).toBeUndefined();
    expect(decodeDay('{')).toBeUndefined();
    const stored = encodeDay({ activeUsers: 1, featureUsage: { reports: 2 } }, AT);
    expect(decodeDay(stored.subarray(0, stored.length - 1))).toBeUndefined();
    expect(decodeDay(Uint8Array.from([9, ...stored.subarray(1)]))).toBeUndefined();
    expect(decodeDayInto(new TenantDaysBuilder(0, 0), 0, stored.subarray(0, 9), new KeyCache())).toBe(false);
    expect(decodeDayInto(new TenantDaysBuilder(0, 0), 0, 42, new KeyCache())).toBe(false);
  });

  it('decodes into columns exactly as the object path would, day after day and over repeats', () => {
    const direct = new TenantDaysBuilder(100, 120);
    const viaObjects = new TenantDaysBuilder(100, 120);
    const keys = new KeyCache();
    // Every day twice over the span, so key positions repeat, change and a day is written twice.
    const schedule = [...DAYS, ...DAYS.slice().reverse(), DAYS[3], DAYS[0]];
    schedule.forEach((day, n) => {
      const dayNumber = 100 + (n % 18);
      const stored = encodeDay(day as Record<string, unknown>, AT);
      expect(decodeDayInto(direct, dayNumber, stored, keys)).toBe(true);
      viaObjects.add(dayNumber, decodeDay(stored) as DayFields);
    });
    // A day stored as JSON before the binary format, among binary ones.
    expect(decodeDayInto(direct, 119, JSON.stringify(DAYS[0]), keys)).toBe(true);
    viaObjects.add(119, DAYS[0] as DayFields);
    expect(direct.build()).toEqual(viaObjects.build());
  });

  it('one key cache serves tenant after tenant: the same position may hold another key', () => {
    const keys = new KeyCache();
    const tenants = [
      [{ featureUsage: { reports: 1, automations: 2 }, onboardingSteps: ['invite_team'] }],
      [{ featureUsage: { exports: 3, reports: 4 }, onboardingSteps: ['first_report', 'invite_team'] }],
      [{ featureUsage: { reports: 5, automations: 6 }, onboardingSteps: ['invite_team'] }],
    ];
    for (const days of tenants) {
      const direct = new TenantDaysBuilder(0, 0);
      const viaObjects = new TenantDaysBuilder(0, 0);
      for (const day of days) {
        expect(decodeDayInto(direct, 0, encodeDay(day, AT), keys)).toBe(true);
        viaObjects.add(0, day);
      }
      expect(direct.build()).toEqual(viaObjects.build());
    }
  });
});
