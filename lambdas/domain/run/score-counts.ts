import type { ModelMetrics } from '../model/model-schema';
import { BANDS, type Band, type ScoreRecord } from '../score-record';

/** Churn probability from which a tenant counts as high risk in summaries. */
export const HIGH_RISK = 0.3;

/** What the train step decided tonight: the model scoring uses, and why. */
export interface ModelReport {
  readonly version: string;
  readonly kind: 'ga2m' | 'expert_prior';
  readonly trainedTonight: boolean;
  readonly decision: 'trained' | 'kept' | 'expert_prior' | 'not_due';
  readonly reasons: readonly string[];
  readonly trainingRows: number;
  readonly trainingPositives: number;
  readonly validation: ModelMetrics | null;
  readonly currentValidation: ModelMetrics | null;
  readonly trainSeconds: number;
}

/** Tenants scored by one shard (or a whole night), by outcome, band and cause. */
export interface ScoreCounts {
  /** Scored tonight (not frozen). */
  readonly scored: number;
  /** Last good score carried forward: stale data or a churned tenant. */
  readonly frozen: number;
  /** Churned before they ever had a score: nothing to carry forward. */
  readonly excluded: number;
  readonly byBand: Readonly<Record<Band, number>>;
  /** Per cause id ("none" for no cause), scored and frozen tenants. */
  readonly byCause: Readonly<Record<string, number>>;
  /** Per cause, tenants whose churn probability is at least HIGH_RISK. */
  readonly highRiskByCause: Readonly<Record<string, number>>;
  /** tenant.risk.changed events published. */
  readonly riskChanged: number;
}

export const EMPTY_SCORE_COUNTS: ScoreCounts = {
  scored: 0,
  frozen: 0,
  excluded: 0,
  byBand: zeroBands(),
  byCause: {},
  highRiskByCause: {},
  riskChanged: 0,
};

/** The counts of one unit of scoring work: its stored scores (frozen ones included). */
export function countScores(
  scores: readonly ScoreRecord[],
  outcome: { readonly frozen: number; readonly excluded: number; readonly riskChanged: number },
): ScoreCounts {
  const byBand = zeroBands();
  const byCause: Record<string, number> = {};
  const highRiskByCause: Record<string, number> = {};
  for (const record of scores) {
    byBand[record.band]++;
    const cause = record.cause ?? 'none';
    byCause[cause] = (byCause[cause] ?? 0) + 1;
    if (record.churnProbability >= HIGH_RISK) highRiskByCause[cause] = (highRiskByCause[cause] ?? 0) + 1;
  }
  return {
    scored: scores.length - outcome.frozen,
    frozen: outcome.frozen,
    excluded: outcome.excluded,
    byBand,
    byCause,
    highRiskByCause,
    riskChanged: outcome.riskChanged,
  };
}

/** Shards add up to the night: every count and every per-band / per-cause tally is a sum. */
export function addScoreCounts(a: ScoreCounts, b: ScoreCounts): ScoreCounts {
  const byBand = zeroBands();
  for (const band of BANDS) byBand[band] = a.byBand[band] + b.byBand[band];
  return {
    scored: a.scored + b.scored,
    frozen: a.frozen + b.frozen,
    excluded: a.excluded + b.excluded,
    byBand,
    byCause: addTallies(a.byCause, b.byCause),
    highRiskByCause: addTallies(a.highRiskByCause, b.highRiskByCause),
    riskChanged: a.riskChanged + b.riskChanged,
  };
}

function zeroBands(): Record<Band, number> {
  return Object.fromEntries(BANDS.map((band) => [band, 0])) as Record<Band, number>;
}

function addTallies(
  a: Readonly<Record<string, number>>,
  b: Readonly<Record<string, number>>,
): Record<string, number> {
  const sum: Record<string, number> = { ...a };
  for (const [key, n] of Object.entries(b)) sum[key] = (sum[key] ?? 0) + n;
  return sum;
}
