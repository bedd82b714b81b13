import type { StagePart } from '../domain/run/run-record';
import type { CapacityMeter, Clock, RunStore } from '../ports';

export interface PartRecorderDeps {
  readonly runs: RunStore;
  /** Capacity consumed by this unit's adapters; the part records the difference. */
  readonly meter: CapacityMeter;
  readonly clock: Clock;
}

/** What every part shares, filled in by recordPart. */
export type PartFrame = Pick<StagePart, 'status' | 'startedAt' | 'finishedAt' | 'capacity' | 'error'>;

/**
 * Runs one unit of nightly work and records its run part whatever happens: succeeded with its
 * counts, or failed with the error (then rethrown, so the state machine retries or fails the run).
 */
export async function recordPart<T, P extends StagePart>(
  deps: PartRecorderDeps,
  work: () => Promise<T>,
  toPart: (result: T | null, frame: PartFrame) => P,
): Promise<{ readonly result: T; readonly part: P }> {
  const startedAt = deps.clock().toISOString();
  const before = { read: deps.meter.readUnits, write: deps.meter.writeUnits };
  let result: T | null = null;
  let failure: unknown;
  try {
    result = await work();
  } catch (error) {
    failure = error;
  }
  const part = toPart(result, {
    status: failure === undefined ? 'succeeded' : 'failed',
    startedAt,
    finishedAt: deps.clock().toISOString(),
    capacity: {
      readUnits: deps.meter.readUnits - before.read,
      writeUnits: deps.meter.writeUnits - before.write,
    },
    ...(failure === undefined ? {} : { error: failure instanceof Error ? failure.message : String(failure) }),
  });
  await deps.runs.putPart(part);
  if (failure !== undefined) throw failure;
  return { result: result as T, part };
}
