/**
 * The narrow interfaces the use cases depend on. Adapters (AWS, local files, DynamoDB Local)
 * implement them; tests pass in-memory fakes.
 */
import type { FeedKind } from './config/product-config';
import type { PlayOverrides } from './domain/console/play-overrides';
import type { DigestEntry } from './domain/digest/digest';
import type { MetricRecord, TenantRecord } from './domain/feed/feed-records';
import type { QuarantineRecord } from './domain/feed/quarantine';
import type { CampaignDecision } from './domain/plays/campaign-decision';
import type { EngagementField } from './domain/plays/email-events';
import type { RecipientState } from './domain/plays/plan-night';
import type { StagePart } from './domain/run/run-record';
import type { RiskChangedDetail, ScoreRecord } from './domain/score-record';
import type { ScoringContextJson } from './domain/scoring-context';

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

/** A stored model by version: score shards read the version the prepare step chose. */
export interface ModelVersions {
  get(version: string): Promise<StoredModel | null>;
}

/** The night's scoring context, written once by the prepare step and read by every score shard. */
export interface ScoringContextStore {
  put(context: ScoringContextJson): Promise<void>;
  get(runId: string): Promise<ScoringContextJson | null>;
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

/** A planned campaign decision with the merge data its email is rendered from at send time. */
export interface StoredCampaign {
  readonly decision: CampaignDecision;
  /** The play's merge data (tenant's numbers, names) as planned; rendered when the email goes out. */
  readonly mergeData: Record<string, unknown>;
  /** Message id per recipient already handed to SES: a retried send skips them. */
  readonly deliveries: Readonly<Record<string, string>>;
}

export type SendClaim = 'claimed' | 'already_sent' | 'not_sendable' | 'in_flight';

/** Campaign decisions, the per-recipient send ledger and the suppression list. */
export interface CampaignStore {
  /** Per tenant, its decisions of runDate >= sinceRunDate (cooldown and re-run lookups). */
  tenantCampaigns(
    tenantIds: readonly string[],
    sinceRunDate: string,
  ): Promise<Map<string, CampaignDecision[]>>;
  /** Per normalised address: suppression and outbound emails since `since` (ISO instant). */
  recipientStates(emails: readonly string[], since: string): Promise<Map<string, RecipientState>>;
  /** Stores new decisions; a decision already stored under the same key is never overwritten. */
  saveDecisions(campaigns: readonly StoredCampaign[]): Promise<void>;
  get(tenantId: string, key: string): Promise<StoredCampaign | null>;
  /** Every decision of a night (outputs, local delivery, console). */
  nightCampaigns(runDate: string): AsyncIterable<StoredCampaign>;
  /**
   * Conditional claim before SES: only a queued / quiet_hours decision not claimed by a live
   * sender can be claimed; a claim older than `staleAfterMs` is taken over (the sender died).
   */
  claimSend(tenantId: string, key: string, now: Date, staleAfterMs: number): Promise<SendClaim>;
  /** Gives a claim back after a transient failure, so a retry need not wait for it to time out. */
  releaseClaim(tenantId: string, key: string): Promise<void>;
  recordDelivery(tenantId: string, key: string, email: string, messageId: string): Promise<void>;
  /** `messageId`: the first recipient's SES message id (every recipient's is in deliveries). */
  markSent(tenantId: string, key: string, sentAt: Date, messageId: string): Promise<void>;
  markFailed(tenantId: string, key: string, reason: string): Promise<void>;
  suppress(email: string, reason: string, at: Date): Promise<void>;
  /** Counts one SES event on the campaign that sent the message; unknown campaigns are ignored. */
  recordEngagement(tenantId: string, key: string, field: EngagementField, at: string): Promise<void>;
}

/** One email as handed to the email service. */
export interface OutboundEmail {
  readonly from: string;
  readonly to: string;
  readonly replyTo?: string;
  readonly subject: string;
  readonly html: string;
  readonly text: string;
  /** Extra headers (List-Unsubscribe, List-Unsubscribe-Post). */
  readonly headers: Readonly<Record<string, string>>;
  /** Message tags for the SES event stream: play, tenant, campaign key. */
  readonly tags: Readonly<Record<string, string>>;
}

/** SES (or the local SES endpoint). */
export interface Mailer {
  send(email: OutboundEmail): Promise<{ readonly messageId: string }>;
}

/** Where cleared sends wait for the sender (the SQS send queue on AWS, a list locally). */
export interface SendOutbox {
  enqueue(decisions: readonly CampaignDecision[]): Promise<void>;
}

/** Nightly scores as the digest reads them: a night's scores and a tenant's recent trend. */
export interface ScoreHistory {
  at(tenantIds: readonly string[], asOf: string): Promise<Map<string, ScoreRecord>>;
  history(tenantId: string, from: string, to: string): Promise<ScoreRecord[]>;
}

export type DigestClaim = 'claimed' | 'already_sent' | 'in_flight';

/** Digest entries per CSM and day, and the exactly-once claim of each CSM's email. */
export interface DigestStore {
  /** Stores entries and registers `csms` (every CSM of the tenants looked at, so a quiet one gets its note). */
  putEntries(date: string, entries: readonly DigestEntry[], csms: readonly string[]): Promise<void>;
  /** Every CSM with entries on `date`, sorted. */
  csms(date: string): Promise<string[]>;
  entries(date: string, csmEmail: string): Promise<DigestEntry[]>;
  claim(date: string, csmEmail: string, now: Date, staleAfterMs: number): Promise<DigestClaim>;
  markSent(date: string, csmEmail: string, messageId: string, at: Date): Promise<void>;
  releaseClaim(date: string, csmEmail: string): Promise<void>;
}

/** Plays paused in the review console: the plan stage reads them at the start of every run. */
export interface PlayOverrideSource {
  playOverrides(): Promise<PlayOverrides>;
}
