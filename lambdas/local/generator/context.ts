import { INDUSTRIES } from './catalog';
import { fromEpochDay, monthPosition, toEpochDay, weekdayOf } from './dates';
import type { GeneratorOptions } from './options';

export interface OnboardingStepInfo {
  readonly key: string;
  readonly expectedDay: number;
  readonly index: number;
  /** The key feature this step switches on (bulk_user_import -> bulk_import), if any. */
  readonly feature: string | undefined;
}

/** Everything about the portfolio that is the same for every tenant, computed once. */
export interface PortfolioContext {
  readonly options: GeneratorOptions;
  readonly asOfDay: number;
  /** First day of metric history (asOf - days + 1). */
  readonly firstDay: number;
  /** YYYY-MM-DD per history day (index = day - firstDay): formatted once, not per record. */
  readonly dates: readonly string[];
  readonly weekdays: Uint8Array;
  /** Yearly season per industry and history day, for product usage and the tenant's business. */
  readonly season: ReadonlyMap<string, { readonly usage: Float64Array; readonly business: Float64Array }>;
  /** Key features, core first, then retention, then the rest: cheaper plans get the front. */
  readonly featurePriority: readonly string[];
  readonly core: ReadonlySet<string>;
  readonly retention: ReadonlySet<string>;
  readonly steps: readonly OnboardingStepInfo[];
}

export function createContext(options: GeneratorOptions): PortfolioContext {
  const asOfDay = toEpochDay(options.asOf);
  const firstDay = asOfDay - options.days + 1;
  const dates: string[] = [];
  const weekdays = new Uint8Array(options.days);
  const positions: number[] = [];
  for (let i = 0; i < options.days; i++) {
    dates.push(fromEpochDay(firstDay + i));
    weekdays[i] = weekdayOf(firstDay + i);
    positions.push(monthPosition(firstDay + i));
  }
  const season = new Map<string, { usage: Float64Array; business: Float64Array }>();
  for (const industry of INDUSTRIES) {
    season.set(industry.key, {
      usage: Float64Array.from(positions, (position) => interpolateYear(industry.usageYear, position)),
      business: Float64Array.from(positions, (position) => interpolateYear(industry.businessYear, position)),
    });
  }
  const { key, core, retention, onboardingSteps } = options.features;
  const featurePriority = [
    ...key.filter((feature) => core.includes(feature)),
    ...key.filter((feature) => !core.includes(feature) && retention.includes(feature)),
    ...key.filter((feature) => !core.includes(feature) && !retention.includes(feature)),
  ];
  return {
    options,
    asOfDay,
    firstDay,
    dates,
    weekdays,
    season,
    featurePriority,
    core: new Set(core),
    retention: new Set(retention),
    steps: onboardingSteps.map((step, index) => ({
      key: step.key,
      expectedDay: step.expectedDay,
      index,
      feature: linkedFeature(step.key, key),
    })),
  };
}

function interpolateYear(year: readonly number[], position: number): number {
  const lower = Math.floor(position);
  const fraction = position - lower;
  const a = year[(lower + 12) % 12] ?? 1;
  const b = year[(lower + 13) % 12] ?? 1;
  return a + (b - a) * fraction;
}

const stem = (token: string) => token.replace(/s$/, '');
const tokens = (key: string) =>
  key
    .toLowerCase()
    .split(/[_.:-]/)
    .map(stem);

/**
 * Onboarding steps usually switch a feature on (first_report -> reports): the feature is
 * adopted when the step is done, and never when the step stalls. Matched on shared words.
 */
function linkedFeature(stepKey: string, features: readonly string[]): string | undefined {
  const stepTokens = new Set(tokens(stepKey));
  let best: string | undefined;
  let bestScore = 0;
  for (const feature of features) {
    const score = tokens(feature).filter((token) => stepTokens.has(token)).length;
    if (score > bestScore) {
      best = feature;
      bestScore = score;
    }
  }
  return best;
}
