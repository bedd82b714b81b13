import type { FeatureMap } from '../../config/product-config';
import type { TenantRecord } from '../../domain/feed/feed-records';
import type { AttributeDictionary } from '../../domain/scoring/feature-layout';
import { computeFeatures } from '../../domain/scoring/features';
import { type PortfolioContext, PortfolioContextBuilder } from '../../domain/scoring/portfolio-context';
import { fillWindow, TenantWindow, windowShape } from '../../domain/scoring/tenant-window';
import { activeOn, type TenantHistory } from './tenant-history';

/**
 * The portfolio at one day: its context (industry percentiles, attribute dictionaries) and a
 * way to compute any active tenant's features at that day. Two passes over the tenants (context,
 * then features) refill one reusable window instead of holding a window per tenant.
 */
export interface PortfolioAt {
  readonly context: PortfolioContext;
  readonly window: TenantWindow;
  /** Refills `window` for the tenant and writes its features into `out` (layout of context). */
  features(history: TenantHistory, out: Float64Array): Float64Array;
}

/**
 * How a past day sees a profile. The feed holds today's profile only, and some of its fields are
 * not point-in-time: a churned tenant's renewalDate is the renewal it did not make, which would
 * tell a model trained on history exactly who churns. For past days the renewal is rebuilt as
 * the next contract anniversary after that day (term inferred from signup and renewal dates).
 */
export type ProfileAt = (history: TenantHistory, day: number) => TenantRecord;
export const profileAsToday: ProfileAt = (history) => history.profile;

export function portfolioAt(
  histories: readonly TenantHistory[],
  day: number,
  features: FeatureMap,
  attributes?: readonly AttributeDictionary[],
  profileAt: ProfileAt = profileAsToday,
): PortfolioAt {
  const window = new TenantWindow(windowShape(features));
  const builder = new PortfolioContextBuilder(day, features);
  for (const history of histories) {
    if (!activeOn(history, day)) continue;
    builder.addTenant(profileAt(history, day), fillWindow(window, history.days, day));
  }
  return portfolioWith(builder.build(attributes), features, profileAt, window);
}

/**
 * The portfolio at a context's day from a context built elsewhere: a scoring shard reads the
 * night's stored context instead of rebuilding it from every tenant.
 */
export function portfolioWith(
  context: PortfolioContext,
  features: FeatureMap,
  profileAt: ProfileAt = profileAsToday,
  window: TenantWindow = new TenantWindow(windowShape(features)),
): PortfolioAt {
  const day = context.asOfDay;
  return {
    context,
    window,
    features: (history, out) =>
      computeFeatures(fillWindow(window, history.days, day), profileAt(history, day), day, context, out),
  };
}
