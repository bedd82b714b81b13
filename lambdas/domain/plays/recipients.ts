import type { ContactRole } from '../../config/product-config';
import type { TenantRecord } from '../feed/feed-records';

/** Addresses compare case-insensitively; one spelling is kept everywhere (ledger, suppression). */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** The tenant's contacts in the play's audience (a contact without a role counts as a user), deduplicated. */
export function audienceOf(tenant: TenantRecord, roles: readonly ContactRole[]): string[] {
  const wanted = new Set(roles);
  const emails = (tenant.contacts ?? [])
    .filter((contact) => wanted.has(contact.role ?? 'user'))
    .map((contact) => normalizeEmail(contact.email));
  return [...new Set(emails)];
}

/** "a***@example.com": enough to tell addresses apart in logs without writing PII. */
export function maskEmail(email: string): string {
  const at = email.indexOf('@');
  if (at < 1) return '***';
  return `${email[0]}***${email.slice(at)}`;
}
