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
    ...histories.map((history) => (history.days[0] ? toDayNumber(history.days[0].date) : asOfDay)),
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
  const row = newFeatureVector(layout);
  for (const day of days) {
    const portfolio = portfolioAt(histories, day, features, attributes, profileBeforeRenewal);
    for (const history of histories) {
      if (!activeOn(history, day)) continue;
      portfolio.features(history, row);
      for (let f = 0; f < layout.size; f++) columns[f]?.push(row[f] ?? Number.NaN);
      labels.push(churnedWithin(history, day, settings.horizonDays));
      rowDays.push(day);
    }
  }
  return {
    dataset: {
      featureNames: layout.names,
      columns: columns.map((column) => Float64Array.from(column)),
      labels: Uint8Array.from(labels),
      kinds: layout.specs.map((spec) => spec.kind),
    },
    rowDays: Int32Array.from(rowDays),
    snapshotDates: days.map(fromDayNumber),
  };
}

/** Train on older snapshots, validate on the newest ones (never the other way round). */
export function splitByTime(
  set: TrainingSet,
  validationShare = 0.25,
): { train: Dataset; validation: Dataset } {
  const dates = [...new Set(set.rowDays)].sort((a, b) => a - b);
  const cut =
    dates[Math.max(0, Math.floor(dates.length * (1 - validationShare)))] ?? Number.POSITIVE_INFINITY;
  const pick = (keep: (day: number) => boolean): Dataset => {
    const rows: number[] = [];
    set.rowDays.forEach((day, index) => {
      if (keep(day)) rows.push(index);
    });
    return {
      ...set.dataset,
      columns: set.dataset.columns.map((column) =>
        Float64Array.from(rows, (index) => column[index] ?? Number.NaN),
      ),
      labels: Uint8Array.from(rows, (index) => set.dataset.labels[index] ?? 0),
    };
  };
  return { train: pick((day) => day < cut), validation: pick((day) => day >= cut) };
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
