import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/**
 * Unsubscribe links carry who is unsubscribing in an HMAC-signed, expiring token, so the
 * endpoint needs no login and nobody can unsubscribe someone else by editing a URL.
 * Format: base64url(JSON payload) "." base64url(HMAC-SHA256(payload part)).
 */
const PayloadSchema = z.object({
  /** Normalised recipient address. */
  e: z.string().min(3),
  /** Tenant and play the email was about (recorded with the suppression). */
  t: z.string().min(1),
  p: z.string().min(1),
  /** Expiry, seconds since the epoch. */
  x: z.number().int(),
});
export type UnsubscribePayload = z.infer<typeof PayloadSchema>;

export class InvalidUnsubscribeTokenError extends Error {
  override readonly name = 'InvalidUnsubscribeTokenError';
}

export function signUnsubscribeToken(payload: UnsubscribePayload, secret: string): string {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${body}.${mac(body, secret)}`;
}

/** The payload of a genuine, unexpired token; throws InvalidUnsubscribeTokenError otherwise. */
export function verifyUnsubscribeToken(token: string, secret: string, now: Date): UnsubscribePayload {
  const [body, signature, extra] = token.split('.');
  if (!body || !signature || extra !== undefined) throw new InvalidUnsubscribeTokenError('malformed token');
  const expected = Buffer.from(mac(body, secret));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    throw new InvalidUnsubscribeTokenError('signature does not match');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidUnsubscribeTokenError('malformed payload');
  }
  const payload = PayloadSchema.safeParse(parsed);
  if (!payload.success) throw new InvalidUnsubscribeTokenError('malformed payload');
  if (payload.data.x * 1000 < now.getTime()) throw new InvalidUnsubscribeTokenError('token expired');
  return payload.data;
}

function mac(body: string, secret: string): string {
  return createHmac('sha256', secret).update(body).digest('base64url');
}
