import type { z } from 'zod';
import type { FeatureMap, OnboardingStepSchema } from '../../config/product-config';
import { CAUSE_IDS } from '../cause-ids';
import {
  attributeFeatureSpec,
  type FeatureSpec,
  FIXED_FEATURES,
  stepFeatureSpec,
  useFeatureSpec,
} from './feature-catalog';

/**
 * Where each feature sits in a tenant's feature vector: the fixed list, then `use.<key>` per
 * configured key feature, `step.<key>` per onboarding step and `attr.<name>` per tenant
 * attribute the portfolio carries. A model stores the names it was trained on and maps by
 * name, so a new attribute or key feature never shifts a trained column.
 */

export type OnboardingStep = z.infer<typeof OnboardingStepSchema>;

/** How the portfolio's tenant attributes become features (built in portfolio-context.ts). */
export interface AttributeDictionary {
  readonly name: string;
  readonly kind: 'numeric' | 'categorical';
  /** Categorical only: the known values; a value's code is its index here. */
  readonly values: readonly string[];
  /** Categorical only: the code of rare and unseen values (values.length). */
  readonly otherCode: number;
  readonly codes: ReadonlyMap<string, number>;
}

export interface FeatureLayout {
  readonly specs: readonly FeatureSpec[];
  readonly names: readonly string[];
  readonly index: ReadonlyMap<string, number>;
  readonly size: number;
  readonly keyFeatures: readonly string[];
  /** Position of each key feature in keyFeatures (a tenant's entitlements are matched by key). */
  readonly keyPosition: ReadonlyMap<string, number>;
  /** Per key feature: 1 when it is also a core / retention feature. */
  readonly core: Uint8Array;
  readonly retention: Uint8Array;
  readonly steps: readonly OnboardingStep[];
  readonly useOffset: number;
  readonly stepOffset: number;
  readonly attributeOffset: number;
  readonly attributes: readonly AttributeDictionary[];
  /** Per feature: index into CAUSE_IDS of its cause group, -1 for context features. */
  readonly groups: Int8Array;
}

export function createFeatureLayout(
  features: Pick<FeatureMap, 'key' | 'core' | 'retention' | 'onboardingSteps'>,
  attributes: readonly AttributeDictionary[],
): FeatureLayout {
  const core = new Set(features.core);
  const retention = new Set(features.retention);
  const specs: FeatureSpec[] = [...FIXED_FEATURES];
  const useOffset = specs.length;
  for (const key of features.key) specs.push(useFeatureSpec(key, core.has(key), retention.has(key)));
  const stepOffset = specs.length;
  for (const step of features.onboardingSteps) specs.push(stepFeatureSpec(step.key, step.expectedDay));
  const attributeOffset = specs.length;
  for (const attribute of attributes) specs.push(attributeFeatureSpec(attribute.name, attribute.kind));
  const names = specs.map((spec) => spec.name);
  const index = new Map(names.map((name, i) => [name, i]));
  if (index.size !== names.length) throw new RangeError(`duplicate feature names in ${names.join(', ')}`);
  return {
    specs,
    names,
    index,
    size: specs.length,
    keyFeatures: [...features.key],
    keyPosition: new Map(features.key.map((key, k) => [key, k])),
    core: Uint8Array.from(features.key, (key) => (core.has(key) ? 1 : 0)),
    retention: Uint8Array.from(features.key, (key) => (retention.has(key) ? 1 : 0)),
    steps: features.onboardingSteps.map((step) => ({ ...step })),
    useOffset,
    stepOffset,
    attributeOffset,
    attributes,
    groups: Int8Array.from(specs, (spec) => (spec.group === null ? -1 : CAUSE_IDS.indexOf(spec.group))),
  };
}

/** A vector of the layout's size, every feature unknown. */
export function newFeatureVector(layout: FeatureLayout): Float64Array {
  return new Float64Array(layout.size).fill(Number.NaN);
}

/** The vector as { name: value } with null for unknown (JSON has no NaN): for output and tests. */
export function featureRecord(layout: FeatureLayout, vector: Float64Array): Record<string, number | null> {
  const record: Record<string, number | null> = {};
  layout.names.forEach((name, i) => {
    const value = vector[i] ?? Number.NaN;
    record[name] = Number.isNaN(value) ? null : value;
  });
  return record;
}
