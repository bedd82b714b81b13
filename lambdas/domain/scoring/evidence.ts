import { CAUSE_IDS, type CauseId } from '../cause-ids';
import { F } from './feature-catalog';
import { type Curve, curve, evaluate } from './piecewise';

/**
 * Rule-based evidence per cause, in logit-like units: 0 says nothing, each +1 is about e times
 * likelier that the cause is what is going on, negative speaks against it. It reads only the
 * fixed features of feature-catalog.ts, each rule only features of its own cause group, so
 * every unit of evidence can be shown as a driver. The model's contributions say how much
 * risk there is; this says which play fits. On the synthetic portfolio the rules alone
 * recover the planted cause of >= 90% of at-risk tenants (test/unit/scoring-causes.test.ts).
 */

/** Evidence at which a rule names a cause on its own (with no model contribution behind it). */
export const EVIDENCE_NAMED = 1;
/** Low adoption counts from this tenure day on, fully 30 days later. */
const ADOPTION_FROM_DAY = 30;

export const CAUSE_INDEX: Readonly<Record<CauseId, number>> = Object.freeze(
  Object.fromEntries(CAUSE_IDS.map((cause, index) => [cause, index])) as Record<CauseId, number>,
);

// Each curve: (feature value, evidence). The comments give where the rule's edge sits and why.
const CURVES = {
  // A step 3 days late is a busy week; a week late is a stall (the source's bulk user import).
  onboardingOverdueDays: curve([
    [0, -1],
    [3, 0],
    [7, 1.5],
    [14, 3],
    [30, 4],
  ]),
  // Healthy tenants use at least half of what they pay for; a third or less is low adoption.
  breadth: curve([
    [0, 3.5],
    [0.34, 2.5],
    [0.5, 0],
    [0.67, -1.5],
  ]),
  // A fall of a third in a week is within holiday noise; half or more is a drop.
  activityChange: curve([
    [-0.8, 3.5],
    [-0.6, 2.5],
    [-0.45, 1],
    [-0.3, 0],
    [0, -0.5],
  ]),
  engagementSlope: curve([
    [-0.15, 1],
    [-0.08, 0.3],
    [-0.04, 0],
  ]),
  // After the shared season is taken out, healthy businesses sit within +-8% over 28 days.
  businessTrend: curve([
    [-0.25, 3.5],
    [-0.15, 2.5],
    [-0.1, 1],
    [-0.05, 0],
    [0.05, -0.5],
  ]),
  // The industry's bottom decile supports a decline; alone it is only a small business.
  businessPercentile: curve([
    [0, 0.5],
    [0.1, 0.25],
    [0.2, 0],
  ]),
  slaBreaches28d: curve([
    [1, 0],
    [3, 1.5],
    [8, 3],
  ]),
  openBugs: curve([
    [2, 0],
    [5, 1],
    [10, 2],
  ]),
  ticketsChange: curve([
    [0.5, 0],
    [1.5, 1],
    [3, 2],
  ]),
  // One detractor answer is a reason to ask; several, with poor CSAT, is dissatisfaction.
  nps: curve([
    [0, 1.2],
    [3, 0.9],
    [5, 0.5],
    [6, 0.2],
    [7, 0],
    [9, -0.5],
  ]),
  npsDetractors90d: curve([
    [1, 0],
    [2, 0.6],
    [3, 1.2],
  ]),
  csat: curve([
    [1.5, 1.5],
    [2.5, 0.8],
    [3.5, 0],
    [4.5, -0.3],
  ]),
  // One bad answer after a ticket is common; it only adds to a pattern.
  csatLatest: curve([
    [1, 0.3],
    [2, 0.15],
    [3, 0],
  ]),
} satisfies Record<string, Curve>;

/**
 * Evidence per cause into `out` (indexed like CAUSE_IDS). With `terms` (one slot per feature),
 * each feature's share of the evidence is written there too, for drivers and explanations.
 */
export function causeEvidence(features: Float64Array, out: Float64Array, terms?: Float64Array): Float64Array {
  if (terms !== undefined) terms.fill(0);
  out.fill(0, 0, CAUSE_IDS.length);
  add(
    out,
    CAUSE_INDEX.onboarding_stalled,
    features,
    F.onboardingOverdueDays,
    CURVES.onboardingOverdueDays,
    1,
    terms,
  );
  // Adoption is judged once habits can have formed: in the first month staff are still switching
  // over (SOURCES.md 3), and a tenant stalled in onboarding cannot use what the stalled step
  // switches on: the stall is the cause to act on.
  const tenure = features[F.tenureDays] as number;
  const settled = Number.isNaN(tenure) ? 1 : Math.min(1, Math.max(0, (tenure - ADOPTION_FROM_DAY) / 30));
  const stalled = (features[F.onboardingOverdueSteps] as number) > 0 ? 0.5 : 1;
  add(out, CAUSE_INDEX.low_adoption, features, F.breadth, CURVES.breadth, settled * stalled, terms);

  const users = features[F.activeUsersChange] as number;
  const actions = features[F.coreActionsChange] as number;
  // The mean of the two measures of activity; either alone when the other is not reported.
  const share = !Number.isNaN(users) && !Number.isNaN(actions) ? 0.5 : 1;
  const engagement = CAUSE_INDEX.engagement_drop;
  add(out, engagement, features, F.activeUsersChange, CURVES.activityChange, share, terms);
  add(out, engagement, features, F.coreActionsChange, CURVES.activityChange, share, terms);
  add(out, engagement, features, F.engagementSlope, CURVES.engagementSlope, 1, terms);

  // Against the industry when peers are known (the season they share taken out), else raw.
  const vsIndustry = features[F.businessTrendVsIndustry] as number;
  const trend = Number.isNaN(vsIndustry) ? F.businessTrend : F.businessTrendVsIndustry;
  const business = CAUSE_INDEX.business_decline;
  add(out, business, features, trend, CURVES.businessTrend, 1, terms);
  add(out, business, features, F.businessPercentile, CURVES.businessPercentile, 1, terms);

  const support = CAUSE_INDEX.support_friction;
  add(out, support, features, F.slaBreaches28d, CURVES.slaBreaches28d, 1, terms);
  add(out, support, features, F.openBugs, CURVES.openBugs, 1, terms);
  add(out, support, features, F.ticketsChange, CURVES.ticketsChange, 1, terms);

  const satisfaction = CAUSE_INDEX.low_satisfaction;
  add(out, satisfaction, features, F.nps, CURVES.nps, 1, terms);
  add(out, satisfaction, features, F.npsDetractors90d, CURVES.npsDetractors90d, 1, terms);
  add(out, satisfaction, features, F.csat, CURVES.csat, 1, terms);
  add(out, satisfaction, features, F.csatLatest, CURVES.csatLatest, 1, terms);
  return out;
}

/**
 * Adds one feature's evidence to its cause in `out` (and to `terms`). It adds rather than
 * returns: a number returned from a call is boxed, a heap allocation per rule per tenant.
 */
function add(
  out: Float64Array,
  cause: number,
  features: Float64Array,
  feature: number,
  c: Curve,
  weight: number,
  terms: Float64Array | undefined,
): void {
  const value = evaluate(c, features[feature] as number) * weight;
  if (Number.isNaN(value)) return;
  out[cause] = (out[cause] as number) + value;
  if (terms !== undefined) terms[feature] = value;
}

/** The cause with the most evidence, if it reaches EVIDENCE_NAMED; ties go to CAUSE_IDS order. */
export function strongestEvidence(evidence: Float64Array, minimum = EVIDENCE_NAMED): CauseId | null {
  let best = -1;
  let bestValue = minimum;
  for (let c = 0; c < CAUSE_IDS.length; c++) {
    const value = evidence[c] as number;
    if (value >= bestValue && (best < 0 || value > bestValue)) {
      best = c;
      bestValue = value;
    }
  }
  return best < 0 ? null : (CAUSE_IDS[best] ?? null);
}
