import { describe, expect, it } from 'vitest';
import type { StoredMetricDay } from '../../lambdas/adapters/dynamodb/tenant-reader';
import type { MetricRecord } from '../../lambdas/domain/feed/feed-records';
import { copyWindow } from '../../lambdas/domain/scoring/copy-window';
import { fromDayNumber, toDayNumber } from '../../lambdas/domain/scoring/day-number';
import {
  buildWindow,
  fillWindow,
  TenantWindow,
  type WindowDay,
  windowShape,
} from '../../lambdas/domain/scoring/tenant-window';
import { AS_OF, AS_OF_DAY, day, days, FEATURES } from './scoring-fixtures';

describe('day numbers', () => {
  it('count days since 1970-01-01 without Date, across leap years', () => {
    expect(toDayNumber('1970-01-01')).toBe(0);
    expect(toDayNumber('2024-02-29') - toDayNumber('2024-02-28')).toBe(1);
    expect(toDayNumber('2024-03-01') - toDayNumber('2024-02-28')).toBe(2);
    expect(toDayNumber('2026-01-01') - toDayNumber('2025-01-01')).toBe(365);
    for (let d = -30_000; d < 60_000; d += 37) expect(toDayNumber(fromDayNumber(d))).toBe(d);
  });

  it.each(['2026-1-01', '2026-13-01', '2026-11-2x', '', '2026/11/22', '2026-11-22T00:00:00Z'])(
    '%s is NaN',
    (text) => {
      expect(toDayNumber(text)).toBeNaN();
    },
  );
});

describe('buildWindow', () => {
  it('places each metric on its day, last index = asOf; unreported days and fields stay NaN', () => {
    const window = buildWindow(
      [
        day(0, { activeUsers: 7, coreActions: 70 }),
        day(-2, { activeUsers: 5, nps: 9 }),
        day(-89, { csat: 4 }),
      ],
      AS_OF,
      90,
      FEATURES,
    );
    expect(window.asOfDay).toBe(AS_OF_DAY);
    expect(window.activeUsers[89]).toBe(7);
    expect(window.activeUsers[87]).toBe(5);
    expect(window.activeUsers[88]).toBeNaN();
    expect(window.coreActions[87]).toBeNaN();
    expect(window.nps[87]).toBe(9);
    expect(window.csat[0]).toBe(4);
    expect(window.businessVolume.every(Number.isNaN)).toBe(true);
    expect([...window.present].reduce((a, b) => a + b, 0)).toBe(3);
    expect(window.recordCount).toBe(3);
    expect(window.newestIndex).toBe(89);
    expect(window.fieldCount[89]).toBe(2);
    expect(window.dayAt(89)).toBe(AS_OF_DAY);
  });

  it('ignores days after asOf (point in time) and before the window', () => {
    const window = buildWindow(
      [day(1, { activeUsers: 1e6 }), day(30, { activeUsers: 1e6 }), day(-90, { activeUsers: 3 }), day(-1)],
      AS_OF,
      90,
      FEATURES,
    );
    expect(window.activeUsers.every(Number.isNaN)).toBe(true);
    expect(window.recordCount).toBe(1);
    expect(window.newestIndex).toBe(88);
  });

  it('reads featureUsage per key feature: absent from a reported map is 0, no map is NaN', () => {
    const window = buildWindow(
      [
        day(0, { featureUsage: { reports: 4, unknown_feature: 9 } }),
        day(-1, { activeUsers: 3 }),
        day(-2, { featureUsage: {} }),
      ],
      AS_OF,
      10,
      FEATURES,
    );
    const reports = window.featureUsage[0];
    const api = window.featureUsage[5];
    expect(reports?.[9]).toBe(4);
    expect(api?.[9]).toBe(0);
    expect(reports?.[8]).toBeNaN();
    expect(reports?.[7]).toBe(0);
    expect([...window.usageReported.slice(7)]).toEqual([1, 0, 1]);
  });

  it('records the first day each onboarding step is listed; before the window counts from index 0', () => {
    const window = buildWindow(
      [
        day(-20, { onboardingSteps: ['invite_team'] }),
        day(-3, { onboardingSteps: ['invite_team', 'bulk_user_import'] }),
        day(-1, { onboardingSteps: ['invite_team', 'bulk_user_import', 'first_report'] }),
        day(2, {
          onboardingSteps: ['invite_team', 'bulk_user_import', 'first_report', 'connect_integration'],
        }),
      ],
      AS_OF,
      10,
      FEATURES,
    );
    expect([...window.stepDone]).toEqual([0, 6, 8, Number.NaN]);
    expect(window.onboardingFrom).toBe(0);
    expect(window.onboardingReported).toBe(true);
    const none = buildWindow([day(0, { activeUsers: 1 })], AS_OF, 10, FEATURES);
    expect(none.onboardingReported).toBe(false);
    expect([...none.stepDone].every(Number.isNaN)).toBe(true);
  });

  it('reads feed records and stored days as they come (keeping _receivedAt)', () => {
    const record: MetricRecord = { tenantId: 'tn-1', date: AS_OF, activeUsers: 1 };
    const stored: StoredMetricDay = { ...record, activeUsers: 2, _receivedAt: '2026-11-23T01:02:03.000Z' };
    const fromFeed: readonly WindowDay[] = [record];
    expect(buildWindow(fromFeed, AS_OF, 5, FEATURES).activeUsers[4]).toBe(1);
    const window = buildWindow([stored], AS_OF, 5, FEATURES);
    expect(window.activeUsers[4]).toBe(2);
    expect(window.receivedAt[4]).toBe('2026-11-23T01:02:03.000Z');
    expect(window.hasReceivedAt).toBe(true);
  });
});

describe('fillWindow reuses one window across tenants', () => {
  it('leaves nothing of the previous tenant behind', () => {
    const window = new TenantWindow(windowShape(FEATURES), 30);
    fillWindow(
      window,
      [
        day(0, {
          activeUsers: 9,
          featureUsage: { reports: 1 },
          onboardingSteps: ['invite_team'],
          _receivedAt: 'x',
        }),
      ],
      AS_OF_DAY,
    );
    fillWindow(window, [day(-5, { coreActions: 3 })], AS_OF_DAY);
    const fresh = buildWindow([day(-5, { coreActions: 3 })], AS_OF, 30, FEATURES);
    expect(window.columns).toEqual(fresh.columns);
    expect(window.present).toEqual(fresh.present);
    expect(window.usageReported).toEqual(fresh.usageReported);
    expect(window.stepDone).toEqual(fresh.stepDone);
    expect(window.receivedAt).toEqual(fresh.receivedAt);
    expect(window.onboardingFrom).toBe(-1);
    expect(window.newestIndex).toBe(24);
  });
});

describe('copyWindow: a window of the whole history, cut at any as-of day', () => {
  const history = [
    ...days(-120, 20, (offset) => ({
      activeUsers: 100 + offset,
      featureUsage: { reports: offset % 3 },
      onboardingSteps: offset < -60 ? ['invite_team'] : offset < 5 ? ['invite_team', 'first_report'] : [],
      ...(offset % 10 === 0 ? { _receivedAt: `r${offset}` } : {}),
    })),
  ].filter((d) => d.date !== day(-7).date);
  const shape = windowShape(FEATURES);
  const source = fillWindow(new TenantWindow(shape, 150), history, AS_OF_DAY + 20);

  it.each([
    [0, 90],
    [-30, 90],
    [15, 90],
    [-100, 90],
    [20, 150],
    [40, 90],
    [-140, 90],
    [0, 7],
  ])('as of %i with %i days equals filling from the records', (offset, length) => {
    const asOfDay = AS_OF_DAY + offset;
    const copied = copyWindow(new TenantWindow(shape, length), source, asOfDay);
    const filled = fillWindow(new TenantWindow(shape, length), history, asOfDay);
    expect(copied.asOfDay).toBe(asOfDay);
    expect(copied.columns).toEqual(filled.columns);
    expect(copied.present).toEqual(filled.present);
    expect(copied.usageReported).toEqual(filled.usageReported);
    expect(copied.fieldCount).toEqual(filled.fieldCount);
    expect(copied.receivedAt).toEqual(filled.receivedAt);
    expect(copied.stepDone).toEqual(filled.stepDone);
    expect(copied.onboardingFrom).toBe(filled.onboardingFrom);
    expect(copied.newestIndex).toBe(filled.newestIndex);
    expect(copied.recordCount).toBe(filled.recordCount);
  });

  it('refuses windows of another shape', () => {
    const other = new TenantWindow({ keyFeatures: ['a'], steps: [] }, 90);
    expect(() => copyWindow(other, source, AS_OF_DAY)).toThrow(RangeError);
  });
});
