import { canonicalJson } from '../../lambdas/domain/canonical-json';
import type { MetricRecord, TenantRecord } from '../../lambdas/domain/feed/feed-records';
import type { QuarantineRecord } from '../../lambdas/domain/feed/quarantine';
import type { StagePart } from '../../lambdas/domain/run/run-record';
import type { FeedStore, QuarantineSink, RunStore, SourcePage, WriteOutcome } from '../../lambdas/ports';

/** In-memory FeedStore with the same idempotency contract as the DynamoDB adapter. */
export class MemoryFeedStore implements FeedStore {
  readonly tenants = new Map<string, string>();
  readonly days = new Map<string, string>();
  failAfterCalls = Number.POSITIVE_INFINITY;
  private calls = 0;

  async upsertTenants(records: readonly TenantRecord[]): Promise<WriteOutcome> {
    return this.upsert(
      this.tenants,
      records.map((record) => [record.tenantId, record]),
    );
  }

  async upsertMetricDays(records: readonly MetricRecord[]): Promise<WriteOutcome> {
    return this.upsert(
      this.days,
      records.map((record) => [`${record.tenantId}|${record.date}`, record]),
    );
  }

  private upsert(map: Map<string, string>, entries: [string, unknown][]): WriteOutcome {
    this.calls += 1;
    if (this.calls > this.failAfterCalls) throw new Error('store unavailable');
    let written = 0;
    let unchanged = 0;
    for (const [key, value] of entries) {
      const json = canonicalJson(value);
      if (map.get(key) === json) unchanged++;
      else {
        map.set(key, json);
        written++;
      }
    }
    return { written, unchanged };
  }
}

export class MemoryQuarantine implements QuarantineSink {
  readonly records: QuarantineRecord[] = [];
  async put(records: readonly QuarantineRecord[]): Promise<void> {
    this.records.push(...records);
  }
}

export class MemoryRunStore implements RunStore {
  readonly parts = new Map<string, StagePart>();
  async putPart(part: StagePart): Promise<void> {
    this.parts.set(`${part.runId}|${part.stage}|${part.partId}`, part);
  }
  async listParts(runId: string): Promise<StagePart[]> {
    return [...this.parts.values()].filter((part) => part.runId === runId);
  }
  readonly summaries = new Map<string, Record<string, unknown>>();
  async putSummary(runId: string, summary: Record<string, unknown>): Promise<void> {
    this.summaries.set(runId, summary);
  }
}

export const fixedClock =
  (iso = '2026-11-23T02:00:00.000Z') =>
  () =>
    new Date(iso);

export const noCapacity = { readUnits: 0, writeUnits: 0 };

/** A text page over an in-memory string, delivered in small chunks to exercise chunk boundaries. */
export function textPage(
  text: string,
  options: { kind: 'tenants' | 'metrics'; format: 'jsonl' | 'csv'; chunkSize?: number; pageId?: string },
): SourcePage {
  const bytes = new TextEncoder().encode(text);
  const size = options.chunkSize ?? 7;
  return {
    source: 'test-source',
    pageId: options.pageId ?? `feed.${options.format}`,
    kind: options.kind,
    format: options.format,
    async *open() {
      for (let i = 0; i < bytes.length; i += size) yield bytes.slice(i, i + size);
    },
  };
}
