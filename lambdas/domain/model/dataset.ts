/**
 * The training input: one column per feature (NaN = missing, never zero), 0/1 labels and
 * optional row weights. Columnar typed arrays keep 100k x 25 snapshots at a few MB and let
 * training scan one feature at a time.
 */
export type FeatureKind = 'numeric' | 'categorical';

export interface Dataset {
  readonly featureNames: readonly string[];
  /** One column per feature, all of the same length; NaN marks a missing value. */
  readonly columns: readonly Float64Array[];
  /** 1 = churned within the horizon, 0 = retained. */
  readonly labels: Uint8Array;
  /** Per-row weights (default 1). */
  readonly weights?: Float64Array;
  /** Per-feature kind (default numeric). Categorical values are small integer codes. */
  readonly kinds?: readonly FeatureKind[];
  /**
   * Per-row group id (e.g. the tenant of a snapshot). Rows of one group never straddle the
   * internal validation split, so early stopping and calibration see unseen groups only.
   */
  readonly groups?: Int32Array;
}

export class DatasetError extends Error {
  override readonly name = 'DatasetError';
}

/** Rows in the dataset, after checking every array has the same length and labels are 0/1. */
export function validateDataset(dataset: Dataset): number {
  const rows = dataset.labels.length;
  const { featureNames, columns, weights, kinds } = dataset;
  if (columns.length !== featureNames.length) {
    throw new DatasetError(`${featureNames.length} feature names but ${columns.length} columns`);
  }
  if (new Set(featureNames).size !== featureNames.length) {
    throw new DatasetError('feature names must be unique');
  }
  columns.forEach((column, f) => {
    if (column.length !== rows) {
      throw new DatasetError(`column ${featureNames[f]} has ${column.length} rows, labels have ${rows}`);
    }
  });
  if (kinds !== undefined && kinds.length !== featureNames.length) {
    throw new DatasetError(`${featureNames.length} feature names but ${kinds.length} kinds`);
  }
  kinds?.forEach((kind, f) => {
    if (kind !== 'categorical') return;
    const column = columns[f] ?? new Float64Array(0);
    for (const value of column) {
      if (!Number.isNaN(value) && !Number.isInteger(value)) {
        throw new DatasetError(`categorical feature ${featureNames[f]} has a non-integer code ${value}`);
      }
    }
  });
  if (dataset.groups !== undefined && dataset.groups.length !== rows) {
    throw new DatasetError(`${dataset.groups.length} groups for ${rows} rows`);
  }
  for (const label of dataset.labels) {
    if (label > 1) throw new DatasetError(`labels must be 0 or 1, got ${label}`);
  }
  if (weights !== undefined) {
    if (weights.length !== rows) throw new DatasetError(`${weights.length} weights for ${rows} rows`);
    for (const weight of weights) {
      if (!(weight >= 0) || !Number.isFinite(weight)) {
        throw new DatasetError(`weights must be finite and >= 0, got ${weight}`);
      }
    }
  }
  return rows;
}

export function featureKind(dataset: Dataset, feature: number): FeatureKind {
  return dataset.kinds?.[feature] ?? 'numeric';
}
