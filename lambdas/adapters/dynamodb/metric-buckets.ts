import { monthOf } from '../../domain/calendar';
import { sameContent } from '../../domain/canonical-json';
import type { MetricRecord } from '../../domain/feed/feed-records';
import { toDayNumber } from '../../domain/scoring/day-number';
import { TenantDays, TenantDaysBuilder } from '../../domain/scoring/tenant-days';
import type { StoredItem } from './batch';
import { decodeDay, decodeDayInto, encodeDay, KeyCache, RECEIVED_AT } from './day-codec';
import { StoredItemInvalidError } from './errors';
import { dayAttribute, metricsMonthSk, tenantPk } from './table-design';

/** The metrics of one tenant for one month, as the feed delivered them in one call. */
export interface MetricBucket {
  readonly tenantId: string;
  readonly month: string;
  readonly key: { readonly PK: string; readonly SK: string };
  /** Day attribute ("d05") -> that day's metrics; the last record of a day in the call wins. */
  readonly days: Map<string, Record<string, unknown>>;
}

export const bucketId = (pk: unknown, sk: unknown) => `${String(pk)}\n${String(sk)}`;

export function groupMetricDays(records: readonly MetricRecord[]): MetricBucket[] {
  const buckets = new Map<string, MetricBucket>();
  for (const record of records) {
    const month = monthOf(record.date);
    const key = { PK: tenantPk(record.tenantId), SK: metricsMonthSk(month) };
    const id = bucketId(key.PK, key.SK);
    let bucket = buckets.get(id);
    if (!bucket) {
      bucket = { tenantId: record.tenantId, month, key, days: new Map() };
      buckets.set(id, bucket);
    }
    bucket.days.set(dayAttribute(record.date), dayValue(record));
  }
  return [...buckets.values()];
}

/** The record minus what the key already says; unknown fields stay (the feed contract keeps them). */
export function dayValue(record: MetricRecord): Record<string, unknown> {
  const value: Record<string, unknown> = {};
  for (const [field, fieldValue] of Object.entries(record)) {
    if (field !== 'tenantId' && field !== 'date') value[field] = fieldValue;
  }
  return value;
}

export interface DayDiff {
  readonly changed: ReadonlyArray<readonly [day: string, value: Record<string, unknown>]>;
  readonly unchanged: number;
}

/** Days whose metrics differ from what is stored; receivedAt is bookkeeping, not content. */
export function diffDays(bucket: MetricBucket, stored: StoredItem | undefined): DayDiff {
  const changed: [string, Record<string, unknown>][] = [];
  let unchanged = 0;
  for (const [day, value] of bucket.days) {
    const storedDay = stored === undefined ? undefined : decodeDay(stored[day]);
    if (storedDay !== undefined && sameContent(withoutReceivedAt(storedDay), value)) unchanged++;
    else changed.push([day, value]);
  }
  return { changed, unchanged };
}

function withoutReceivedAt(storedDay: Record<string, unknown>): Record<string, unknown> {
  const { [RECEIVED_AT]: _stamp, ...content } = storedDay;
  return content;
}

/**
 * SET only the changed day attributes: concurrent writers of other days of the same month
 * never overwrite each other, and no read-modify-write of the whole month is needed.
 */
export function dayUpdateExpression(bucket: MetricBucket, changed: DayDiff['changed'], now: string) {
  const names: Record<string, string> = {
    '#tenantId': 'tenantId',
    '#month': 'month',
    '#updatedAt': 'updatedAt',
  };
  const values: Record<string, unknown> = {
    ':tenantId': bucket.tenantId,
    ':month': bucket.month,
    ':updatedAt': now,
  };
  const sets = ['#tenantId = :tenantId', '#month = :month', '#updatedAt = :updatedAt'];
  for (const [day, value] of changed) {
    names[`#${day}`] = day;
    values[`:${day}`] = encodeDay(value, now);
    sets.push(`#${day} = :${day}`);
  }
  return {
    UpdateExpression: `SET ${sets.join(', ')}`,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}

/** A whole month item, for a month not stored yet (single-writer bulk loads only). */
export function newMonthItem(bucket: MetricBucket, now: string): Record<string, unknown> {
  const item: Record<string, unknown> = {
    ...bucket.key,
    tenantId: bucket.tenantId,
    month: bucket.month,
    updatedAt: now,
  };
  for (const [day, value] of bucket.days) item[day] = encodeDay(value, now);
  return item;
}

/** "d01".."d31", indexed by day of month - 1. */
const DAY_ATTRIBUTES = Array.from({ length: 31 }, (_, d) =>
  dayAttribute(`0000-00-${String(d + 1).padStart(2, '0')}`),
);
const METRICS_SK_PREFIX = metricsMonthSk('');
/** Keys decoded by this module's readers (see KeyCache): one set for the life of the process. */
const decodedKeys = new KeyCache();

/**
 * A tenant's month items (from one Query) decoded straight into columns, for the days
 * fromDay..toDay (day numbers, inclusive): each stored day read once, field by field into the
 * columns (day-codec.ts), no dates compared as strings, nothing sorted. A day attribute that
 * is not a stored day makes the item invalid.
 */
export function decodeMonthItems(items: readonly StoredItem[], fromDay: number, toDay: number): TenantDays {
  const months = items.map((item) => monthStart(item));
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const month of months) {
    if (month.start < first) first = month.start;
    if (month.start + month.days - 1 > last) last = month.start + month.days - 1;
  }
  first = Math.max(first, fromDay);
  last = Math.min(last, toDay);
  if (last < first) return TenantDays.EMPTY;
  const builder = new TenantDaysBuilder(first, last);
  items.forEach((item, m) => {
    const { start, days } = months[m] as MonthStart;
    for (let d = 0; d < days; d++) {
      const stored = item[DAY_ATTRIBUTES[d] as string];
      const day = start + d;
      if (stored === undefined || day < first || day > last) continue;
      // Validated by the feed schema on the way in; re-validating 90 days x every tenant each
      // night would cost more than the scoring it feeds.
      if (!decodeDayInto(builder, day, stored, decodedKeys)) {
        throw new StoredItemInvalidError(
          { PK: String(item.PK), SK: String(item.SK) },
          `${DAY_ATTRIBUTES[d]} is not a stored day`,
        );
      }
    }
  });
  return builder.build();
}

interface MonthStart {
  /** Day number of the month's first day. */
  readonly start: number;
  readonly days: number;
}

function monthStart(item: StoredItem): MonthStart {
  const month = String(item.SK).slice(METRICS_SK_PREFIX.length);
  const start = toDayNumber(`${month}-01`);
  if (Number.isNaN(start)) {
    throw new StoredItemInvalidError(
      { PK: String(item.PK), SK: String(item.SK) },
      'not a metrics month item',
    );
  }
  // Day 0 of the next month is this month's last day.
  const days = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate();
  return { start, days };
}
