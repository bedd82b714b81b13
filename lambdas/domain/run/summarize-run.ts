import {
  addIngestCounts,
  addPlanCounts,
  EMPTY_INGEST_COUNTS,
  EMPTY_PLAN_COUNTS,
  type IngestCounts,
  type IngestPart,
  isBalanced,
  type PlanCounts,
  type PlanPart,
  type ScorePart,
  type StageName,
  type StagePart,
  type TrainPart,
} from './run-record';
import { addScoreCounts, EMPTY_SCORE_COUNTS, type ModelReport, type ScoreCounts } from './score-counts';

export interface SourceSummary {
  readonly pages: number;
  readonly failedPages: number;
  readonly counts: IngestCounts;
}

interface Capacity {
  readonly readUnits: number;
  readonly writeUnits: number;
}

/** What every stage reports besides its own counts. */
interface StageTotals {
  readonly durationMs: number;
  readonly capacity: Capacity;
}

export interface RunSummary {
  readonly runId: string;
  readonly status: 'succeeded' | 'failed';
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  readonly stages: {
    readonly ingest: SourceSummary &
      StageTotals & {
        readonly bySource: Readonly<Record<string, SourceSummary>>;
        /** Records read = accepted + quarantined, in every part and in total. */
        readonly balanced: boolean;
      };
    /** The night's model decision; null when the run stopped before training. */
    readonly train:
      | (StageTotals & {
          readonly model: ModelReport | null;
          readonly sample: TrainPart['sample'];
        })
      | null;
    readonly score: StageTotals & {
      readonly shards: number;
      readonly failedShards: number;
      readonly counts: ScoreCounts;
    };
    readonly plan: StageTotals & {
      readonly shards: number;
      readonly failedShards: number;
      readonly counts: PlanCounts;
    };
  };
  readonly capacity: Capacity;
  readonly errors: readonly {
    readonly stage: StageName;
    readonly partId: string;
    /** The unit of work that failed: "<source> <page>", "shard 7" or "model". */
    readonly unit: string;
    readonly error: string;
  }[];
}

/** The run record is the sum of its parts, so re-running a part never double counts. */
export function summarizeRun(runId: string, parts: readonly StagePart[]): RunSummary {
  const ingest = parts.filter((part): part is IngestPart => part.stage === 'ingest');
  const train = parts.filter((part): part is TrainPart => part.stage === 'train');
  const score = parts.filter((part): part is ScorePart => part.stage === 'score');
  const plan = parts.filter((part): part is PlanPart => part.stage === 'plan');

  const bySource: Record<string, SourceSummary> = {};
  let total: SourceSummary = { pages: 0, failedPages: 0, counts: EMPTY_INGEST_COUNTS };
  let balanced = true;
  for (const part of ingest) {
    const add = (summary: SourceSummary): SourceSummary => ({
      pages: summary.pages + 1,
      failedPages: summary.failedPages + (part.status === 'failed' ? 1 : 0),
      counts: addIngestCounts(summary.counts, part.counts),
    });
    bySource[part.source] = add(
      bySource[part.source] ?? { pages: 0, failedPages: 0, counts: EMPTY_INGEST_COUNTS },
    );
    total = add(total);
    if (part.status === 'succeeded' && !isBalanced(part.counts)) balanced = false;
  }
  const model = train[train.length - 1];
  const scoreCounts = score.reduce((sum, part) => addScoreCounts(sum, part.counts), EMPTY_SCORE_COUNTS);
  const failed = parts.some((part) => part.status === 'failed');
  const { startedAt, finishedAt } = span(parts);
  return {
    runId,
    status: failed || !balanced ? 'failed' : 'succeeded',
    startedAt,
    finishedAt,
    stages: {
      ingest: {
        ...total,
        bySource,
        // A sum of balanced parts is balanced; failed parts stop mid-page and are reported as failed.
        balanced,
        ...totals(ingest),
      },
      train: model ? { model: model.model, sample: model.sample, ...totals(train) } : null,
      score: {
        shards: score.length,
        failedShards: score.filter((part) => part.status === 'failed').length,
        counts: scoreCounts,
        ...totals(score),
      },
      plan: {
        shards: plan.length,
        failedShards: plan.filter((part) => part.status === 'failed').length,
        counts: plan.reduce((sum, part) => addPlanCounts(sum, part.counts), EMPTY_PLAN_COUNTS),
        ...totals(plan),
      },
    },
    capacity: capacityOf(parts),
    errors: parts.flatMap((part) =>
      part.error === undefined
        ? []
        : [{ stage: part.stage, partId: part.partId, unit: unitOf(part), error: part.error }],
    ),
  };
}

function unitOf(part: StagePart): string {
  if (part.stage === 'ingest') return `${part.source} ${part.pageId}`;
  if (part.stage === 'train') return 'model';
  return part.stage === 'score' ? `shard ${part.shard}` : `plan of shard ${part.shard}`;
}

function totals(parts: readonly StagePart[]): StageTotals {
  const { startedAt, finishedAt } = span(parts);
  return {
    durationMs: startedAt && finishedAt ? Date.parse(finishedAt) - Date.parse(startedAt) : 0,
    capacity: capacityOf(parts),
  };
}

function span(parts: readonly StagePart[]): { startedAt: string | null; finishedAt: string | null } {
  const starts = parts.map((part) => part.startedAt).sort();
  const ends = parts.map((part) => part.finishedAt).sort();
  return { startedAt: starts[0] ?? null, finishedAt: ends[ends.length - 1] ?? null };
}

function capacityOf(parts: readonly StagePart[]): Capacity {
  let readUnits = 0;
  let writeUnits = 0;
  for (const part of parts) {
    readUnits += part.capacity.readUnits;
    writeUnits += part.capacity.writeUnits;
  }
  return { readUnits: round(readUnits), writeUnits: round(writeUnits) };
}

const round = (n: number) => Math.round(n * 100) / 100;
