import { createHash } from 'node:crypto';
import type { FeatureMap, ModelSettings } from '../../config/product-config';
import type { Dataset } from '../../domain/model';
import { fromDayNumber, toDayNumber } from '../../domain/scoring/day-number';
import type { AttributeDictionary, FeatureLayout } from '../../domain/scoring/feature-layout';
import { newFeatureVector } from '../../domain/scoring/feature-layout';
import { type ProfileAt, portfolioAt } from './feature-rows';
import { activeOn, churnedWithin, type TenantHistory } from './tenant-history';

/** Days of history a snapshot needs behind it for baselines (28-day windows vs the 28 before). */
const MIN_HISTORY_DAYS = 56;

export interface TrainingSet {
  readonly dataset: Dataset;
  /** Snapshot day of each row, for the time-based split. */
  readonly rowDays: Int32Array;
  /** Each row's tenant, as an index into `tenantIds` (also `dataset.groups`). */
  readonly tenantIds: readonly string[];
  readonly snapshotDates: readonly string[];
}

/**
 * Point-in-time snapshots: at every `snapshotEveryDays` day whose horizon has fully passed by
 * `asOf`, each tenant active that day becomes a row of its features at that day (computed from
 * days up to it only) labelled 1 when it churned within the horizon after it. The layout is the
 * scoring layout at asOf, so the model reads the same columns it will be scored on.
 */
export function buildTrainingSet(
  histories: readonly TenantHistory[],
  asOf: string,
  features: FeatureMap,
  settings: ModelSettings,
  layout: FeatureLayout,
  attributes: readonly AttributeDictionary[],
): TrainingSet {
  const asOfDay = toDayNumber(asOf);
  const firstDay = Math.min(
    ...histories.map((history) => (history.days.length > 0 ? history.days.firstDay : asOfDay)),
  );
  const days: number[] = [];
  for (
    let day = asOfDay - settings.horizonDays;
    day >= firstDay + MIN_HISTORY_DAYS;
    day -= settings.snapshotEveryDays
  ) {
    days.unshift(day);
  }
  const columns: number[][] = layout.names.map(() => []);
  const labels: number[] = [];
  const rowDays: number[] = [];
  const rowTenants: number[] = [];
  const row = newFeatureVector(layout);
  for (const day of days) {
    const portfolio = portfolioAt(histories, day, features, attributes, profileBeforeRenewal);
    histories.forEach((history, tenant) => {
      if (!activeOn(history, day)) return;
      portfolio.features(history, row);
      for (let f = 0; f < layout.size; f++) columns[f]?.push(row[f] ?? Number.NaN);
      labels.push(churnedWithin(history, day, settings.horizonDays));
      rowDays.push(day);
      rowTenants.push(tenant);
    });
  }
  return {
    dataset: {
      featureNames: layout.names,
      columns: columns.map((column) => Float64Array.from(column)),
      labels: Uint8Array.from(labels),
      kinds: layout.specs.map((spec) => spec.kind),
      groups: Int32Array.from(rowTenants),
    },
    rowDays: Int32Array.from(rowDays),
    tenantIds: histories.map((history) => history.profile.tenantId),
    snapshotDates: days.map(fromDayNumber),
  };
}

/** The default shares: the newest quarter of the snapshot dates, a quarter of the tenants. */
export const VALIDATION_SHARES = { newest: 0.25, tenants: 0.25 } as const;

export interface HoldoutSplit {
  readonly train: Dataset;
  readonly validation: Dataset;
}

/**
 * Honest validation, as next night's scoring meets its tenants: unseen AND later. Tenants are
 * hashed (with the seed) into a held-out share; the model trains on the older snapshots of the
 * other tenants and is measured on the newest snapshots of the held-out ones. Weekly snapshots
 * of one tenant share its static features and, within a churn's horizon, its label: with the
 * same tenant on both sides a model is rewarded for recognising tenants rather than risk.
 * Deterministic: the same set and seed give the same rows.
 */
export function splitByTimeAndTenant(set: TrainingSet, seed: number): HoldoutSplit {
  const cut = timeCut(set.rowDays, VALIDATION_SHARES.newest);
  const heldOut = set.tenantIds.map((id) => isHeldOutTenant(id, seed, VALIDATION_SHARES.tenants));
  const tenantOf = set.dataset.groups ?? new Int32Array(0);
  const rows = { train: [] as number[], validation: [] as number[] };
  set.rowDays.forEach((day, row) => {
    const held = heldOut[tenantOf[row] ?? -1] === true;
    if (day < cut && !held) rows.train.push(row);
    else if (day >= cut && held) rows.validation.push(row);
  });
  return { train: pickRows(set.dataset, rows.train), validation: pickRows(set.dataset, rows.validation) };
}

/** The first snapshot day of the newest `share` of the snapshot dates (+Infinity when none). */
export function timeCut(rowDays: Int32Array, share: number): number {
  const dates = [...new Set(rowDays)].sort((a, b) => a - b);
  return dates[Math.max(0, Math.floor(dates.length * (1 - share)))] ?? Number.POSITIVE_INFINITY;
}

/** A hash, not a draw: a tenant stays on its side night after night for a given seed. */
export function isHeldOutTenant(tenantId: string, seed: number, share: number): boolean {
  const digest = createHash('sha256').update(`validation|${seed}|${tenantId}`).digest();
  return digest.readUInt32BE(0) / 0x1_0000_0000 < share;
}

/** The given rows of a dataset (columns, labels, weights and groups). */
export function pickRows(dataset: Dataset, rows: readonly number[]): Dataset {
  const { weights, groups } = dataset;
  return {
    ...dataset,
    columns: dataset.columns.map((column) => Float64Array.from(rows, (row) => column[row] ?? Number.NaN)),
    labels: Uint8Array.from(rows, (row) => dataset.labels[row] ?? 0),
    ...(weights === undefined ? {} : { weights: Float64Array.from(rows, (row) => weights[row] ?? 0) }),
    ...(groups === undefined ? {} : { groups: Int32Array.from(rows, (row) => groups[row] ?? 0) }),
  };
}

/** The profile as of a past day: its renewal date rolled back to the next anniversary after it. */
export const profileBeforeRenewal: ProfileAt = (history, day) => {
  const { profile } = history;
  if (!profile.signupDate || !profile.renewalDate) return profile;
  const renewal = renewalAfter(profile.signupDate, profile.renewalDate, day);
  return renewal === profile.renewalDate ? profile : { ...profile, renewalDate: renewal };
};

/**
 * The first contract anniversary after `day`: annual when signup and renewal are whole years
 * apart, else monthly. Never later than the stored renewal date.
 */
export function renewalAfter(signupDate: string, renewalDate: string, day: number): string {
  const [sy, sm, sd] = signupDate.split('-').map(Number) as [number, number, number];
  const [ry, rm] = renewalDate.split('-').map(Number) as [number, number, number];
  const termMonths = ((ry - sy) * 12 + (rm - sm)) % 12 === 0 ? 12 : 1;
  for (let months = termMonths; ; months += termMonths) {
    const candidate = new Date(Date.UTC(sy, sm - 1 + months, sd)).toISOString().slice(0, 10);
    if (candidate >= renewalDate || toDayNumber(candidate) > day)
      return candidate < renewalDate ? candidate : renewalDate;
  }
}
