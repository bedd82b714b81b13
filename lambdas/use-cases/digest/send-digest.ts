import type { DigestConfig, EmailSettings } from '../../config/product-config';
import { assembleDigest, type Digest } from '../../domain/digest/digest';
import type { Clock, DigestStore, Mailer } from '../../ports';

export interface RenderedDigest {
  readonly subject: string;
  readonly html: string;
  readonly text: string;
}

/** Renders a digest; null when there is nothing to send (all quiet and the config says none). */
export type RenderDigest = (digest: Digest) => RenderedDigest | null;

export interface SendDigestDeps {
  readonly digests: DigestStore;
  readonly mailer: Mailer;
  readonly render: RenderDigest;
  readonly email: Pick<EmailSettings, 'fromName' | 'fromAddress' | 'digestFromAddress'>;
  readonly clock: Clock;
  readonly claimTimeoutMs: number;
}

export type DigestOutcome =
  | {
      readonly outcome: 'sent';
      readonly messageId: string;
      readonly digest: Digest;
      readonly rendered: RenderedDigest;
    }
  | { readonly outcome: 'quiet'; readonly digest: Digest }
  | {
      readonly outcome: 'already_sent' | 'in_flight';
      readonly digest: Digest;
      readonly rendered: RenderedDigest;
    };

/**
 * One CSM's digest for one day, sent at most once: the CSM item is claimed before SES and
 * marked sent after; a transient failure gives the claim back and rethrows (the caller retries).
 */
export async function sendDigest(
  date: string,
  csmEmail: string,
  settings: Pick<DigestConfig, 'maxRowsPerSection'> & { readonly quarantinedRecords: number },
  deps: SendDigestDeps,
): Promise<DigestOutcome> {
  const digest = assembleDigest(csmEmail, await deps.digests.entries(date, csmEmail), {
    date,
    fallbackEmail: csmEmail,
    maxRowsPerSection: settings.maxRowsPerSection,
    quarantinedRecords: settings.quarantinedRecords,
  });
  const rendered = deps.render(digest);
  if (rendered === null) return { outcome: 'quiet', digest };
  const now = deps.clock();
  const claim = await deps.digests.claim(date, csmEmail, now, deps.claimTimeoutMs);
  if (claim !== 'claimed') return { outcome: claim, digest, rendered };
  try {
    const { messageId } = await deps.mailer.send({
      from: `${deps.email.fromName} <${deps.email.digestFromAddress ?? deps.email.fromAddress}>`,
      to: csmEmail,
      ...rendered,
      headers: {},
      tags: { kind: 'digest', date },
    });
    await deps.digests.markSent(date, csmEmail, messageId, now);
    return { outcome: 'sent', messageId, digest, rendered };
  } catch (error) {
    await deps.digests.releaseClaim(date, csmEmail);
    throw error;
  }
}
