/**
 * The narrow interfaces the use cases depend on. Adapters (AWS, local files, DynamoDB Local)
 * implement them; tests pass in-memory fakes.
 */
import type { FeedKind } from './config/product-config';
import type { MetricRecord, TenantRecord } from './domain/feed/feed-records';
import type { QuarantineRecord } from './domain/feed/quarantine';
import type { StagePart } from './domain/run/run-record';
import type { RiskChangedDetail, ScoreRecord } from './domain/score-record';

/** One independently ingestible unit of a feed: a file, an S3 object or one API page. */
export type SourcePage = TextPage | ItemsPage;

interface PageBase {
  /** Config id of the source the page came from. */
  readonly source: string;
  /** Stable id of the page within the source (file path, S3 key, "page 3"): part of every quarantine position. */
  readonly pageId: string;
  readonly kind: FeedKind;
}

/** JSON Lines or CSV text, streamed in chunks so a large object never sits in memory whole. */
export interface TextPage extends PageBase {
  readonly format: 'jsonl' | 'csv';
  open(): AsyncIterable<string | Uint8Array>;
}

/** Records already decoded from a JSON API response; positions are item indexes. */
export interface ItemsPage extends PageBase {
  readonly format: 'items';
  readonly items: readonly unknown[];
}

/** Where feed records come from: files, S3 objects or a paginated HTTP API. */
export interface MetricsSource {
  readonly id: string;
  readonly kind: FeedKind;
  pages(): AsyncIterable<SourcePage>;
}

export interface WriteOutcome {
  /** Items (profiles or tenant-days) whose stored value changed. */
  readonly written: number;
  /** Items that were already stored with the same value: re-ingest costs no writes. */
  readonly unchanged: number;
}

/** Durable storage of the normalised feed. Writes are idempotent; a corrected day replaces that day. */
export interface FeedStore {
  upsertTenants(records: readonly TenantRecord[]): Promise<WriteOutcome>;
  upsertMetricDays(records: readonly MetricRecord[]): Promise<WriteOutcome>;
}

/** Keeps every rejected record with its raw text, position and reason. */
export interface QuarantineSink {
  put(records: readonly QuarantineRecord[]): Promise<void>;
}

/** Per-night run records: one part per unit of work (idempotent on re-run), summed on read. */
export interface RunStore {
  putPart(part: StagePart): Promise<void>;
  listParts(runId: string): Promise<StagePart[]>;
  putSummary(runId: string, summary: Record<string, unknown>): Promise<void>;
}

/** Read/write request units consumed so far by an adapter (DynamoDB ReturnConsumedCapacity). */
export interface CapacityMeter {
  readonly readUnits: number;
  readonly writeUnits: number;
}

/** A stored churn model version (serialised JSON) with its metrics. */
export interface StoredModel {
  readonly version: string;
  readonly model: string;
  readonly metrics: Record<string, unknown>;
  readonly trainedAt: string;
}

/** Model versions and the pointer to the one scoring uses. */
export interface ModelRepository {
  current(): Promise<StoredModel | null>;
  save(model: StoredModel): Promise<void>;
  promote(version: string, promotedAt: string): Promise<void>;
}

/** Latest score per tenant plus nightly history. */
export interface ScoreRepository {
  latest(tenantIds: readonly string[]): Promise<Map<string, ScoreRecord>>;
  put(scores: readonly ScoreRecord[]): Promise<void>;
}

/** Where tenant.risk.changed events go (EventBridge on AWS, a file locally). */
export interface RiskEventSink {
  publish(details: readonly RiskChangedDetail[]): Promise<void>;
}

/** The clock, passed in so domain and use cases stay deterministic in tests. */
export type Clock = () => Date;
