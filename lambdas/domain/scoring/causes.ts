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
  /**
   * The tenant's baselines by layout position: a vector from computeBaselines, or LazyBaselines
   * (only the drivers' are read); null when not computed.
   */
  readonly baselines: Baselines | null;
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

/** Baselines by layout position (a Float64Array is one). */
export interface Baselines {
  at(index: number): number | undefined;
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
}

export const MAX_DRIVERS = 5;

// Scratch: JS is single-threaded and nothing here re-enters, so attribution allocates only
// what it returns (a few objects per tenant, where it used to allocate one per feature).
const evidenceScratch = new Float64Array(CAUSE_IDS.length);
const modelScratch = new Float64Array(CAUSE_IDS.length);
const fallbackEvidence = new Float64Array(CAUSE_IDS.length);
let termScratch = new Float64Array(0);
const driverSlots = new Int32Array(MAX_DRIVERS);

export function attributeCause(input: CauseAttributionInput): CauseAttribution {
  const contributions = contributionVector(input);
  const { model, evidence } = sumCauses(input, contributions);
  let best: CauseId | null = null;
  let bestRank = Number.NEGATIVE_INFINITY;
  for (let c = 0; c < CAUSE_IDS.length; c++) {
    const fromModel = model[c] as number;
    const fromRules = evidence[c] as number;
    const candidate = fromModel >= input.settings.minContribution || fromRules >= EVIDENCE_NAMED;
    // Strictly greater: a tie goes to the cause listed first in CAUSE_IDS.
    if (candidate && fromModel + fromRules > bestRank) {
      best = CAUSE_IDS[c] as CauseId;
      bestRank = fromModel + fromRules;
    }
  }
  return {
    cause: best,
    drivers: drivers(input, contributions),
    explanation: explainCause(best, {
      features: input.features,
      layout: input.layout,
      industry: input.industry,
      asOfDay: input.asOfDay,
      healthScore: input.healthScore,
    }),
  };
}

/** Per cause, both sides of attributeCause's decision (for audits and tests). */
export function causeScores(input: CauseAttributionInput): CauseScore[] {
  const { model, evidence } = sumCauses(input, contributionVector(input));
  return CAUSE_IDS.map((cause, c) => ({ cause, model: model[c] as number, evidence: evidence[c] as number }));
}

/** Per cause (CAUSE_IDS order): summed positive model contribution of its features, and rule evidence. */
function sumCauses(
  input: CauseAttributionInput,
  contributions: ContributionVector,
): { readonly model: Float64Array; readonly evidence: Float64Array } {
  const groups = input.layout.groups;
  const model = modelScratch.fill(0);
  for (let j = 0; j < contributions.count; j++) {
    const index = contributions.indexes === null ? j : (contributions.indexes[j] as number);
    const group = index < 0 ? -1 : (groups[index] ?? -1);
    const contribution = contributions.impacts[j] as number;
    if (group >= 0 && contribution > 0) model[group] = (model[group] as number) + contribution;
  }
  return { model, evidence: input.evidence ?? causeEvidence(input.features, evidenceScratch) };
}

/** Contributions as parallel arrays: impact j belongs to feature names[j] at layout position indexes[j]. */
interface ContributionVector {
  readonly count: number;
  readonly impacts: Float64Array;
  readonly names: readonly string[];
  /** Layout position of each entry (-1: a name the layout does not know); null: j itself. */
  readonly indexes: Int32Array | null;
}

function contributionVector(input: CauseAttributionInput): ContributionVector {
  const { contributions, layout } = input;
  if (contributions instanceof Float64Array) {
    return {
      count: Math.min(contributions.length, layout.size),
      impacts: contributions,
      names: layout.names,
      indexes: null,
    };
  }
  return {
    count: contributions.length,
    impacts: Float64Array.from(contributions, (c) => c.contribution),
    names: contributions.map((c) => c.feature),
    indexes: Int32Array.from(contributions, (c) => layout.index.get(c.feature) ?? -1),
  };
}

/**
 * The exact model contributions, largest risk first; with no positive contribution at all
 * (no model yet), the rule evidence per feature stands in so the CSM still sees the numbers.
 */
function drivers(input: CauseAttributionInput, contributions: ContributionVector): Driver[] {
  const { layout, features, baselines } = input;
  let ranked = contributions;
  let count = topDrivers(ranked);
  if (count === 0) {
    if (termScratch.length !== layout.size) termScratch = new Float64Array(layout.size);
    causeEvidence(features, fallbackEvidence, termScratch);
    ranked = { count: layout.size, impacts: termScratch, names: layout.names, indexes: null };
    count = topDrivers(ranked);
  }
  const list: Driver[] = [];
  for (let d = 0; d < count; d++) {
    const j = driverSlots[d] as number;
    const index = ranked.indexes === null ? j : (ranked.indexes[j] as number);
    list.push({
      feature: ranked.names[j] ?? '',
      value: index < 0 ? null : nullIfNaN(features[index] as number),
      baseline: orNull(baselines, index),
      impact: ranked.impacts[j] as number,
    });
  }
  return list;
}

/**
 * The MAX_DRIVERS largest finite positive impacts into driverSlots, best first (ties by feature
 * name); returns how many. A partial insertion, not a sort of every feature: a tenant has
 * dozens of contributions and shows five.
 */
function topDrivers({ count: size, impacts, names }: ContributionVector): number {
  let count = 0;
  // The impact an entry must reach to be looked at: above 0 (MIN_VALUE is the least positive
  // number), then once the slots are full the last one's. Whether a tenant's impact is positive
  // is a coin toss to the branch predictor; whether it beats the fifth largest is almost never.
  let floor = Number.MIN_VALUE;
  for (let j = 0; j < size; j++) {
    const impact = impacts[j] as number;
    if (!(impact >= floor) || impact === Number.POSITIVE_INFINITY) continue;
    let slot = count;
    while (slot > 0 && ranksBefore(impact, names[j] ?? '', driverSlots[slot - 1] as number, impacts, names)) {
      slot--;
    }
    if (slot >= MAX_DRIVERS) continue;
    if (count < MAX_DRIVERS) count++;
    // A plain loop: copyWithin is a builtin call, dearer than moving four numbers.
    for (let move = count - 1; move > slot; move--) driverSlots[move] = driverSlots[move - 1] as number;
    driverSlots[slot] = j;
    if (count === MAX_DRIVERS) floor = impacts[driverSlots[MAX_DRIVERS - 1] as number] as number;
  }
  return count;
}

function ranksBefore(
  impact: number,
  name: string,
  other: number,
  impacts: Float64Array,
  names: readonly string[],
): boolean {
  const otherImpact = impacts[other] as number;
  return impact > otherImpact || (impact === otherImpact && name < (names[other] ?? ''));
}

function orNull(vector: Baselines | null, index: number): number | null {
  return index < 0 || vector === null ? null : nullIfNaN(vector.at(index) ?? Number.NaN);
}

function nullIfNaN(x: number): number | null {
  return Number.isNaN(x) ? null : x;
}
