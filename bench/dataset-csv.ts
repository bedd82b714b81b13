import type { Dataset } from '../lambdas/domain/model/dataset';

/**
 * Datasets as one CSV for the Python reference models (bench/reference_model.py): a column per
 * feature (empty = missing), then `label` (0/1) and `split` (train/test), then `group` when every
 * part has groups (the tenant of each snapshot: XGBoost's early stopping holds out whole tenants,
 * as ours does). All parts must share the feature names.
 */
export function datasetCsv(
  parts: readonly { readonly dataset: Dataset; readonly split: 'train' | 'test' }[],
): string {
  const names = parts[0]?.dataset.featureNames ?? [];
  const grouped = parts.every((part) => part.dataset.groups !== undefined);
  const lines = [[...names, 'label', 'split', ...(grouped ? ['group'] : [])].join(',')];
  for (const { dataset, split } of parts) {
    if (dataset.featureNames.join(',') !== names.join(',')) {
      throw new RangeError('datasets of one CSV must have the same features');
    }
    for (let i = 0; i < dataset.labels.length; i++) {
      const values = dataset.columns.map((column) => csvNumber(column[i] ?? Number.NaN));
      values.push(String(dataset.labels[i]), split);
      if (grouped) values.push(String(dataset.groups?.[i]));
      lines.push(values.join(','));
    }
  }
  return `${lines.join('\n')}\n`;
}

/** A number as CSV text: shortest round-trip form, empty when unknown. */
export function csvNumber(value: number): string {
  return Number.isNaN(value) ? '' : String(value);
}
