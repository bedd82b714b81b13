import { HEALTH_DIMENSIONS, type HealthDimension, type HealthSettings } from '../../config/product-config';
import type { Band } from '../score-record';
import { F, type FixedFeatureName } from './feature-catalog';
import { type Curve, curve, evaluate } from './piecewise';

/**
 * The health score: each dimension 0-100 from its features through documented, monotone
 * piecewise-linear curves (the tables below), the dimensions combined with the config weights.
 * A dimension without any known input is skipped (reported null) and the others' weights
 * renormalise: a tenant is never marked down for data it does not send.
 */

export interface HealthInputSpec {
  readonly feature: FixedFeatureName;
  /** Relative weight inside the dimension. */
  readonly weight: number;
  /** Feature value -> 0-100. */
  readonly curve: Curve;
}

export const HEALTH_INPUTS: Readonly<Record<HealthDimension, readonly HealthInputSpec[]>> = {
  breadth: [
    {
      feature: 'breadth',
      weight: 2,
      curve: curve([
        [0, 0],
        [0.34, 30],
        [0.5, 55],
        [0.8, 90],
        [1, 100],
      ]),
    },
    {
      feature: 'coreFeatureUse',
      weight: 1,
      curve: curve([
        [0, 0],
        [0.5, 50],
        [1, 100],
      ]),
    },
    {
      feature: 'retentionFeatureUse',
      weight: 1,
      curve: curve([
        [0, 20],
        [0.5, 60],
        [1, 100],
      ]),
    },
  ],
  depth: [
    {
      // Healthy accounts have about half their seats active on an average day.
      feature: 'depth',
      weight: 1,
      curve: curve([
        [0, 0],
        [0.15, 25],
        [0.3, 55],
        [0.45, 85],
        [0.55, 100],
      ]),
    },
  ],
  engagement: [
    {
      feature: 'activeUsersChange',
      weight: 2,
      curve: curve([
        [-0.7, 0],
        [-0.5, 20],
        [-0.25, 60],
        [0, 85],
        [0.1, 100],
      ]),
    },
    {
      feature: 'coreActionsChange',
      weight: 1,
      curve: curve([
        [-0.7, 0],
        [-0.5, 20],
        [-0.25, 60],
        [0, 85],
        [0.1, 100],
      ]),
    },
    {
      feature: 'engagementSlope',
      weight: 1,
      curve: curve([
        [-0.15, 0],
        [-0.05, 50],
        [0, 80],
        [0.03, 100],
      ]),
    },
  ],
  reach: [
    {
      // Per unit of MRR and against the industry: what the tenant gets for what it pays.
      feature: 'reachPercentile',
      weight: 1,
      curve: curve([
        [0, 0],
        [0.1, 30],
        [0.5, 75],
        [0.8, 100],
      ]),
    },
  ],
  business: [
    {
      feature: 'businessTrend',
      weight: 2,
      curve: curve([
        [-0.3, 0],
        [-0.15, 30],
        [-0.05, 65],
        [0, 75],
        [0.1, 100],
      ]),
    },
    {
      feature: 'businessPercentile',
      weight: 1,
      curve: curve([
        [0, 0],
        [0.1, 35],
        [0.5, 75],
        [0.9, 100],
      ]),
    },
  ],
  support: [
    {
      feature: 'openBugs',
      weight: 1,
      curve: curve([
        [0, 100],
        [2, 85],
        [5, 50],
        [10, 20],
        [15, 0],
      ]),
    },
    {
      feature: 'slaBreaches28d',
      weight: 1,
      curve: curve([
        [0, 100],
        [1, 80],
        [3, 50],
        [10, 0],
      ]),
    },
    {
      feature: 'ticketsChange',
      weight: 1,
      curve: curve([
        [0, 100],
        [0.5, 85],
        [1.5, 50],
        [3, 20],
        [6, 0],
      ]),
    },
  ],
  sentiment: [
    {
      feature: 'nps',
      weight: 1,
      curve: curve([
        [0, 0],
        [4, 30],
        [6, 55],
        [7, 70],
        [9, 95],
        [10, 100],
      ]),
    },
    {
      feature: 'csat',
      weight: 1,
      curve: curve([
        [1, 0],
        [2, 25],
        [3, 55],
        [4, 85],
        [5, 100],
      ]),
    },
  ],
  onboarding: [
    {
      feature: 'onboardingOverdueDays',
      weight: 2,
      curve: curve([
        [0, 100],
        [3, 80],
        [7, 50],
        [14, 25],
        [30, 0],
      ]),
    },
    {
      feature: 'onboardingOverdueSteps',
      weight: 1,
      curve: curve([
        [0, 100],
        [1, 50],
        [2, 20],
        [3, 0],
      ]),
    },
  ],
};

/** Health settings compiled once per run: flat arrays for the per-tenant loop. */
export interface HealthModel {
  readonly settings: HealthSettings;
  readonly weights: Float64Array;
  readonly inputs: readonly (readonly { readonly index: number; readonly spec: HealthInputSpec }[])[];
}

export function createHealthModel(settings: HealthSettings): HealthModel {
  return {
    settings,
    weights: Float64Array.from(HEALTH_DIMENSIONS, (dimension) => settings.weights[dimension]),
    inputs: HEALTH_DIMENSIONS.map((dimension) =>
      HEALTH_INPUTS[dimension].map((spec) => ({ index: F[spec.feature], spec })),
    ),
  };
}

/**
 * Health 0-100 (whole number) from a feature vector, dimension scores into `dimensions`
 * (indexed like HEALTH_DIMENSIONS, NaN = skipped). NaN when no dimension could be scored.
 */
export function scoreHealth(model: HealthModel, features: Float64Array, dimensions: Float64Array): number {
  let total = 0;
  let weightSum = 0;
  for (let d = 0; d < model.inputs.length; d++) {
    scoreDimension(model.inputs[d] ?? [], features, dimensions, d);
    const score = dimensions[d] as number;
    const weight = model.weights[d] as number;
    if (!Number.isNaN(score) && weight > 0) {
      total += weight * score;
      weightSum += weight;
    }
  }
  return weightSum > 0 ? Math.round(total / weightSum) : Number.NaN;
}

/**
 * Writes the dimension's score into dimensions[d] rather than returning it: a number returned
 * from a call is boxed, one heap allocation per dimension per tenant.
 */
function scoreDimension(
  inputs: HealthModel['inputs'][number],
  features: Float64Array,
  dimensions: Float64Array,
  d: number,
): void {
  let total = 0;
  let weightSum = 0;
  for (let i = 0; i < inputs.length; i++) {
    const input = inputs[i];
    if (input === undefined) continue;
    const value = evaluate(input.spec.curve, features[input.index] as number);
    if (!Number.isNaN(value)) {
      total += input.spec.weight * value;
      weightSum += input.spec.weight;
    }
  }
  dimensions[d] = weightSum > 0 ? total / weightSum : Number.NaN;
}

/** score >= healthy: healthy; >= watch: watch; >= atRisk: at_risk; below: critical. */
export function healthBand(score: number, bands: HealthSettings['bands']): Band {
  if (score >= bands.healthy) return 'healthy';
  if (score >= bands.watch) return 'watch';
  if (score >= bands.atRisk) return 'at_risk';
  return 'critical';
}

export interface HealthInput {
  readonly feature: FixedFeatureName;
  /** The feature value; null when unknown. */
  readonly value: number | null;
  /** What it scored on the 0-100 curve; null when unknown. */
  readonly score: number | null;
  readonly weight: number;
}

export interface HealthReport {
  /** 0-100; null when no dimension had data. */
  readonly score: number | null;
  readonly band: Band | null;
  /** 0-100 per dimension (whole numbers); null when skipped for lack of data. */
  readonly dimensions: Readonly<Record<HealthDimension, number | null>>;
  /** Why each dimension scored as it did: its inputs, so a UI can say which number moved it. */
  readonly inputs: Readonly<Record<HealthDimension, readonly HealthInput[]>>;
}

/** What a score record keeps of a HealthReport. */
export type HealthSummary = Omit<HealthReport, 'inputs'>;

/**
 * explainHealth without the per-input breakdown, for the per-tenant loop: a score record keeps
 * score, band and dimensions only, and building every input's explanation object per tenant
 * cost more than scoring. `dimensionScores` is workspace (HEALTH_DIMENSIONS.length long).
 */
export function summarizeHealth(
  model: HealthModel,
  features: Float64Array,
  dimensionScores: Float64Array = new Float64Array(HEALTH_DIMENSIONS.length),
): HealthSummary {
  const score = scoreHealth(model, features, dimensionScores);
  // One literal in HEALTH_DIMENSIONS order: every score record then shares one object shape,
  // where keyed stores into an empty object walked a chain of shapes, tenant after tenant.
  const dimensions: Record<HealthDimension, number | null> = {
    breadth: shown(dimensionScores, 0),
    depth: shown(dimensionScores, 1),
    engagement: shown(dimensionScores, 2),
    reach: shown(dimensionScores, 3),
    business: shown(dimensionScores, 4),
    support: shown(dimensionScores, 5),
    sentiment: shown(dimensionScores, 6),
    onboarding: shown(dimensionScores, 7),
  };
  return {
    score: Number.isNaN(score) ? null : score,
    band: Number.isNaN(score) ? null : healthBand(score, model.settings.bands),
    dimensions,
  };
}

/** A dimension's score as reported: whole points, null when unknown. */
function shown(dimensionScores: Float64Array, d: number): number | null {
  const value = dimensionScores[d] as number;
  return Number.isNaN(value) ? null : Math.round(value);
}

/** The explainable form of scoreHealth, for outputs (allocates; not for the hot loop). */
export function explainHealth(model: HealthModel, features: Float64Array): HealthReport {
  const summary = summarizeHealth(model, features);
  const inputs = {} as Record<HealthDimension, HealthInput[]>;
  HEALTH_DIMENSIONS.forEach((dimension, d) => {
    inputs[dimension] = (model.inputs[d] ?? []).map(({ index, spec }) => {
      const raw = features[index] ?? Number.NaN;
      const scored = evaluate(spec.curve, raw);
      return {
        feature: spec.feature,
        value: Number.isNaN(raw) ? null : raw,
        score: Number.isNaN(scored) ? null : Math.round(scored),
        weight: spec.weight,
      };
    });
  });
  return { ...summary, inputs };
}
