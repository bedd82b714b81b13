import { z } from 'zod';
import type { RunSummary } from './summarize-run';

/**
 * `run.completed` on the Lifeline bus, once per finalized night (also a failed one): what
 * dashboards, on-call tooling and downstream jobs (CRM sync after scoring) key off.
 */
export const RUN_COMPLETED = { source: 'lifeline', detailType: 'run.completed' } as const;

export const RunCompletedDetailSchema = z.object({
  runId: z.string(),
  status: z.enum(['succeeded', 'failed']),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  configVersion: z.string(),
  modelVersion: z.string().nullable(),
  counts: z.object({
    recordsRead: z.number(),
    recordsQuarantined: z.number(),
    tenantsScored: z.number(),
    scoresFrozen: z.number(),
    riskChanged: z.number(),
    decisions: z.number(),
    decisionsByStatus: z.record(z.string(), z.number()),
  }),
  errors: z.number(),
});
export type RunCompletedDetail = z.infer<typeof RunCompletedDetailSchema>;

export function runCompletedDetail(
  summary: RunSummary,
  configVersion: string,
  failed: boolean,
): RunCompletedDetail {
  const { ingest, train, score, plan } = summary.stages;
  return {
    runId: summary.runId,
    status: failed ? 'failed' : summary.status,
    startedAt: summary.startedAt,
    finishedAt: summary.finishedAt,
    configVersion,
    modelVersion: train?.model?.version ?? null,
    counts: {
      recordsRead: ingest.counts.read,
      recordsQuarantined: ingest.counts.quarantined,
      tenantsScored: score.counts.scored,
      scoresFrozen: score.counts.frozen,
      riskChanged: score.counts.riskChanged,
      decisions: plan.counts.decisions,
      decisionsByStatus: { ...plan.counts.byStatus },
    },
    errors: summary.errors.length,
  };
}
