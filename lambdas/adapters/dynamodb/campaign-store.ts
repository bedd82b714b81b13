import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  type CampaignDecision,
  CampaignDecisionSchema,
  OUTBOUND_STATUSES,
} from '../../domain/plays/campaign-decision';
import type { EngagementField } from '../../domain/plays/email-events';
import type { RecipientState } from '../../domain/plays/plan-night';
import { maskEmail } from '../../domain/plays/recipients';
import type { CampaignStore, SendClaim, StoredCampaign } from '../../ports';
import { batchGetAll, batchWriteAll, type StoredItem } from './batch';
import {
  CAMPAIGN_SK_PREFIX,
  campaignSk,
  EXPIRES_AT,
  nightPk,
  nightSk,
  OUTBOUND_SK_PREFIX,
  outboundSk,
  recipientPk,
  SUPPRESSION_SK,
} from './campaign-keys';
import type { CapacityRecorder } from './capacity-meter';
import { forEachBounded } from './concurrency';
import { conditionalUpdate } from './conditional-update';
import { StoredItemInvalidError } from './errors';
import { queryAll } from './query';
import { TABLE_KEYS, tenantPk, tenantShard } from './table-design';

/** Outbound ledger items are kept this long: more than any recipient budget window (max 90 days). */
const LEDGER_DAYS = 120;

export interface CampaignStoreOptions {
  readonly tenantShards: number;
  /** Requests in flight for per-item calls (conditional puts, per-tenant queries). */
  readonly concurrency?: number;
}

/** Campaign decisions, send claims, the outbound ledger and suppressions in the single table. */
export class DynamoCampaignStore implements CampaignStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #meter: CapacityRecorder;
  readonly #shards: number;
  readonly #concurrency: number;

  constructor(
    client: DynamoDBDocumentClient,
    tableName: string,
    meter: CapacityRecorder,
    options: CampaignStoreOptions,
  ) {
    this.#client = client;
    this.#table = tableName;
    this.#meter = meter;
    this.#shards = options.tenantShards;
    this.#concurrency = options.concurrency ?? 8;
  }

  async tenantCampaigns(
    tenantIds: readonly string[],
    sinceRunDate: string,
  ): Promise<Map<string, CampaignDecision[]>> {
    const result = new Map<string, CampaignDecision[]>();
    await forEachBounded(tenantIds, this.#concurrency, async (tenantId) => {
      const decisions: CampaignDecision[] = [];
      for await (const item of queryAll(
        this.#client,
        {
          TableName: this.#table,
          KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
          ExpressionAttributeNames: { '#pk': TABLE_KEYS.partitionKey, '#sk': TABLE_KEYS.sortKey },
          ExpressionAttributeValues: {
            ':pk': tenantPk(tenantId),
            ':from': `${CAMPAIGN_SK_PREFIX}${sinceRunDate}`,
            ':to': `${CAMPAIGN_SK_PREFIX}~`,
          },
        },
        this.#meter,
      )) {
        decisions.push(parseCampaign(item).decision);
      }
      if (decisions.length > 0) result.set(tenantId, decisions);
    });
    return result;
  }

  async recipientStates(emails: readonly string[], since: string): Promise<Map<string, RecipientState>> {
    const result = new Map<string, RecipientState>();
    await forEachBounded([...new Set(emails)], this.#concurrency, async (email) => {
      let suppressed: string | null = null;
      const outboundAt: string[] = [];
      for await (const item of queryAll(
        this.#client,
        {
          TableName: this.#table,
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': TABLE_KEYS.partitionKey },
          ExpressionAttributeValues: { ':pk': recipientPk(email) },
        },
        this.#meter,
      )) {
        const sk = String(item.SK);
        if (sk === SUPPRESSION_SK) suppressed = String(item.reason);
        else if (sk.startsWith(OUTBOUND_SK_PREFIX) && String(item.at) >= since)
          outboundAt.push(String(item.at));
      }
      if (suppressed !== null || outboundAt.length > 0) result.set(email, { suppressed, outboundAt });
    });
    return result;
  }

  async saveDecisions(campaigns: readonly StoredCampaign[]): Promise<void> {
    const stored: StoredCampaign[] = [];
    await forEachBounded(campaigns, this.#concurrency, async (campaign) => {
      const { decision } = campaign;
      try {
        const out = await this.#client.send(
          new PutCommand({
            TableName: this.#table,
            Item: {
              ...decision,
              mergeData: campaign.mergeData,
              deliveries: campaign.deliveries,
              PK: tenantPk(decision.tenantId),
              SK: campaignSk(decision.runDate, decision.play),
              GSI1PK: nightPk(decision.runDate, tenantShard(decision.tenantId, this.#shards)),
              GSI1SK: nightSk(decision.tenantId, decision.play),
            },
            // A night's decision is made once: a re-run must not reset a sent or approved one.
            ConditionExpression: 'attribute_not_exists(#pk)',
            ExpressionAttributeNames: { '#pk': TABLE_KEYS.partitionKey },
            ReturnConsumedCapacity: 'TOTAL',
          }),
        );
        this.#meter.recordWrite(out.ConsumedCapacity);
        stored.push(campaign);
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    });
    const now = new Date();
    const ledger = stored
      .filter(({ decision }) => OUTBOUND_STATUSES.has(decision.status))
      .flatMap(({ decision }) =>
        outboundLedgerItems(decision, now).map((Item) => ({ PutRequest: { Item } })),
      );
    await batchWriteAll(this.#client, this.#table, ledger, this.#meter);
  }

  async get(tenantId: string, key: string): Promise<StoredCampaign | null> {
    const [runDate, play] = runDateAndPlay(key);
    const [item] = await batchGetAll(
      this.#client,
      this.#table,
      [{ PK: tenantPk(tenantId), SK: campaignSk(runDate, play) }],
      this.#meter,
    );
    return item ? parseCampaign(item) : null;
  }

  async *nightCampaigns(runDate: string): AsyncIterable<StoredCampaign> {
    for (let shard = 0; shard < this.#shards; shard++) {
      for await (const item of queryAll(
        this.#client,
        {
          TableName: this.#table,
          IndexName: TABLE_KEYS.shardIndex.name,
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': TABLE_KEYS.shardIndex.partitionKey },
          ExpressionAttributeValues: { ':pk': nightPk(runDate, shard) },
        },
        this.#meter,
      )) {
        yield parseCampaign(item);
      }
    }
  }

  async claimSend(tenantId: string, key: string, now: Date, staleAfterMs: number): Promise<SendClaim> {
    const [runDate, play] = runDateAndPlay(key);
    const result = await conditionalUpdate(this.#client, this.#meter, {
      TableName: this.#table,
      Key: { PK: tenantPk(tenantId), SK: campaignSk(runDate, play) },
      UpdateExpression: 'SET claimedAt = :now',
      ConditionExpression:
        '#status IN (:queued, :quiet) AND (attribute_not_exists(claimedAt) OR claimedAt < :stale)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':now': now.toISOString(),
        ':queued': 'queued',
        ':quiet': 'quiet_hours',
        ':stale': new Date(now.getTime() - staleAfterMs).toISOString(),
      },
    });
    if (result.applied) return 'claimed';
    const status = result.current?.status?.S;
    if (status === 'sent') return 'already_sent';
    if (status === 'queued' || status === 'quiet_hours') return 'in_flight';
    return 'not_sendable';
  }

  async releaseClaim(tenantId: string, key: string): Promise<void> {
    await this.#update(tenantId, key, 'REMOVE claimedAt', {}, {});
  }

  async recordDelivery(tenantId: string, key: string, email: string, messageId: string): Promise<void> {
    await this.#update(
      tenantId,
      key,
      'SET deliveries.#email = :messageId',
      { '#email': email },
      { ':messageId': messageId },
    );
  }

  async markSent(tenantId: string, key: string, sentAt: Date, messageId: string): Promise<void> {
    await this.#update(
      tenantId,
      key,
      'SET #status = :sent, sentAt = :at, messageId = :messageId, reason = :reason REMOVE claimedAt',
      { '#status': 'status' },
      { ':sent': 'sent', ':at': sentAt.toISOString(), ':messageId': messageId, ':reason': 'sent' },
    );
  }

  async markFailed(tenantId: string, key: string, reason: string): Promise<void> {
    await this.#update(
      tenantId,
      key,
      'SET #status = :failed, reason = :reason REMOVE claimedAt',
      { '#status': 'status' },
      { ':failed': 'failed', ':reason': reason },
    );
  }

  async recordEngagement(tenantId: string, key: string, field: EngagementField, at: string): Promise<void> {
    try {
      await this.#update(
        tenantId,
        key,
        'SET engagement = if_not_exists(engagement, :empty), lastEventAt = :at',
        {},
        { ':empty': {}, ':at': at },
      );
      await this.#update(tenantId, key, 'ADD engagement.#field :one', { '#field': field }, { ':one': 1 });
    } catch (error) {
      // Messages that are not campaigns (digests, tests from the console) have no decision item.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async suppress(email: string, reason: string, at: Date): Promise<void> {
    const out = await this.#client.send(
      new PutCommand({
        TableName: this.#table,
        Item: {
          PK: recipientPk(email),
          SK: SUPPRESSION_SK,
          reason,
          at: at.toISOString(),
          email: maskEmail(email),
        },
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    this.#meter.recordWrite(out.ConsumedCapacity);
  }

  async #update(
    tenantId: string,
    key: string,
    expression: string,
    names: Record<string, string>,
    values: Record<string, unknown>,
  ): Promise<void> {
    const [runDate, play] = runDateAndPlay(key);
    const out = await this.#client.send(
      new UpdateCommand({
        TableName: this.#table,
        Key: { PK: tenantPk(tenantId), SK: campaignSk(runDate, play) },
        UpdateExpression: expression,
        ConditionExpression: 'attribute_exists(#pk)',
        ExpressionAttributeNames: { '#pk': TABLE_KEYS.partitionKey, ...names },
        ...(Object.keys(values).length > 0 ? { ExpressionAttributeValues: values } : {}),
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    this.#meter.recordWrite(out.ConsumedCapacity);
  }
}

/**
 * The recipient budget's ledger: one item per recipient of a decision on its way out, written
 * when the plan clears it or when marketing approves it.
 */
export function outboundLedgerItems(decision: CampaignDecision, now: Date): StoredItem[] {
  const expiresAt = Math.floor(now.getTime() / 1000) + LEDGER_DAYS * 86_400;
  return decision.recipients.map((email) => ({
    PK: recipientPk(email),
    SK: outboundSk(decision.key),
    at: decision.sendAt ?? decision.decidedAt,
    play: decision.play,
    [EXPIRES_AT]: expiresAt,
  }));
}

/** Campaign keys are "<tenantId>|<play>|<runDate>"; tenant ids cannot contain "|". */
function runDateAndPlay(key: string): [string, string] {
  const [, play, runDate] = key.split('|');
  if (!play || !runDate) throw new RangeError(`not a campaign key: ${key}`);
  return [runDate, play];
}

function parseCampaign(item: StoredItem): StoredCampaign {
  const { PK, SK, mergeData, deliveries, ...rest } = item;
  const parsed = CampaignDecisionSchema.safeParse(rest);
  if (!parsed.success)
    throw new StoredItemInvalidError({ PK: String(PK), SK: String(SK) }, parsed.error.message);
  return {
    decision: parsed.data,
    mergeData: (mergeData ?? {}) as Record<string, unknown>,
    deliveries: (deliveries ?? {}) as Record<string, string>,
  };
}
