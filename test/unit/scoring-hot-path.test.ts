import { describe, expect, it } from 'vitest';
import { HEALTH_DIMENSIONS, HealthSchema } from '../../lambdas/config/product-config';
import { toDayNumber } from '../../lambdas/domain/scoring/day-number';
import { F, FIXED_FEATURES } from '../../lambdas/domain/scoring/feature-catalog';
import { createHealthModel, explainHealth, summarizeHealth } from '../../lambdas/domain/scoring/health';
import { tenantDays } from '../../lambdas/domain/scoring/tenant-days';
import { fillWindow, TenantWindow, windowShape } from '../../lambdas/domain/scoring/tenant-window';
import { medianOf } from '../../lambdas/domain/scoring/window-stats';
import { FEATURES } from './scoring-fixtures';

// Days are placed by toDayNumber once, when decoded; a window then only counts days before it
// for onboarding.
describe('fillWindow: days before the window', () => {
  const first = toDayNumber('2026-03-02');
  const asOfDay = first + 89;
  const fresh = () => new TenantWindow(windowShape(FEATURES));

  it('still counts onboarding listed before the window as done from index 0', () => {
    const window = fillWindow(
      fresh(),
      tenantDays([
        { date: '2025-12-01', onboardingSteps: ['invite_team'] },
        { date: '2026-03-05', activeUsers: 3 },
      ]),
      asOfDay,
    );
    expect(window.stepDone[0]).toBe(0);
    expect(window.onboardingFrom).toBe(0);
    expect(window.activeUsers[3]).toBe(3);
    expect([...window.present].filter((present) => present === 1)).toHaveLength(1);
  });

  it('places a day 29-31 of a short month that toDayNumber reads as the next month inside the window', () => {
    // toDayNumber('2026-02-31') is 2026-03-03: window index 1, despite sorting before 2026-03-02.
    const window = fillWindow(fresh(), tenantDays([{ date: '2026-02-31', activeUsers: 9 }]), asOfDay);
    expect(window.activeUsers[1]).toBe(9);
    expect([...window.present].filter((present) => present === 1)).toHaveLength(1);
  });

  it('ignores malformed dates, onboarding included', () => {
    const window = fillWindow(
      fresh(),
      tenantDays([
        { date: '2026-01-3x', onboardingSteps: ['invite_team'] },
        { date: '1999', activeUsers: 1, onboardingSteps: ['first_report'] },
      ]),
      asOfDay,
    );
    expect(window.onboardingFrom).toBe(-1);
    expect(Number.isNaN(window.stepDone[0])).toBe(true);
    expect(window.newestIndex).toBe(-1);
  });

  it('matches a window of the same days without any day before it, apart from onboarding', () => {
    const inside = [
      { date: '2026-03-02', activeUsers: 1 },
      { date: '2026-05-30', activeUsers: 2, nps: 8 },
    ];
    const withOld = fillWindow(
      fresh(),
      tenantDays([{ date: '2026-02-26', activeUsers: 5 }, { date: '2026-02-28', activeUsers: 6 }, ...inside]),
      asOfDay,
    );
    const without = fillWindow(fresh(), tenantDays(inside), asOfDay);
    expect(withOld.metrics).toEqual(without.metrics);
    expect(withOld.present).toEqual(without.present);
    expect(withOld.newestIndex).toBe(89);
  });
});

describe('fillWindow: usage maps', () => {
  it('finds each key feature whatever the order of the keys, day after day', () => {
    const asOfDay = toDayNumber('2026-05-30');
    const window = new TenantWindow(windowShape(FEATURES));
    const dates = ['2026-05-26', '2026-05-27', '2026-05-28', '2026-05-29', '2026-05-30'];
    const maps: Record<string, number>[] = [
      { reports: 1, api: 2 },
      { api: 3, reports: 4 },
      { custom: 9, reports: 5, api: 6 },
      { reports: 7 },
      { api: 8, custom: 1, dashboards: 2 },
    ];
    const read = (key: string) => [...(window.featureUsage[FEATURES.key.indexOf(key)] ?? [])].slice(-5);
    for (let pass = 0; pass < 2; pass++) {
      fillWindow(window, tenantDays(dates.map((date, d) => ({ date, featureUsage: maps[d] }))), asOfDay);
      expect(read('reports')).toEqual([1, 4, 5, 7, 0]);
      expect(read('api')).toEqual([2, 3, 6, 0, 8]);
      expect(read('dashboards')).toEqual([0, 0, 0, 0, 2]);
    }
  });
});

describe('summarizeHealth', () => {
  it('is explainHealth without the inputs, and reuses its workspace', () => {
    const model = createHealthModel(HealthSchema.parse({}));
    const features = new Float64Array(FIXED_FEATURES.length).fill(Number.NaN);
    features[F.depth] = 0.3;
    features[F.nps] = 9;
    features[F.csat] = 2;
    const { inputs, ...expected } = explainHealth(model, features);
    const workspace = new Float64Array(HEALTH_DIMENSIONS.length);
    expect(summarizeHealth(model, features, workspace)).toEqual(expected);
    expect(JSON.stringify(summarizeHealth(model, features, workspace))).toBe(JSON.stringify(expected));
    expect(inputs).toBeDefined();
  });
});

describe('medianOf', () => {
  const sortedMedian = (values: number[]) => {
    const known = values.filter((value) => !Number.isNaN(value)).sort((a, b) => a - b);
    const middle = known.length >> 1;
    if (known.length === 0) return Number.NaN;
    return known.length % 2 === 1
      ? (known[middle] as number)
      : ((known[middle - 1] as number) + (known[middle] as number)) / 2;
  };

  it('is the median of the reported days of the range, for odd and even counts, ties and gaps', () => {
    let seed = 7;
    const next = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    const scratch = new Float64Array(40);
    for (let trial = 0; trial < 500; trial++) {
      const length = 1 + Math.floor(next() * 40);
      const values = Array.from({ length }, () =>
        next() < 0.2 ? Number.NaN : next() < 0.3 ? 0 : Math.floor(next() * (trial % 2 === 0 ? 5 : 1000)),
      );
      const from = Math.floor(next() * length) - 3;
      const to = from + Math.floor(next() * 45);
      const range = values.slice(Math.max(0, from), Math.min(length - 1, to) + 1);
      expect(medianOf(Float64Array.from(values), from, to, scratch)).toBe(sortedMedian(range));
    }
  });

  it('is NaN when no day in the range reported', () => {
    expect(medianOf(Float64Array.from([Number.NaN, 3]), 0, 0, new Float64Array(2))).toBeNaN();
  });
});
