import { beforeAll, describe, expect, it } from 'vitest';
import type { MetricRecord, TenantRecord } from '../../lambdas/domain/feed/feed-records';
import {
  DEFAULT_AS_OF,
  generatePortfolio,
  PLANTED_CAUSES,
  type PlantedCause,
  type TruthRecord,
} from '../../lambdas/local/generator';
import { INDUSTRIES, PLANS, REGIONS } from '../../lambdas/local/generator/catalog';
import { churnProbability, type Episode } from '../../lambdas/local/generator/causes';
import { toEpochDay } from '../../lambdas/local/generator/dates';
import type { CoreProfile } from '../../lambdas/local/generator/profiles';

interface Loaded {
  readonly tenant: TenantRecord;
  readonly truth: TruthRecord;
  readonly metrics: readonly MetricRecord[];
}

const DAY = 86_400_000;
const asOfMs = Date.parse(`${DEFAULT_AS_OF}T00:00:00Z`);
/** Days from asOf (0 = asOf, -1 = the day before). */
const offset = (date: string) => Math.round((Date.parse(`${date}T00:00:00Z`) - asOfMs) / DAY);

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** Mean of a metric over days [from, to] relative to asOf, skipping days where it is missing. */
function windowMean(
  metrics: readonly MetricRecord[],
  from: number,
  to: number,
  pick: (m: MetricRecord) => number | undefined,
): number {
  const values: number[] = [];
  for (const m of metrics) {
    const day = offset(m.date);
    const value = pick(m);
    if (day >= from && day <= to && value !== undefined) values.push(value);
  }
  return mean(values);
}

/** Share of values strictly below `value`: 0 = the lowest. */
function percentile(all: readonly number[], value: number): number {
  return all.filter((other) => other < value).length / all.length;
}

/** A customer for the hazard model: a 30-seat annual contract unless a test says otherwise. */
function core(overrides: Partial<CoreProfile>): CoreProfile {
  const [industry, plan, region] = [INDUSTRIES[0], PLANS[1], REGIONS[0]];
  if (!industry || !plan || !region) throw new Error('catalog is empty');
  return {
    industry,
    plan,
    region,
    seats: 30,
    mrr: 870,
    billingTerm: 'annual',
    signupDay: toEpochDay('2024-03-15'),
    hasChampion: true,
    entitled: ['reports'],
    ...overrides,
  };
}

let portfolio: Loaded[];
const atRisk = (cause: PlantedCause) =>
  portfolio.filter((t) => t.truth.story === 'at_risk' && t.truth.plantedCause === cause);

beforeAll(() => {
  portfolio = [...generatePortfolio()].map(({ tenant, truth, metrics }) => ({
    tenant,
    truth,
    metrics: [...metrics],
  }));
});

describe('planted shares (default portfolio: 1,000 tenants x 180 days, seed 42)', () => {
  it('plants each cause in exactly its configured share of tenants', () => {
    for (const cause of PLANTED_CAUSES) expect(atRisk(cause)).toHaveLength(60);
    expect(portfolio.filter((t) => t.truth.story === 'churned')).toHaveLength(250);
    expect(portfolio.filter((t) => t.truth.story === 'recovered')).toHaveLength(40);
  });

  it('honours configured shares', () => {
    const custom = [
      ...generatePortfolio({
        tenants: 500,
        days: 120,
        causeShares: { engagement_drop: 0.1, low_adoption: 0 },
        churnedShare: 0.1,
      }),
    ].map((t) => t.truth);
    const count = (cause: PlantedCause) =>
      custom.filter((t) => t.story === 'at_risk' && t.plantedCause === cause).length;
    expect(count('engagement_drop')).toBe(50);
    expect(count('low_adoption')).toBe(0);
    expect(count('support_friction')).toBe(30);
    expect(custom.filter((t) => t.churned)).toHaveLength(50);
  });

  it('keeps healthy tenants the majority of active ones, and some of them new', () => {
    const active = portfolio.filter((t) => !t.truth.churned);
    const healthy = active.filter((t) => t.truth.plantedCause === null);
    expect(healthy.length / active.length).toBeGreaterThan(0.5);
    const young = healthy.filter((t) => offset(t.tenant.signupDate ?? DEFAULT_AS_OF) > -90);
    expect(young.length).toBeGreaterThan(25);
  });
});

describe('each planted cause shows in the signal DESIGN.md names for it', () => {
  it('onboarding_stalled: younger than 90 days, its step missing past the expected day, others done', () => {
    for (const { tenant, truth, metrics } of atRisk('onboarding_stalled')) {
      const age = -offset(tenant.signupDate ?? '');
      const detail = truth.detail as { step: string; expectedDay: number };
      const done = metrics.at(-1)?.onboardingSteps ?? [];
      expect(age).toBeLessThan(90);
      expect(age).toBeGreaterThan(detail.expectedDay);
      expect(done).not.toContain(detail.step);
      expect(done.length).toBeGreaterThan(0);
      expect(metrics.some((m) => m.onboardingSteps?.includes(detail.step))).toBe(false);
    }
  });

  it('low_adoption: uses at most 2 of its entitled key features over the whole history', () => {
    for (const { tenant, metrics } of atRisk('low_adoption')) {
      const used = new Set<string>();
      for (const m of metrics) {
        for (const [feature, count] of Object.entries(m.featureUsage ?? {})) if (count > 0) used.add(feature);
      }
      const entitled = tenant.entitledFeatures ?? [];
      expect(used.size).toBeLessThanOrEqual(2);
      expect(used.size).toBeLessThan(entitled.length);
    }
  });

  it('low_adoption: reaches far fewer end customers per unit of MRR than healthy peers', () => {
    const reachPerMrr = (t: Loaded) =>
      windowMean(t.metrics, -27, 0, (m) => m.endCustomerReach) / (t.tenant.mrr ?? 1);
    const healthy = portfolio
      .filter((t) => t.truth.story === 'healthy' && -offset(t.tenant.signupDate ?? '') > 90)
      .map(reachPerMrr)
      .filter(Number.isFinite);
    const low = atRisk('low_adoption').map(reachPerMrr);
    const median = (values: number[]) =>
      [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
    expect(median(low)).toBeLessThan(median(healthy) * 0.4);
  });

  it('engagement_drop: active users of the last 14 days are at most half of the 28 days before', () => {
    for (const { metrics } of atRisk('engagement_drop')) {
      const recent = windowMean(metrics, -13, 0, (m) => m.activeUsers);
      const baseline = windowMean(metrics, -41, -14, (m) => m.activeUsers);
      expect(recent).toBeLessThanOrEqual(baseline * 0.5);
      const recentActions = windowMean(metrics, -13, 0, (m) => m.coreActions);
      const baselineActions = windowMean(metrics, -41, -14, (m) => m.coreActions);
      // Core actions follow users, with their own day-to-day noise on top.
      expect(recentActions).toBeLessThanOrEqual(baselineActions * 0.6);
    }
  });

  it('business_decline: revenue falls for 8+ weeks and lands in the bottom decile of its industry', () => {
    const trend = (t: Loaded) =>
      windowMean(t.metrics, -27, 0, (m) => m.businessVolume) /
      windowMean(t.metrics, -83, -56, (m) => m.businessVolume);
    const level = (t: Loaded) =>
      windowMean(t.metrics, -27, 0, (m) => m.businessVolume) / (t.tenant.seatsPurchased ?? 1);
    // Peers: active tenants of the same industry not planted with a decline themselves (when an
    // industry happens to hold more than 10% decliners, they cannot all fit in one decile).
    const peers = new Map<string, { trends: number[]; levels: number[] }>();
    for (const t of portfolio) {
      if (t.truth.churned || t.truth.plantedCause === 'business_decline') continue;
      const [tr, lv] = [trend(t), level(t)];
      if (!Number.isFinite(tr) || !Number.isFinite(lv)) continue;
      const entry = peers.get(t.tenant.industry ?? '') ?? { trends: [], levels: [] };
      entry.trends.push(tr);
      entry.levels.push(lv);
      peers.set(t.tenant.industry ?? '', entry);
    }
    const declining = atRisk('business_decline');
    const levelPercentiles: number[] = [];
    for (const t of declining) {
      const industry = peers.get(t.tenant.industry ?? '');
      expect(trend(t)).toBeLessThan(0.9);
      expect(percentile(industry?.trends ?? [], trend(t))).toBeLessThan(0.1);
      levelPercentiles.push(percentile(industry?.levels ?? [], level(t)));
    }
    // Revenue per seat: below the industry median always, mostly in its bottom decile.
    expect(Math.max(...levelPercentiles)).toBeLessThan(0.5);
    expect(levelPercentiles.filter((p) => p < 0.1).length / declining.length).toBeGreaterThan(0.7);
  });

  it('support_friction: ticket spike, rising open bugs and SLA breaches since onset', () => {
    for (const { truth, metrics } of atRisk('support_friction')) {
      const onset = offset(truth.causeOnset ?? '');
      const tickets = windowMean(metrics, onset, 0, (m) => m.ticketsOpened);
      const before = windowMean(metrics, onset - 28, onset - 1, (m) => m.ticketsOpened);
      expect(tickets).toBeGreaterThanOrEqual(before * 2);
      expect(windowMean(metrics, -2, 0, (m) => m.openBugs)).toBeGreaterThanOrEqual(
        windowMean(metrics, onset - 3, onset - 1, (m) => m.openBugs) + 3,
      );
      const breaches = metrics
        .filter((m) => offset(m.date) >= onset)
        .reduce((n, m) => n + (m.slaBreaches ?? 0), 0);
      expect(breaches).toBeGreaterThanOrEqual(3);
    }
  });

  it('low_satisfaction: recent NPS answers 0-5 and CSAT 1-2 only', () => {
    for (const { truth, metrics } of atRisk('low_satisfaction')) {
      const since = metrics.filter((m) => m.date >= (truth.causeOnset ?? ''));
      const nps = since.flatMap((m) => (m.nps === undefined ? [] : [m.nps]));
      const csat = since.flatMap((m) => (m.csat === undefined ? [] : [m.csat]));
      expect(nps.length).toBeGreaterThanOrEqual(2);
      expect(Math.max(...nps)).toBeLessThanOrEqual(5);
      expect(csat.length).toBeGreaterThanOrEqual(1);
      expect(Math.max(...csat)).toBeLessThanOrEqual(2);
    }
  });

  it('causes start some weeks before asOf, so a nightly run sees them fully formed', () => {
    for (const cause of PLANTED_CAUSES) {
      for (const { truth } of atRisk(cause)) {
        expect(offset(truth.causeOnset ?? DEFAULT_AS_OF)).toBeLessThanOrEqual(-7);
      }
    }
  });
});

describe('churn outcomes', () => {
  it('churned tenants say so, and have no metrics on or after their churn date', () => {
    const churned = portfolio.filter((t) => t.truth.churned);
    for (const { tenant, truth, metrics } of churned) {
      expect(tenant.status).toBe('churned');
      expect(tenant.churnDate).toBe(truth.churnDate);
      expect(metrics.length).toBeGreaterThan(0);
      expect(metrics.every((m) => m.date < (truth.churnDate ?? ''))).toBe(true);
    }
    for (const { tenant, truth, metrics } of portfolio.filter((t) => !t.truth.churned)) {
      expect(tenant.status).toBe('active');
      expect(tenant.churnDate).toBeUndefined();
      // Fresh data at asOf, except for the few tenants whose exporter is planted late.
      expect(offset(metrics.at(-1)?.date ?? '') + truth.lateDataDays).toBe(0);
    }
  });

  it('has a few hundred historic churn events spread over the history, most after a planted cause', () => {
    const churned = portfolio.filter((t) => t.truth.churned);
    expect(churned.length).toBeGreaterThanOrEqual(200);
    const withCause = churned.filter((t) => t.truth.plantedCause !== null);
    expect(withCause.length / churned.length).toBeGreaterThan(0.8);
    for (const { truth } of withCause) {
      expect(offset(truth.causeOnset ?? '')).toBeLessThan(offset(truth.churnDate ?? ''));
    }
    // Enough labels for point-in-time snapshots: churn in the first and in the second half.
    const days = churned.map((t) => offset(t.truth.churnDate ?? ''));
    expect(days.filter((d) => d < -90).length).toBeGreaterThan(35);
    expect(days.filter((d) => d >= -90).length).toBeGreaterThan(100);
  });

  it('business decline only takes small customers with it', () => {
    const small = (t: Loaded) => (t.tenant.seatsPurchased ?? 0) <= 20;
    const churned = portfolio.filter((t) => t.truth.churned && t.truth.plantedCause === 'business_decline');
    expect(churned.length).toBeGreaterThan(10);
    expect(churned.filter(small).length / churned.length).toBeGreaterThan(0.8);
    // Among tenants declining right now, the small ones are the ones the simulation churns next.
    const willChurnRate = (group: Loaded[]) =>
      group.filter((t) => t.truth.willChurnWithinDays !== null).length / Math.max(1, group.length);
    const declining = atRisk('business_decline');
    expect(willChurnRate(declining.filter(small))).toBeGreaterThan(
      willChurnRate(declining.filter((t) => !small(t))),
    );
  });

  it('an engagement drop close to renewal is far likelier to end in churn than one far from it', () => {
    const onsetDay = toEpochDay('2026-10-01');
    const episode: Episode = {
      cause: 'engagement_drop',
      onsetDay,
      endDay: null,
      severity: 0.8,
      detail: { drop: 0.8 },
    };
    // Annual contract renewing 30 days after the decision point vs 200 days after it.
    const renewingSoon = core({ signupDay: toEpochDay('2025-11-10') });
    const renewingLate = core({ signupDay: toEpochDay('2026-05-01') });
    expect(churnProbability(renewingSoon, episode)).toBeGreaterThan(
      2 * churnProbability(renewingLate, episode),
    );
  });

  it('the hazard model: business decline sinks small customers only; no champion doubles dissatisfaction', () => {
    const onsetDay = toEpochDay('2026-09-01');
    const decline: Episode = {
      cause: 'business_decline',
      onsetDay,
      endDay: null,
      severity: 0.6,
      detail: { weeklyChange: -0.04 },
    };
    expect(churnProbability(core({ seats: 8 }), decline)).toBeGreaterThan(0.5);
    expect(churnProbability(core({ seats: 120 }), decline)).toBeLessThan(0.1);
    const unhappy: Episode = {
      cause: 'low_satisfaction',
      onsetDay,
      endDay: null,
      severity: 0.8,
      detail: { npsRange: [0, 4], csatRange: [1, 2] },
    };
    expect(churnProbability(core({ hasChampion: false }), unhappy)).toBeGreaterThan(
      2 * churnProbability(core({ hasChampion: true }), unhappy),
    );
  });

  it('not every at-risk tenant churns, and some healthy ones do (base rate)', () => {
    const atRiskTruth = portfolio.filter((t) => t.truth.story === 'at_risk').map((t) => t.truth);
    const willChurn = atRiskTruth.filter((t) => t.willChurnWithinDays !== null);
    expect(willChurn.length).toBeGreaterThan(20);
    expect(willChurn.length).toBeLessThan(atRiskTruth.length * 0.6);
    const healthyChurn = portfolio.filter(
      (t) => t.truth.story === 'healthy' && t.truth.willChurnWithinDays !== null,
    );
    expect(healthyChurn.length).toBeGreaterThan(0);
    expect(portfolio.some((t) => t.truth.churned && t.truth.plantedCause === null)).toBe(true);
    // The hazard the simulation used ranks stories: churned above at risk above healthy.
    const meanP = (story: TruthRecord['story']) =>
      mean(portfolio.filter((t) => t.truth.story === story).map((t) => t.truth.churnProbability));
    expect(meanP('churned')).toBeGreaterThan(meanP('at_risk'));
    expect(meanP('at_risk')).toBeGreaterThan(meanP('healthy'));
  });
});
