import type { MetricRecord, TenantRecord } from '../../domain/feed/feed-records';
import { tenantDays } from '../../domain/scoring/tenant-days';
import type { FeedStore, WriteOutcome } from '../../ports';
import type { TenantHistory } from '../../use-cases/scoring/tenant-history';

/**
 * A FeedStore that keeps the feed in memory as tenant histories: backtests read a feed file
 * through the same decode/validate/quarantine path as a night, without a database.
 */
export class MemoryHistories implements FeedStore {
  readonly #profiles = new Map<string, TenantRecord>();
  readonly #days = new Map<string, Map<string, MetricRecord>>();

  async upsertTenants(records: readonly TenantRecord[]): Promise<WriteOutcome> {
    for (const record of records) this.#profiles.set(record.tenantId, record);
    return { written: records.length, unchanged: 0 };
  }

  async upsertMetricDays(records: readonly MetricRecord[]): Promise<WriteOutcome> {
    for (const record of records) {
      let days = this.#days.get(record.tenantId);
      if (!days) {
        days = new Map();
        this.#days.set(record.tenantId, days);
      }
      days.set(record.date, record);
    }
    return { written: records.length, unchanged: 0 };
  }

  /**
   * Tenants with a profile, their days decoded into columns as a store's reader would (metrics
   * of unknown tenants are not scored).
   */
  histories(): TenantHistory[] {
    return [...this.#profiles.values()]
      .sort((a, b) => (a.tenantId < b.tenantId ? -1 : a.tenantId > b.tenantId ? 1 : 0))
      .map((profile) => ({
        profile,
        days: tenantDays([...(this.#days.get(profile.tenantId)?.values() ?? [])]),
      }));
  }
}
