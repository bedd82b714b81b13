import type { EmailSettings } from '../../config/product-config';
import { campaignTags } from '../../domain/plays/email-events';
import { maskEmail } from '../../domain/plays/recipients';
import { signUnsubscribeToken } from '../../domain/plays/unsubscribe-token';
import type { CampaignStore, Clock, Mailer, StoredCampaign } from '../../ports';

/** A rejection SES will repeat on every retry (bad address, content rejected): fail the send, do not retry. */
export class PermanentSendError extends Error {
  override readonly name = 'PermanentSendError';
}

/** Subject and both bodies of one play email for one recipient. */
export interface ComposedEmail {
  readonly subject: string;
  readonly html: string;
  readonly text: string;
}

export type ComposeEmail = (
  campaign: StoredCampaign,
  recipient: string,
  links: { readonly unsubscribeUrl: string },
) => ComposedEmail;

export interface SendCampaignDeps {
  readonly store: CampaignStore;
  readonly mailer: Mailer;
  readonly compose: ComposeEmail;
  readonly email: EmailSettings;
  /** Public base URL of the unsubscribe endpoint (the deployed API, or the local server). */
  readonly unsubscribeUrl: string;
  readonly unsubscribeSecret: string;
  readonly clock: Clock;
  /** A claim older than this belongs to a sender that died; the send may be taken over. */
  readonly claimTimeoutMs: number;
}

export type SendOutcome =
  | { readonly outcome: 'sent'; readonly messageIds: readonly string[] }
  | { readonly outcome: 'deferred'; readonly sendAt: string }
  | { readonly outcome: 'already_sent' | 'not_sendable' | 'in_flight' | 'missing' }
  | { readonly outcome: 'failed'; readonly reason: string };

/**
 * Sends one planned campaign, exactly once in effect: a conditional claim before SES, each
 * recipient's message id recorded as soon as SES accepts it (a retry skips those), then the
 * decision is marked sent. Transient SES errors release nothing and rethrow: the queue retries,
 * and the claim times out so the retry can take it over.
 */
export async function sendCampaign(
  tenantId: string,
  key: string,
  deps: SendCampaignDeps,
): Promise<SendOutcome> {
  const campaign = await deps.store.get(tenantId, key);
  if (campaign === null) return { outcome: 'missing' };
  const now = deps.clock();
  const { decision } = campaign;
  if (decision.sendAt !== null && Date.parse(decision.sendAt) > now.getTime()) {
    return { outcome: 'deferred', sendAt: decision.sendAt };
  }
  const claim = await deps.store.claimSend(tenantId, key, now, deps.claimTimeoutMs);
  if (claim !== 'claimed') return { outcome: claim };

  try {
    return await deliver(campaign, now, deps);
  } catch (error) {
    // Transient (throttling, network): free the claim so the queue's retry can send at once.
    await deps.store.releaseClaim(tenantId, key);
    throw error;
  }
}

async function deliver(campaign: StoredCampaign, now: Date, deps: SendCampaignDeps): Promise<SendOutcome> {
  const { decision } = campaign;
  const { tenantId, key } = decision;
  // An address may have unsubscribed or bounced since the plan was made.
  const states = await deps.store.recipientStates(decision.recipients, now.toISOString());
  const messageIds: string[] = [];
  const rejected: string[] = [];
  for (const recipient of decision.recipients) {
    const delivered = campaign.deliveries[recipient];
    if (delivered !== undefined) {
      messageIds.push(delivered);
      continue;
    }
    const suppressed = states.get(recipient)?.suppressed;
    if (suppressed) {
      rejected.push(`${maskEmail(recipient)}: suppressed (${suppressed})`);
      continue;
    }
    const unsubscribeUrl = unsubscribeLink(deps, recipient, decision.tenantId, decision.play, now);
    const content = deps.compose(campaign, recipient, { unsubscribeUrl });
    try {
      const { messageId } = await deps.mailer.send({
        from: `${deps.email.fromName} <${deps.email.fromAddress}>`,
        to: recipient,
        ...(deps.email.replyTo ? { replyTo: deps.email.replyTo } : {}),
        ...content,
        headers: {
          'List-Unsubscribe': [
            `<${unsubscribeUrl}>`,
            ...(deps.email.unsubscribeMailto
              ? [`<mailto:${deps.email.unsubscribeMailto}?subject=unsubscribe>`]
              : []),
          ].join(', '),
          'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
        },
        tags: campaignTags(decision),
      });
      await deps.store.recordDelivery(tenantId, key, recipient, messageId);
      messageIds.push(messageId);
    } catch (error) {
      // One bad address must not hold back the others; the rest of the error kinds are retried.
      if (!(error instanceof PermanentSendError)) throw error;
      rejected.push(`${maskEmail(recipient)}: ${error.message}`);
    }
  }
  const [first] = messageIds;
  if (first === undefined) {
    const reason = `no recipient could be sent to (${rejected.join('; ')})`;
    await deps.store.markFailed(tenantId, key, reason);
    return { outcome: 'failed', reason };
  }
  await deps.store.markSent(tenantId, key, now, first);
  return { outcome: 'sent', messageIds };
}

function unsubscribeLink(
  deps: SendCampaignDeps,
  email: string,
  tenantId: string,
  play: string,
  now: Date,
): string {
  const expires = Math.floor(now.getTime() / 1000) + deps.email.unsubscribeTokenDays * 86_400;
  const token = signUnsubscribeToken({ e: email, t: tenantId, p: play, x: expires }, deps.unsubscribeSecret);
  const url = new URL(deps.unsubscribeUrl);
  url.searchParams.set('token', token);
  return url.toString();
}
