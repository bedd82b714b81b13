import { maskEmail } from '../../domain/plays/recipients';
import { InvalidUnsubscribeTokenError, verifyUnsubscribeToken } from '../../domain/plays/unsubscribe-token';
import type { CampaignStore, Clock } from '../../ports';

export interface UnsubscribeDeps {
  readonly store: Pick<CampaignStore, 'suppress'>;
  readonly secret: string;
  readonly clock: Clock;
}

export type UnsubscribeOutcome =
  | { readonly ok: true; readonly maskedEmail: string; readonly tenantId: string; readonly play: string }
  | { readonly ok: false; readonly reason: string };

/**
 * One-click unsubscribe (RFC 8058): a genuine, unexpired token suppresses its address for
 * every play from now on. Idempotent: unsubscribing twice is the same as once.
 */
export async function unsubscribe(token: string, deps: UnsubscribeDeps): Promise<UnsubscribeOutcome> {
  const now = deps.clock();
  try {
    const payload = verifyUnsubscribeToken(token, deps.secret, now);
    await deps.store.suppress(payload.e, 'unsubscribed', now);
    return { ok: true, maskedEmail: maskEmail(payload.e), tenantId: payload.t, play: payload.p };
  } catch (error) {
    if (error instanceof InvalidUnsubscribeTokenError) return { ok: false, reason: error.message };
    throw error;
  }
}

/** Checks a token without acting on it: the GET page must not unsubscribe (mail scanners follow links). */
export function checkUnsubscribeToken(
  token: string,
  deps: Pick<UnsubscribeDeps, 'secret' | 'clock'>,
): UnsubscribeOutcome {
  try {
    const payload = verifyUnsubscribeToken(token, deps.secret, deps.clock());
    return { ok: true, maskedEmail: maskEmail(payload.e), tenantId: payload.t, play: payload.p };
  } catch (error) {
    if (error instanceof InvalidUnsubscribeTokenError) return { ok: false, reason: error.message };
    throw error;
  }
}
