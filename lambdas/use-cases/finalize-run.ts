import { type RunSummary, summarizeRun } from '../domain/run/summarize-run';
import type { RunStore } from '../ports';

export class RunFailedError extends Error {
  override readonly name = 'RunFailedError';
}

/**
 * Sums the night's parts into the run record and stores it. Idempotent: a re-run recomputes
 * the same summary from the same parts. Throws RunFailedError when any part failed or the
 * accounting does not balance, so the scheduler/state machine reports the night as failed.
 */
export async function finalizeRun(
  runId: string,
  runs: RunStore,
  extra: Record<string, unknown> = {},
): Promise<RunSummary> {
  const summary = summarizeRun(runId, await runs.listParts(runId));
  await runs.putSummary(runId, { ...summary, ...extra });
  return summary;
}

export function assertRunSucceeded(summary: RunSummary): void {
  if (summary.status === 'succeeded') return;
  const reasons = summary.errors.map((error) => `${error.stage} ${error.unit}: ${error.error}`);
  if (!summary.stages.ingest.balanced)
    reasons.push('ingest accounting does not balance (read != accepted + quarantined)');
  throw new RunFailedError(`run ${summary.runId} failed: ${reasons.join('; ') || 'see run record'}`);
}
