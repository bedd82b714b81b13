import { createHash } from 'node:crypto';

/**
 * Campaign items of the single table (see table-design.ts for the rest of the key design).
 *
 * | item                    | PK                      | SK                            | GSI1PK                     | GSI1SK                    |
 * |-------------------------|-------------------------|-------------------------------|----------------------------|---------------------------|
 * | campaign decision       | TENANT#<id>             | CAMPAIGN#<runDate>#<play>     | NIGHT#<runDate>#<shard>    | CAMPAIGN#<id>#<play>      |
 * | recipient suppression   | RECIPIENT#<email hash>  | SUPPRESSION                   |                            |                           |
 * | recipient outbound send | RECIPIENT#<email hash>  | OUTBOUND#<campaign key>       |                            |                           |
 * | idempotency record      | IDEMPOTENCY#<function>  | <Powertools key hash>         |                            |                           |
 *
 * Decisions sit in the tenant's partition (cooldown is one Query per tenant) and on a sharded
 * per-night index so a night's millions of decisions never share one hot partition. Addresses
 * are keyed by hash: keys show up in logs and metrics, email addresses must not.
 */
export const campaignSk = (runDate: string, play: string) => `CAMPAIGN#${runDate}#${play}`;
export const CAMPAIGN_SK_PREFIX = 'CAMPAIGN#';
export const nightPk = (runDate: string, shard: number) => `NIGHT#${runDate}#${shard}`;
export const nightSk = (tenantId: string, play: string) => `CAMPAIGN#${tenantId}#${play}`;
export const RECIPIENT_PK_PREFIX = 'RECIPIENT#';
export const recipientPk = (email: string) =>
  `${RECIPIENT_PK_PREFIX}${createHash('sha256').update(email).digest('hex').slice(0, 32)}`;
export const SUPPRESSION_SK = 'SUPPRESSION';
export const outboundSk = (campaignKey: string) => `OUTBOUND#${campaignKey}`;
export const OUTBOUND_SK_PREFIX = 'OUTBOUND#';
/** Partitions of the Powertools idempotency records (send-email's staticPkValue), expiring by EXPIRES_AT. */
export const IDEMPOTENCY_PK_PREFIX = 'IDEMPOTENCY#';
/** TTL attribute (epoch seconds): ledger items outlive the longest budget window, then go. */
export const EXPIRES_AT = 'expiresAt';
