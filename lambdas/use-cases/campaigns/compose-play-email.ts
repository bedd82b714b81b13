import { z } from 'zod';
import { CONTACT_ROLES, type ProductConfig } from '../../config/product-config';
import type { PlayFacts } from '../../domain/emails/facts';
import { renderPlayEmail } from '../../domain/emails/render-play-email';
import type { TenantRecord } from '../../domain/feed/feed-records';
import type { ComposeEmail } from './send-campaign';

/** Subject and intro as edited in the review console (edit-and-approve): mustache, plain text. */
export const CopyOverridesSchema = z
  .object({ subject: z.string().min(1).max(300).optional(), intro: z.string().min(1).max(3000).optional() })
  .strict();

/**
 * The merge data a decision is stored with: the play's facts, who each recipient is, and the
 * copy marketing approved it with, if edited (so the send and the console render the same email).
 */
const MergeDataSchema = z.object({
  facts: z.looseObject({ cause: z.string(), tenantId: z.string() }),
  contacts: z.record(
    z.string(),
    z.object({ name: z.string().optional(), role: z.enum(CONTACT_ROLES), locale: z.string().optional() }),
  ),
  copy: CopyOverridesSchema.optional(),
});
export type MergeData = z.infer<typeof MergeDataSchema>;

export class MergeDataError extends Error {
  override readonly name = 'MergeDataError';
}

/** What a decision needs at send time, captured at plan time so the email says what the plan saw. */
export function mergeDataOf(
  facts: PlayFacts,
  tenant: TenantRecord,
  recipients: readonly string[],
): MergeData {
  const wanted = new Set(recipients);
  const contacts: MergeData['contacts'] = {};
  for (const contact of tenant.contacts ?? []) {
    const email = contact.email.trim().toLowerCase();
    if (!wanted.has(email) || contacts[email]) continue;
    contacts[email] = {
      role: contact.role ?? 'user',
      ...(contact.name ? { name: contact.name } : {}),
      ...(contact.locale ? { locale: contact.locale } : {}),
    };
  }
  return { facts: { ...facts }, contacts };
}

/** Renders a stored campaign for one recipient with the product's email settings. */
export function playEmailComposer(config: Pick<ProductConfig, 'email' | 'plays'>): ComposeEmail {
  return (campaign, recipient, links) => {
    const parsed = MergeDataSchema.safeParse(campaign.mergeData);
    if (!parsed.success || parsed.data.facts.cause !== campaign.decision.play) {
      throw new MergeDataError(`campaign ${campaign.decision.key} has no usable merge data`);
    }
    const facts = parsed.data.facts as unknown as PlayFacts;
    const contact = parsed.data.contacts[recipient] ?? { role: 'user' as const };
    const helpUrl = config.plays[campaign.decision.play].helpUrl;
    return renderPlayEmail({
      facts,
      productName: config.email.productName,
      recipient: { email: recipient, ...contact },
      sender: {
        fromName: config.email.fromName,
        ...(facts.csmEmail ? { csm: { email: facts.csmEmail } } : {}),
      },
      links: { unsubscribeUrl: links.unsubscribeUrl, ...(helpUrl ? { helpUrl } : {}) },
      ...(parsed.data.copy ? { copy: parsed.data.copy } : {}),
    });
  };
}
