import { createHash } from 'node:crypto';
import { DuplicateGuard } from '../domain/feed/duplicate-guard';
import type { MetricRecord, TenantRecord } from '../domain/feed/feed-records';
import type { QuarantineReason, QuarantineRecord } from '../domain/feed/quarantine';
import { readPage } from '../domain/feed/read-page';
import { validateRecord } from '../domain/feed/validate-record';
import { EMPTY_INGEST_COUNTS, type IngestCounts, type IngestPart } from '../domain/run/run-record';
import type { CapacityMeter, Clock, FeedStore, QuarantineSink, RunStore, SourcePage } from '../ports';

export interface IngestDeps {
  readonly store: FeedStore;
  readonly quarantine: QuarantineSink;
  readonly runs: RunStore;
  /** Capacity consumed by `store`; the part records the difference over the page. */
  readonly meter: CapacityMeter;
  readonly clock: Clock;
  /** Records per store call: large enough to batch well, small enough to bound memory. */
  readonly batchSize?: number;
  readonly onProgress?: (recordsRead: number) => void;
}

/** Deterministic id of a page's run part: a retried page replaces its own part. */
export function pagePartId(source: string, pageId: string): string {
  return createHash('sha256').update(`${source}\u0000${pageId}`).digest('hex').slice(0, 24);
}

/**
 * Ingests one page of a feed: decode, validate, drop in-page duplicates, store accepted
 * records idempotently, quarantine the rest, and record the page's counts as a run part.
 * A store failure records the part as failed and is rethrown, so the run fails visibly.
 */
export async function ingestPage(runId: string, page: SourcePage, deps: IngestDeps): Promise<IngestPart> {
  const startedAt = deps.clock().toISOString();
  const capacityBefore = { read: deps.meter.readUnits, write: deps.meter.writeUnits };
  const batchSize = deps.batchSize ?? 1000;
  const counts = mutableCounts();
  const guard = new DuplicateGuard();
  let tenants: TenantRecord[] = [];
  let metrics: MetricRecord[] = [];
  let rejected: QuarantineRecord[] = [];

  const flush = async (force: boolean) => {
    if (tenants.length > 0 && (force || tenants.length >= batchSize)) {
      const outcome = await deps.store.upsertTenants(tenants);
      counts.tenantsWritten += outcome.written;
      counts.tenantsUnchanged += outcome.unchanged;
      tenants = [];
    }
    if (metrics.length > 0 && (force || metrics.length >= batchSize)) {
      const outcome = await deps.store.upsertMetricDays(metrics);
      counts.metricDaysWritten += outcome.written;
      counts.metricDaysUnchanged += outcome.unchanged;
      metrics = [];
    }
    if (rejected.length > 0 && (force || rejected.length >= batchSize)) {
      await deps.quarantine.put(rejected);
      rejected = [];
    }
  };

  let status: IngestPart['status'] = 'succeeded';
  let failure: unknown;
  try {
    for await (const item of readPage(page)) {
      counts.read += 1;
      const valid = 'error' in item ? item : validateRecord(page.kind, item.value);
      const problem = 'error' in valid ? valid.error : guard.check(valid, item.line);
      if (problem) {
        rejected.push({
          runId,
          source: page.source,
          pageId: page.pageId,
          line: item.line,
          position: `${page.source}: ${page.pageId} ${page.format === 'items' ? 'item' : 'line'} ${item.line}`,
          reason: problem.reason,
          detail: problem.detail,
          raw: item.raw,
        });
        counts.quarantined += 1;
        counts.quarantinedByReason[problem.reason] = (counts.quarantinedByReason[problem.reason] ?? 0) + 1;
      } else if (!('error' in valid)) {
        counts.accepted += 1;
        if (valid.kind === 'tenants') tenants.push(valid.record);
        else metrics.push(valid.record);
      }
      if (counts.read % batchSize === 0) {
        await flush(false);
        deps.onProgress?.(counts.read);
      }
    }
    await flush(true);
    deps.onProgress?.(counts.read);
  } catch (error) {
    status = 'failed';
    failure = error;
  }

  const part: IngestPart = {
    runId,
    stage: 'ingest',
    partId: pagePartId(page.source, page.pageId),
    source: page.source,
    pageId: page.pageId,
    status,
    startedAt,
    finishedAt: deps.clock().toISOString(),
    counts: { ...counts, quarantinedByReason: { ...counts.quarantinedByReason } },
    capacity: {
      readUnits: deps.meter.readUnits - capacityBefore.read,
      writeUnits: deps.meter.writeUnits - capacityBefore.write,
    },
    ...(failure === undefined ? {} : { error: failure instanceof Error ? failure.message : String(failure) }),
  };
  await deps.runs.putPart(part);
  if (failure !== undefined) throw failure;
  return part;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function mutableCounts(): Mutable<IngestCounts> & {
  quarantinedByReason: Partial<Record<QuarantineReason, number>>;
} {
  return { ...EMPTY_INGEST_COUNTS, quarantinedByReason: {} };
}
