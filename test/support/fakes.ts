import { tenantShard } from '../../lambdas/adapters/dynamodb/table-design';
import { canonicalJson } from '../../lambdas/domain/canonical-json';
import type { MetricRecord, TenantRecord } from '../../lambdas/domain/feed/feed-records';
import type { QuarantineRecord } from '../../lambdas/domain/feed/quarantine';
import type { StagePart } from '../../lambdas/domain/run/run-record';
import type { RiskChangedDetail, ScoreRecord } from '../../lambdas/domain/score-record';
import { tenantDays } from '../../lambdas/domain/scoring/tenant-days';
import { type ScoringContextJson, ScoringContextSchema } from '../../lambdas/domain/scoring-context';
import type {
  FeedStore,
  ModelRepository,
  ModelVersions,
  QuarantineSink,
  RiskEventSink,
  RunStore,
  ScoreRepository,
  ScoringContextStore,
  SourcePage,
  StoredModel,
  WriteOutcome,
} from '../../lambdas/ports';
import type { TenantHistoryReader } from '../../lambdas/use-cases/scoring/load-histories';

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

/** Model versions in memory, with the current pointer (ModelRepository + ModelVersions). */
export class MemoryModels implements ModelRepository, ModelVersions {
  readonly versions = new Map<string, StoredModel>();
  currentVersion: string | null = null;
  async current(): Promise<StoredModel | null> {
    return this.currentVersion === null ? null : (this.versions.get(this.currentVersion) ?? null);
  }
  async get(version: string): Promise<StoredModel | null> {
    return this.versions.get(version) ?? null;
  }
  async save(model: StoredModel): Promise<void> {
    this.versions.set(model.version, model);
  }
  async promote(version: string): Promise<void> {
    this.currentVersion = version;
  }
}

/** Latest score per tenant; `failPuts` makes the next puts throw (a throttled table). */
export class MemoryScores implements ScoreRepository {
  readonly latestScores = new Map<string, ScoreRecord>();
  failPuts = 0;
  async latest(tenantIds: readonly string[]): Promise<Map<string, ScoreRecord>> {
    const found = new Map<string, ScoreRecord>();
    for (const id of tenantIds) {
      const score = this.latestScores.get(id);
      if (score) found.set(id, score);
    }
    return found;
  }
  async put(scores: readonly ScoreRecord[]): Promise<void> {
    if (this.failPuts > 0) {
      this.failPuts--;
      throw new Error('scores table throttled');
    }
    for (const score of scores) this.latestScores.set(score.tenantId, score);
  }
}

export class MemoryRiskEvents implements RiskEventSink {
  readonly published: RiskChangedDetail[] = [];
  async publish(details: readonly RiskChangedDetail[]): Promise<void> {
    this.published.push(...details);
  }
}

/** Scoring contexts kept as JSON text, as a store would: nothing survives that JSON cannot carry. */
export class MemoryScoringContexts implements ScoringContextStore {
  readonly stored = new Map<string, string>();
  async put(context: ScoringContextJson): Promise<void> {
    this.stored.set(context.runId, JSON.stringify(context));
  }
  async get(runId: string): Promise<ScoringContextJson | null> {
    const text = this.stored.get(runId);
    return text === undefined ? null : ScoringContextSchema.parse(JSON.parse(text));
  }
}

/** A tenant's profile and metric records, as the feed delivered them. */
export interface FeedTenant {
  readonly profile: TenantRecord;
  readonly metrics: readonly MetricRecord[];
}

/** Tenants in memory, spread over shards by the same hash as the shard index. */
export class MemoryTenantReader implements TenantHistoryReader {
  constructor(
    private readonly tenants: readonly FeedTenant[],
    private readonly shards: number,
  ) {}
  async *shardProfiles(shard: number): AsyncGenerator<TenantRecord> {
    for (const { profile } of this.tenants) {
      if (tenantShard(profile.tenantId, this.shards) === shard) yield profile;
    }
  }
  async readTenantMetrics(tenantId: string, fromDate: string, toDate: string) {
    const tenant = this.tenants.find((candidate) => candidate.profile.tenantId === tenantId);
    return tenantDays((tenant?.metrics ?? []).filter((day) => day.date >= fromDate && day.date <= toDate));
  }
}
