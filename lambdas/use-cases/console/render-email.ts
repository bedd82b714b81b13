import type { RenderedEmail } from '../../domain/emails/render-play-email';
import type { StoredCampaign } from '../../ports';
import { playEmailComposer } from '../campaigns/compose-play-email';
import type { ConsoleDeps } from './console-deps';

/**
 * The unsubscribe link in console previews. The real one is signed per recipient at send time;
 * a working one in the console would unsubscribe the customer for whoever clicks it, so this
 * one points at a domain that never resolves (RFC 6761 .invalid).
 */
export const PREVIEW_UNSUBSCRIBE_URL = 'https://unsubscribe.invalid/unsubscribe?token=preview';

/**
 * A decision's email for one recipient exactly as the sender renders it (same composer, same
 * stored merge data and approved copy); only the unsubscribe link is the preview one.
 */
export function renderCampaignEmail(
  campaign: StoredCampaign,
  recipient: string,
  deps: Pick<ConsoleDeps, 'loaded'>,
): RenderedEmail {
  return playEmailComposer(deps.loaded.config)(campaign, recipient, {
    unsubscribeUrl: PREVIEW_UNSUBSCRIBE_URL,
  });
}
