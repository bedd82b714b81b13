/**
 * The scoring domain: windows -> features -> health, cause evidence and attribution, and the
 * stale-data guard. Pure: no AWS, no clock (the as-of day is always passed in), no I/O.
 */
export {
  attributeCause,
  type CauseAttribution,
  type CauseAttributionInput,
  type CauseScore,
  type FeatureContribution,
  MAX_DRIVERS,
} from './causes';
export { fromDayNumber, toDayNumber } from './day-number';
export { CAUSE_INDEX, causeEvidence, EVIDENCE_NAMED, strongestEvidence } from './evidence';
export { type ExplanationInput, explainCause } from './explanation';
export {
  ATTRIBUTE_PREFIX,
  F,
  type FeatureSpec,
  type FeatureUnit,
  FIXED_FEATURES,
  type FixedFeatureName,
  STEP_PREFIX,
  USE_PREFIX,
} from './feature-catalog';
export {
  type AttributeDictionary,
  type FeatureLayout,
  featureRecord,
  newFeatureVector,
} from './feature-layout';
export { BASELINE_SHIFT_DAYS, computeBaselines, computeFeatures } from './features';
export { classifyFreshness, type FreshnessResult, type FreshnessStatus, SPIKE_FACTOR } from './freshness';
export {
  createHealthModel,
  explainHealth,
  HEALTH_INPUTS,
  type HealthInput,
  type HealthModel,
  type HealthReport,
  healthBand,
  scoreHealth,
} from './health';
export { MIN_PEERS } from './percentile';
export {
  buildPortfolioContext,
  type IndustryStats,
  type PortfolioContext,
  PortfolioContextBuilder,
  type PortfolioContextJson,
  PortfolioContextJsonSchema,
  parsePortfolioContext,
  portfolioContextToJson,
} from './portfolio-context';
export { type PortfolioEntry, portfolioEntry } from './portfolio-entry';
export { ONBOARDING_DAYS } from './setup-features';
export { type DayFields, TenantDays, TenantDaysBuilder, tenantDays, type WindowDay } from './tenant-days';
export {
  buildWindow,
  DEFAULT_WINDOW_DAYS,
  fillWindow,
  TenantWindow,
  WINDOW_METRICS,
  type WindowMetric,
  type WindowShape,
  windowShape,
} from './tenant-window';
