import { describe, expect, it } from 'vitest';
import type { MetricRecord } from '../../lambdas/domain/feed/feed-records';
import { fromDayNumber, toDayNumber } from '../../lambdas/domain/scoring/day-number';
import { tenantDays, type WindowDay } from '../../lambdas/domain/scoring/tenant-days';
import {
  buildWindow,
  fillWindow,
  TenantWindow,
  WINDOW_METRICS,
  windowShape,
} from '../../lambdas/domain/scoring/tenant-window';
import { AS_OF, AS_OF_DAY, type Day, day, days, FEATURES } from './scoring-fixtures';

describe('day numbers', () => {
  it('count days since 1970-01-01 without Date, across leap years', () => {
    expect(toDayNumber('1970-01-01')).toBe(0);
    expect(toDayNumber('2024-02-29') - toDayNumber('2024-02-28')).toBe(1);
    expect(toDayNumber('2024-03-01') - toDayNumber('2024-02-28')).toBe(2);
    expect(toDayNumber('2026-01-01') - toDayNumber('2025-01-01')).toBe(365);
    for (let d = -30_000; d < 60_000; d += 37) expect(toDayNumber(fromDayNumber(d))).toBe(d);
    // The same text as Date's, from year 0000 (a leap year) to 9999 and past it.
    for (const d of [-719_469, -719_468, -1, 0, 59, 60, 11_016, 2_932_896, 2_932_897, -800_000]) {
      expect(fromDayNumber(d)).toBe(new Date(d * 86_400_000).toISOString().slice(0, 10));
    }
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
    expect([...window.present].reduce((a, b) => a + b, 0)).toBe(1);
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

  it('reads feed records and stored days alike (store bookkeeping such as _receivedAt is not a metric)', () => {
    const record: MetricRecord = { tenantId: 'tn-1', date: AS_OF, activeUsers: 1 };
    const stored: MetricRecord = { ...record, activeUsers: 2, _receivedAt: '2026-11-23T01:02:03.000Z' };
    expect(buildWindow([record], AS_OF, 5, FEATURES).activeUsers[4]).toBe(1);
    const window = buildWindow([stored], AS_OF, 5, FEATURES);
    expect(window.activeUsers[4]).toBe(2);
    expect(window.fieldCount[4]).toBe(1);
  });
});

/**
 * The window as the records define it, written the obvious way: the reference that the
 * columnar days and the views or copies of fillWindow must reproduce exactly.
 */
function referenceWindow(records: readonly WindowDay[], asOfDay: number, length: number) {
  const first = asOfDay - length + 1;
  const column = () => new Array<number>(length).fill(Number.NaN);
  const ref = {
    metrics: WINDOW_METRICS.map(column),
    usage: FEATURES.key.map(column),
    present: new Array<number>(length).fill(0),
    fieldCount: new Array<number>(length).fill(0),
    usageReported: new Array<number>(length).fill(0),
    stepDone: FEATURES.onboardingSteps.map(() => Number.NaN),
    onboardingFrom: -1,
  };
  for (const record of records) {
    const dayNumber = toDayNumber(record.date);
    if (!(dayNumber <= asOfDay)) continue;
    const i = Math.max(0, dayNumber - first);
    if (Array.isArray(record.onboardingSteps)) {
      if (ref.onboardingFrom < 0 || i < ref.onboardingFrom) ref.onboardingFrom = i;
      FEATURES.onboardingSteps.forEach((step, s) => {
        const listed = (record.onboardingSteps as string[]).includes(step.key);
        if (listed && !((ref.stepDone[s] as number) <= i)) ref.stepDone[s] = i;
      });
    }
    if (dayNumber < first) continue;
    let fields = 0;
    WINDOW_METRICS.forEach((metric, m) => {
      const value = record[metric];
      if (typeof value === 'number') {
        (ref.metrics[m] as number[])[i] = value;
        fields++;
      }
    });
    const usage = record.featureUsage as Record<string, number> | undefined;
    if (usage !== undefined) {
      fields++;
      ref.usageReported[i] = 1;
      FEATURES.key.forEach((key, k) => {
        (ref.usage[k] as number[])[i] = usage[key] ?? 0;
      });
    }
    if (record.onboardingSteps !== undefined) fields++;
    ref.present[i] = 1;
    ref.fieldCount[i] = fields;
  }
  return ref;
}

function actual(window: TenantWindow) {
  return {
    metrics: window.metrics.map((column) => [...column]),
    usage: window.featureUsage.map((column) => [...column]),
    present: [...window.present],
    fieldCount: [...window.fieldCount],
    usageReported: [...window.usageReported],
    stepDone: [...window.stepDone],
    onboardingFrom: window.onboardingFrom,
  };
}

describe('fillWindow from decoded days, cut at any as-of day', () => {
  // 140 days with a gap, usage maps whose keys come and go, onboarding listed over time.
  const history: Day[] = days(-120, 20, (offset) => ({
    activeUsers: 100 + offset,
    ...(offset % 5 === 0 ? {} : { coreActions: offset * 2 }),
    ...(offset % 11 === 0 ? { nps: 7 } : {}),
    ...(offset % 3 === 0
      ? {}
      : { featureUsage: offset < 0 ? { reports: offset % 3 } : { api: 1, reports: 2 } }),
    onboardingSteps: offset < -60 ? ['invite_team'] : offset < 5 ? ['invite_team', 'first_report'] : [],
  })).filter((record) => record.date !== day(-7).date);
  const decoded = tenantDays(history);
  const shape = windowShape(FEATURES);

  it.each([
    [0, 90],
    [-30, 90],
    [15, 90],
    [20, 90],
    [-100, 90],
    [20, 150],
    [40, 90],
    [-140, 90],
    [0, 7],
  ])('as of %i with %i days equals the window the records define', (offset, length) => {
    const asOfDay = AS_OF_DAY + offset;
    const window = fillWindow(new TenantWindow(shape, length), decoded, asOfDay);
    const expected = referenceWindow(history, asOfDay, length);
    expect(actual(window)).toEqual(expected);
    expect(window.asOfDay).toBe(asOfDay);
    expect(window.newestIndex).toBe(expected.present.lastIndexOf(1));
  });

  it('reads the days in place when they cover the window, copies them when they do not', () => {
    const window = new TenantWindow(shape, 90);
    fillWindow(window, decoded, AS_OF_DAY);
    expect(window.columnValues[0]).toBe(decoded.values);
    expect(window.flagValues).toBe(decoded.flags);
    expect(window.activeUsers).toHaveLength(90);
    fillWindow(window, decoded, AS_OF_DAY + 40);
    expect(window.columnValues[0]).toBe(window.own.values);
    expect(window.flagValues).toBe(window.own.flags);
  });

  it('views the days of a tenant with less history than the window too (they are padded)', () => {
    const young: Day[] = days(-30, 0, (offset) => ({
      activeUsers: 10 + offset,
      featureUsage: { reports: 1 },
      onboardingSteps: offset > -20 ? ['invite_team'] : [],
    }));
    const decodedYoung = tenantDays(young);
    for (const [offset, view] of [
      [0, true],
      // Padded to a window ending at its newest day: earlier windows are copies.
      [-10, false],
      [-40, false],
    ] as const) {
      const window = fillWindow(new TenantWindow(shape, 90), decodedYoung, AS_OF_DAY + offset);
      expect(window.activeUsers.buffer === decodedYoung.values.buffer).toBe(view);
      expect(actual(window)).toEqual(referenceWindow(young, AS_OF_DAY + offset, 90));
    }
  });
});

it('shows days cut short (TenantDays.through) without the later days their buffers still hold', () => {
  const cut = tenantDays(days(-40, 0, (offset) => ({ activeUsers: 100 + offset }))).through(AS_OF_DAY - 5);
  const window = fillWindow(new TenantWindow(windowShape(FEATURES), 30), cut, AS_OF_DAY);
  expect([...window.activeUsers].slice(-6)).toEqual([95, NaN, NaN, NaN, NaN, NaN]);
  expect([...window.present].slice(-6)).toEqual([1, 0, 0, 0, 0, 0]);
  expect(window.newestIndex).toBe(24);
});

describe('fillWindow reuses one window across tenants', () => {
  it('leaves nothing of the previous tenant behind, views or copies', () => {
    const covering = tenantDays(
      days(-40, 0, () => ({
        activeUsers: 9,
        featureUsage: { reports: 1 },
        onboardingSteps: ['invite_team'],
      })),
    );
    const partial = tenantDays([day(-5, { coreActions: 3 })]);
    const window = new TenantWindow(windowShape(FEATURES), 30);
    for (const [previous, next] of [
      [covering, partial],
      [partial, covering],
    ] as const) {
      fillWindow(window, previous, AS_OF_DAY);
      fillWindow(window, next, AS_OF_DAY);
      const fresh = fillWindow(new TenantWindow(windowShape(FEATURES), 30), next, AS_OF_DAY);
      expect(actual(window)).toEqual(actual(fresh));
      expect(window.newestIndex).toBe(fresh.newestIndex);
    }
  });
});

describe('fillWindow across tenants carrying the same or other key lists', () => {
  const tenantWith = (usage: Record<string, number>, steps: string[]) =>
    tenantDays(days(-40, 0, () => ({ activeUsers: 4, featureUsage: usage, onboardingSteps: steps })));

  it('shares one key list between tenants whose days carry the same keys in the same order', () => {
    const first = tenantWith({ reports: 1, api: 2 }, ['invite_team']);
    const second = tenantWith({ reports: 3, api: 0 }, ['invite_team']);
    expect(second.usageKeys).toBe(first.usageKeys);
    expect(second.stepKeys).toBe(first.stepKeys);
    expect(tenantWith({ api: 2, reports: 1 }, []).usageKeys).not.toBe(first.usageKeys);
  });

  it('maps each list onto the configured keys whatever came before (the mapping is remembered per list)', () => {
    const tenants = [
      tenantWith({ reports: 1, api: 2 }, ['invite_team']),
      tenantWith({ reports: 5, api: 6 }, ['invite_team']),
      tenantWith({ api: 7, reports: 8, dashboards: 9 }, ['first_report', 'invite_team']),
      tenantWith({ reports: 1, api: 2 }, ['invite_team']),
      tenantWith({}, []),
      tenantWith({ unknown_key: 3 }, ['not_configured']),
    ];
    const window = new TenantWindow(windowShape(FEATURES), 30);
    for (const [t, days] of [...tenants, ...tenants.slice().reverse()].entries()) {
      fillWindow(window, days, AS_OF_DAY);
      const fresh = fillWindow(new TenantWindow(windowShape(FEATURES), 30), days, AS_OF_DAY);
      expect(actual(window), `tenant ${t}`).toEqual(actual(fresh));
    }
    const last = fillWindow(window, tenants[2] as (typeof tenants)[number], AS_OF_DAY);
    expect(last.featureUsage[FEATURES.key.indexOf('dashboards')]?.at(-1)).toBe(9);
    expect(Array.from(last.stepDone).filter((done) => done === 0)).toHaveLength(2);
  });
});
