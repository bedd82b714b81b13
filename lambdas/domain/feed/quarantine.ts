/**
 * A rejected feed record. Nothing is dropped silently: the raw text, where it came from and
 * a sentence a person can act on are kept, and each reason is counted in the run record.
 */
export const QUARANTINE_REASONS = [
  'invalid_json',
  'invalid_csv',
  'not_an_object',
  'missing_tenant_id',
  'invalid_date',
  'invalid_field',
  'duplicate_record',
  'conflicting_duplicate',
  'record_too_large',
] as const;
export type QuarantineReason = (typeof QUARANTINE_REASONS)[number];

export interface QuarantineRecord {
  readonly runId: string;
  readonly source: string;
  readonly pageId: string;
  /** 1-based line (text feeds) or item index (API pages). */
  readonly line: number;
  /** Human-readable position, e.g. "metrics.csv line 12" or "usage-api page 3 item 7". */
  readonly position: string;
  readonly reason: QuarantineReason;
  readonly detail: string;
  readonly raw: string;
}
