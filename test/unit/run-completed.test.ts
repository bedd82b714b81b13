import { describe, expect, it } from 'vitest';
import { RunCompletedDetailSchema, runCompletedDetail } from '../../lambdas/domain/run/run-completed';
import type { StagePart } from '../../lambdas/domain/run/run-record';
import { EMPTY_SCORE_COUNTS } from '../../lambdas/domain/run/score-counts';
import { summarizeRun } from '../../lambdas/domain/run/summarize-run';

const frame = {
  runId: '2026-11-22',
  status: 'succeeded' as const,
  startedAt: '2026-11-23T01:00:00.000Z',
  finishedAt: '2026-11-23T01:10:00.000Z',
  capacity: { readUnits: 1, writeUnits: 2 },
};

describe('run.completed', () => {
  it('carries the night counts of every stage, plan decisions by status included', () => {
    const parts: StagePart[] = [
      {
        ...frame,
        stage: 'ingest',
        partId: 'p1',
        source: 'metrics',
        pageId: 'a.csv',
        counts: {
          read: 10,
          accepted: 9,
          quarantined: 1,
          quarantinedByReason: { invalid_json: 1 },
          tenantsWritten: 0,
          tenantsUnchanged: 0,
          metricDaysWritten: 9,
          metricDaysUnchanged: 0,
        },
      },
      {
        ...frame,
        stage: 'score',
        partId: 'shard-0000',
        shard: 0,
        counts: { ...EMPTY_SCORE_COUNTS, scored: 7, riskChanged: 2 },
      },
      {
        ...frame,
        stage: 'plan',
        partId: 'shard-0000',
        shard: 0,
        counts: { decisions: 3, byStatus: { queued: 2, held_out: 1 } },
      },
      {
        ...frame,
        stage: 'plan',
        partId: 'shard-0001',
        shard: 1,
        counts: { decisions: 1, byStatus: { queued: 1 } },
      },
    ];
    const detail = runCompletedDetail(summarizeRun('2026-11-22', parts), 'cfg', false);
    expect(RunCompletedDetailSchema.parse(detail)).toEqual(detail);
    expect(detail.status).toBe('succeeded');
    expect(detail.counts).toEqual({
      recordsRead: 10,
      recordsQuarantined: 1,
      tenantsScored: 7,
      scoresFrozen: 0,
      riskChanged: 2,
      decisions: 4,
      decisionsByStatus: { queued: 3, held_out: 1 },
    });
  });

  it('says failed when the state machine caught a stage error, even if every part succeeded', () => {
    expect(runCompletedDetail(summarizeRun('r', []), 'cfg', true).status).toBe('failed');
  });
});
