import type { TenantRecord } from '../../domain/feed/feed-records';
import type { WindowDay } from '../../domain/scoring/tenant-window';
import type { TenantHistory } from './tenant-history';

/** The read side the score stage needs: tenants by shard, and a tenant's stored days. */
export interface TenantHistoryReader {
  shardProfiles(shard: number): AsyncIterable<TenantRecord>;
  readTenantMetrics(tenantId: string, fromDate: string, toDate: string): Promise<readonly WindowDay[]>;
}

/**
 * Every tenant of the given shards with its days from `fromDate` to `asOf` (never later: the
 * score stage must not see the future even when the store holds it).
 */
export async function loadHistories(
  reader: TenantHistoryReader,
  shards: readonly number[],
  fromDate: string,
  asOf: string,
  concurrency = 8,
): Promise<TenantHistory[]> {
  const profiles: TenantRecord[] = [];
  for (const shard of shards) for await (const profile of reader.shardProfiles(shard)) profiles.push(profile);
  profiles.sort((a, b) => (a.tenantId < b.tenantId ? -1 : a.tenantId > b.tenantId ? 1 : 0));
  const histories: TenantHistory[] = new Array(profiles.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < profiles.length; i = next++) {
      const profile = profiles[i] as TenantRecord;
      histories[i] = { profile, days: await reader.readTenantMetrics(profile.tenantId, fromDate, asOf) };
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return histories;
}
