import { describe, expect, it } from 'vitest';
import { HEALTH_DIMENSIONS, HealthSchema, type HealthSettings } from '../../lambdas/config/product-config';
import { F, FIXED_FEATURES } from '../../lambdas/domain/scoring/feature-catalog';
import {
  createHealthModel,
  explainHealth,
  HEALTH_INPUTS,
  healthBand,
  scoreHealth,
  summarizeHealth,
} from '../../lambdas/domain/scoring/health';
import { direction, evaluate } from '../../lambdas/domain/scoring/piecewise';

const defaults = HealthSchema.parse({});
const model = createHealthModel(defaults);
const size = FIXED_FEATURES.length;

function vector(values: Partial<Record<keyof typeof F, number>>): Float64Array {
  const out = new Float64Array(size).fill(Number.NaN);
  for (const [name, value] of Object.entries(values)) out[F[name as keyof typeof F]] = value;
  return out;
}

function score(values: Partial<Record<keyof typeof F, number>>, settings: HealthSettings = defaults): number {
  return scoreHealth(createHealthModel(settings), vector(values), new Float64Array(HEALTH_DIMENSIONS.length));
}

/** A middling tenant with every health input known. */
const middling = {
  breadth: 0.6,
  coreFeatureUse: 0.6,
  retentionFeatureUse: 0.5,
  depth: 0.3,
  activeUsersChange: -0.1,
  coreActionsChange: -0.1,
  engagementSlope: -0.02,
  reachPercentile: 0.4,
  businessTrend: -0.05,
  businessPercentile: 0.3,
  openBugs: 3,
  slaBreaches28d: 1,
  ticketsChange: 0.8,
  nps: 6,
  csat: 3.5,
  onboardingOverdueDays: 5,
  onboardingOverdueSteps: 1,
};

describe('health curves', () => {
  it('every input moves its dimension the way its feature moves risk (monotone, documented)', () => {
    for (const dimension of HEALTH_DIMENSIONS) {
      for (const input of HEALTH_INPUTS[dimension]) {
        const spec = FIXED_FEATURES[F[input.feature]];
        expect(direction(input.curve), `${dimension}.${input.feature}`).toBe(-(spec?.riskDirection ?? 0));
        expect(Math.min(...input.curve.ys)).toBeGreaterThanOrEqual(0);
        expect(Math.max(...input.curve.ys)).toBeLessThanOrEqual(100);
      }
    }
  });

  it('the health score never falls when one input improves and the rest stay put', () => {
    for (const dimension of HEALTH_DIMENSIONS) {
      for (const input of HEALTH_INPUTS[dimension]) {
        const xs = [...input.curve.xs];
        const lo = xs[0] ?? 0;
        const hi = xs.at(-1) ?? 1;
        const better = -(FIXED_FEATURES[F[input.feature]]?.riskDirection ?? 0);
        let previous = Number.NEGATIVE_INFINITY;
        for (let step = 0; step <= 20; step++) {
          const x = better > 0 ? lo + ((hi - lo) * step) / 20 : hi - ((hi - lo) * step) / 20;
          const next = score({ ...middling, [input.feature]: x });
          expect(next, `${input.feature} = ${x}`).toBeGreaterThanOrEqual(previous);
          previous = next;
        }
        expect(evaluate(input.curve, Number.NaN)).toBeNaN();
      }
    }
  });
});

describe('health score', () => {
  it('is the config-weighted mean of the dimensions that have data; the others are skipped', () => {
    // breadth 100 (its only known input), sentiment 0.
    expect(score({ breadth: 1 })).toBe(100);
    expect(score({ breadth: 1, nps: 0 })).toBe(50);
    const weights = { ...defaults.weights, sentiment: 3 };
    expect(score({ breadth: 1, nps: 0 }, { ...defaults, weights })).toBe(25);
    // A dimension weighted 0 does not count even with data.
    expect(score({ breadth: 1, nps: 0 }, { ...defaults, weights: { ...weights, sentiment: 0 } })).toBe(100);
  });

  it('renormalises inside a dimension too: an unknown input is left out, not scored 0', () => {
    // engagement: activeUsersChange 0 -> 85 (weight 2); slope unknown; core actions unknown.
    expect(score({ activeUsersChange: 0 })).toBe(85);
    // + engagementSlope -0.15 -> 0 (weight 1): (2 x 85 + 0) / 3.
    expect(score({ activeUsersChange: 0, engagementSlope: -0.15 })).toBe(57);
  });

  it('is NaN (report: null) without any data, and explains each dimension by its inputs', () => {
    expect(score({})).toBeNaN();
    const empty = explainHealth(model, vector({}));
    expect(empty.score).toBeNull();
    expect(empty.band).toBeNull();
    expect(Object.values(empty.dimensions).every((d) => d === null)).toBe(true);

    const report = explainHealth(model, vector({ depth: 0.3, nps: 9, csat: 2 }));
    expect(report.dimensions.depth).toBe(55);
    expect(report.dimensions.sentiment).toBe(60);
    expect(report.dimensions.business).toBeNull();
    expect(report.score).toBe(58);
    expect(report.band).toBe('critical');
    expect(report.inputs.sentiment).toEqual([
      { feature: 'nps', value: 9, score: 95, weight: 1 },
      { feature: 'csat', value: 2, score: 25, weight: 1 },
    ]);
    expect(report.inputs.business.map((input) => input.value)).toEqual([null, null]);
  });

  it('reports each dimension under its own name, in HEALTH_DIMENSIONS order', () => {
    const workspace = new Float64Array(HEALTH_DIMENSIONS.length);
    const summary = summarizeHealth(
      model,
      vector({ breadth: 0.4, depth: 0.3, nps: 9, openBugs: 4 }),
      workspace,
    );
    expect(Object.keys(summary.dimensions)).toEqual([...HEALTH_DIMENSIONS]);
    HEALTH_DIMENSIONS.forEach((dimension, d) => {
      const value = workspace[d] as number;
      expect(summary.dimensions[dimension]).toBe(Number.isNaN(value) ? null : Math.round(value));
    });
    expect(Object.values(summary.dimensions).filter((value) => value !== null).length).toBeGreaterThan(2);
  });
});

describe('bands', () => {
  it.each([
    [100, 'healthy'],
    [82, 'healthy'],
    [81, 'watch'],
    [75, 'watch'],
    [74, 'at_risk'],
    [65, 'at_risk'],
    [64, 'critical'],
    [0, 'critical'],
  ] as const)('score %i is %s with the default thresholds', (value, band) => {
    expect(healthBand(value, defaults.bands)).toBe(band);
  });

  it('follow the configured thresholds', () => {
    const bands = { healthy: 80, watch: 60, atRisk: 40 };
    expect(healthBand(79, bands)).toBe('watch');
    expect(healthBand(59, bands)).toBe('at_risk');
    expect(healthBand(39, bands)).toBe('critical');
  });
});
