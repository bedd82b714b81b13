import type { TenantRecord } from '../feed/feed-records';
import { F } from './feature-catalog';
import type { FeatureLayout } from './feature-layout';
import { type TenantWindow, USAGE_COLUMN, USAGE_REPORTED } from './tenant-window';
import { anyPositive } from './window-stats';

/** What the tenant has set up and uses: breadth of adoption and onboarding progress. */

/** Onboarding is scored for the first 90 days; afterwards adoption and engagement take over. */
export const ONBOARDING_DAYS = 90;

// Scratch: JS is single-threaded and nothing here re-enters, so the hot loop never allocates.
let entitled = new Uint8Array(32);

/**
 * Breadth and the per-feature use flags. Entitled = the tenant's entitledFeatures within the
 * key features, or all key features when it lists none; a tenant whose entitlements miss every
 * key feature has no breadth to measure (NaN).
 */
export function adoptionFeatures(
  window: TenantWindow,
  profile: TenantRecord,
  end: number,
  layout: FeatureLayout,
  out: Float64Array,
): void {
  const keys = layout.keyFeatures;
  if (entitled.length < keys.length) entitled = new Uint8Array(keys.length);
  const list = profile.entitledFeatures;
  const all = list === undefined || list.length === 0;
  entitled.fill(all ? 1 : 0, 0, keys.length);
  let entitledCount = all ? keys.length : 0;
  if (!all) {
    // By map: the profile's strings are other objects than the config's, and matching them
    // with includes() compared characters, key by key.
    for (let e = 0; e < list.length; e++) {
      const k = layout.keyPosition.get(list[e] as string);
      if (k !== undefined && entitled[k] === 0) {
        entitled[k] = 1;
        entitledCount++;
      }
    }
  }
  const from = Math.max(0, end - 27);
  let reported = false;
  const { flagValues, columnValues, columnBase } = window;
  const reportedRow = window.flagBase[USAGE_REPORTED] as number;
  for (let i = from; i <= end && !reported; i++) reported = flagValues[reportedRow + i] === 1;
  let used = 0;
  let core = 0;
  let coreUsed = 0;
  let retention = 0;
  let retentionUsed = 0;
  for (let k = 0; k < keys.length; k++) {
    if (entitled[k] === 0) {
      out[layout.useOffset + k] = Number.NaN;
      continue;
    }
    const usage = columnValues[USAGE_COLUMN + k];
    const base = columnBase[USAGE_COLUMN + k] as number;
    const use =
      !reported || usage === undefined ? Number.NaN : anyPositive(usage, base + from, base + end) ? 1 : 0;
    out[layout.useOffset + k] = use;
    if (use === 1) used++;
    if (layout.core[k] === 1) {
      core++;
      if (use === 1) coreUsed++;
    }
    if (layout.retention[k] === 1) {
      retention++;
      if (use === 1) retentionUsed++;
    }
  }
  out[F.entitledKeyFeatures] = entitledCount;
  out[F.breadth] = reported && entitledCount > 0 ? used / entitledCount : Number.NaN;
  out[F.coreFeatureUse] = reported && core > 0 ? coreUsed / core : Number.NaN;
  out[F.retentionFeatureUse] = reported && retention > 0 ? retentionUsed / retention : Number.NaN;
}

/**
 * Onboarding for tenants younger than ONBOARDING_DAYS whose feed reports onboardingSteps: a
 * step is overdue when its expectedDay has passed and it was not listed done by the as-of day.
 */
export function onboardingFeatures(
  window: TenantWindow,
  end: number,
  tenure: number,
  layout: FeatureLayout,
  out: Float64Array,
): void {
  const { steps, stepOffset } = layout;
  const scored =
    tenure >= 0 && tenure < ONBOARDING_DAYS && window.onboardingFrom >= 0 && window.onboardingFrom <= end;
  let overdue = 0;
  let overdueDays = 0;
  for (let s = 0; s < steps.length; s++) {
    if (!scored) {
      out[stepOffset + s] = Number.NaN;
      continue;
    }
    const expectedDay = steps[s]?.expectedDay ?? 0;
    const done = (window.stepDone[s] as number) <= end;
    const days = !done && tenure > expectedDay ? tenure - expectedDay : 0;
    out[stepOffset + s] = days;
    if (days > 0) {
      overdue++;
      if (days > overdueDays) overdueDays = days;
    }
  }
  out[F.onboardingOverdueSteps] = scored ? overdue : Number.NaN;
  out[F.onboardingOverdueDays] = scored ? overdueDays : Number.NaN;
}
