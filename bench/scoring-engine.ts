import { decodeMonthItems, groupMetricDays, newMonthItem } from '../lambdas/adapters/dynamodb/metric-buckets';
import { loadConfigFile } from '../lambdas/config/load-config';
import { toDayNumber } from '../lambdas/domain/scoring/day-number';
import { fillWindow } from '../lambdas/domain/scoring/tenant-window';
import { generatePortfolio } from '../lambdas/local/generator';
import { portfolioWith } from '../lambdas/use-cases/scoring/feature-rows';
import { scoringWindowFrom } from '../lambdas/use-cases/scoring/load-histories';
import { prepareNight } from '../lambdas/use-cases/scoring/prepare-night';
import { createTenantScorer } from '../lambdas/use-cases/scoring/score-tenants';
import type { TenantHistory } from '../lambdas/use-cases/scoring/tenant-history';
import { throughput } from './throughput';

export interface ScoringEngineBench {
  readonly tenants: number;
  readonly days: number;
  readonly trainingRows: number;
  readonly trainSeconds: number;
  /**
   * Per tenant, from the days a score shard reads (its 90-day window, decoded into columns by
   * the store's reader): window, features, freshness, health, prediction with exact
   * contributions, cause, drivers with baselines, explanation, score record.
   */
  readonly tenantsPerSecond: number;
  /** The same per CPU second of this process (steadier than the wall clock on a shared machine). */
  readonly tenantsPerCpuSecond: number;
  /** The window alone (the first step of the above). */
  readonly windowTenantsPerSecond: number;
  /**
   * The reader's share before scoring: a tenant's stored month items (as ingest writes them)
   * decoded into columns, the 90 days of its window. Once per tenant per night, outside the
   * above. The items of every tenant are built first, so each is read from memory, not from
   * cache: in the reader a tenant's items are decoded just after the SDK made them.
   */
  readonly decodeTenantsPerSecond: number;
  readonly decodeTenantsPerCpuSecond: number;
  /** Reader and engine together, tenant after tenant as a score shard streams them (per CPU second). */
  readonly shardTenantsPerCpuSecond: number;
}

const HISTORY_DAYS = 180;
const STORED_AT = '2026-11-22T02:00:00.000Z';

/**
 * The score stage's per-tenant path on one core, in memory: the portfolio's metrics stored as
 * ingest stores them (month items), a model trained once on the whole history, then every
 * active tenant's 90-day window, decoded as a score shard's reader decodes it, scored (best of
 * several rounds). The decode is timed on its own, and with the scoring as a shard streams.
 */
export async function benchScoringEngine(tenants: number): Promise<ScoringEngineBench> {
  const { config, configVersion } = loadConfigFile('lifeline.config.json');
  const portfolio = generatePortfolio({ tenants, days: HISTORY_DAYS, features: config.features });
  const asOf = portfolio.options.asOf;
  const asOfDay = toDayNumber(asOf);
  const stored = [...portfolio].map((tenant) => ({
    profile: tenant.tenant,
    items: groupMetricDays([...tenant.metrics]).map((bucket) => newMonthItem(bucket, STORED_AT)),
  }));
  // Training reads every stored day; a score shard reads the 90-day window only.
  const histories: TenantHistory[] = stored.map(({ profile, items }) => ({
    profile,
    days: decodeMonthItems(items, 0, asOfDay),
  }));
  const windowFrom = toDayNumber(scoringWindowFrom(asOf));
  const readWindows = () =>
    stored.map(({ profile, items }) => ({ profile, days: decodeMonthItems(items, windowFrom, asOfDay) }));
  const decode = throughput(stored.length, readWindows);
  // The score stage's prepare step (context + model), as a shard receives them.
  const night = await prepareNight(histories, asOf, config, {
    models: { current: async () => null, save: async () => undefined, promote: async () => undefined },
    clock: () => new Date(),
  });
  const at = portfolioWith(night.context, config.features);
  const score = createTenantScorer({
    asOf,
    feedNewest: asOf,
    config,
    configVersion,
    model: night.model,
    portfolio: at,
    previous: new Map(),
  });
  const active = readWindows().filter((window) => window.profile.status !== 'churned');
  const scoring = throughput(active.length, () => {
    for (const history of active) score(history);
  });
  const window = throughput(active.length, () => {
    for (const history of active) fillWindow(at.window, history.days, asOfDay);
  });
  const activeStored = stored.filter(({ profile }) => profile.status !== 'churned');
  const shard = throughput(activeStored.length, () => {
    for (const { profile, items } of activeStored) {
      score({ profile, days: decodeMonthItems(items, windowFrom, asOfDay) });
    }
  });
  return {
    tenants: active.length,
    days: HISTORY_DAYS,
    trainingRows: night.report.trainingRows,
    trainSeconds: night.report.trainSeconds,
    tenantsPerSecond: scoring.tenantsPerSecond,
    tenantsPerCpuSecond: scoring.tenantsPerCpuSecond,
    windowTenantsPerSecond: window.tenantsPerSecond,
    decodeTenantsPerSecond: decode.tenantsPerSecond,
    decodeTenantsPerCpuSecond: decode.tenantsPerCpuSecond,
    shardTenantsPerCpuSecond: shard.tenantsPerCpuSecond,
  };
}
