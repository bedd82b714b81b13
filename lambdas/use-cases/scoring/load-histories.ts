import { addDays } from '../../domain/calendar';
import type { TenantRecord } from '../../domain/feed/feed-records';
import { DEFAULT_WINDOW_DAYS, TenantDays } from '../../domain/scoring/tenant-days';
import type { TenantHistory } from './tenant-history';

/**
 * The read side the score stage needs: tenants by shard, and a tenant's stored days, decoded
 * into columns by the store (once, where they leave it).
 */
export interface TenantHistoryReader {
  shardProfiles(shard: number): AsyncIterable<TenantRecord>;
  readTenantMetrics(tenantId: string, fromDate: string, toDate: string): Promise<TenantDays>;
}

/** Training reads every stored day: the model learns from the whole history. */
export const WHOLE_HISTORY_FROM = '1970-01-01';

/**
 * Where scoring a night starts reading a tenant's days: the first day of its window. Nothing
 * older changes a score: every feature and baseline reads the window, and onboarding is scored
 * only for tenants younger than ONBOARDING_DAYS (no longer than the window), whose days since
 * signup all lie in it. So a score shard reads three or four month items per tenant, however
 * many years of history the table holds.
 */
export function scoringWindowFrom(asOf: string): string {
  return addDays(asOf, -(DEFAULT_WINDOW_DAYS - 1));
}

/** The profiles of the given shards, by tenant id (the order every pass over tenants uses). */
export async function loadShardProfiles(
  reader: Pick<TenantHistoryReader, 'shardProfiles'>,
  shards: readonly number[],
): Promise<TenantRecord[]> {
  const profiles: TenantRecord[] = [];
  for (const shard of shards) for await (const profile of reader.shardProfiles(shard)) profiles.push(profile);
  return profiles.sort(byTenantId);
}

export const byTenantId = (a: { readonly tenantId: string }, b: { readonly tenantId: string }) =>
  a.tenantId < b.tenantId ? -1 : a.tenantId > b.tenantId ? 1 : 0;

/**
 * The stored days of each profile from `fromDate` to `asOf` (never later: the score stage must
 * not see the future even when the store holds it), in the profiles' order, `concurrency`
 * tenants at a time.
 */
export async function loadDays(
  reader: TenantHistoryReader,
  profiles: readonly TenantRecord[],
  fromDate: string,
  asOf: string,
  concurrency = 8,
): Promise<TenantHistory[]> {
  const histories: TenantHistory[] = new Array(profiles.length);
  await visitHistories(
    reader,
    profiles,
    fromDate,
    asOf,
    (history, index) => {
      histories[index] = history;
    },
    { concurrency },
  );
  return histories;
}

export interface VisitOptions {
  /** Tenants read at once (default 8). */
  readonly concurrency?: number;
  /** False for a tenant whose days the visitor does not need: it gets no days, and no read. */
  readonly needsDays?: (profile: TenantRecord) => boolean;
}

/**
 * Reads each profile's stored days, `concurrency` tenants at a time, and hands each history to
 * `visit` (with its profile's index) as soon as its days are decoded, so a caller that does not
 * keep the days holds only the ones in flight, and works on them while they are still in cache.
 */
export async function visitHistories(
  reader: TenantHistoryReader,
  profiles: readonly TenantRecord[],
  fromDate: string,
  asOf: string,
  visit: (history: TenantHistory, index: number) => void,
  { concurrency = 8, needsDays = () => true }: VisitOptions = {},
): Promise<void> {
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < profiles.length; i = next++) {
      const profile = profiles[i] as TenantRecord;
      const days = needsDays(profile)
        ? await reader.readTenantMetrics(profile.tenantId, fromDate, asOf)
        : TenantDays.EMPTY;
      visit({ profile, days }, i);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}
