import { createHash } from 'node:crypto';
import { canonicalJson } from '../canonical-json';
import type { RecordError } from './page-record';
import type { ValidRecord } from './validate-record';

/**
 * Within one page, a record's key (tenant, or tenant x day) must appear once. An identical
 * repeat is a harmless duplicate; a repeat with other values is a conflict whose winner we
 * cannot know, so the later one is quarantined and the first stands. Corrections belong in a
 * later feed, where they overwrite the stored day.
 */
export class DuplicateGuard {
  private readonly seen = new Map<string, { line: number; fingerprint: string }>();

  check(valid: ValidRecord, line: number): RecordError | null {
    const key =
      valid.kind === 'tenants' ? valid.record.tenantId : `${valid.record.tenantId}\u0000${valid.record.date}`;
    // A digest, not the record: a page may hold millions of records.
    const fingerprint = createHash('sha1').update(canonicalJson(valid.record)).digest('base64');
    const first = this.seen.get(key);
    if (!first) {
      this.seen.set(key, { line, fingerprint });
      return null;
    }
    const what =
      valid.kind === 'tenants'
        ? `tenant ${valid.record.tenantId}`
        : `tenant ${valid.record.tenantId} on ${valid.record.date}`;
    return first.fingerprint === fingerprint
      ? { reason: 'duplicate_record', detail: `same record as line ${first.line} (${what})` }
      : {
          reason: 'conflicting_duplicate',
          detail: `${what} was already given on line ${first.line} with other values; the first one is kept`,
        };
  }
}
