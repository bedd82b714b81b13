import { z } from 'zod';
import { HEALTH_DIMENSIONS } from '../config/product-config';
import { CAUSE_IDS } from './cause-ids';

/** The output contract of the score stage (DESIGN.md "Outputs of a run": scores.jsonl). */
export const BANDS = ['healthy', 'watch', 'at_risk', 'critical'] as const;
export type Band = (typeof BANDS)[number];

export const DriverSchema = z.object({
  feature: z.string(),
  value: z.number().nullable(),
  baseline: z.number().nullable(),
  /** Contribution to the churn logit: positive raises risk. */
  impact: z.number(),
});

export const ScoreRecordSchema = z.object({
  tenantId: z.string(),
  asOf: z.string(),
  healthScore: z.number().min(0).max(100),
  dimensions: z.record(z.enum(HEALTH_DIMENSIONS), z.number().min(0).max(100).nullable()),
  band: z.enum(BANDS),
  churnProbability: z.number().min(0).max(1),
  drivers: z.array(DriverSchema),
  cause: z.enum(CAUSE_IDS).nullable(),
  explanation: z.string(),
  configVersion: z.string(),
  modelVersion: z.string(),
  /** fresh, or why the score is frozen: late | partial | anomalous | churned. */
  dataFreshness: z.string(),
  /** True when this is the last good score carried forward (stale data or churned tenant). */
  frozen: z.boolean(),
});
export type ScoreRecord = z.infer<typeof ScoreRecordSchema>;
export type Driver = z.infer<typeof DriverSchema>;

/**
 * `tenant.risk.changed` on the Lifeline EventBridge bus: emitted when a tenant's band or cause
 * changes between nights. Consumers (CRM sync, Slack alerts) subscribe with a rule on
 * source "lifeline" and detail-type "tenant.risk.changed".
 */
export const RiskChangedDetailSchema = z.object({
  tenantId: z.string(),
  asOf: z.string(),
  previous: z.object({ band: z.enum(BANDS), cause: z.enum(CAUSE_IDS).nullable() }).nullable(),
  current: z.object({
    band: z.enum(BANDS),
    cause: z.enum(CAUSE_IDS).nullable(),
    healthScore: z.number(),
    churnProbability: z.number(),
  }),
  explanation: z.string(),
  configVersion: z.string(),
  modelVersion: z.string(),
});
export type RiskChangedDetail = z.infer<typeof RiskChangedDetailSchema>;
export const RISK_CHANGED = { source: 'lifeline', detailType: 'tenant.risk.changed' } as const;

/** The event for a new score, or null when band and cause are unchanged (frozen scores never emit). */
export function riskChange(previous: ScoreRecord | null, current: ScoreRecord): RiskChangedDetail | null {
  if (current.frozen) return null;
  if (previous && previous.band === current.band && previous.cause === current.cause) return null;
  return {
    tenantId: current.tenantId,
    asOf: current.asOf,
    previous: previous ? { band: previous.band, cause: previous.cause } : null,
    current: {
      band: current.band,
      cause: current.cause,
      healthScore: current.healthScore,
      churnProbability: current.churnProbability,
    },
    explanation: current.explanation,
    configVersion: current.configVersion,
    modelVersion: current.modelVersion,
  };
}
