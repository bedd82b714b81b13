import type { z } from 'zod';
import type { FeedKind } from '../../config/product-config';
import { type MetricRecord, MetricRecordSchema, type TenantRecord, TenantRecordSchema } from './feed-records';
import type { RecordError } from './page-record';

export type ValidRecord =
  | { kind: 'tenants'; record: TenantRecord }
  | { kind: 'metrics'; record: MetricRecord };

const DATE_FIELDS = new Set(['date', 'signupDate', 'renewalDate', 'churnDate']);

/** Validates a decoded record against the feed contract; the error says which field and why. */
export function validateRecord(kind: FeedKind, value: unknown): ValidRecord | { error: RecordError } {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { error: { reason: 'not_an_object', detail: `expected a JSON object, got ${describe(value)}` } };
  }
  const unstorable = unstorableValue(value, 0, '');
  if (unstorable) return { error: { reason: 'invalid_field', detail: unstorable } };
  const size = JSON.stringify(value).length;
  if (size > MAX_RECORD_CHARS[kind]) {
    return {
      error: {
        reason: 'record_too_large',
        detail: `record is ${size} characters; a ${kind} record may have at most ${MAX_RECORD_CHARS[kind]}`,
      },
    };
  }
  if (kind === 'tenants') {
    const result = TenantRecordSchema.safeParse(value);
    return result.success ? { kind, record: result.data } : { error: toRecordError(result.error, value) };
  }
  const result = MetricRecordSchema.safeParse(value);
  return result.success ? { kind, record: result.data } : { error: toRecordError(result.error, value) };
}

/**
 * Storage limits: a month item holds up to 31 days in DynamoDB's 400 KB item limit, and a
 * profile is one item. Checked here so an oversized record is quarantined, not a failed batch.
 */
const MAX_RECORD_CHARS = { tenants: 300_000, metrics: 12_000 } as const;
const MAX_DEPTH = 16;

/**
 * Unknown fields are kept, so they are checked too: numbers DynamoDB cannot store exactly
 * (beyond 2^53, or not finite) and nesting deeper than any feed needs.
 */
function unstorableValue(value: unknown, depth: number, path: string): string | null {
  if (typeof value === 'number') {
    return Number.isFinite(value) && Math.abs(value) <= Number.MAX_SAFE_INTEGER
      ? null
      : `${path || '(record)'}: number ${value} is too large to store exactly`;
  }
  if (value === null || typeof value !== 'object') return null;
  if (depth > MAX_DEPTH) return `${path}: nested deeper than ${MAX_DEPTH} levels`;
  for (const [key, child] of Object.entries(value)) {
    const problem = unstorableValue(child, depth + 1, path ? `${path}.${key}` : key);
    if (problem) return problem;
  }
  return null;
}

function toRecordError(error: z.ZodError, value: object): RecordError {
  const issues = error.issues;
  const detail = issues
    .slice(0, 5)
    .map((issue) => {
      const path = issue.path.join('.') || '(record)';
      const got = valueAt(value, issue.path);
      return got === undefined
        ? `${path}: ${issue.message}`
        : `${path}: ${issue.message} (got ${describe(got)})`;
    })
    .join('; ');
  const more = issues.length > 5 ? `; and ${issues.length - 5} more` : '';
  const top = issues.map((issue) => String(issue.path[0] ?? ''));
  const reason =
    top.includes('tenantId') && !('tenantId' in value && (value as { tenantId: unknown }).tenantId)
      ? 'missing_tenant_id'
      : top.every((field) => DATE_FIELDS.has(field))
        ? 'invalid_date'
        : 'invalid_field';
  return { reason, detail: detail + more };
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let node = value;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  if (typeof value === 'object') return 'an object';
  return String(value);
}
