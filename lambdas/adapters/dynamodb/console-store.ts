import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { z } from 'zod';
import { addDays, monthOf } from '../../domain/calendar';
import type { CauseId } from '../../domain/cause-ids';
import { type AuditEntry, AuditEntrySchema } from '../../domain/console/audit';
import {
  type PlayOverride,
  PlayOverrideSchema,
  type PlayOverrides,
} from '../../domain/console/play-overrides';
import type { CopyOverrides } from '../../domain/emails/render-play-email';
import {
  type CampaignDecision,
  CampaignDecisionSchema,
  OUTBOUND_STATUSES,
} from '../../domain/plays/campaign-decision';
import type { ConsoleStore, ListedDecision } from '../../use-cases/console/console-ports';
import { batchGetAll, type StoredItem } from './batch';
import { campaignSk, nightPk } from './campaign-keys';
import { outboundLedgerItems } from './campaign-store';
import type { CapacityRecorder } from './capacity-meter';
import { forEachBounded } from './concurrency';
import { StoredItemInvalidError } from './errors';
import { queryAll } from './query';
import { RUN_SUMMARY_SK, runPk, TABLE_KEYS, tenantPk } from './table-design';

/**
 * The review console's items in the single table:
 *
 * | item            | PK                 | SK                 |
 * |-----------------|--------------------|--------------------|
 * | play override   | CONSOLE            | PLAY#<play>        |
 * | audit entry     | AUDIT#<yyyy-mm>    | <at>#<id>          |
 *
 * Console traffic is a few people clicking: a month of audit entries fits one partition and
 * reads newest first with one Query. Decisions are read where the plan wrote them (campaign
 * items, the NIGHT# shard index).
 */
export const CONSOLE_PK = 'CONSOLE';
export const AUDIT_PK_PREFIX = 'AUDIT#';
const playOverrideSk = (play: CauseId) => `PLAY#${play}`;
const auditPk = (at: string) => `${AUDIT_PK_PREFIX}${monthOf(at.slice(0, 10))}`;

/** The decision's own attributes plus the tenant's name from its merge data; never the merge data itself. */
const DECISION_FIELDS = Object.keys(CampaignDecisionSchema.shape);
const LISTED_PROJECTION = {
  expression: [...DECISION_FIELDS.map((_, i) => `#f${i}`), '#merge.#facts.#name'].join(', '),
  names: {
    ...Object.fromEntries(DECISION_FIELDS.map((field, i) => [`#f${i}`, field])),
    '#merge': 'mergeData',
    '#facts': 'facts',
    '#name': 'tenantName',
  },
};

export interface ConsoleStoreOptions {
  readonly tenantShards: number;
  /** Shard queries in flight when reading a night. Default 16. */
  readonly concurrency?: number;
}

export class DynamoConsoleStore implements ConsoleStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #meter: CapacityRecorder;
  readonly #shards: number;
  readonly #concurrency: number;

  constructor(
    client: DynamoDBDocumentClient,
    tableName: string,
    meter: CapacityRecorder,
    options: ConsoleStoreOptions,
  ) {
    this.#client = client;
    this.#table = tableName;
    this.#meter = meter;
    this.#shards = options.tenantShards;
    this.#concurrency = options.concurrency ?? 16;
  }

  async nights(from: string, to: string): Promise<string[]> {
    const dates: string[] = [];
    for (let date = from; date <= to; date = addDays(date, 1)) dates.push(date);
    const items = await batchGetAll(
      this.#client,
      this.#table,
      dates.map((night) => ({ PK: runPk(night), SK: RUN_SUMMARY_SK })),
      this.#meter,
      { projection: '#run', attributeNames: { '#run': 'runId' } },
    );
    return items.map((item) => String(item.runId)).sort();
  }

  async nightDecisions(runDate: string): Promise<ListedDecision[]> {
    const shards = Array.from({ length: this.#shards }, (_, shard) => shard);
    const decisions: ListedDecision[] = [];
    await forEachBounded(shards, this.#concurrency, async (shard) => {
      for await (const item of queryAll(
        this.#client,
        {
          TableName: this.#table,
          IndexName: TABLE_KEYS.shardIndex.name,
          KeyConditionExpression: '#pk = :pk',
          ProjectionExpression: LISTED_PROJECTION.expression,
          ExpressionAttributeNames: { ...LISTED_PROJECTION.names, '#pk': TABLE_KEYS.shardIndex.partitionKey },
          ExpressionAttributeValues: { ':pk': nightPk(runDate, shard) },
        },
        this.#meter,
      )) {
        decisions.push(parseListed(item, runDate));
      }
    });
    return decisions.sort((a, b) => (a.key < b.key ? -1 : 1));
  }

  async playOverrides(): Promise<PlayOverrides> {
    const overrides = new Map<CauseId, PlayOverride>();
    for await (const item of queryAll(
      this.#client,
      {
        TableName: this.#table,
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :play)',
        ExpressionAttributeNames: { '#pk': TABLE_KEYS.partitionKey, '#sk': TABLE_KEYS.sortKey },
        ExpressionAttributeValues: { ':pk': CONSOLE_PK, ':play': 'PLAY#' },
        // A pause must take effect at the very next run, even one starting a moment later.
        ConsistentRead: true,
      },
      this.#meter,
    )) {
      const override = parseItem(item, PlayOverrideSchema);
      overrides.set(override.play, override);
    }
    return overrides;
  }

  async setPlayOverride(override: PlayOverride, audit: AuditEntry): Promise<void> {
    const out = await this.#client.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: this.#table,
              Item: { ...override, PK: CONSOLE_PK, SK: playOverrideSk(override.play) },
            },
          },
          { Put: { TableName: this.#table, Item: auditItem(audit) } },
        ],
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    this.#meter.recordWrite(out.ConsumedCapacity);
  }

  async saveReview(
    reviewed: CampaignDecision,
    copy: CopyOverrides | null,
    audit: AuditEntry,
  ): Promise<boolean> {
    const released = OUTBOUND_STATUSES.has(reviewed.status);
    const ledger = released ? outboundLedgerItems(reviewed, new Date(audit.at)) : [];
    try {
      const out = await this.#client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.#table,
                Key: { PK: tenantPk(reviewed.tenantId), SK: campaignSk(reviewed.runDate, reviewed.play) },
                UpdateExpression: `SET #status = :status, reason = :reason, sendAt = :sendAt, review = :review${
                  copy ? ', mergeData.#copy = :copy' : ''
                }`,
                ConditionExpression: '#status = :pending',
                ExpressionAttributeNames: { '#status': 'status', ...(copy ? { '#copy': 'copy' } : {}) },
                ExpressionAttributeValues: {
                  ':status': reviewed.status,
                  ':reason': reviewed.reason,
                  ':sendAt': reviewed.sendAt,
                  ':review': reviewed.review,
                  ':pending': 'pending_approval',
                  ...(copy ? { ':copy': copy } : {}),
                },
              },
            },
            { Put: { TableName: this.#table, Item: auditItem(audit) } },
            ...ledger.map((Item) => ({ Put: { TableName: this.#table, Item } })),
          ],
          ReturnConsumedCapacity: 'TOTAL',
        }),
      );
      this.#meter.recordWrite(out.ConsumedCapacity);
      return true;
    } catch (error) {
      if (
        error instanceof TransactionCanceledException &&
        error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed'
      ) {
        return false;
      }
      throw error;
    }
  }

  async recentAudit(limit: number, now: Date): Promise<AuditEntry[]> {
    const entries: AuditEntry[] = [];
    // This month's partition, then last month's: enough history for a review screen.
    const thisMonth = now.toISOString();
    const lastMonth = addDays(`${monthOf(thisMonth.slice(0, 10))}-01`, -1);
    for (const pk of [auditPk(thisMonth), auditPk(lastMonth)]) {
      if (entries.length >= limit) break;
      const out = await this.#client.send(
        new QueryCommand({
          TableName: this.#table,
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': TABLE_KEYS.partitionKey },
          ExpressionAttributeValues: { ':pk': pk },
          ScanIndexForward: false,
          Limit: limit - entries.length,
          ReturnConsumedCapacity: 'TOTAL',
        }),
      );
      this.#meter.recordRead(out.ConsumedCapacity);
      for (const item of out.Items ?? []) entries.push(parseItem(item, AuditEntrySchema));
    }
    return entries;
  }
}

function auditItem(audit: AuditEntry): StoredItem {
  return { ...audit, PK: auditPk(audit.at), SK: `${audit.at}#${audit.id}` };
}

function parseListed(item: StoredItem, runDate: string): ListedDecision {
  const { mergeData, ...rest } = item;
  const parsed = CampaignDecisionSchema.safeParse(rest);
  if (!parsed.success) {
    throw new StoredItemInvalidError(
      { PK: tenantPk(String(rest.tenantId)), SK: campaignSk(runDate, String(rest.play)) },
      parsed.error.message,
    );
  }
  const name = (mergeData as { facts?: { tenantName?: unknown } } | undefined)?.facts?.tenantName;
  return { ...parsed.data, tenantName: typeof name === 'string' ? name : null };
}

function parseItem<T>(item: StoredItem, schema: z.ZodType<T>): T {
  const { PK, SK, ...rest } = item;
  const parsed = schema.safeParse(rest);
  if (!parsed.success) {
    throw new StoredItemInvalidError({ PK: String(PK), SK: String(SK) }, parsed.error.message);
  }
  return parsed.data;
}
