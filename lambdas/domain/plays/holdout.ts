import { createHash } from 'node:crypto';

/**
 * The holdout group: a fixed share of tenant x play pairs that never receive the play, so its
 * effect can be measured against them. A hash, not a random draw, keeps a tenant in the same
 * group every night and on every re-run.
 */
export function isHeldOut(tenantId: string, play: string, percent: number): boolean {
  if (percent <= 0) return false;
  const digest = createHash('sha256').update(`holdout|${play}|${tenantId}`).digest();
  return (digest.readUInt32BE(0) / 0x1_0000_0000) * 100 < percent;
}
