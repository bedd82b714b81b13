import type { ProductConfig } from '../../config/product-config';
import type { TenantRecord } from '../../domain/feed/feed-records';
import type { TrainPart } from '../../domain/run/run-record';
import { portfolioContextToJson } from '../../domain/scoring/portfolio-context';
import type { CapacityMeter, RunStore, ScoringContextStore } from '../../ports';
import {
  byTenantId,
  loadDays,
  loadShardProfiles,
  type TenantHistoryReader,
  WHOLE_HISTORY_FROM,
} from './load-histories';
import { type PreparedNight, prepareNight, type TrainDeps } from './prepare-night';

export interface PrepareScoringInput {
  readonly runId: string;
  readonly asOf: string;
  /** Shards to build the context from, in the order they are taken. */
  readonly shards: readonly number[];
  /**
   * Stop taking shards before the one that would bring the sample past this many tenants
   * (at least one shard is always taken). Unset: every shard listed.
   */
  readonly maxTenants?: number;
}

export interface PrepareScoringDeps extends TrainDeps {
  readonly reader: TenantHistoryReader;
  readonly contexts: ScoringContextStore;
  readonly runs: RunStore;
  /** Capacity consumed by this step's adapters; the part records the difference. */
  readonly meter: CapacityMeter;
}

export const TRAIN_PART_ID = 'model';

/**
 * The first half of the score stage: the night's portfolio context and model (trained when due)
 * from a sample of the portfolio, stored for the score shards. On millions of tenants the
 * context and the training set come from a uniform sample (whole shards, which hash tenant ids);
 * locally every shard is listed and nothing is capped. Records a `train` run part; a failure
 * records the part as failed and is rethrown, so the run fails visibly.
 */
export async function prepareScoring(
  input: PrepareScoringInput,
  config: ProductConfig,
  configVersion: string,
  deps: PrepareScoringDeps,
): Promise<{ readonly part: TrainPart; readonly night: PreparedNight }> {
  const startedAt = deps.clock().toISOString();
  const before = { read: deps.meter.readUnits, write: deps.meter.writeUnits };
  let sample = { shards: 0, tenants: 0 };
  let night: PreparedNight | null = null;
  let failure: unknown;
  try {
    const profiles = await sampleProfiles(deps.reader, input.shards, input.maxTenants);
    sample = { shards: profiles.shards, tenants: profiles.tenants.length };
    const histories = await loadDays(deps.reader, profiles.tenants, WHOLE_HISTORY_FROM, input.asOf);
    night = await prepareNight(histories, input.asOf, config, deps);
    await deps.contexts.put({
      runId: input.runId,
      asOf: input.asOf,
      configVersion,
      modelVersion: night.model.version,
      feedNewest: night.feedNewest,
      portfolio: portfolioContextToJson(night.context),
    });
  } catch (error) {
    failure = error;
  }
  const part: TrainPart = {
    runId: input.runId,
    stage: 'train',
    partId: TRAIN_PART_ID,
    status: failure === undefined ? 'succeeded' : 'failed',
    startedAt,
    finishedAt: deps.clock().toISOString(),
    model: night?.report ?? null,
    sample,
    capacity: {
      readUnits: deps.meter.readUnits - before.read,
      writeUnits: deps.meter.writeUnits - before.write,
    },
    ...(failure === undefined ? {} : { error: failure instanceof Error ? failure.message : String(failure) }),
  };
  await deps.runs.putPart(part);
  if (failure !== undefined || night === null) throw failure;
  return { part, night };
}

/** Whole shards in the given order until the next would pass `maxTenants`, by tenant id. */
async function sampleProfiles(
  reader: TenantHistoryReader,
  shards: readonly number[],
  maxTenants = Number.POSITIVE_INFINITY,
): Promise<{ shards: number; tenants: TenantRecord[] }> {
  const tenants: TenantRecord[] = [];
  let taken = 0;
  for (const shard of shards) {
    const profiles = await loadShardProfiles(reader, [shard]);
    if (taken > 0 && tenants.length + profiles.length > maxTenants) break;
    for (const profile of profiles) tenants.push(profile);
    taken++;
  }
  tenants.sort(byTenantId);
  return { shards: taken, tenants };
}
