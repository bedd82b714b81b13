import { createHash } from 'node:crypto';
import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DigestEntry } from '../../domain/digest/digest';
import type { DigestClaim, DigestStore } from '../../ports';
import { batchGetAll, batchWriteAll } from './batch';
import type { CapacityRecorder } from './capacity-meter';
import { conditionalUpdate } from './conditional-update';
import { queryAll } from './query';
import { TABLE_KEYS, tenantPk } from './table-design';

/**
 * | item                  | PK                          | SK               |
 * |-----------------------|-----------------------------|------------------|
 * | digest entry          | DIGEST#<date>#<csm hash>    | TENANT#<id>      |
 * | CSM of the day + send | DIGESTS#<date>              | CSM#<csm email>  |
 *
 * Shards write entries under their CSM's partition; the digest step lists the day's CSMs and
 * reads one partition per CSM. The CSM item doubles as the exactly-once claim of the email.
 */
// Exported: the deployed Lambdas' grants are scoped to these partition prefixes.
export const DIGEST_ENTRY_PK_PREFIX = 'DIGEST#';
export const DIGEST_DAY_PK_PREFIX = 'DIGESTS#';
const entryPk = (date: string, csm: string) =>
  `${DIGEST_ENTRY_PK_PREFIX}${date}#${createHash('sha256').update(csm).digest('hex').slice(0, 32)}`;
const dayPk = (date: string) => `${DIGEST_DAY_PK_PREFIX}${date}`;
const csmSk = (csm: string) => `CSM#${csm}`;
/** Digest items go after a month: the digest is a daily view, the scores keep the history. */
const KEEP_DAYS = 35;

export class DynamoDigestStore implements DigestStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #meter: CapacityRecorder;

  constructor(client: DynamoDBDocumentClient, tableName: string, meter: CapacityRecorder) {
    this.#client = client;
    this.#table = tableName;
    this.#meter = meter;
  }

  async putEntries(date: string, entries: readonly DigestEntry[], csms: readonly string[]): Promise<void> {
    const expiresAt = Math.floor(Date.parse(`${date}T00:00:00Z`) / 1000) + KEEP_DAYS * 86_400;
    const items = entries.map((entry) => ({
      PutRequest: {
        Item: {
          PK: entryPk(date, entry.csmEmail),
          SK: tenantPk(entry.row.tenantId),
          ...entry,
          expiresAt,
        },
      },
    }));
    await batchWriteAll(this.#client, this.#table, items, this.#meter);
    // The CSM item must not reset a claim or a sent marker when a shard is re-run.
    for (const csm of new Set([...csms, ...entries.map((entry) => entry.csmEmail)])) {
      const out = await this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { PK: dayPk(date), SK: csmSk(csm) },
          UpdateExpression: 'SET csmEmail = :csm, expiresAt = :expires',
          ExpressionAttributeValues: { ':csm': csm, ':expires': expiresAt },
          ReturnConsumedCapacity: 'TOTAL',
        }),
      );
      this.#meter.recordWrite(out.ConsumedCapacity);
    }
  }

  async csms(date: string): Promise<string[]> {
    const csms: string[] = [];
    for await (const item of queryAll(
      this.#client,
      {
        TableName: this.#table,
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :csm)',
        ExpressionAttributeNames: { '#pk': TABLE_KEYS.partitionKey, '#sk': TABLE_KEYS.sortKey },
        ExpressionAttributeValues: { ':pk': dayPk(date), ':csm': 'CSM#' },
      },
      this.#meter,
    )) {
      csms.push(String(item.csmEmail));
    }
    return csms.sort();
  }

  async entries(date: string, csmEmail: string): Promise<DigestEntry[]> {
    const entries: DigestEntry[] = [];
    for await (const item of queryAll(
      this.#client,
      {
        TableName: this.#table,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': TABLE_KEYS.partitionKey },
        ExpressionAttributeValues: { ':pk': entryPk(date, csmEmail) },
      },
      this.#meter,
    )) {
      entries.push({ csmEmail: String(item.csmEmail), section: item.section, row: item.row } as DigestEntry);
    }
    return entries;
  }

  /** The tenant's entries in its CSM's digests of `dates` (the console's tenant page), oldest first. */
  async tenantEntries(
    tenantId: string,
    csmEmail: string,
    dates: readonly string[],
  ): Promise<{ date: string; entry: DigestEntry }[]> {
    const items = await batchGetAll(
      this.#client,
      this.#table,
      dates.map((date) => ({ PK: entryPk(date, csmEmail), SK: tenantPk(tenantId) })),
      this.#meter,
    );
    return items
      .map((item) => ({
        date: String(item.PK).slice(DIGEST_ENTRY_PK_PREFIX.length, DIGEST_ENTRY_PK_PREFIX.length + 10),
        entry: { csmEmail: String(item.csmEmail), section: item.section, row: item.row } as DigestEntry,
      }))
      .sort((a, b) => (a.date < b.date ? -1 : 1));
  }

  async claim(date: string, csmEmail: string, now: Date, staleAfterMs: number): Promise<DigestClaim> {
    const result = await conditionalUpdate(this.#client, this.#meter, {
      TableName: this.#table,
      Key: { PK: dayPk(date), SK: csmSk(csmEmail) },
      UpdateExpression: 'SET claimedAt = :now, csmEmail = :csm',
      ConditionExpression:
        'attribute_not_exists(sentAt) AND (attribute_not_exists(claimedAt) OR claimedAt < :stale)',
      ExpressionAttributeValues: {
        ':now': now.toISOString(),
        ':csm': csmEmail,
        ':stale': new Date(now.getTime() - staleAfterMs).toISOString(),
      },
    });
    if (result.applied) return 'claimed';
    return result.current?.sentAt ? 'already_sent' : 'in_flight';
  }

  async markSent(date: string, csmEmail: string, messageId: string, at: Date): Promise<void> {
    const out = await this.#client.send(
      new UpdateCommand({
        TableName: this.#table,
        Key: { PK: dayPk(date), SK: csmSk(csmEmail) },
        UpdateExpression: 'SET sentAt = :at, messageId = :id REMOVE claimedAt',
        ExpressionAttributeValues: { ':at': at.toISOString(), ':id': messageId },
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    this.#meter.recordWrite(out.ConsumedCapacity);
  }

  async releaseClaim(date: string, csmEmail: string): Promise<void> {
    const out = await this.#client.send(
      new UpdateCommand({
        TableName: this.#table,
        Key: { PK: dayPk(date), SK: csmSk(csmEmail) },
        UpdateExpression: 'REMOVE claimedAt',
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    this.#meter.recordWrite(out.ConsumedCapacity);
  }
}
