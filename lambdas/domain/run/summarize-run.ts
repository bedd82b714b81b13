import {
  addIngestCounts,
  EMPTY_INGEST_COUNTS,
  type IngestCounts,
  isBalanced,
  type StagePart,
} from './run-record';

export interface SourceSummary {
  readonly pages: number;
  readonly failedPages: number;
  readonly counts: IngestCounts;
}

export interface RunSummary {
  readonly runId: string;
  readonly status: 'succeeded' | 'failed';
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  readonly stages: {
    readonly ingest: SourceSummary & {
      readonly bySource: Readonly<Record<string, SourceSummary>>;
      /** Records read = accepted + quarantined, in every part and in total. */
      readonly balanced: boolean;
      readonly durationMs: number;
    };
  };
  readonly capacity: { readonly readUnits: number; readonly writeUnits: number };
  readonly errors: readonly {
    readonly partId: string;
    readonly source: string;
    readonly pageId: string;
    readonly error: string;
  }[];
}

/** The run record is the sum of its parts, so re-running a part never double counts. */
export function summarizeRun(runId: string, parts: readonly StagePart[]): RunSummary {
  const bySource: Record<string, SourceSummary> = {};
  let total: SourceSummary = { pages: 0, failedPages: 0, counts: EMPTY_INGEST_COUNTS };
  let readUnits = 0;
  let writeUnits = 0;
  let balanced = true;
  const errors: RunSummary['errors'][number][] = [];
  for (const part of parts) {
    const add = (summary: SourceSummary): SourceSummary => ({
      pages: summary.pages + 1,
      failedPages: summary.failedPages + (part.status === 'failed' ? 1 : 0),
      counts: addIngestCounts(summary.counts, part.counts),
    });
    bySource[part.source] = add(
      bySource[part.source] ?? { pages: 0, failedPages: 0, counts: EMPTY_INGEST_COUNTS },
    );
    total = add(total);
    readUnits += part.capacity.readUnits;
    writeUnits += part.capacity.writeUnits;
    if (part.status === 'succeeded' && !isBalanced(part.counts)) balanced = false;
    if (part.error !== undefined) {
      errors.push({ partId: part.partId, source: part.source, pageId: part.pageId, error: part.error });
    }
  }
  const starts = parts.map((part) => part.startedAt).sort();
  const ends = parts.map((part) => part.finishedAt).sort();
  const startedAt = starts[0] ?? null;
  const finishedAt = ends[ends.length - 1] ?? null;
  return {
    runId,
    status: total.failedPages > 0 || !balanced ? 'failed' : 'succeeded',
    startedAt,
    finishedAt,
    stages: {
      ingest: {
        ...total,
        bySource,
        // A sum of balanced parts is balanced; failed parts stop mid-page and are reported as failed.
        balanced,
        durationMs: startedAt && finishedAt ? Date.parse(finishedAt) - Date.parse(startedAt) : 0,
      },
    },
    capacity: { readUnits: round(readUnits), writeUnits: round(writeUnits) },
    errors,
  };
}

const round = (n: number) => Math.round(n * 100) / 100;
