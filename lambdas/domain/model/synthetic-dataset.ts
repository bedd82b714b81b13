import type { Dataset, FeatureKind } from './dataset';
import { SeededRandom } from './seeded-random';

/**
 * A deterministic synthetic churn dataset for benchmarks and tests: 25 tenant-snapshot features
 * shaped like Lifeline's (usage change, adoption, support load, sentiment with missing values,
 * plan and industry codes, correlated proxies and pure noise), labels drawn from a known logit
 * with non-linear shapes, missingness that itself carries risk, and pairwise interactions
 * (usage drop x renewal close, disagreeing trends, bugs x SLA breaches, ...).
 */
export const SYNTHETIC_FEATURES: readonly { name: string; kind: FeatureKind }[] = [
  { name: 'activeUsersChange', kind: 'numeric' },
  { name: 'seatUtilisation', kind: 'numeric' },
  { name: 'featureBreadth', kind: 'numeric' },
  { name: 'coreActionsTrend', kind: 'numeric' },
  { name: 'tenureDays', kind: 'numeric' },
  { name: 'daysToRenewal', kind: 'numeric' },
  { name: 'openBugs', kind: 'numeric' },
  { name: 'slaBreaches', kind: 'numeric' },
  { name: 'nps', kind: 'numeric' },
  { name: 'csat', kind: 'numeric' },
  { name: 'businessTrend', kind: 'numeric' },
  { name: 'industryPercentile', kind: 'numeric' },
  { name: 'reachPerDollar', kind: 'numeric' },
  { name: 'onboardingProgress', kind: 'numeric' },
  { name: 'plan', kind: 'categorical' },
  { name: 'industry', kind: 'categorical' },
  { name: 'mrr', kind: 'numeric' },
  { name: 'ticketSpike', kind: 'numeric' },
  { name: 'activeUsersChange7d', kind: 'numeric' },
  { name: 'seatsPurchased', kind: 'numeric' },
  { name: 'loginsPerUser', kind: 'numeric' },
  { name: 'apiCalls', kind: 'numeric' },
  { name: 'exportsLast30d', kind: 'numeric' },
  { name: 'integrations', kind: 'numeric' },
  { name: 'championChanged', kind: 'numeric' },
];

export interface SyntheticChurnData {
  readonly dataset: Dataset;
  /** 1 = row belongs to the test split (a random 20%). */
  readonly isTest: Uint8Array;
  /** The true logit of each row (the best any model could do). */
  readonly trueLogits: Float64Array;
}

const PLAN_EFFECT = [0.35, 0, -0.2, -0.45];
const INDUSTRY_EFFECT = [0.2, -0.1, 0, 0.15, -0.2, 0.05, 0.1, -0.15];

export function syntheticChurnData(rows: number, seed: number): SyntheticChurnData {
  const random = new SeededRandom(seed, 7);
  const columns = SYNTHETIC_FEATURES.map(() => new Float64Array(rows));
  const labels = new Uint8Array(rows);
  const isTest = new Uint8Array(rows);
  const trueLogits = new Float64Array(rows);
  const row = new Float64Array(SYNTHETIC_FEATURES.length);
  for (let i = 0; i < rows; i++) {
    const z = drawTenant(random, row);
    trueLogits[i] = z;
    labels[i] = random.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
    isTest[i] = random.next() < 0.2 ? 1 : 0;
    row.forEach((value, f) => {
      const column = columns[f];
      if (column !== undefined) column[i] = value;
    });
  }
  return {
    dataset: {
      featureNames: SYNTHETIC_FEATURES.map((feature) => feature.name),
      kinds: SYNTHETIC_FEATURES.map((feature) => feature.kind),
      columns,
      labels,
    },
    isTest,
    trueLogits,
  };
}

/** Fills one tenant's features into `row` and returns its true churn logit. */
function drawTenant(random: SeededRandom, row: Float64Array): number {
  const drop = random.next() < 0.15 ? -(0.3 + 0.6 * random.next()) : 0;
  const usersChange = clamp(drop + 0.25 * random.normal(), -1, 1.5);
  const seatUtilisation = 1.1 * random.next() ** 0.7;
  const breadth = random.next();
  const coreTrend = random.normal();
  const tenure = Math.round(Math.exp(6 + random.normal()));
  const renewal = random.below(366);
  const bugs = poisson(random, 1.2);
  const breaches = poisson(random, 0.3);
  const npsMissing = random.next() < 0.35;
  const nps = npsMissing ? Number.NaN : clamp(Math.round(7 + 2 * random.normal()), 0, 10);
  const csat = random.next() < 0.5 ? Number.NaN : clamp(Math.round(4 + random.normal()), 1, 5);
  const businessTrend = random.normal();
  const percentile = random.next();
  const reach = Math.exp(random.normal());
  const onboarding = tenure <= 90 ? random.next() : Number.NaN;
  const plan = random.below(4);
  const industry = random.below(8);
  const mrr = Math.exp(7 + random.normal());
  const ticketSpike = random.normal();
  const users7d = usersChange * 0.8 + 0.15 * random.normal();
  const seats = Math.round(Math.exp(3 + random.normal()));
  const logins = random.next() < 0.1 ? Number.NaN : 5 + 2 * random.normal();
  const apiCalls = Math.exp(5 + 2 * random.normal());
  const exportsCount = poisson(random, 2);
  const integrations = poisson(random, 1.5);
  const championChanged = random.next() < 0.1 ? 1 : 0;
  row.set([
    usersChange,
    seatUtilisation,
    breadth,
    coreTrend,
    tenure,
    renewal,
    bugs,
    breaches,
    nps,
    csat,
    businessTrend,
    percentile,
    reach,
    onboarding,
    plan,
    industry,
    mrr,
    ticketSpike,
    users7d,
    seats,
    logins,
    apiCalls,
    exportsCount,
    integrations,
    championChanged,
  ]);

  const gap = 0.5 - breadth;
  let z = -3.9;
  z += 2.2 / (1 + Math.exp(12 * (usersChange + 0.35)));
  z += 0.8 * (0.6 - Math.min(seatUtilisation, 1));
  z += 2.8 * gap * Math.abs(gap);
  z += 0.6 * Math.exp(-tenure / 120);
  z += 0.5 * Math.exp(-renewal / 45);
  z += 0.22 * Math.min(bugs, 6) + 0.5 * breaches;
  z += npsMissing ? 0.45 : 0.18 * (6 - nps);
  z -= 0.5 * clamp(businessTrend, -2.5, 2.5);
  z += percentile < 0.1 ? 0.6 : 0;
  z -= 0.25 * Math.log(reach);
  z += tenure <= 90 ? 1.5 * (0.6 - onboarding) : 0;
  z += (PLAN_EFFECT[plan] ?? 0) + (INDUSTRY_EFFECT[industry] ?? 0);
  z -= 0.15 * Math.log(mrr / 1000);
  z += 0.3 * clamp(ticketSpike, -2, 2);
  z -= 0.15 * integrations;
  z += 0.7 * championChanged;
  // Interactions a main-effects model cannot express.
  z += usersChange < -0.25 && renewal < 90 ? 1.2 : 0;
  z += coreTrend * businessTrend < 0 ? 0.5 : -0.5;
  z += tenure > 365 ? 0.9 * (1 - breadth) : 0;
  z += 0.25 * Math.min(bugs, 6) * Math.min(breaches, 3);
  z += plan === 0 && seatUtilisation < 0.3 ? 0.6 : 0;
  return z;
}

function poisson(random: SeededRandom, rate: number): number {
  const limit = Math.exp(-rate);
  let k = 0;
  let product = random.next();
  while (product > limit) {
    k++;
    product *= random.next();
  }
  return k;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
