import type { MetricRecord, TenantRecord } from '../../domain/feed/feed-records';
import {
  type EpisodeDetail,
  GROUP_CHURNED,
  GROUP_HEALTHY,
  GROUP_RECOVERED,
  planStory,
  type StoryKind,
} from './causes';
import { createContext, type PortfolioContext } from './context';
import { fromEpochDay } from './dates';
import {
  type GeneratorInput,
  type GeneratorOptions,
  PLANTED_CAUSES,
  type PlantedCause,
  resolveGeneratorOptions,
} from './options';
import { sampleIdentity, tenantIdFor, toTenantRecord } from './profiles';
import { deriveSeed, Random } from './random';
import { simulateMetrics } from './simulate';
import { sampleUsage } from './usage';

/**
 * Ground truth for one tenant (truth.jsonl): what was planted and how it ended. Never part of
 * the feed; used to measure cause accuracy and model quality against the synthetic portfolio.
 */
export interface TruthRecord {
  readonly tenantId: string;
  /** healthy | at_risk (cause in progress at asOf) | recovered | churned (inside the history). */
  readonly story: StoryKind;
  /** The cause in progress at asOf (at_risk) or the one that preceded churn (churned); else null. */
  readonly plantedCause: PlantedCause | null;
  readonly causeOnset: string | null;
  readonly severity: number | null;
  /** Cause-specific facts, e.g. the stalled step or the unused features. */
  readonly detail: EpisodeDetail | null;
  /** Churned on or before asOf (the tenant record says status churned). */
  readonly churned: boolean;
  readonly churnDate: string | null;
  /** Active tenants: days after asOf until the simulated churn; null if the simulation keeps them. */
  readonly willChurnWithinDays: number | null;
  /** Probability the hazard model gave the story's cause (or the base rate) of ending in churn. */
  readonly churnProbability: number;
  /** Every planted episode, including recovered ones (plantedCause is null for those). */
  readonly episodes: readonly {
    readonly cause: PlantedCause;
    readonly onset: string;
    readonly end: string | null;
    readonly severity: number;
  }[];
  /** Trailing days of missing data at asOf (late exporter). */
  readonly lateDataDays: number;
}

export interface GeneratedTenant {
  readonly tenant: TenantRecord;
  readonly truth: TruthRecord;
  /** Daily metrics, oldest first; lazily generated and re-iterable (same records every time). */
  readonly metrics: Iterable<MetricRecord>;
}

export interface Portfolio extends Iterable<GeneratedTenant> {
  readonly options: GeneratorOptions;
  /** First and last day of metric history. */
  readonly firstDate: string;
  readonly asOf: string;
}

/**
 * The synthetic portfolio as a lazy, re-iterable sequence of tenants: pure (no I/O, no clock,
 * no Math.random), so tests, benchmarks and the demo can use it without the CLI. Tenant i
 * depends only on (seed, i, options).
 */
export function generatePortfolio(input: GeneratorInput = {}): Portfolio {
  const options = resolveGeneratorOptions(input);
  const ctx = createContext(options);
  return {
    options,
    firstDate: fromEpochDay(ctx.firstDay),
    asOf: options.asOf,
    [Symbol.iterator]: () => tenants(ctx),
  };
}

function* tenants(ctx: PortfolioContext): Generator<GeneratedTenant> {
  const { options } = ctx;
  const groups = allocateGroups(options);
  const usedSlugs = new Set<string>();
  for (let index = 0; index < options.tenants; index++) {
    const rng = new Random(options.seed, 1, index);
    const story = planStory(rng, groups[index] ?? GROUP_HEALTHY, ctx);
    const tenantId = tenantIdFor(index, options.tenants);
    const identity = sampleIdentity(rng, story.core, tenantId, usedSlugs);
    const lateData = rng.chance(options.lateDataShare);
    const usage = sampleUsage(rng, story, ctx, lateData);
    const churned = story.kind === 'churned';
    const tenant = toTenantRecord(ctx, story.core, identity, { churned, churnDay: story.churnDay });
    const simulated = { tenantId, story, usage, metricSeed: deriveSeed(options.seed, 2, index) };
    const { episode } = story;
    const current = story.kind === 'at_risk' || story.kind === 'churned' ? episode : null;
    const truth: TruthRecord = {
      tenantId,
      story: story.kind,
      plantedCause: current?.cause ?? null,
      causeOnset: current ? fromEpochDay(current.onsetDay) : null,
      severity: current?.severity ?? null,
      detail: current?.detail ?? null,
      churned,
      churnDate: churned && story.churnDay !== null ? fromEpochDay(story.churnDay) : null,
      willChurnWithinDays: !churned && story.churnDay !== null ? story.churnDay - ctx.asOfDay : null,
      churnProbability: story.churnProbability,
      episodes: episode
        ? [
            {
              cause: episode.cause,
              onset: fromEpochDay(episode.onsetDay),
              end: episode.endDay === null ? null : fromEpochDay(episode.endDay),
              severity: episode.severity,
            },
          ]
        : [],
      lateDataDays: usage.lateDataDays,
    };
    yield { tenant, truth, metrics: { [Symbol.iterator]: () => simulateMetrics(simulated, ctx) } };
  }
}

/**
 * Exact shares, not coin flips: round(N x share) tenants per group, shuffled with the seed,
 * so a configured 6% is 60 of 1,000 tenants and tests can hold the generator to it.
 */
function allocateGroups(options: GeneratorOptions): Uint8Array {
  const groups = new Uint8Array(options.tenants);
  let next = 0;
  const fill = (group: number, share: number) => {
    const count = Math.min(options.tenants - next, Math.round(options.tenants * share));
    groups.fill(group, next, next + count);
    next += count;
  };
  PLANTED_CAUSES.forEach((cause, index) => {
    fill(index + 1, options.causeShares[cause]);
  });
  fill(GROUP_CHURNED, options.churnedShare);
  fill(GROUP_RECOVERED, options.recoveredShare);
  // The rest stay 0: healthy.
  const rng = new Random(options.seed, 0);
  for (let i = groups.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    const swap = groups[i] ?? GROUP_HEALTHY;
    groups[i] = groups[j] ?? GROUP_HEALTHY;
    groups[j] = swap;
  }
  return groups;
}
