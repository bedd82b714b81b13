import { z } from 'zod';

/** What marketing can do in the review console; every one of them is audited. */
export const AUDIT_ACTIONS = ['approve', 'edit_and_approve', 'skip', 'pause', 'resume'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** One audited console action: who did what to which decision or play, and when. */
export const AuditEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  actor: z.string(),
  action: z.enum(AUDIT_ACTIONS),
  /** A campaign key (approvals) or a play id (pause/resume). */
  target: z.string(),
  /** What changed, e.g. the edited copy or the status the decision moved to. */
  details: z.record(z.string(), z.unknown()),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;
