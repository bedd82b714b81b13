import type { QuarantineReason } from '../feed/quarantine';
import type { ModelReport, ScoreCounts } from './score-counts';

/**
 * Run accounting. Each unit of work (a feed page, the night's training, a tenant shard) writes
 * its own part, keyed by a deterministic id, so a retried or re-run unit replaces its part
 * instead of double counting. The run summary is the sum of its parts.
 */
export type StageName = StagePart['stage'];
export type PartStatus = 'succeeded' | 'failed';

export interface IngestCounts {
  /** Records read from the source: lines of a text feed (header excluded), items of an API page. */
  readonly read: number;
  readonly accepted: number;
  readonly quarantined: number;
  readonly quarantinedByReason: Partial<Record<QuarantineReason, number>>;
  readonly tenantsWritten: number;
  readonly tenantsUnchanged: number;
  readonly metricDaysWritten: number;
  readonly metricDaysUnchanged: number;
}

interface PartBase {
  readonly runId: string;
  readonly partId: string;
  readonly status: PartStatus;
  readonly startedAt: string;
  readonly finishedAt: string;
  /** DynamoDB capacity units this unit of work consumed. */
  readonly capacity: { readonly readUnits: number; readonly writeUnits: number };
  readonly error?: string;
}

/** One feed page ingested. */
export interface IngestPart extends PartBase {
  readonly stage: 'ingest';
  readonly source: string;
  readonly pageId: string;
  readonly counts: IngestCounts;
}

/** The night's scoring context built and the model chosen (trained when due). */
export interface TrainPart extends PartBase {
  readonly stage: 'train';
  /** Null when the step failed before a model was chosen. */
  readonly model: ModelReport | null;
  /** The tenants the portfolio context and the training set were built from. */
  readonly sample: { readonly shards: number; readonly tenants: number };
}

/** One tenant shard scored. */
export interface ScorePart extends PartBase {
  readonly stage: 'score';
  readonly shard: number;
  readonly counts: ScoreCounts;
}

/** What the plan stage decided for one shard: decisions per status (sent comes later, from the sender). */
export interface PlanCounts {
  readonly decisions: number;
  readonly byStatus: Readonly<Record<string, number>>;
}

/** One tenant shard planned. */
export interface PlanPart extends PartBase {
  readonly stage: 'plan';
  readonly shard: number;
  readonly counts: PlanCounts;
}

export type StagePart = IngestPart | TrainPart | ScorePart | PlanPart;

export const EMPTY_PLAN_COUNTS: PlanCounts = { decisions: 0, byStatus: {} };

export function addPlanCounts(a: PlanCounts, b: PlanCounts): PlanCounts {
  const byStatus: Record<string, number> = { ...a.byStatus };
  for (const [status, n] of Object.entries(b.byStatus)) byStatus[status] = (byStatus[status] ?? 0) + n;
  return { decisions: a.decisions + b.decisions, byStatus };
}

export const EMPTY_INGEST_COUNTS: IngestCounts = {
  read: 0,
  accepted: 0,
  quarantined: 0,
  quarantinedByReason: {},
  tenantsWritten: 0,
  tenantsUnchanged: 0,
  metricDaysWritten: 0,
  metricDaysUnchanged: 0,
};

export function addIngestCounts(a: IngestCounts, b: IngestCounts): IngestCounts {
  const byReason: Partial<Record<QuarantineReason, number>> = { ...a.quarantinedByReason };
  for (const [reason, n] of Object.entries(b.quarantinedByReason) as [QuarantineReason, number][]) {
    byReason[reason] = (byReason[reason] ?? 0) + n;
  }
  return {
    read: a.read + b.read,
    accepted: a.accepted + b.accepted,
    quarantined: a.quarantined + b.quarantined,
    quarantinedByReason: byReason,
    tenantsWritten: a.tenantsWritten + b.tenantsWritten,
    tenantsUnchanged: a.tenantsUnchanged + b.tenantsUnchanged,
    metricDaysWritten: a.metricDaysWritten + b.metricDaysWritten,
    metricDaysUnchanged: a.metricDaysUnchanged + b.metricDaysUnchanged,
  };
}

/** Lines read = accepted + quarantined, always; a mismatch is a bug that must not pass silently. */
export function isBalanced(counts: IngestCounts): boolean {
  const byReason = Object.values(counts.quarantinedByReason).reduce((sum, n) => sum + (n ?? 0), 0);
  return counts.read === counts.accepted + counts.quarantined && byReason === counts.quarantined;
}
