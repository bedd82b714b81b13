import type { CauseSettings } from '../../config/product-config';
import { CAUSE_IDS, type CauseId } from '../cause-ids';
import type { Driver } from '../score-record';
import { causeEvidence, EVIDENCE_NAMED } from './evidence';
import { explainCause } from './explanation';
import type { FeatureLayout } from './feature-layout';

/**
 * Cause attribution: which play fits the tenant's risk. The churn model says how much each
 * feature adds to the risk (contributions, logit); each feature belongs to one cause group
 * (feature-catalog.ts). The rule evidence (evidence.ts) says which cause's pattern is present.
 *
 * Rule: a cause is a candidate when its group's summed positive model contribution reaches
 * settings.minContribution, or when its rule evidence alone reaches EVIDENCE_NAMED (a cause
 * the model cannot weigh: an expert prior, or too few past churns of that kind to learn).
 * Among candidates, the one with the largest model contribution + evidence wins, so the
 * evidence breaks ties and overrules a model that spreads risk over correlated features of
 * several groups. No candidate: cause null and a neutral sentence.
 */

export interface FeatureContribution {
  readonly feature: string;
  /** Logit contribution; positive raises risk. A pair term arrives split between its features. */
  readonly contribution: number;
}

export interface CauseAttributionInput {
  /**
   * Per-feature contributions: a list by name, or a vector laid out like the features (the
   * allocation-free form, for a model that already sums its terms per feature).
   */
  readonly contributions: readonly FeatureContribution[] | Float64Array;
  readonly features: Float64Array;
  /** The tenant's baselines (computeBaselines); null when not computed. */
  readonly baselines: Float64Array | null;
  readonly layout: FeatureLayout;
  /** The health score (HealthReport.score), for the neutral sentence. */
  readonly healthScore: number | null;
  readonly settings: CauseSettings;
  /** Only the industry is read: the single piece of tenant text a sentence may quote. */
  readonly industry: string | undefined;
  readonly asOfDay: number;
  /** causeEvidence(features) if already computed in the hot loop. */
  readonly evidence?: Float64Array;
}

export interface CauseScore {
  readonly cause: CauseId;
  /** Summed positive model contribution of the cause's features. */
  readonly model: number;
  readonly evidence: number;
}

export interface CauseAttribution {
  readonly cause: CauseId | null;
  /** Top risk drivers: by model contribution, or by rule evidence when the model gives none. */
  readonly drivers: Driver[];
  readonly explanation: string;
  /** Per cause, both sides of the decision (for audits and the model quality report). */
  readonly scores: readonly CauseScore[];
}

export const MAX_DRIVERS = 5;

export function attributeCause(input: CauseAttributionInput): CauseAttribution {
  const { layout, features, settings } = input;
  const evidence = input.evidence ?? causeEvidence(features, new Float64Array(CAUSE_IDS.length));
  const contributions = contributionList(input);
  const model = new Float64Array(CAUSE_IDS.length);
  for (const { index, contribution } of contributions) {
    const group = index < 0 ? -1 : (layout.groups[index] ?? -1);
    if (group >= 0 && contribution > 0) model[group] = (model[group] ?? 0) + contribution;
  }
  const scores: CauseScore[] = [];
  let best: CauseId | null = null;
  let bestRank = Number.NEGATIVE_INFINITY;
  for (let c = 0; c < CAUSE_IDS.length; c++) {
    const cause = CAUSE_IDS[c] as CauseId;
    const fromModel = model[c] ?? 0;
    const fromRules = evidence[c] ?? 0;
    scores.push({ cause, model: fromModel, evidence: fromRules });
    const candidate = fromModel >= settings.minContribution || fromRules >= EVIDENCE_NAMED;
    // Strictly greater: a tie goes to the cause listed first in CAUSE_IDS.
    if (candidate && fromModel + fromRules > bestRank) {
      best = cause;
      bestRank = fromModel + fromRules;
    }
  }
  return {
    cause: best,
    drivers: drivers(input, contributions),
    explanation: explainCause(best, {
      features,
      layout,
      industry: input.industry,
      asOfDay: input.asOfDay,
      healthScore: input.healthScore,
    }),
    scores,
  };
}

interface IndexedContribution {
  /** Index in the layout; -1 for a name the layout does not know. */
  readonly index: number;
  readonly feature: string;
  readonly contribution: number;
}

function contributionList(input: CauseAttributionInput): IndexedContribution[] {
  const { contributions, layout } = input;
  if (contributions instanceof Float64Array) {
    const list: IndexedContribution[] = [];
    for (let index = 0; index < Math.min(contributions.length, layout.size); index++) {
      const contribution = contributions[index] ?? 0;
      if (contribution !== 0) list.push({ index, feature: layout.names[index] ?? '', contribution });
    }
    return list;
  }
  return contributions.map(({ feature, contribution }) => ({
    index: layout.index.get(feature) ?? -1,
    feature,
    contribution,
  }));
}

/**
 * The exact model contributions, largest risk first; with no positive contribution at all
 * (no model yet), the rule evidence per feature stands in so the CSM still sees the numbers.
 */
function drivers(input: CauseAttributionInput, contributions: readonly IndexedContribution[]): Driver[] {
  const { layout, features, baselines } = input;
  let ranked = contributions
    .filter((c) => c.contribution > 0 && Number.isFinite(c.contribution))
    .map((c) => ({ index: c.index, feature: c.feature, impact: c.contribution }));
  if (ranked.length === 0) {
    const terms = new Float64Array(layout.size);
    causeEvidence(features, new Float64Array(CAUSE_IDS.length), terms);
    ranked = [];
    terms.forEach((impact, index) => {
      if (impact > 0) ranked.push({ index, feature: layout.names[index] ?? '', impact });
    });
  }
  const orNull = (vector: Float64Array | null, index: number) => {
    const x = index < 0 || vector === null ? Number.NaN : (vector[index] ?? Number.NaN);
    return Number.isNaN(x) ? null : x;
  };
  return ranked
    .sort((a, b) => b.impact - a.impact || (a.feature < b.feature ? -1 : 1))
    .slice(0, MAX_DRIVERS)
    .map(({ index, feature, impact }) => ({
      feature,
      value: orNull(features, index),
      baseline: orNull(baselines, index),
      impact,
    }));
}
