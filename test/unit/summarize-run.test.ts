import { describe, expect, it } from 'vitest';
import { EMPTY_INGEST_COUNTS, type IngestPart } from '../../lambdas/domain/run/run-record';
import { summarizeRun } from '../../lambdas/domain/run/summarize-run';
import { assertRunSucceeded } from '../../lambdas/use-cases/finalize-run';

const part = (over: Partial<IngestPart> & { partId: string; source: string }): IngestPart => ({
  runId: 'n1',
  stage: 'ingest',
  pageId: over.partId,
  status: 'succeeded',
  startedAt: '2026-11-23T02:00:00.000Z',
  finishedAt: '2026-11-23T02:00:10.000Z',
  counts: {
    ...EMPTY_INGEST_COUNTS,
    read: 10,
    accepted: 8,
    quarantined: 2,
    quarantinedByReason: { invalid_json: 2 },
  },
  capacity: { readUnits: 1.5, writeUnits: 4 },
  ...over,
});

describe('summarizeRun', () => {
  it('sums parts per source and in total, with timings and capacity', () => {
    const summary = summarizeRun('n1', [
      part({ partId: 'a', source: 'tenants' }),
      part({ partId: 'b', source: 'metrics', finishedAt: '2026-11-23T02:01:00.000Z' }),
      part({ partId: 'c', source: 'metrics' }),
    ]);
    expect(summary.status).toBe('succeeded');
    expect(summary.stages.ingest.counts).toMatchObject({
      read: 30,
      accepted: 24,
      quarantined: 6,
      quarantinedByReason: { invalid_json: 6 },
    });
    expect(summary.stages.ingest.bySource.metrics?.pages).toBe(2);
    expect(summary.stages.ingest.durationMs).toBe(60_000);
    expect(summary.capacity).toEqual({ readUnits: 4.5, writeUnits: 12 });
    expect(() => assertRunSucceeded(summary)).not.toThrow();
  });

  it('fails the run when a part failed or a part does not balance', () => {
    const failed = summarizeRun('n1', [
      part({ partId: 'a', source: 's', status: 'failed', error: 'throttled' }),
    ]);
    expect(failed.status).toBe('failed');
    expect(() => assertRunSucceeded(failed)).toThrow(/s a: throttled/);

    const unbalanced = summarizeRun('n1', [
      part({ partId: 'a', source: 's', counts: { ...EMPTY_INGEST_COUNTS, read: 3, accepted: 1 } }),
    ]);
    expect(unbalanced.stages.ingest.balanced).toBe(false);
    expect(() => assertRunSucceeded(unbalanced)).toThrow(/does not balance/);
  });

  it('an empty night is a success with zero counts', () => {
    const summary = summarizeRun('n1', []);
    expect(summary).toMatchObject({ status: 'succeeded', startedAt: null, stages: { ingest: { pages: 0 } } });
  });
});
