import { CSV_LIST_SEPARATOR } from '../../domain/feed/csv-row';
import { type MetricRecord, NUMERIC_METRICS } from '../../domain/feed/feed-records';

/**
 * Metrics as CSV, the feed's other format: nested fields flattened with dots
 * (featureUsage.reports), lists joined with "|", a missing value is an empty cell.
 */

const [firstMetric, ...otherMetrics] = NUMERIC_METRICS;
const LEADING = ['tenantId', 'date', firstMetric] as const;
const TRAILING = [...otherMetrics, 'onboardingSteps'] as const;

/** Column order: one featureUsage column per configured key feature, so every row has the same shape. */
export function metricsCsvColumns(featureKeys: readonly string[]): string[] {
  return [...LEADING, ...featureKeys.map((key) => `featureUsage.${key}`), ...TRAILING];
}

export function metricsCsvHeader(featureKeys: readonly string[]): string {
  return metricsCsvColumns(featureKeys).map(csvCell).join(',');
}

export function metricToCsvLine(record: MetricRecord, featureKeys: readonly string[]): string {
  const cells: string[] = [csvCell(record.tenantId), csvCell(record.date), csvCell(record.activeUsers)];
  for (const key of featureKeys) cells.push(csvCell(record.featureUsage?.[key]));
  for (const column of TRAILING) {
    const value = record[column];
    cells.push(csvCell(Array.isArray(value) ? value.join(CSV_LIST_SEPARATOR) : value));
  }
  return cells.join(',');
}

/** RFC 4180 quoting, only where needed. */
export function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
